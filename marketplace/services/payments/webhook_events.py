"""Provider events, each handled once, in the same transaction as its effect.

The endpoint verifies the signature and hands the event here. A handler does its
network work first (fetching the object again when its current state matters, since
events arrive late, twice or out of order), then opens one unit of work that calls
`remember(event, outcome)` and applies the effect: the unique `event_id` makes a
duplicate delivery fail that unit as a whole, so nothing is applied twice.

An event about an object the app does not know is remembered as "ignored", logged, and
answered 200 so the provider stops sending it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from marketplace.domain.errors import Conflict
from marketplace.extensions import db
from marketplace.models import WebhookEvent
from marketplace.services.unit_of_work import unit_of_work

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IncomingEvent:
    id: str
    type: str
    # "platform" (/stripe/webhook) or "connect" (/stripe/connect-webhook).
    endpoint: str
    # The connected account the event happened on (Connect events), else None.
    account: str | None
    # The event's data.object, as a plain dict.
    object: Mapping[str, Any]
    created: int

    @property
    def object_id(self) -> str | None:
        value = self.object.get("id")
        return str(value) if value is not None else None


# A handler returns the outcome it remembered: "handled" or "ignored".
Handler = Callable[[IncomingEvent], str]


def already_seen(event_id: str) -> bool:
    return (
        db.session.scalar(select(WebhookEvent.id).where(WebhookEvent.event_id == event_id))
        is not None
    )


def remember(event: IncomingEvent, outcome: str) -> None:
    """Record the event inside the caller's unit of work; a duplicate fails the unit."""
    db.session.add(
        WebhookEvent(
            event_id=event.id,
            endpoint=event.endpoint,
            type=event.type[:64],
            account=event.account,
            object_id=(event.object_id or "")[:255] or None,
            outcome=outcome,
        )
    )
    db.session.flush()


def ignore(event: IncomingEvent, why: str) -> str:
    """Remember an event the app has nothing to do with, and say so in the log."""
    log.info("stripe event %s (%s) ignored: %s", event.id, event.type, why)
    with unit_of_work():
        remember(event, "ignored")
    return "ignored"


def receive(event: IncomingEvent, handlers: Mapping[str, Handler]) -> str:
    """Handle `event` once: "handled", "ignored" or "duplicate".

    Raises GatewayUnavailable when the handler could not reach the provider: the
    endpoint then answers 503 and the provider delivers the event again later.
    """
    if already_seen(event.id):
        return "duplicate"
    handler = handlers.get(event.type)
    try:
        if handler is None:
            return ignore(event, "no handler for this type")
        return handler(event)
    except Conflict:
        if already_seen(event.id):
            return "duplicate"  # a concurrent delivery of the same event won the race
        raise
