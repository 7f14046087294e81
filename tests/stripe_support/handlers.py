"""A test-only webhook handler, for endpoint tests that must not wait for the real ones.

It follows the rules of services/payments/webhook_events: an object the app does not know
is ignored (and logged); otherwise it fetches the PaymentIntent again from "Stripe" (the
state in the event may be stale: events arrive late and out of order), then remembers
the event and applies its effect in one unit of work. The "effect" is appended to
`effects` after commit, so a rolled-back delivery leaves no effect.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from marketplace.payments import browser_gateway
from marketplace.services.payments.webhook_events import IncomingEvent, ignore, remember
from marketplace.services.unit_of_work import after_commit, unit_of_work


@dataclass
class RefetchingHandler:
    known: set[str] = field(default_factory=set)
    # (event id, the PaymentIntent's status fetched while handling it)
    effects: list[tuple[str, str]] = field(default_factory=list)

    def __call__(self, event: IncomingEvent) -> str:
        reference = event.object_id or ""
        if reference not in self.known:
            return ignore(event, f"no payment {reference} here")
        status = browser_gateway().payment_state(reference).status
        with unit_of_work():
            remember(event, "handled")
            after_commit(lambda: self.effects.append((event.id, status)))
        return "handled"
