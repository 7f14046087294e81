"""The one place a notification is created: the in-app row and its email, in one transaction."""

from __future__ import annotations

from typing import Any

from marketplace.extensions import db
from marketplace.jobs.outbox import queue_email
from marketplace.models import Notification


def add_notification(
    user_id: int, kind: str, contract_id: int | None, payload: dict[str, Any]
) -> Notification:
    """Add a notification to the caller's unit of work, with its email in the outbox."""
    notification = Notification(
        user_id=user_id, kind=kind, contract_id=contract_id, payload=payload
    )
    db.session.add(notification)
    queue_email(notification)
    return notification
