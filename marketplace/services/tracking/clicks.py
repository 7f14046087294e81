"""Following a tracked link: find where it goes, then record the click (one insert).

The lookup is one indexed read; recording is one unit of work with one read on
ix_link_clicks_product_visitor_at (was there a unique click by this visitor in the last
24 hours?) and one insert. The redirect does not depend on the recording succeeding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from marketplace.db_events import sqlite_relaxed_durability
from marketplace.domain.clicks import HUMAN, UNIQUE_WINDOW
from marketplace.domain.shop_urls import with_tracking
from marketplace.extensions import db
from marketplace.models import ContractProduct, LinkClick
from marketplace.models.base import utcnow
from marketplace.services.unit_of_work import use_case

# The query parameter the shop receives: the link code, which the conversions API takes back.
TRACKING_PARAM = "kol_ref"
_LINK_CODE = re.compile(r"[A-Za-z0-9_-]{1,16}")


@dataclass(frozen=True)
class LinkTarget:
    product_id: int
    contract_id: int
    code: str
    product_url: str

    @property
    def redirect_url(self) -> str:
        return with_tracking(self.product_url, {TRACKING_PARAM: self.code})


@dataclass(frozen=True)
class ClickFacts:
    visitor_hash: str
    kind: str
    referrer_platform: str | None
    country: str | None


def find_link(code: str) -> LinkTarget | None:
    if not _LINK_CODE.fullmatch(code):  # also keeps NUL and odd bytes away from the database
        return None
    row = db.session.execute(
        select(ContractProduct.id, ContractProduct.contract_id, ContractProduct.url).where(
            ContractProduct.link_code == code
        )
    ).first()
    if row is None:
        return None
    return LinkTarget(
        product_id=row.id, contract_id=row.contract_id, code=code, product_url=row.url
    )


def _seen_today(target: LinkTarget, visitor: str, now: datetime) -> bool:
    earlier = db.session.scalar(
        select(LinkClick.id)
        .where(
            LinkClick.product_id == target.product_id,
            LinkClick.visitor_hash == visitor,
            LinkClick.at > now - UNIQUE_WINDOW,
            LinkClick.is_unique.is_(True),
        )
        .limit(1)
    )
    return earlier is not None


def record_click(target: LinkTarget, facts: ClickFacts, now: datetime | None = None) -> LinkClick:
    """Store the click; a human click is unique unless the visitor had one here today.

    On SQLite its commit skips the fsync (see `sqlite_relaxed_durability`): a click is
    analytics, and the fsync would be most of the redirect's time.
    """
    with sqlite_relaxed_durability():
        return _record_click(target, facts, now)


@use_case
def _record_click(target: LinkTarget, facts: ClickFacts, now: datetime | None) -> LinkClick:
    at = now or utcnow()
    unique = facts.kind == HUMAN and not _seen_today(target, facts.visitor_hash, at)
    click = LinkClick(
        product_id=target.product_id,
        contract_id=target.contract_id,
        at=at,
        visitor_hash=facts.visitor_hash,
        kind=facts.kind,
        is_unique=unique,
        referrer_platform=facts.referrer_platform,
        country=facts.country,
    )
    db.session.add(click)
    return click
