"""Invitations: a brand asks a matched KOL to apply to one of its open briefs."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from marketplace.domain.errors import Conflict, NotAllowed, NotFound
from marketplace.domain.numbers import is_storable_id
from marketplace.extensions import db
from marketplace.models import Application, Brief, BriefInvitation, KolProfile, User
from marketplace.models.base import utcnow
from marketplace.services.briefs.queries import accepting_applications
from marketplace.services.notifications.admin_alerts import notify_user
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
    """The KOL's invitations to briefs that are still open, newest first (answered too)."""
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


def invitation_for_kol(actor: User, invitation_id: int) -> BriefInvitation:
    """The KOL's own invitation; anyone else's (or a missing one) is NotFound."""
    invitation = (
        db.session.get(BriefInvitation, invitation_id) if is_storable_id(invitation_id) else None
    )
    if invitation is None or invitation.kol_id != actor.id:
        raise NotFound(str(_l("Invitation not found.")))
    return invitation


def check_can_accept(actor: User, invitation_id: int) -> BriefInvitation:
    """The invitation, if the KOL may still accept it by applying; else Conflict."""
    invitation = invitation_for_kol(actor, invitation_id)
    if invitation.status != "pending":
        raise Conflict(str(_l("You have already answered this invitation.")))
    accepting = db.session.scalar(
        select(Brief.id).where(Brief.id == invitation.brief_id, accepting_applications())
    )
    if accepting is None:
        raise Conflict(str(_l("This brief is no longer taking applications.")))
    return invitation


@use_case
def decline_invitation(actor: User, invitation_id: int, reason: object = "") -> BriefInvitation:
    """Say no, with an optional reason the brand reads on its Top matches."""
    invitation = invitation_for_kol(actor, invitation_id)
    v = Validator()
    clean_reason = v.string("reason", reason, required=False, max_len=MAX_MESSAGE) or None
    v.check()
    _answer(invitation, status="declined", decline_reason=clean_reason)
    return invitation


def mark_accepted(application: Application) -> None:
    """An application to a brief the KOL was invited to accepts the pending invitation.

    Called by `applications.apply_to_brief` in its transaction, whichever page or API applied.
    """
    invitation = db.session.scalar(
        select(BriefInvitation).where(
            BriefInvitation.brief_id == application.brief_id,
            BriefInvitation.kol_id == application.kol_id,
            BriefInvitation.status == "pending",
        )
    )
    if invitation is not None:
        db.session.flush()
        _answer(invitation, status="accepted", application_id=application.id)


def _answer(invitation: BriefInvitation, **values: object) -> None:
    """Record the answer once: a conditional update, so two answers at once cannot both win."""
    changed = db.session.execute(
        update(BriefInvitation)
        .where(BriefInvitation.id == invitation.id, BriefInvitation.status == "pending")
        .values(answered_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        raise Conflict(str(_l("You have already answered this invitation.")))
    db.session.refresh(invitation)
    brief = invitation.brief
    notify_user(
        brief.brand_id,
        f"invitation.{values['status']}",
        None,
        title=brief.title,
        brief_id=brief.id,
        by=_kol_name(invitation.kol_id),
        reason=str(values.get("decline_reason") or ""),
    )


def _kol_name(kol_id: int) -> str:
    profile = db.session.get(KolProfile, kol_id)
    return profile.display_name if profile else ""
