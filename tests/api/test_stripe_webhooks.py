"""The webhook endpoints refuse what Stripe did not sign: forged, stale, wrong secret.

Events are signed here with stripe-python's `WebhookSignature.generate_signature_header`
(the scheme `construct_event` verifies); the app runs with PAYMENTS_PROVIDER=stripe
against the stand-in. A refused event must leave no trace (no WebhookEvent row).
"""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import WebhookEvent
from marketplace.services.payments import connect_events, funding_events
from tests.stripe_support.events import make_event, signature_header
from tests.stripe_support.plugin import CONNECT_WEBHOOK_SECRET, WEBHOOK_SECRET, post_event

pytestmark = pytest.mark.stripe


def recorded(stripe_app) -> int:
    with stripe_app.app_context():
        return db.session.scalar(select(func.count()).select_from(WebhookEvent)) or 0


def payment_event(**kwargs):
    return make_event(
        "test.payment.updated", {"id": "pi_nothing", "object": "payment_intent"}, **kwargs
    )


def test_signed_event_is_accepted_and_remembered(stripe_client, stripe_app, send_stripe_event):
    event = payment_event()

    response = send_stripe_event(stripe_client, event)

    assert response.status_code == 200
    assert response.json == {"received": True, "outcome": "ignored"}
    with stripe_app.app_context():
        row = db.session.scalars(select(WebhookEvent)).one()
        assert (row.event_id, row.endpoint, row.type) == (event["id"], "platform", event["type"])
        assert (row.object_id, row.outcome, row.account) == ("pi_nothing", "ignored", None)


def test_connect_event_records_its_account(stripe_client, stripe_app, send_stripe_event):
    event = make_event("test.account.touched", {"id": "acct_1"}, account="acct_1")

    assert send_stripe_event(stripe_client, event, "connect").status_code == 200

    with stripe_app.app_context():
        row = db.session.scalars(select(WebhookEvent)).one()
        assert (row.endpoint, row.account) == ("connect", "acct_1")


@pytest.mark.parametrize(
    "signature",
    [
        None,  # signed below with a wrong secret
        "",
        "t=123",
        "garbage",
    ],
)
def test_forged_signature_is_refused(monkeypatch, stripe_client, stripe_app, signature):
    called: list[str] = []
    monkeypatch.setitem(
        funding_events.HANDLERS, "test.payment.updated", lambda e: called.append(e.id) or "handled"
    )
    payload = json.dumps(payment_event()).encode()
    header = signature if signature is not None else signature_header(payload, "whsec_forged")

    response = post_event(stripe_client, payload, signature=header or " ")

    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_signature"
    assert recorded(stripe_app) == 0 and called == []


def test_body_changed_after_signing_is_refused(stripe_client, stripe_app):
    payload = json.dumps(payment_event()).encode()
    header = signature_header(payload, WEBHOOK_SECRET)
    tampered = payload.replace(b"pi_nothing", b"pi_somethin")

    assert post_event(stripe_client, tampered, signature=header).status_code == 400
    assert recorded(stripe_app) == 0


def test_stale_signature_is_refused(stripe_client, stripe_app, send_stripe_event):
    old = int(time.time()) - 301

    response = send_stripe_event(stripe_client, payment_event(created=old), timestamp=old)

    assert response.status_code == 400
    assert recorded(stripe_app) == 0


def test_signature_within_five_minutes_is_accepted(stripe_client, send_stripe_event):
    recent = int(time.time()) - 240
    assert send_stripe_event(stripe_client, payment_event(), timestamp=recent).status_code == 200


@pytest.mark.parametrize(
    ("endpoint", "secret"),
    [("platform", CONNECT_WEBHOOK_SECRET), ("connect", WEBHOOK_SECRET)],
)
def test_the_other_endpoints_secret_is_refused(stripe_client, stripe_app, endpoint, secret):
    response = post_event(stripe_client, payment_event(), endpoint, secret=secret)

    assert response.status_code == 400
    assert recorded(stripe_app) == 0


def test_signed_body_that_is_not_an_event_is_refused(stripe_client, stripe_app, send_stripe_event):
    for body in (b"not json", b'{"id": "evt_1", "type": "x"}', b"[]"):
        response = send_stripe_event(stripe_client, body)
        assert response.status_code == 400, body
    assert recorded(stripe_app) == 0


@pytest.mark.parametrize("endpoint", ["platform", "connect"])
def test_endpoints_are_404_outside_stripe_mode(stripe_app, endpoint, send_stripe_event):
    stripe_app.config["PAYMENTS_PROVIDER"] = "sandbox"

    response = send_stripe_event(stripe_app.test_client(), payment_event(), endpoint)

    assert response.status_code == 404
    assert recorded(stripe_app) == 0


def test_endpoint_without_its_secret_is_404(stripe_app, send_stripe_event):
    stripe_app.config["STRIPE_CONNECT_WEBHOOK_SECRET"] = ""

    response = send_stripe_event(stripe_app.test_client(), payment_event(), "connect")

    assert response.status_code == 404


def test_the_sandbox_app_has_no_stripe_endpoints(client, send_stripe_event):
    assert send_stripe_event(client, payment_event()).status_code == 404


def test_get_is_not_allowed(stripe_client):
    assert stripe_client.get("/stripe/webhook").status_code == 405


def test_endpoints_hand_events_to_their_own_handlers(monkeypatch, stripe_client, send_stripe_event):
    seen: list[str] = []
    monkeypatch.setitem(
        funding_events.HANDLERS, "test.only", lambda e: seen.append("platform") or "handled"
    )
    monkeypatch.setitem(
        connect_events.HANDLERS, "test.only", lambda e: seen.append("connect") or "handled"
    )

    send_stripe_event(stripe_client, make_event("test.only", {"id": "x"}), "connect")
    send_stripe_event(stripe_client, make_event("test.only", {"id": "y"}), "platform")

    assert seen == ["connect", "platform"]
