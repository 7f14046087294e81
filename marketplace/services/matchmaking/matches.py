"""Matching use cases: a brief's top KOLs, a KOL's briefs for you, similar KOLs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from marketplace.domain.errors import NotFound
from marketplace.extensions import db
from marketplace.models import Brief, KolProfile, Listing, User
from marketplace.services.matchmaking.index_holder import current_index
from marketplace.services.matchmaking.records import brief_record

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
    profile: KolProfile | None = None
    listing: Listing | None = None


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


def top_matches(actor: User, brief_id: int, k: int = 20) -> list[MatchView]:
    """The brief owner's ranked KOLs, best first, with exploration slots for newcomers."""
    brief = _own_brief(actor, brief_id)
    k = max(1, min(int(k), MAX_K))
    with current_index() as index:
        matches = index.rank(brief_record(brief), k=k, explore=True)
    views = [
        MatchView(
            kol_id=int(m.kol_id),
            listing_id=int(m.listing_id) if m.listing_id else None,
            score=m.score,
            reasons=dict(m.reasons),
            details=dict(m.details),
            flags=list(m.flags),
        )
        for m in matches
    ]
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


def open_briefs_for_matching(today: date | None = None) -> list[Brief]:
    today = today or date.today()
    return list(
        db.session.scalars(
            select(Brief).where(
                Brief.status == "open", or_(Brief.deadline.is_(None), Brief.deadline >= today)
            )
        )
    )


def briefs_for_kol(kol: User, limit: int = 10) -> list[tuple[Brief, float, dict[str, float]]]:
    """Open briefs ranked for this KOL by the matcher (the reverse direction)."""
    briefs = {b.id: b for b in open_briefs_for_matching()}
    if not briefs:
        return []
    with current_index() as index:
        ranked = index.rank_briefs(str(kol.id), [brief_record(b) for b in briefs.values()], k=limit)
    return [(briefs[int(m.brief_id)], m.score, dict(m.reasons)) for m in ranked]


def similar_kols(kol_id: int, k: int = 6) -> list[tuple[KolProfile, float]]:
    """Nearest KOLs on content and audience, for the public profile page."""
    with current_index() as index:
        if str(kol_id) not in index:
            return []
        matches = index.similar(str(kol_id), k=k)
    profiles = _profiles([int(m.kol_id) for m in matches])
    return [(profiles[int(m.kol_id)], m.score) for m in matches if int(m.kol_id) in profiles]
