"""Turn a contract transition into notifications for the people who must act or should know.

Every transition calls `notify_contract_event` inside its transaction, so a notification
exists exactly when the change does. Actions missing from `RECIPIENTS` notify nobody.
"""

from __future__ import annotations

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Contract, Notification, User
from marketplace.models.base import utcnow
from marketplace.services.notifications.records import add_notification

OTHER = "other"  # the party that did not act (both parties when the system or an admin acted)
BOTH = "both"
BRAND = "brand"

# Action -> who hears about it. Each has a sentence in texts.TEXTS.
RECIPIENTS: dict[str, str] = {
    "offer": OTHER,
    "counter": OTHER,
    "accept": OTHER,
    "decline": OTHER,
    "withdraw": OTHER,
    "expire": BRAND,
    "fund": OTHER,
    "funding_deadline": BOTH,
    "submit": OTHER,
    "request_revision": OTHER,
    "approve": OTHER,
    "auto_approve": BOTH,
    "request_cancel": OTHER,
    "cancel": OTHER,
    "confirm_cancel": OTHER,
    "dispute": OTHER,
    "chargeback": BOTH,
    "resolve": BOTH,
    "message": OTHER,
    "review": OTHER,
    "reviews_revealed": OTHER,
}


def recipients(contract: Contract, action: str, actor: User | None) -> list[int]:
    """User ids to notify of `action`; never the actor."""
    rule = RECIPIENTS.get(action)
    if rule is None:
        return []
    parties = [contract.brand_id, contract.kol_id]
    if rule == BRAND:
        ids = [contract.brand_id]
    elif rule == OTHER and actor is not None and actor.id in parties:
        ids = [party for party in parties if party != actor.id]
    else:
        ids = parties
    return [user_id for user_id in ids if actor is None or user_id != actor.id]


def _unread_message_notice(user_id: int, contract_id: int) -> Notification | None:
    return db.session.scalar(
        select(Notification)
        .where(
            Notification.user_id == user_id,
            Notification.contract_id == contract_id,
            Notification.kind == "contract.message",
            Notification.read_at.is_(None),
        )
        .order_by(Notification.id.desc())
        .limit(1)
    )


def notify_contract_event(contract: Contract, action: str, actor: User | None) -> None:
    """Add the notifications for `action` on `contract` to the caller's transaction.

    Each new notification gets one email. Messages fold into the recipient's unread
    message notice for the same contract (its count goes up, and no new email goes out),
    so a lively thread is one line in the list and one email, not fifty.
    """
    payload = {
        "title": contract.title,
        "by": actor.name if actor is not None and actor.role != "admin" else None,
        "status": contract.status,
    }
    for user_id in recipients(contract, action, actor):
        extra: dict[str, int] = {}
        if action == "message":
            existing = _unread_message_notice(user_id, contract.id)
            if existing is not None:
                count = int((existing.payload or {}).get("count") or 1) + 1
                existing.payload = {**payload, "count": count}
                existing.created_at = utcnow()
                continue
            extra = {"count": 1}
        add_notification(user_id, f"contract.{action}", contract.id, {**payload, **extra})
