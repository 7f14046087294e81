"""The Stripe test support itself: the pieces other tests rely on behave as documented."""

from __future__ import annotations

import requests

from marketplace.payments import uses_stripe
from tests import factories
from tests.stripe_support.forms import unflatten
from tests.stripe_support.plugin import SECRET_KEY, StripeServer


def test_unflatten_reads_stripes_form_encoding():
    form = [
        ("amount", "5"),
        ("metadata[contract_id]", "7"),
        ("items[1][x]", "b"),
        ("items[0][x]", "a"),
    ]
    assert unflatten(form) == {
        "amount": "5",
        "metadata": {"contract_id": "7"},
        "items": [{"x": "a"}, {"x": "b"}],
    }


def post(server: StripeServer, path: str, data: dict, **headers: str) -> requests.Response:
    return requests.post(
        server.url + path, data=data, auth=(SECRET_KEY, ""), headers=headers, timeout=10
    )


def test_idempotency_keys_are_scoped_per_account(stripe_server: StripeServer):
    account = post(stripe_server, "/v1/accounts", {"type": "express"}).json()["id"]

    platform = post(stripe_server, "/v1/customers", {"email": "a@x.io"}, **{"Idempotency-Key": "k"})
    replay = post(stripe_server, "/v1/customers", {"email": "a@x.io"}, **{"Idempotency-Key": "k"})
    other = post(
        stripe_server,
        "/v1/customers",
        {"email": "a@x.io"},
        **{"Idempotency-Key": "k", "Stripe-Account": account},
    )

    assert replay.json() == platform.json() and replay.headers["Idempotent-Replayed"] == "true"
    assert other.json()["id"] != platform.json()["id"]


def test_validation_errors_are_not_remembered(stripe_server: StripeServer):
    key = {"Idempotency-Key": "t"}
    refused = post(stripe_server, "/v1/transfers", {"amount": "5", "currency": "usd"}, **key)
    account = post(stripe_server, "/v1/accounts", {"type": "express"}).json()["id"]

    ok = post(
        stripe_server,
        "/v1/transfers",
        {"amount": "5", "currency": "usd", "destination": account},
        **key,
    )

    assert refused.status_code == 400 and ok.status_code == 200


def test_injected_failures_hit_only_matching_requests(stripe_server: StripeServer):
    stripe_server.fail_next("500", path="/v1/transfers")

    assert post(stripe_server, "/v1/accounts", {"type": "express"}).status_code == 200
    failed = post(stripe_server, "/v1/transfers", {})
    assert failed.status_code == 500 and failed.json()["error"]["type"] == "api_error"
    assert post(stripe_server, "/v1/transfers", {}).status_code == 400  # back to normal


def test_stripe_ctx_is_the_stripe_app(stripe_ctx):
    assert uses_stripe()
    assert factories.make_brand().id is not None


def test_stripe_fixtures_are_marked(request, stripe_server):
    assert request.node.get_closest_marker("stripe") is not None


def test_reversal_makes_a_transfer_reversed_event(stripe_gateway, stripe_server: StripeServer):
    account = post(stripe_server, "/v1/accounts", {"type": "express"}).json()["id"]
    transfer = stripe_gateway.transfer(
        destination=account, amount=900, currency="usd", idempotency_key="release:1"
    )

    stripe_gateway.reverse_transfer(
        transfer_reference=transfer.reference, amount=400, idempotency_key="reverse:1"
    )

    [event] = stripe_server.events
    assert event["type"] == "transfer.reversed"
    assert event["data"]["object"]["id"] == transfer.reference
    assert event["data"]["object"]["amount_reversed"] == 400


def test_dashboard_refund_and_dispute_events(stripe_gateway, stripe_server: StripeServer):
    session = stripe_gateway.start_payment(
        amount=3_000, currency="usd", contract_id=4, idempotency_key="fund:4", description="c"
    )
    stripe_server.pay_intent(session.reference)
    charge = stripe_gateway.payment_state(session.reference).charge_reference
    assert charge

    refunded = stripe_server.dashboard_refund(charge, 1_000)
    opened = stripe_server.dispute_event(charge)
    closed = stripe_server.dispute_event(
        charge, "charge.dispute.closed", "won", dispute_id=opened["data"]["object"]["id"]
    )

    assert refunded["type"] == "charge.refunded"
    assert refunded["data"]["object"]["amount_refunded"] == 1_000
    assert stripe_server.requests_to("POST", "/v1/refunds") == []  # not through the app
    assert opened["data"]["object"]["payment_intent"] == session.reference
    assert (closed["type"], closed["data"]["object"]["status"]) == ("charge.dispute.closed", "won")
