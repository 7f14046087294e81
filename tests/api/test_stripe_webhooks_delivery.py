"""Webhook delivery end to end: localstripe's own signed events, duplicates, order, outages.

The payment events here are the ones localstripe itself signs and sends (it posts them to
the stand-in, which keeps the raw body and signature; `deliver` replays them byte for
byte to our endpoint). The handler is a test-only one (tests/stripe_support/handlers.py)
that follows webhook_events' rules, so these tests hold whatever the real handlers do.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import WebhookEvent
from marketplace.payments import browser_gateway
from marketplace.services.payments import funding_events, webhook_events
from tests.stripe_support.events import make_event
from tests.stripe_support.handlers import RefetchingHandler
from tests.stripe_support.plugin import StripeServer, deliver

pytestmark = pytest.mark.stripe
PAYMENT_EVENTS = ("payment_intent.succeeded", "payment_intent.payment_failed")


@pytest.fixture
def handler(monkeypatch) -> RefetchingHandler:
    handler = RefetchingHandler()
    for type in PAYMENT_EVENTS:
        monkeypatch.setitem(funding_events.HANDLERS, type, handler)
    return handler


@pytest.fixture
def intent(stripe_app, handler: RefetchingHandler) -> str:
    with stripe_app.app_context():
        session = browser_gateway().start_payment(
            amount=5_000, currency="usd", contract_id=11, idempotency_key="fund:11", description="c"
        )
    handler.known.add(session.reference)
    return session.reference


@pytest.fixture
def webhook_log(monkeypatch, caplog) -> pytest.LogCaptureFixture:
    """What webhook_events logs. Alembic's fileConfig (run by `upgrade()` in the session
    fixture) disables loggers that already exist, this one included; undo that here."""
    monkeypatch.setattr(logging.getLogger(webhook_events.__name__), "disabled", False)
    caplog.set_level(logging.INFO, logger=webhook_events.__name__)
    return caplog


def rows(stripe_app) -> list[tuple[str, str]]:
    with stripe_app.app_context():
        found = db.session.scalars(select(WebhookEvent).order_by(WebhookEvent.id))
        return [(row.event_id, row.outcome) for row in found]


def test_localstripes_signed_success_is_handled_once(
    stripe_app, stripe_client, stripe_server: StripeServer, handler, intent
):
    stripe_server.pay_intent(intent)
    hook = stripe_server.wait_for_webhook("payment_intent.succeeded", intent)

    first = deliver(stripe_client, hook)
    again = deliver(stripe_client, hook)

    assert (first.status_code, first.json["outcome"]) == (200, "handled")
    assert (again.status_code, again.json["outcome"]) == (200, "duplicate")
    assert handler.effects == [(hook.event["id"], "succeeded")]
    assert rows(stripe_app) == [(hook.event["id"], "handled")]


def test_localstripes_signed_decline_is_handled(stripe_client, stripe_server, handler, intent):
    stripe_server.pay_intent(intent, card="pm_card_chargeCustomerFail")
    hook = stripe_server.wait_for_webhook("payment_intent.payment_failed", intent)

    assert deliver(stripe_client, hook).json["outcome"] == "handled"
    assert handler.effects == [(hook.event["id"], "requires_payment_method")]


def test_late_failure_after_success_reads_the_current_state(
    stripe_app, stripe_client, stripe_server: StripeServer, send_stripe_event, handler, intent
):
    # localstripe cannot retry a declined PaymentIntent, so the earlier attempt's failure
    # event is built here (signed by the test), and arrives after localstripe's success.
    stripe_server.pay_intent(intent)
    succeeded = stripe_server.wait_for_webhook("payment_intent.succeeded", intent)
    stale = dict(succeeded.event["data"]["object"], status="requires_payment_method")
    failed = make_event(
        "payment_intent.payment_failed", stale, created=succeeded.event["created"] - 30
    )

    assert deliver(stripe_client, succeeded).status_code == 200
    assert send_stripe_event(stripe_client, failed).status_code == 200

    # Both handled once, and the late failure acted on the state fetched, not its own.
    assert handler.effects == [
        (succeeded.event["id"], "succeeded"),
        (failed["id"], "succeeded"),
    ]
    assert len(rows(stripe_app)) == 2


def test_event_about_an_unknown_object_is_ignored_and_logged(
    stripe_app, stripe_client, send_stripe_event, handler, webhook_log
):
    event = make_event(
        "payment_intent.succeeded", {"id": "pi_elsewhere", "object": "payment_intent"}
    )

    response = send_stripe_event(stripe_client, event)

    assert (response.status_code, response.json["outcome"]) == (200, "ignored")
    assert handler.effects == []
    assert rows(stripe_app) == [(event["id"], "ignored")]
    assert f"stripe event {event['id']} (payment_intent.succeeded) ignored" in webhook_log.text
    assert "pi_elsewhere" in webhook_log.text


def test_event_of_an_unhandled_type_is_ignored_and_logged(
    stripe_app, stripe_client, send_stripe_event, webhook_log
):
    event = make_event("customer.created", {"id": "cus_1", "object": "customer"})

    response = send_stripe_event(stripe_client, event)

    assert (response.status_code, response.json["outcome"]) == (200, "ignored")
    assert "no handler for this type" in webhook_log.text
    assert send_stripe_event(stripe_client, event).json["outcome"] == "duplicate"


def test_stripe_unreachable_while_handling_asks_for_redelivery(
    stripe_app, stripe_client, stripe_server: StripeServer, handler, intent
):
    stripe_server.pay_intent(intent)
    hook = stripe_server.wait_for_webhook("payment_intent.succeeded", intent)
    stripe_server.fail_next("500", times=3, method="GET", path="/v1/payment_intents")

    refused = deliver(stripe_client, hook)

    assert refused.status_code == 503
    assert rows(stripe_app) == [] and handler.effects == []
    redelivered = deliver(stripe_client, hook)
    assert (redelivered.status_code, redelivered.json["outcome"]) == (200, "handled")
    assert handler.effects == [(hook.event["id"], "succeeded")]


def test_concurrent_duplicate_loses_the_race_quietly(
    monkeypatch, stripe_app, stripe_client, send_stripe_event
):
    event = make_event("customer.created", {"id": "cus_1", "object": "customer"})
    assert send_stripe_event(stripe_client, event).json["outcome"] == "ignored"
    answers = iter([False])  # the second delivery checked before the first one committed
    real = webhook_events.already_seen
    monkeypatch.setattr(webhook_events, "already_seen", lambda i: next(answers, None) or real(i))

    response = send_stripe_event(stripe_client, event)

    assert (response.status_code, response.json["outcome"]) == (200, "duplicate")
    assert rows(stripe_app) == [(event["id"], "ignored")]


def test_refund_event_from_the_stand_in_is_accepted(
    stripe_app, stripe_client, stripe_server: StripeServer, send_stripe_event, intent
):
    stripe_server.pay_intent(intent)
    with stripe_app.app_context():
        browser_gateway().refund(
            charge_reference=intent, amount=1_000, currency="usd", idempotency_key="refund:11:1"
        )
    [refunded] = stripe_server.events

    response = send_stripe_event(stripe_client, refunded)

    assert refunded["type"] == "charge.refunded"
    assert refunded["data"]["object"]["payment_intent"] == intent
    assert response.status_code == 200
