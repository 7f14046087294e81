"""Matching use cases: a brief's top KOLs and similar KOLs.

A KOL's "briefs for you" (the reverse direction) is `services.briefs.recommendations`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from marketplace.domain.errors import NotFound
from marketplace.extensions import db
from marketplace.models import Brief, KolProfile, Listing, MatchIndexChange, User
from marketplace.services.matchmaking.index_holder import current_index
from marketplace.services.matchmaking.records import brief_record
from marketplace.services.recent_answers import recent_answers
from marketplace.services.validation import Validator

MAX_K = 100


@dataclass
class MatchView:
    """One ranked KOL with the rows a page or the API shows beside it."""

    kol_id: int
    listing_id: int | None
    score: float
    reasons: dict[str, float]
    details: dict[str, float | str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    flag_codes: list[str] = field(default_factory=list)
    profile: KolProfile | None = None
    listing: Listing | None = None


def checked_k(value: Any) -> int:
    """How many matches to show: a whole number from 1 to MAX_K, or a ValidationFailed."""
    validator = Validator()
    k = validator.integer("k", value, minimum=1, maximum=MAX_K)
    validator.check()
    assert k is not None
    return k


def _own_brief(actor: User, brief_id: int) -> Brief:
    brief = db.session.get(Brief, brief_id)
    if brief is None or (brief.brand_id != actor.id and not actor.is_admin):
        raise NotFound(str(_l("Brief not found.")))
    return brief


def _profiles(kol_ids: list[int]) -> dict[int, KolProfile]:
    rows = db.session.scalars(
        select(KolProfile)
        .join(User, User.id == KolProfile.user_id)
        .where(KolProfile.user_id.in_(kol_ids), User.is_suspended.is_(False))
        .options(selectinload(KolProfile.categories), selectinload(KolProfile.platforms))
    )
    return {p.user_id: p for p in rows}


@dataclass(frozen=True)
class _Ranked:
    kol_id: int
    listing_id: int | None
    score: float
    reasons: tuple[tuple[str, float], ...]
    details: tuple[tuple[str, float | str], ...]
    flags: tuple[str, ...]
    flag_codes: tuple[str, ...]


def _rank(record: dict[str, Any], k: int) -> tuple[_Ranked, ...]:
    with current_index() as index:
        matches = index.rank(record, k=k, explore=True)
    return tuple(
        _Ranked(
            kol_id=int(m.kol_id),
            listing_id=int(m.listing_id) if m.listing_id else None,
            score=m.score,
            reasons=tuple(m.reasons.items()),
            details=tuple(m.details.items()),
            flags=tuple(m.flags),
            flag_codes=tuple(m.flag_codes),
        )
        for m in matches
    )


def _ranked(actor: User, brief_id: int, k: int) -> list[MatchView]:
    """The ranking, or this worker's copy of the same ranking from seconds ago.

    Brands page through a brief's matches and come back to them; ranking 100,000 KOLs
    each time is most of such a page. A ranking is reused for MATCH_RANKING_TTL_S seconds
    while the brief's terms and the newest catalogue change are the same: a profile,
    listing or suspension change logs a new change, so it shows at once here (and within
    the time to live when its transaction commits after a later one). Reputation changes
    (a completed contract, a sale) show within the time to live: they nudge scores, and
    keying on them would throw every ranking away whenever any contract completes.
    """
    k = checked_k(k)
    record = brief_record(_own_brief(actor, brief_id))
    key = (json.dumps(record, sort_keys=True, default=str), k, _newest_change())
    memory = recent_answers("match_rankings", "MATCH_RANKING_TTL_S")
    return [
        MatchView(
            kol_id=r.kol_id,
            listing_id=r.listing_id,
            score=r.score,
            reasons=dict(r.reasons),
            details=dict(r.details),
            flags=list(r.flags),
            flag_codes=list(r.flag_codes),
        )
        for r in memory.get(key, lambda: _rank(record, k))
    ]


def _newest_change() -> int:
    """The newest catalogue change (read from a partial index of them)."""
    newest = select(func.max(MatchIndexChange.id)).where(MatchIndexChange.kind == "catalogue")
    return db.session.scalar(newest) or 0


def _hireable(kol_ids: list[int]) -> set[int]:
    rows = db.session.scalars(
        select(KolProfile.user_id)
        .join(User, User.id == KolProfile.user_id)
        .where(KolProfile.user_id.in_(kol_ids), User.is_suspended.is_(False))
    )
    return set(rows)


def ranked_matches(actor: User, brief_id: int, k: int = 20) -> list[MatchView]:
    """The ranking alone, without profiles or listings: enough to page through.

    A page of the full list loads the rows of its PER_PAGE matches only (`with_rows`),
    not those of all MAX_K ranked ones.
    """
    views = _ranked(actor, brief_id, k)
    hireable = _hireable([v.kol_id for v in views])
    return [v for v in views if v.kol_id in hireable]


def with_rows(views: list[MatchView]) -> list[MatchView]:
    """The views with their KOL profiles and listings loaded; suspended KOLs left out."""
    profiles = _profiles([v.kol_id for v in views])
    listing_ids = [v.listing_id for v in views if v.listing_id]
    listings = {
        item.id: item
        for item in db.session.scalars(select(Listing).where(Listing.id.in_(listing_ids)))
    }
    for view in views:
        view.profile = profiles.get(view.kol_id)
        view.listing = listings.get(view.listing_id) if view.listing_id else None
    return [v for v in views if v.profile is not None]


def top_matches(actor: User, brief_id: int, k: int = 20) -> list[MatchView]:
    """The brief owner's ranked KOLs, best first, with exploration slots for newcomers."""
    return with_rows(_ranked(actor, brief_id, k))


def similar_kols(kol_id: int, k: int = 6) -> list[tuple[KolProfile, float]]:
    """Nearest KOLs on content and audience, for the public profile page."""
    k = checked_k(k)
    with current_index() as index:
        matches = index.similar(str(kol_id), k=k)
    profiles = _profiles([int(m.kol_id) for m in matches])
    return [(profiles[int(m.kol_id)], m.score) for m in matches if int(m.kol_id) in profiles]
