"""Funding through the JSON API with Stripe, end to end against localstripe (+ the stand-in).

localstripe holds the PaymentIntents, confirms them (`pay_intent`, as Stripe.js would)
and sends the signed `payment_intent.*` webhooks; the stand-in in front of it records our
requests (idempotency keys, params the shim strips) and makes `charge.refunded` events,
which localstripe does not send.
"""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import LedgerEntry, PaymentAttempt
from marketplace.services.contracts import disputes
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from tests.factories.contracts import make_contract
from tests.stripe_support.events import make_event
from tests.stripe_support.plugin import SECRET_KEY, deliver

PRICE = 300_000


@pytest.fixture
def deal(stripe_app, ctx):
    return make_contract("accepted", price=PRICE)


def _fund(client, deal, headers):
    return client.post(f"/api/v1/contracts/{deal.id}/fund", json={}, headers=headers)


def _status(client, deal, headers) -> str:
    return client.get(f"/api/v1/contracts/{deal.id}", headers=headers).get_json()["status"]


def _entries(deal) -> list[str]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(LedgerEntry.kind)
            .where(LedgerEntry.contract_id == deal.id)
            .order_by(LedgerEntry.id)
        )
    )


def _start(stripe_client, deal, headers) -> str:
    response = _fund(stripe_client, deal, headers)
    assert response.status_code == 202, response.get_json()
    body = response.get_json()
    assert body["status"] == "accepted" and body["payment"]["client_secret"]
    return body["payment"]["intent"]


def test_fund_answers_202_with_the_client_secret_and_a_keyed_intent(
    deal, stripe_client, stripe_server, auth_headers
):
    headers = auth_headers(deal.brand)
    intent = _start(stripe_client, deal, headers)
    [created] = stripe_server.requests_to("POST", "/v1/payment_intents")
    assert created.idempotency_key == f"fund:{deal.id}"
    params = created.params
    assert params["amount"] == str(PRICE) and params["currency"] == "cny"
    assert params["capture_method"] == "automatic"
    assert params["transfer_group"] == f"contract_{deal.id}"
    assert params["metadata"] == {"contract_id": str(deal.id)}
    assert "transfer_group" in created.stripped  # localstripe refuses it; the shim strips it
    again = _fund(stripe_client, deal, headers).get_json()
    assert again["payment"]["intent"] == intent  # a retry is the same PaymentIntent
    assert _status(stripe_client, deal, headers) == "accepted"
    assert _entries(deal) == []


def test_the_kol_cannot_fund(deal, stripe_client, stripe_server, auth_headers):
    response = _fund(stripe_client, deal, auth_headers(deal.kol))
    assert response.status_code == 403
    assert stripe_server.requests_to("POST", "/v1/payment_intents") == []


def test_a_paid_intent_funds_by_the_signed_webhook_once(
    deal, stripe_client, stripe_server, pay_intent, auth_headers
):
    headers = auth_headers(deal.brand)
    intent = _start(stripe_client, deal, headers)
    assert pay_intent(intent)["status"] == "succeeded"
    hook = stripe_server.wait_for_webhook("payment_intent.succeeded", intent)
    first = deliver(stripe_client, hook)
    assert first.status_code == 200 and first.get_json()["outcome"] == "handled"
    repeat = deliver(stripe_client, hook)
    assert repeat.status_code == 200 and repeat.get_json()["outcome"] == "duplicate"
    assert _status(stripe_client, deal, headers) == "funded"
    assert _entries(deal) == ["fund"]
    assert balance(accounts.escrow(deal.id), "cny") == PRICE
    attempt = db.session.scalar(select(PaymentAttempt).where(PaymentAttempt.intent_ref == intent))
    assert attempt is not None and attempt.provider_ref and attempt.provider_ref.startswith("ch_")


def test_a_declined_card_fails_and_the_brand_retries_with_a_new_key(
    deal, stripe_client, stripe_server, pay_intent, auth_headers
):
    headers = auth_headers(deal.brand)
    intent = _start(stripe_client, deal, headers)
    assert pay_intent(intent, "pm_card_chargeCustomerFail")["status"] == "requires_payment_method"
    hook = stripe_server.wait_for_webhook("payment_intent.payment_failed", intent)
    assert deliver(stripe_client, hook).status_code == 200
    assert _status(stripe_client, deal, headers) == "accepted"
    db.session.expire_all()
    failed = db.session.scalar(select(PaymentAttempt).where(PaymentAttempt.intent_ref == intent))
    assert failed is not None and failed.status == "failed" and failed.error_code
    second = _start(stripe_client, deal, headers)
    assert second != intent
    keys = [r.idempotency_key for r in stripe_server.requests_to("POST", "/v1/payment_intents")]
    assert keys == [f"fund:{deal.id}", f"fund:{deal.id}:2"]
    pay_intent(second)
    deliver(stripe_client, stripe_server.wait_for_webhook("payment_intent.succeeded", second))
    assert _status(stripe_client, deal, headers) == "funded"


def test_a_stale_failure_after_success_is_checked_with_stripe(
    deal, stripe_client, stripe_server, pay_intent, send_stripe_event, auth_headers
):
    headers = auth_headers(deal.brand)
    intent = _start(stripe_client, deal, headers)
    stale = stripe_server.localstripe("GET", f"/v1/payment_intents/{intent}")
    pay_intent(intent)
    late = send_stripe_event(stripe_client, make_event("payment_intent.payment_failed", stale))
    assert late.status_code == 200  # fetched again: Stripe says succeeded, so it funds
    assert _status(stripe_client, deal, headers) == "funded"
    hook = stripe_server.wait_for_webhook("payment_intent.succeeded", intent)
    assert deliver(stripe_client, hook).get_json()["outcome"] == "handled"
    assert _entries(deal) == ["fund"]


def test_an_unknown_intent_is_200_and_ignored(stripe_client, send_stripe_event, ctx):
    event = make_event("payment_intent.succeeded", {"id": "pi_unknown", "metadata": {}})
    response = send_stripe_event(stripe_client, event)
    assert response.status_code == 200 and response.get_json()["outcome"] == "ignored"


def _funded(stripe_client, stripe_server, pay_intent, deal, headers) -> str:
    intent = _start(stripe_client, deal, headers)
    pay_intent(intent)
    deliver(stripe_client, stripe_server.wait_for_webhook("payment_intent.succeeded", intent))
    assert _status(stripe_client, deal, headers) == "funded"
    return intent


def _refund_events(stripe_client, stripe_server, send_stripe_event) -> None:
    """Deliver the charge.refunded events the stand-in made (one per refund)."""
    assert [event["type"] for event in stripe_server.events] == ["charge.refunded"]
    for event in stripe_server.events:
        assert send_stripe_event(stripe_client, event).status_code == 200


def test_a_full_refund_on_cancellation_is_booked_once(
    deal, stripe_client, stripe_server, pay_intent, send_stripe_event, auth_headers
):
    brand, kol = auth_headers(deal.brand), auth_headers(deal.kol)
    intent = _funded(stripe_client, stripe_server, pay_intent, deal, brand)
    cancel = f"/api/v1/contracts/{deal.id}/cancel"
    assert (
        stripe_client.post(cancel, json={"reason": "Postponed"}, headers=brand).status_code == 200
    )
    assert stripe_client.post(cancel, json={"reason": "Agreed"}, headers=kol).status_code == 200
    [refund] = stripe_server.requests_to("POST", "/v1/refunds")
    assert refund.params["amount"] == str(PRICE) and refund.idempotency_key
    _refund_events(stripe_client, stripe_server, send_stripe_event)
    assert _entries(deal) == ["fund", "refund"]
    assert balance(accounts.escrow(deal.id), "cny") == 0
    refunded = stripe_server.events[0]["data"]["object"]
    assert refunded["payment_intent"] == intent and refunded["amount_refunded"] == PRICE


def test_a_partial_refund_from_a_dispute_split_is_booked_once(
    deal,
    stripe_app,
    stripe_client,
    stripe_server,
    pay_intent,
    send_stripe_event,
    auth_headers,
    admin,
):
    brand = auth_headers(deal.brand)
    _funded(stripe_client, stripe_server, pay_intent, deal, brand)
    opened = stripe_client.post(
        f"/api/v1/contracts/{deal.id}/dispute", json={"reason": "Late"}, headers=brand
    )
    assert opened.status_code == 201, opened.get_json()
    with stripe_app.test_request_context():
        disputes.resolve_dispute(
            admin, opened.get_json()["id"], kol_amount=200_000, brand_refund=100_000, note="Split"
        )
    [refund] = stripe_server.requests_to("POST", "/v1/refunds")
    assert refund.params["amount"] == "100000"
    _refund_events(stripe_client, stripe_server, send_stripe_event)
    assert _entries(deal) == ["fund", "resolve"]  # the charge.refunded event added nothing
    assert balance(accounts.escrow(deal.id), "cny") == 0
    assert balance(accounts.PLATFORM_LOSSES, "cny") == 0


def test_a_dashboard_refund_reaches_the_ledger(
    deal, stripe_client, stripe_server, pay_intent, send_stripe_event, auth_headers
):
    intent = _funded(stripe_client, stripe_server, pay_intent, deal, auth_headers(deal.brand))
    made = requests.post(
        f"{stripe_server.url}/v1/refunds",
        data={"payment_intent": intent, "amount": 50_000},
        auth=(SECRET_KEY, ""),
        timeout=10,
    )
    assert made.status_code == 200, made.text
    _refund_events(stripe_client, stripe_server, send_stripe_event)
    _refund_events(stripe_client, stripe_server, send_stripe_event)  # delivered twice
    assert balance(accounts.escrow(deal.id), "cny") == PRICE - 50_000
    assert _entries(deal) == ["fund", "refund"]


def test_a_chargeback_freezes_the_contract(
    deal, stripe_client, stripe_server, pay_intent, send_stripe_event, auth_headers
):
    headers = auth_headers(deal.brand)
    intent = _funded(stripe_client, stripe_server, pay_intent, deal, headers)
    db.session.expire_all()
    attempt = db.session.scalar(select(PaymentAttempt).where(PaymentAttempt.intent_ref == intent))
    assert attempt is not None
    dispute = {
        "id": "dp_test_1",
        "object": "dispute",
        "amount": PRICE,
        "currency": "cny",
        "charge": attempt.provider_ref,
        "payment_intent": intent,
        "reason": "fraudulent",
        "status": "needs_response",
    }
    response = send_stripe_event(stripe_client, make_event("charge.dispute.created", dispute))
    assert response.status_code == 200 and response.get_json()["outcome"] == "handled"
    assert _status(stripe_client, deal, headers) == "disputed"
    closed = make_event("charge.dispute.closed", {**dispute, "status": "won"})
    assert send_stripe_event(stripe_client, closed).get_json()["outcome"] == "handled"
    assert balance(accounts.escrow(deal.id), "cny") == PRICE


def test_cancelling_before_payment_cancels_the_intent_at_stripe(
    deal, stripe_client, stripe_server, auth_headers
):
    headers = auth_headers(deal.brand)
    intent = _start(stripe_client, deal, headers)
    cancelled = stripe_client.post(
        f"/api/v1/contracts/{deal.id}/cancel", json={"reason": "Postponed"}, headers=headers
    )
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    [cancel] = stripe_server.requests_to("POST", f"/v1/payment_intents/{intent}/cancel")
    assert cancel.idempotency_key == f"cancel:{intent}"
    assert stripe_server.localstripe("GET", f"/v1/payment_intents/{intent}")["status"] == "canceled"
    db.session.expire_all()
    attempt = db.session.scalar(select(PaymentAttempt).where(PaymentAttempt.intent_ref == intent))
    assert attempt is not None and attempt.status == "failed"
    assert _entries(deal) == []
