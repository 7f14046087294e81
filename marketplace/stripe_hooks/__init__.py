"""Stripe's webhook endpoints: `/stripe/webhook` (platform) and `/stripe/connect-webhook`.

Each verifies the signature over the raw body with its own secret and Stripe's 5-minute
tolerance (a forged or stale one is a 400 and changes nothing), then hands the event to
`services/payments/webhook_events.receive`. CSRF does not apply: Stripe signs instead.
"""

from __future__ import annotations

import logging
from collections import ChainMap
from collections.abc import Mapping

from flask import Blueprint, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from marketplace.payments import browser_gateway, uses_stripe
from marketplace.payments.gateway import GatewayUnavailable
from marketplace.services.payments import connect_events, funding_events, transfer_events
from marketplace.services.payments.webhook_events import Handler, IncomingEvent, receive

bp = Blueprint("stripe_hooks", __name__)
log = logging.getLogger(__name__)

_ENDPOINTS: dict[str, tuple[str, Mapping[str, Handler]]] = {
    # Transfers are the platform's objects: transfer.reversed reaches the platform endpoint.
    "platform": (
        "STRIPE_WEBHOOK_SECRET",
        ChainMap(funding_events.HANDLERS, transfer_events.HANDLERS),
    ),
    "connect": ("STRIPE_CONNECT_WEBHOOK_SECRET", connect_events.HANDLERS),
}


def _handle(endpoint: str) -> ResponseReturnValue:
    secret_name, handlers = _ENDPOINTS[endpoint]
    secret = current_app.config.get(secret_name, "")
    if not uses_stripe() or not secret:
        abort(404)
    from marketplace.payments.stripe_gateway import SignatureVerificationError

    try:
        event = browser_gateway().verify_event(
            request.get_data(), request.headers.get("Stripe-Signature"), secret
        )
    except (ValueError, SignatureVerificationError) as error:
        log.warning("stripe %s webhook refused: %s", endpoint, error)
        return jsonify(error={"code": "bad_signature", "message": "Invalid signature."}), 400
    try:
        incoming = IncomingEvent(
            id=str(event["id"]),
            type=str(event["type"]),
            endpoint=endpoint,
            account=event.get("account"),
            object=dict(event["data"]["object"]),
            created=int(event.get("created") or 0),
        )
    except (KeyError, TypeError, ValueError) as error:
        log.warning("stripe %s webhook: not an event: %s", endpoint, error)
        return jsonify(error={"code": "bad_event", "message": "Not an event."}), 400
    try:
        outcome = receive(incoming, handlers)
    except GatewayUnavailable:
        log.warning("stripe event %s: Stripe unreachable, asking for a redelivery", incoming.id)
        return jsonify(error={"code": "unavailable", "message": "Try again later."}), 503
    return jsonify(received=True, outcome=outcome), 200


@bp.post("/stripe/webhook")
def platform_webhook() -> ResponseReturnValue:
    return _handle("platform")


@bp.post("/stripe/connect-webhook")
def connect_webhook() -> ResponseReturnValue:
    return _handle("connect")
