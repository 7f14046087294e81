"""The briefs a brand can invite a KOL to from a browse card or a KOL's page."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Brief, User

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
