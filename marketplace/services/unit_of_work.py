"""One database transaction per use case.

A use case (a function decorated with `@use_case`, or a block in `unit_of_work()`) opens
the unit; use cases it calls join it and only flush. The outermost one commits once. Any
exception rolls back the whole unit, even one that an outer use case catches: the outer
unit then rolls back too instead of committing half a use case.

`after_commit(fn)` runs `fn` once the outermost unit has committed (notifications, gateway
follow-ups, files to delete) and never after a rollback; `after_rollback(fn)` undoes work
outside the database, such as a file written for a change that did not happen.

A unique-constraint violation, typically two identical requests racing past the same
check, leaves as `Conflict` (409) with the use case's `conflict` message. On SQLite the
unit begins holding the write lock, so concurrent writers queue (busy timeout) instead of
failing. The state lives in the SQLAlchemy session's `info`, so each app context (each
request, each thread) has its own.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar, overload

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace.db_events import sqlite_write_lock_on_begin
from marketplace.domain.errors import Conflict
from marketplace.extensions import db

P = ParamSpec("P")
R = TypeVar("R")
Hook = Callable[[], None]

_KEY = "unit_of_work"
# SQLSTATE 23505 on PostgreSQL; SQLite's extended result codes.
_UNIQUE_SQLSTATE = "23505"
_SQLITE_UNIQUE = frozenset({"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"})

log = logging.getLogger(__name__)


class RolledBack(RuntimeError):
    """An inner use case failed and its caller went on; the whole unit was rolled back."""


@dataclass
class _Unit:
    after_commit: list[Hook] = field(default_factory=list)
    after_rollback: list[Hook] = field(default_factory=list)
    failed_inside: bool = False


def is_unique_violation(error: IntegrityError) -> bool:
    """True when the database refused a duplicate key (not a foreign key or a check)."""
    cause = error.orig
    return (
        getattr(cause, "sqlstate", None) == _UNIQUE_SQLSTATE
        or getattr(cause, "sqlite_errorname", None) in _SQLITE_UNIQUE
    )


def _as_conflict(message: object | None) -> Conflict:
    text = message or _l("Someone else made the same change at the same moment. Reload and check.")
    return Conflict(str(text))


def _begin(session: Session) -> None:
    """On SQLite, start the unit's transaction holding the write lock.

    A transaction left open by reads before the use case (loading the signed-in user) is
    ended first, so the use case reads and writes one consistent snapshot.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    if session.in_transaction() and not (session.new or session.dirty or session.deleted):
        session.commit()
    with sqlite_write_lock_on_begin():
        session.connection()


def _run(hooks: list[Hook], when: str) -> None:
    """Run every hook; one that fails is logged and cannot undo what is already decided."""
    for hook in hooks:
        try:
            hook()
        except Exception:
            log.exception("%s hook %r failed", when, hook)


def _current() -> _Unit:
    unit = db.session().info.get(_KEY)
    if unit is None:
        raise RuntimeError("This needs a unit of work: call it from a @use_case.")
    return unit


def require_unit_of_work() -> None:
    """Raise unless a unit of work is open: for writes that must commit with their cause."""
    _current()


def after_commit(hook: Hook) -> None:
    """Run `hook` after the outermost unit commits; it is dropped if the unit rolls back."""
    _current().after_commit.append(hook)


def after_rollback(hook: Hook) -> None:
    """Run `hook` if the unit rolls back (to undo work done outside the database)."""
    _current().after_rollback.append(hook)


@contextmanager
def unit_of_work(conflict: object | None = None) -> Iterator[None]:
    """Open a unit, or join the one already open; see the module docstring."""
    session = db.session()
    unit = session.info.get(_KEY)
    if unit is not None:
        yield from _join(session, unit, conflict)
        return
    _begin(session)
    unit = session.info[_KEY] = _Unit()
    try:
        try:
            yield
            if unit.failed_inside:
                raise RolledBack("An inner use case failed; nothing was saved.")
            session.commit()
        except IntegrityError as error:
            if not is_unique_violation(error):
                raise
            # Roll back first: wording the message may load the user's language setting,
            # which a session that failed its flush cannot do.
            session.rollback()
            raise _as_conflict(conflict) from error
    except BaseException:
        del session.info[_KEY]
        session.rollback()
        _run(unit.after_rollback, "after_rollback")
        raise
    del session.info[_KEY]
    _run(unit.after_commit, "after_commit")


def _join(session: Session, unit: _Unit, conflict: object | None) -> Iterator[None]:
    try:
        try:
            yield
            session.flush()
        except IntegrityError as error:
            if not is_unique_violation(error):
                raise
            raise _as_conflict(conflict) from error
    except BaseException:
        unit.failed_inside = True
        raise


@overload
def use_case(fn: Callable[P, R], /) -> Callable[P, R]: ...
@overload
def use_case(*, conflict: object) -> Callable[[Callable[P, R]], Callable[P, R]]: ...


def use_case(fn: Callable[P, R] | None = None, /, *, conflict: object | None = None) -> Any:
    """Run the decorated function in a unit of work.

    `conflict` is the message of the Conflict raised when the use case trips a unique
    constraint, e.g. "You have already applied to this brief."
    """

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with unit_of_work(conflict):
                return function(*args, **kwargs)

        return wrapper

    return decorate(fn) if fn is not None else decorate
