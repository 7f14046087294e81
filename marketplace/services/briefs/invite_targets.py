"""The briefs a brand can invite a KOL to from a browse card or a KOL's page."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Brief, BriefInvitation, User

MAX_CHOICES = 20


def open_brief_choices(actor: User) -> list[tuple[int, str]]:
    """(id, title) of the brand's open briefs, newest first; empty for anyone else."""
    if not actor.is_brand:
        return []
    rows = db.session.execute(
        select(Brief.id, Brief.title)
        .where(Brief.brand_id == actor.id, Brief.status == "open")
        .order_by(Brief.id.desc())
        .limit(MAX_CHOICES)
    )
    return [(brief_id, title) for brief_id, title in rows]


def invited_pairs(actor: User) -> set[tuple[int, int]]:
    """(brief id, KOL id) of the invitations already sent to the brand's open briefs."""
    if not actor.is_brand:
        return set()
    rows = db.session.execute(
        select(BriefInvitation.brief_id, BriefInvitation.kol_id)
        .join(Brief, Brief.id == BriefInvitation.brief_id)
        .where(Brief.brand_id == actor.id, Brief.status == "open")
    )
    return {(brief_id, kol_id) for brief_id, kol_id in rows}
