"""A fake BrowserPaymentGateway for the Stripe funding service tests (no network).

It keeps PaymentIntents the way Stripe reports them (status, amount, metadata contract,
latest charge, last payment error) and answers a repeated idempotency key with the
first result. The end-to-end tests against localstripe use the real gateway; these pin
the service's own rules quickly and deterministically.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from flask import Flask

from marketplace.payments.gateway import (
    GatewayDeclined,
    GatewayResult,
    PaymentSession,
    PaymentState,
)
from marketplace.services.payments.webhook_events import IncomingEvent, receive

_ids = itertools.count(1)


@dataclass
class FakeIntent:
    reference: str
    amount: int
    currency: str
    contract_id: int
    status: str = "requires_payment_method"
    charge: str | None = None
    error: tuple[str, str] | None = None


@dataclass
class FakeStripe:
    name: str = "stripe"
    test_mode: bool = True
    confirms_in_browser: bool = True
    publishable_key: str = "pk_test_fake"
    intents: dict[str, FakeIntent] = field(default_factory=dict)
    by_key: dict[str, str] = field(default_factory=dict)
    refunds: list[dict[str, Any]] = field(default_factory=list)
    calls: list[tuple[str, str]] = field(default_factory=list)

    def start_payment(self, *, amount, currency, contract_id, idempotency_key, description):
        self.calls.append(("start_payment", idempotency_key))
        if idempotency_key not in self.by_key:
            ref = f"pi_fake{next(_ids)}"
            self.intents[ref] = FakeIntent(ref, amount, currency, contract_id)
            self.by_key[idempotency_key] = ref
        return self.payment_session(self.by_key[idempotency_key])

    def payment_session(self, reference: str) -> PaymentSession:
        intent = self.intents[reference]
        return PaymentSession(reference, f"{reference}_secret_x", intent.status)

    def payment_state(self, reference: str) -> PaymentState:
        intent = self.intents.get(reference)
        if intent is None:
            raise GatewayDeclined("resource_missing", "No such payment_intent")
        return PaymentState(
            reference=reference,
            status=intent.status,
            amount=intent.amount,
            currency=intent.currency,
            charge_reference=intent.charge,
            contract_id=intent.contract_id,
            error_code=intent.error[0] if intent.error else None,
            error_message=intent.error[1] if intent.error else None,
        )

    def refund(self, *, charge_reference, amount, currency, idempotency_key) -> GatewayResult:
        for made in self.refunds:
            if made["key"] == idempotency_key:
                return GatewayResult(made["id"])
        refund = {"id": f"re_fake{next(_ids)}", "key": idempotency_key, "amount": amount}
        refund["charge"] = charge_reference
        self.refunds.append(refund)
        return GatewayResult(refund["id"])

    def cancel_payment(self, reference: str, *, idempotency_key: str) -> None:
        self.calls.append(("cancel_payment", idempotency_key))
        intent = self.intents[reference]
        if intent.status == "succeeded":
            raise GatewayDeclined("payment_intent_unexpected_state", "It already succeeded.")
        intent.status = "canceled"

    # What the brand's browser and Stripe do.

    def succeed(self, reference: str) -> None:
        intent = self.intents[reference]
        intent.status, intent.charge, intent.error = "succeeded", f"ch_{reference[3:]}", None

    def decline(self, reference: str, code: str = "card_declined") -> None:
        intent = self.intents[reference]
        intent.status, intent.error = "requires_payment_method", (code, "Your card was declined.")


def stripe_mode(app: Flask) -> Iterator[FakeStripe]:
    """The app in Stripe mode with the fake gateway (wrap it in a fixture)."""
    fake = FakeStripe()
    saved = app.config["PAYMENTS_PROVIDER"]
    app.config["PAYMENTS_PROVIDER"] = "stripe"
    app.extensions["stripe_gateway"] = fake
    try:
        yield fake
    finally:
        app.config["PAYMENTS_PROVIDER"] = saved
        app.extensions.pop("stripe_gateway", None)


def event(type: str, obj: dict[str, Any], id: str | None = None) -> IncomingEvent:
    return IncomingEvent(
        id=id or f"evt_{next(_ids)}",
        type=type,
        endpoint="platform",
        account=None,
        object=obj,
        created=0,
    )


def deliver(type: str, obj: dict[str, Any], id: str | None = None) -> str:
    from marketplace.services.payments import funding_events

    return receive(event(type, obj, id), funding_events.HANDLERS)


def intent_event(fake: FakeStripe, reference: str, type: str = "payment_intent.succeeded"):
    """The event as Stripe sends it (its copy of the intent may already be stale)."""
    intent = fake.intents[reference]
    obj = {
        "id": reference,
        "object": "payment_intent",
        "amount": intent.amount,
        "status": intent.status,
        "metadata": {"contract_id": str(intent.contract_id)},
    }
    return type, obj
