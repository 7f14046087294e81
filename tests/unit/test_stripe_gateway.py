"""StripeGateway end to end: funding against localstripe (through the stand-in's shim)."""

from __future__ import annotations

import pytest

from marketplace.payments.gateway import GatewayDeclined
from marketplace.payments.stripe_gateway import StripeGateway
from tests.stripe_support.plugin import StripeServer

pytestmark = pytest.mark.stripe


def start(gateway: StripeGateway, contract_id: int = 7, amount: int = 12_500):
    return gateway.start_payment(
        amount=amount,
        currency="usd",
        contract_id=contract_id,
        idempotency_key=f"fund:{contract_id}",
        description=f"Contract {contract_id}",
    )


def test_start_payment_sends_escrow_params_and_key(stripe_gateway, stripe_server: StripeServer):
    session = start(stripe_gateway)

    assert session.reference.startswith("pi_")
    assert session.client_secret.startswith(session.reference + "_secret_")
    assert session.status == "requires_payment_method"
    [sent] = stripe_server.requests_to("POST", "/v1/payment_intents")
    assert sent.idempotency_key == "fund:7"
    assert sent.params["amount"] == "12500"
    assert sent.params["capture_method"] == "automatic"
    assert sent.params["transfer_group"] == "contract_7"
    assert sent.params["metadata"] == {"contract_id": "7"}
    assert sent.params["automatic_payment_methods"] == {"enabled": "true"}
    assert sent.stripped == ["automatic_payment_methods", "description", "transfer_group"]


def test_paid_intent_succeeds(stripe_gateway, stripe_server: StripeServer):
    session = start(stripe_gateway)
    stripe_server.pay_intent(session.reference)

    state = stripe_gateway.payment_state(session.reference)

    assert state.status == "succeeded"
    assert state.amount == 12_500
    assert state.contract_id == 7
    assert state.charge_reference and state.charge_reference.startswith("ch_")
    assert state.error_code is None


def test_card_failing_on_charge_is_a_decline(stripe_gateway, stripe_server: StripeServer):
    session = start(stripe_gateway)
    stripe_server.pay_intent(session.reference, card="pm_card_chargeCustomerFail")

    state = stripe_gateway.payment_state(session.reference)

    assert state.status == "requires_payment_method"
    assert state.error_code == "card_declined"
    assert state.error_message


def test_card_declined_on_attach_leaves_the_intent_unpaid(stripe_gateway, stripe_server):
    session = start(stripe_gateway)
    stripe_server.pay_intent(session.reference, card="pm_card_visa_chargeDeclined")

    state = stripe_gateway.payment_state(session.reference)

    assert state.status == "requires_payment_method"
    assert state.charge_reference is None


def test_full_and_partial_refunds(stripe_gateway, stripe_server: StripeServer):
    session = start(stripe_gateway, amount=10_000)
    stripe_server.pay_intent(session.reference)
    charge = stripe_gateway.payment_state(session.reference).charge_reference

    part = stripe_gateway.refund(
        charge_reference=session.reference,
        amount=2_500,
        currency="usd",
        idempotency_key="refund:7:1",
    )
    rest = stripe_gateway.refund(
        charge_reference=charge, amount=7_500, currency="usd", idempotency_key="refund:7:2"
    )

    assert part.reference.startswith("re_") and rest.reference != part.reference
    sent = stripe_server.requests_to("POST", "/v1/refunds")
    assert [(r.idempotency_key, r.params) for r in sent] == [
        ("refund:7:1", {"amount": "2500", "payment_intent": session.reference}),
        ("refund:7:2", {"amount": "7500", "charge": charge}),
    ]
    on_stripe = stripe_server.localstripe("GET", f"/v1/charges/{charge}")
    assert on_stripe["amount_refunded"] == 10_000 and on_stripe["refunded"] is True
    refunded = [e for e in stripe_server.events if e["type"] == "charge.refunded"]
    assert [e["data"]["object"]["amount_refunded"] for e in refunded] == [2_500, 10_000]


def test_refund_with_the_same_key_refunds_once(stripe_gateway, stripe_server: StripeServer):
    session = start(stripe_gateway, amount=10_000)
    stripe_server.pay_intent(session.reference)

    first = stripe_gateway.refund(
        charge_reference=session.reference,
        amount=4_000,
        currency="usd",
        idempotency_key="refund:7:1",
    )
    again = stripe_gateway.refund(
        charge_reference=session.reference,
        amount=4_000,
        currency="usd",
        idempotency_key="refund:7:1",
    )

    assert again == first
    listed = stripe_server.localstripe("GET", "/v1/refunds")["data"]
    assert [r["id"] for r in listed] == [first.reference]


def test_same_key_other_params_is_refused(stripe_gateway, stripe_server: StripeServer):
    session = start(stripe_gateway, amount=10_000)
    stripe_server.pay_intent(session.reference)
    stripe_gateway.refund(
        charge_reference=session.reference,
        amount=4_000,
        currency="usd",
        idempotency_key="refund:7:1",
    )

    with pytest.raises(GatewayDeclined) as declined:
        stripe_gateway.refund(
            charge_reference=session.reference,
            amount=5_000,
            currency="usd",
            idempotency_key="refund:7:1",
        )
    assert "same parameters" in declined.value.message


def test_refund_of_an_unpaid_intent_is_declined(stripe_gateway):
    session = start(stripe_gateway)
    with pytest.raises(GatewayDeclined):
        stripe_gateway.refund(
            charge_reference=session.reference, amount=100, currency="usd", idempotency_key="r:1"
        )


def test_cancel_an_unpaid_intent(stripe_gateway, stripe_server: StripeServer):
    session = start(stripe_gateway)

    stripe_gateway.cancel_payment(session.reference, idempotency_key="cancel:7")

    assert stripe_gateway.payment_state(session.reference).status == "canceled"
    [sent] = stripe_server.requests_to("POST", f"/v1/payment_intents/{session.reference}/cancel")
    assert sent.params == {"cancellation_reason": "abandoned"}
    assert sent.stripped == ["cancellation_reason"] and sent.idempotency_key == "cancel:7"


def test_payment_session_returns_the_client_secret(stripe_gateway):
    session = start(stripe_gateway)
    assert stripe_gateway.payment_session(session.reference) == session
