"""The workflows of briefs and applications: their tables bound to rows, guards and words."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from marketplace.domain.briefs import APPLICATION_TRANSITIONS, BRIEF_TRANSITIONS
from marketplace.domain.errors import Conflict, DomainError, NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import Application, ApplicationEvent, Brief, BriefEvent, User
from marketplace.models.base import utcnow
from marketplace.services.transitions import Guard, Move, Workflow


def status_label(kind: str, status: str) -> str:
    """The translated status word (imported late: the labels live with the pages)."""
    from marketplace.labels import label

    return label(kind, status).lower()


def _brief_scope(stmt: Select[Any], actor: User) -> Select[Any]:
    return stmt.where(Brief.brand_id == actor.id)


def _brief_not_found() -> DomainError:
    return NotFound(str(_l("Brief not found.")))


def _brief_refusal(brief: Brief, wanted: str) -> str:
    return str(
        _l(
            "A %(current)s brief cannot become %(new)s.",
            current=status_label("brief_status", brief.status),
            new=status_label("brief_status", wanted),
        )
    )


def _deadline_not_passed(move: Move[Brief]) -> bool:
    deadline = move.subject.deadline
    return deadline is None or deadline >= utcnow().date()


def _deadline_refusal(_move: Move[Brief]) -> DomainError:
    return ValidationFailed(
        str(_l("Some fields are not valid.")),
        {"deadline": [str(_l("Move the deadline to today or later before opening."))]},
    )


BRIEF_WORKFLOW: Workflow[Brief] = Workflow(
    table=BRIEF_TRANSITIONS,
    model=Brief,
    event_model=BriefEvent,
    scope=_brief_scope,
    not_found=_brief_not_found,
    refusal=_brief_refusal,
    guards={"deadline_not_passed": Guard(_deadline_not_passed, _deadline_refusal)},
)


def _application_scope(stmt: Select[Any], actor: User) -> Select[Any]:
    """The brand reaches applications to its briefs; the KOL reaches its own."""
    if actor.role == "brand":
        return stmt.join(Brief, Brief.id == Application.brief_id).where(Brief.brand_id == actor.id)
    return stmt.where(Application.kol_id == actor.id)


def _application_not_found() -> DomainError:
    return NotFound(str(_l("Application not found.")))


def _application_refusal(application: Application, wanted: str) -> str:
    return str(
        _l(
            "An application that is %(status)s cannot be %(result)s.",
            status=status_label("application_status", application.status),
            result=status_label("application_status", wanted),
        )
    )


def _capacity_left(move: Move[Application]) -> bool:
    """Fewer than `kols_wanted` acceptances; the brief row lock serialises concurrent accepts."""
    brief = move.subject.brief
    db.session.execute(select(Brief.id).where(Brief.id == brief.id).with_for_update())
    accepted = db.session.scalar(
        select(func.count()).where(
            Application.brief_id == brief.id, Application.status == "accepted"
        )
    )
    return (accepted or 0) < brief.kols_wanted


def _capacity_refusal(move: Move[Application]) -> DomainError:
    wanted = move.subject.brief.kols_wanted
    return Conflict(str(_l("This brief already has the %(n)d KOLs it wanted.", n=wanted)))


APPLICATION_WORKFLOW: Workflow[Application] = Workflow(
    table=APPLICATION_TRANSITIONS,
    model=Application,
    event_model=ApplicationEvent,
    scope=_application_scope,
    not_found=_application_not_found,
    refusal=_application_refusal,
    guards={"capacity_left": Guard(_capacity_left, _capacity_refusal)},
)
