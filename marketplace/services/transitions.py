"""Apply a status transition: lock the row, check the table and guards, write, log an event.

A `Workflow` binds a pure `TransitionTable` to its model, its event model, the rows each
actor may act on, its guards and its words. `apply_transition` is the only writer of the
status of a subject that has a workflow; it runs inside the caller's unit of work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from marketplace.domain.errors import DomainError, InvalidTransition, NotAllowed
from marketplace.domain.transitions import SYSTEM, Transition, TransitionTable
from marketplace.extensions import db
from marketplace.models import User
from marketplace.models.status_events import StatusEventMixin


class HasStatus(Protocol):
    id: Any
    status: Any


S = TypeVar("S", bound=HasStatus)


@dataclass(frozen=True)
class Move(Generic[S]):
    """A transition being applied, as guards see it."""

    subject: S
    actor: User | None
    role: str
    transition: Transition
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class Guard(Generic[S]):
    """A named condition of some rows: `test` must hold, else `refusal` is raised."""

    test: Callable[[Move[S]], bool]
    refusal: Callable[[Move[S]], DomainError]


@dataclass(frozen=True)
class Workflow(Generic[S]):
    """Everything `apply_transition` needs to know about one kind of subject.

    `scope` narrows a select of the model to the rows the actor may act on; any other row
    answers `not_found()`, so nobody learns that someone else's object exists. `refusal`
    words an InvalidTransition from the subject and the state that was asked for.
    """

    table: TransitionTable
    model: type[S]
    event_model: type[StatusEventMixin]
    scope: Callable[[Select[Any], User], Select[Any]]
    not_found: Callable[[], DomainError]
    refusal: Callable[[S, str], str]
    guards: Mapping[str, Guard[S]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        missing = self.table.guard_names - set(self.guards)
        if missing:
            raise ValueError(f"{self.table.name}: no predicate for guards {sorted(missing)}")


def _role(actor: User | None) -> str:
    return actor.role if actor is not None else SYSTEM


def _check_role(flow: Workflow[Any], role: str, action: str | None, to: str | None) -> None:
    """NotAllowed when the table gives this action (or status) to other roles only."""
    roles = flow.table.roles_for(action=action, target=to)
    if roles and role not in roles:
        raise NotAllowed(str(_l("This action is not available to your account type.")))


def lock_subject(flow: Workflow[S], subject_id: int, actor: User | None) -> S:
    """The subject, row-locked, if the actor may reach it (None: the system reaches all)."""
    model: Any = flow.model
    stmt = select(model).where(model.id == subject_id)
    if actor is not None:
        stmt = flow.scope(stmt, actor)
    stmt = stmt.with_for_update(of=model).execution_options(populate_existing=True)
    subject = db.session.scalar(stmt)
    if subject is None:
        raise flow.not_found()
    return subject


def _resolve(
    flow: Workflow[S],
    subject_id: int,
    actor: User | None,
    action: str | None,
    to: str | None,
    payload: Mapping[str, Any] | None,
) -> Move[S]:
    """Lock the subject and find the allowed row, its guards passed, or raise why not."""
    if (action is None) == (to is None):
        raise TypeError("Give exactly one of action= or to=.")
    role = _role(actor)
    _check_role(flow, role, action, to)
    subject = lock_subject(flow, subject_id, actor)
    source = subject.status
    if action is not None:
        transition = flow.table.find(source, action, role)
        wanted = flow.table.target_of(action) or action
    else:
        assert to is not None
        transition = flow.table.toward(source, to, role)
        wanted = to
    if transition is None:
        raise InvalidTransition(flow.refusal(subject, wanted))
    move = Move(subject, actor, role, transition, dict(payload or {}))
    for name in transition.guards:
        guard = flow.guards[name]
        if not guard.test(move):
            raise guard.refusal(move)
    return move


def check_transition(
    flow: Workflow[S],
    subject_id: int,
    actor: User | None,
    *,
    action: str,
    payload: Mapping[str, Any] | None = None,
) -> S:
    """Lock the subject and raise exactly what `apply_transition` would, changing nothing.

    For use cases that must call out (a payment gateway) before the move is applied.
    """
    return _resolve(flow, subject_id, actor, action, None, payload).subject


def apply_transition(
    flow: Workflow[S],
    subject_id: int,
    actor: User | None,
    *,
    action: str | None = None,
    to: str | None = None,
    payload: Mapping[str, Any] | None = None,
) -> S:
    """Take `action` (or move to the status `to`) on the subject as `actor` (None: the system).

    Raises NotAllowed (wrong kind of actor), the workflow's not_found (not the actor's
    subject), InvalidTransition (not allowed from the current status) or a guard's refusal.
    """
    move = _resolve(flow, subject_id, actor, action, to, payload)
    subject, transition = move.subject, move.transition
    source = subject.status
    subject.status = transition.target
    event = flow.event_model(
        action=transition.action,
        from_status=source,
        to_status=transition.target,
        actor_id=actor.id if actor is not None else None,
        actor_role=move.role,
        payload=move.payload,
    )
    setattr(event, flow.event_model.subject_key, subject.id)
    db.session.add(event)
    return subject
