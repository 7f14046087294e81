"""A user's notifications: how many are unread, the list, marking them read."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select, update

from marketplace.extensions import db
from marketplace.models import Notification, User
from marketplace.models.base import utcnow
from marketplace.services.paging import clean_paging, paginate
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

MAX_IDS = 100


def unread_count(user: User) -> int:
    """Unread notifications (one index range scan: user_id, read_at)."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        )
        or 0
    )


def list_notifications(
    user: User, page: Any = 1, per_page: Any = 20, *, unread_only: bool = False
) -> Pagination:
    """The user's notifications, newest first."""
    v = Validator()
    clean_page, clean_per_page = clean_paging(v, page, per_page)
    v.check()
    stmt = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    stmt = stmt.order_by(Notification.created_at.desc(), Notification.id.desc())
    return paginate(stmt, clean_page, clean_per_page)


def _clean_ids(raw: Any) -> list[int]:
    v = Validator()
    if not isinstance(raw, list | tuple | set | frozenset) or len(raw) > MAX_IDS:
        v.add("ids", _l("Must be a list of at most %(n)d notification ids.", n=MAX_IDS))
        v.check()
    ids = [v.integer("ids", item, minimum=1) for item in raw]
    v.check()
    return [i for i in ids if i is not None]


@use_case
def mark_read(user: User, ids: Any = None) -> int:
    """Mark the user's notifications read (all of them when `ids` is None).

    Ids of other users' notifications, or already read ones, are ignored. Returns how many
    were marked.
    """
    stmt = (
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    if ids is not None:
        clean = _clean_ids(ids)
        if not clean:
            return 0
        stmt = stmt.where(Notification.id.in_(clean))
    result = db.session.execute(stmt.execution_options(synchronize_session=False))
    return int(result.rowcount or 0)
