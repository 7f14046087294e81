"""In-app notifications: what a contract's parties now have to act on or should know."""

from __future__ import annotations

from marketplace.services.notifications.contract_events import notify_contract_event
from marketplace.services.notifications.inbox import list_notifications, mark_read, unread_count
from marketplace.services.notifications.texts import notification_text, notification_url

__all__ = [
    "list_notifications",
    "mark_read",
    "notification_text",
    "notification_url",
    "notify_contract_event",
    "unread_count",
]
