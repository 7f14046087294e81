"""Writing email into the outbox, in the transaction of the change that causes it.

A notification and its email commit together or not at all: the outbox row is added in
the caller's unit of work, and `jobs/delivery.py` sends it after commit. The row copies
what the email says (the notification's kind, contract and payload), so it can still be
rendered if the notification is later folded, read or pruned.
"""

from __future__ import annotations

from typing import Any, TypeGuard

from marketplace.extensions import db
from marketplace.models import Notification, OutboxMessage, User
from marketplace.services.unit_of_work import require_unit_of_work

EMAIL = "email"


def can_receive_email(user: User | None) -> TypeGuard[User]:
    """A user we may email: one with an address whose account is not suspended."""
    return user is not None and bool(user.email) and not user.is_suspended


def email_payload(notification: Notification) -> dict[str, Any]:
    """What the email of a notification needs, frozen at the time of the event."""
    return {
        "contract_id": notification.contract_id,
        "notice": dict(notification.payload or {}),
    }


def queue_email(notification: Notification) -> OutboxMessage | None:
    """Add the email for a new `notification` to the caller's unit of work.

    Returns None (no email) when the recipient has no address or is suspended. The row is
    linked by `notification_id`, which is unique, so one notification can never produce
    two emails; the notification is flushed here to get its id.
    """
    require_unit_of_work()
    recipient = db.session.get(User, notification.user_id)
    if not can_receive_email(recipient):
        return None
    if notification.id is None:
        db.session.add(notification)
        db.session.flush()
    message = OutboxMessage(
        channel=EMAIL,
        template=notification.kind,
        user_id=notification.user_id,
        notification_id=notification.id,
        payload=email_payload(notification),
    )
    db.session.add(message)
    return message
