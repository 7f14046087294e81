"""Connect events: connected accounts, transfers and their bank payouts (see webhook_events)."""

from __future__ import annotations

from marketplace.services.payments.webhook_events import Handler

HANDLERS: dict[str, Handler] = {}
