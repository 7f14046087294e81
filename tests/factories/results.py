"""Clicks on a commission deal's tracked link, inserted as the redirect records them.

Until the redirect's recorder is merged, clicks are inserted directly: they are facts with
no money attached, so no ledger posting belongs to them.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from marketplace.extensions import db
from marketplace.models import ContractProduct, LinkClick
from marketplace.models.base import utcnow
from tests.factories.contracts import Deal


def make_clicks(
    deal: Deal,
    count: int = 1,
    *,
    unique: int | None = None,
    kind: str = "human",
    at: datetime | None = None,
) -> list[LinkClick]:
    """`count` clicks of `kind` on the deal's first product; the first `unique` of them (all
    by default) count as unique."""
    product = db.session.query(ContractProduct).filter_by(contract_id=deal.id).first()
    assert product is not None, "the deal has no tracked product"
    unique = count if unique is None else unique
    clicks = [
        LinkClick(
            product_id=product.id,
            contract_id=deal.id,
            at=at or utcnow(),
            visitor_hash=hashlib.sha256(f"{deal.id}:{i}".encode()).hexdigest(),
            kind=kind,
            is_unique=kind == "human" and i < unique,
        )
        for i in range(count)
    ]
    db.session.add_all(clicks)
    db.session.flush()
    return clicks
