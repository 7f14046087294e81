"""Platform-account events: payments, refunds and chargebacks (see webhook_events).

- `payment_intent.succeeded` / `payment_intent.payment_failed`: the PaymentIntent is
  fetched again from Stripe and its real state applied (`stripe_settlement`), so a late,
  repeated or out-of-order event applies the current truth once.
- `charge.refunded`: refunds made outside the app reach the ledger
  (`stripe_refund_events`).
- `charge.dispute.created` / `charge.dispute.closed`: chargebacks
  (`stripe_chargeback_events`).
"""

from __future__ import annotations

from marketplace.payments import browser_gateway
from marketplace.payments.gateway import GatewayDeclined
from marketplace.services.payments.stripe_chargeback_events import (
    on_dispute_closed,
    on_dispute_created,
)
from marketplace.services.payments.stripe_refund_events import on_charge_refunded
from marketplace.services.payments.stripe_settlement import apply_state, find_attempt
from marketplace.services.payments.webhook_events import Handler, IncomingEvent, ignore


def _contract_in_metadata(event: IncomingEvent) -> int | None:
    metadata = event.object.get("metadata") or {}
    try:
        return int(str(metadata.get("contract_id")))
    except ValueError:
        return None


def on_payment_intent(event: IncomingEvent) -> str:
    """Either payment_intent event: apply the intent's state as Stripe reports it now."""
    reference = event.object_id
    if not reference:
        return ignore(event, "no PaymentIntent id")
    amount = event.object.get("amount")
    known = find_attempt(
        reference, _contract_in_metadata(event), amount if isinstance(amount, int) else -1
    )
    if known is None:
        return ignore(event, "a PaymentIntent the app did not create")
    try:
        state = browser_gateway().payment_state(reference)
    except GatewayDeclined:
        return ignore(event, "Stripe does not know this PaymentIntent")
    return apply_state(state, via="webhook", event=event)


HANDLERS: dict[str, Handler] = {
    "payment_intent.succeeded": on_payment_intent,
    "payment_intent.payment_failed": on_payment_intent,
    "charge.refunded": on_charge_refunded,
    "charge.dispute.created": on_dispute_created,
    "charge.dispute.closed": on_dispute_closed,
}
