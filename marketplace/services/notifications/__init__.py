"""In-app notifications: what the other party of a contract now has to act on."""

from __future__ import annotations

from marketplace.services.notifications.contract_events import notify_contract_event

__all__ = ["notify_contract_event"]
