"""Invitations: a brand asks a matched KOL to apply to one of its open briefs."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.domain.errors import Conflict, NotAllowed, NotFound
from marketplace.extensions import db
from marketplace.models import Brief, BriefInvitation, User
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

MAX_MESSAGE = 500


@use_case(conflict=_l("This KOL is already invited to this brief."))
def invite_kol(actor: User, brief_id: int, kol_id: object, message: object = "") -> BriefInvitation:
    if not actor.is_brand:
        raise NotAllowed(str(_l("Only brands can invite KOLs.")))
    brief = db.session.get(Brief, brief_id)
    if brief is None or brief.brand_id != actor.id:
        raise NotFound(str(_l("Brief not found.")))
    v = Validator()
    clean_kol = v.integer("kol_id", kol_id, minimum=1)
    clean_message = v.string("message", message, required=False, max_len=MAX_MESSAGE) or ""
    v.check()
    kol = db.session.get(User, clean_kol)
    if kol is None or not kol.is_kol or kol.is_suspended:
        raise NotFound(str(_l("KOL not found.")))
    if brief.status != "open":
        raise Conflict(str(_l("Open the brief before inviting KOLs.")))
    exists = db.session.scalar(
        select(BriefInvitation.id).where(
            BriefInvitation.brief_id == brief.id, BriefInvitation.kol_id == kol.id
        )
    )
    if exists:
        raise Conflict(str(_l("This KOL is already invited to this brief.")))
    invitation = BriefInvitation(brief_id=brief.id, kol_id=kol.id, message=clean_message)
    db.session.add(invitation)
    return invitation


def invitations_for_kol(actor: User, limit: int = 20) -> list[BriefInvitation]:
    """The KOL's invitations to briefs that are still open, newest first."""
    if not actor.is_kol:
        raise NotAllowed(str(_l("Only KOLs receive invitations.")))
    return list(
        db.session.scalars(
            select(BriefInvitation)
            .join(Brief, Brief.id == BriefInvitation.brief_id)
            .where(BriefInvitation.kol_id == actor.id, Brief.status == "open")
            .options(selectinload(BriefInvitation.brief).selectinload(Brief.brand_profile))
            .order_by(BriefInvitation.id.desc())
            .limit(limit)
        )
    )


def invitations_by_kol(actor: User, brief_id: int) -> dict[int, BriefInvitation]:
    """The brand's invitations for one of its briefs, by KOL: pending, declined or accepted."""
    rows = db.session.scalars(
        select(BriefInvitation)
        .join(Brief, Brief.id == BriefInvitation.brief_id)
        .where(BriefInvitation.brief_id == brief_id, Brief.brand_id == actor.id)
    )
    return {row.kol_id: row for row in rows}
