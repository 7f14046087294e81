""" "Briefs for you": open briefs ranked for one KOL by the matcher, in the reverse direction.

Only briefs the KOL is eligible for are ranked (a listing on one of the brief's platforms
and collaboration types, in its currency and within its budget and follower range), scored
by the same interpretable parts as the brand's Top matches: category and text fit,
audience fit, engagement for the tier, reliability and value.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from marketplace.extensions import db
from marketplace.models import Application, Brief, User
from marketplace.services.accounts.roles import require_role
from marketplace.services.briefs.queries import accepting_applications
from marketplace.services.matchmaking.index_holder import current_index
from marketplace.services.matchmaking.records import brief_record

# The newest open briefs are the candidate pool, so the work per page view is bounded.
MAX_CANDIDATES = 2000
MAX_LIMIT = 50


def briefs_for_you(kol: User, limit: int = 10) -> list[tuple[Brief, float, dict[str, float]]]:
    """Open briefs the KOL has not applied to, best first, with the score and its parts."""
    require_role(kol, "kol")
    limit = max(1, min(int(limit), MAX_LIMIT))
    applied = exists().where(Application.brief_id == Brief.id, Application.kol_id == kol.id)
    candidates = {
        brief.id: brief
        for brief in db.session.scalars(
            select(Brief)
            .where(accepting_applications(), ~applied)
            .options(selectinload(Brief.brand_profile))
            .order_by(Brief.id.desc())
            .limit(MAX_CANDIDATES)
        )
    }
    if not candidates:
        return []
    with current_index() as index:
        ranked = index.rank_briefs(
            str(kol.id), [brief_record(b) for b in candidates.values()], k=limit
        )
    return [(candidates[int(m.brief_id)], m.score, dict(m.reasons)) for m in ranked]
