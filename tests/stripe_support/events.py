"""Stripe events built and signed the way Stripe does, for sending to our endpoints.

`make_event` shapes an event like Stripe's (https://docs.stripe.com/api/events/object);
`signature_header` signs it with stripe-python's own `WebhookSignature` helper, i.e. the
scheme `construct_event` verifies (HMAC-SHA256 of "<timestamp>.<raw body>").
"""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

import stripe

API_VERSION = "2024-06-20"


def make_event(
    type: str,
    obj: dict[str, Any],
    *,
    account: str | None = None,
    id: str | None = None,
    created: int | None = None,
    previous_attributes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An event about `obj`; `account` marks it as a Connect event from that account."""
    data: dict[str, Any] = {"object": obj}
    if previous_attributes is not None:
        data["previous_attributes"] = previous_attributes
    event: dict[str, Any] = {
        "id": id or f"evt_{secrets.token_hex(12)}",
        "object": "event",
        "api_version": API_VERSION,
        "created": created if created is not None else int(time.time()),
        "data": data,
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": type,
    }
    if account is not None:
        event["account"] = account
    return event


def signature_header(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """The `Stripe-Signature` header Stripe would send for `payload` at `timestamp`."""
    return stripe.WebhookSignature.generate_signature_header(
        payload.decode(), secret, timestamp=int(time.time()) if timestamp is None else timestamp
    )


def encode(event: dict[str, Any]) -> bytes:
    return json.dumps(event, indent=2, sort_keys=True).encode()
