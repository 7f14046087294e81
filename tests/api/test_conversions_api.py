"""POST /api/v1/conversions and /refund: bearer or HMAC-signed, idempotent, never overbooked."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest

from marketplace.models import Conversion, SignedRequest
from marketplace.models.base import utcnow
from marketplace.services.campaigns import postback_auth
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from tests.factories import make_brand, make_kol
from tests.factories.sales import make_commission_deal, make_conversion, sale_payload


def _held(deal) -> int:
    return balance(accounts.commission_held(deal.id), deal.contract.currency)


def _signed_headers(brand_id: int, secret: str, body: bytes, timestamp: int | None = None):
    sent = int(time.time()) if timestamp is None else timestamp
    return {
        "Content-Type": "application/json",
        "X-Kol-Brand": str(brand_id),
        "X-Kol-Timestamp": str(sent),
        "X-Kol-Signature": postback_auth.sign(secret, sent, body),
    }


def test_a_sale_is_201_an_identical_repeat_200_and_other_content_409(client, auth_headers, ctx):
    deal = make_commission_deal(bps=1000)
    headers = auth_headers(deal.brand)
    body = sale_payload(deal, amount=25_000, order_id="TB-77")
    first = client.post("/api/v1/conversions", json=body, headers=headers)
    assert first.status_code == 201, first.get_json()
    answer = first.get_json()
    assert (answer["order_id"], answer["commission"], answer["status"]) == ("TB-77", 2_500, "held")
    assert answer["source"] == "api" and answer["contract_id"] == deal.id
    again = client.post("/api/v1/conversions", json=body, headers=headers)
    assert again.status_code == 200 and again.get_json()["id"] == answer["id"]
    other = client.post("/api/v1/conversions", json={**body, "amount": 1}, headers=headers)
    assert other.status_code == 409 and other.get_json()["error"]["code"] == "conflict"
    assert Conversion.query.count() == 1 and _held(deal) == 2_500


def test_another_brands_bearer_gets_404_for_the_link_and_a_kol_403(client, auth_headers, ctx):
    deal = make_commission_deal()
    body = sale_payload(deal)
    stranger = client.post("/api/v1/conversions", json=body, headers=auth_headers(make_brand()))
    assert stranger.status_code == 404
    kol = client.post("/api/v1/conversions", json=body, headers=auth_headers(make_kol()))
    assert kol.status_code == 403
    unknown = client.post(
        "/api/v1/conversions",
        json={**body, "link_code": "nosuch"},
        headers=auth_headers(deal.brand),
    )
    assert unknown.status_code == 404
    assert client.post("/api/v1/conversions", json=body).status_code == 401
    assert Conversion.query.count() == 0


@pytest.mark.parametrize(
    "field, value",
    [
        ("currency", "usd"),
        ("amount", "NaN"),
        ("amount", True),
        ("amount", "１２３"),
        ("amount", 2**62),
        ("ordered_at", "2026-13-01T00:00:00"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, auth_headers, ctx, field, value):
    deal = make_commission_deal()
    body = {**sale_payload(deal), field: value}
    response = client.post("/api/v1/conversions", json=body, headers=auth_headers(deal.brand))
    assert response.status_code == 400
    assert field in response.get_json()["error"]["fields"]
    assert Conversion.query.count() == 0


def test_a_signed_postback_books_and_its_replay_is_409(client, ctx):
    deal = make_commission_deal(bps=1000)
    secret = postback_auth.rotate_secret(deal.brand).secret
    body = json.dumps(sale_payload(deal, amount=10_000)).encode()
    headers = _signed_headers(deal.brand.id, secret, body)
    first = client.post("/api/v1/conversions", data=body, headers=headers)
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["source"] == "signed"
    replay = client.post("/api/v1/conversions", data=body, headers=headers)
    assert replay.status_code == 409
    assert Conversion.query.count() == 1 and _held(deal) == 1_000


def test_forged_stale_and_future_signatures_are_401_and_book_nothing(client, app, ctx):
    deal = make_commission_deal()
    secret = postback_auth.rotate_secret(deal.brand).secret
    body = json.dumps(sale_payload(deal)).encode()
    tolerance = app.config["POSTBACK_TOLERANCE_S"]
    attempts = [
        _signed_headers(deal.brand.id, "not-the-secret", body),
        _signed_headers(deal.brand.id, secret, body, int(time.time()) - tolerance - 60),
        _signed_headers(deal.brand.id, secret, body, int(time.time()) + tolerance + 60),
        _signed_headers(make_brand().id, secret, body),
        {**_signed_headers(deal.brand.id, secret, body), "X-Kol-Brand": "x"},
    ]
    tampered = body.replace(b'"amount": 10000', b'"amount": 99999')
    assert tampered != body
    for headers in attempts:
        response = client.post("/api/v1/conversions", data=body, headers=headers)
        assert response.status_code == 401, headers
    signed = _signed_headers(deal.brand.id, secret, body)
    assert client.post("/api/v1/conversions", data=tampered, headers=signed).status_code == 401
    assert Conversion.query.count() == 0 and SignedRequest.query.count() == 0


def test_a_rotated_secret_keeps_signing_through_the_grace_period(client, ctx):
    deal = make_commission_deal()
    old = postback_auth.rotate_secret(deal.brand).secret
    new = postback_auth.rotate_secret(deal.brand).secret
    for secret in (old, new):
        body = json.dumps(sale_payload(deal)).encode()
        headers = _signed_headers(deal.brand.id, secret, body)
        assert client.post("/api/v1/conversions", data=body, headers=headers).status_code == 201


def test_a_refund_within_the_hold_cancels_commission_and_above_what_remains_is_400(
    client, auth_headers, ctx
):
    deal = make_commission_deal(bps=1000)
    conversion = make_conversion(deal, amount=10_000)
    url = f"/api/v1/conversions/{conversion.order_id}/refund"
    headers = auth_headers(deal.brand)
    part = client.post(url, json={"amount": 4_000}, headers=headers)
    assert part.status_code == 200, part.get_json()
    assert part.get_json()["refunded"] == 4_000
    assert part.get_json()["commission_left"] == 600 and _held(deal) == 600
    too_much = client.post(url, json={"amount": 6_001}, headers=headers)
    assert too_much.status_code == 400
    assert too_much.get_json()["error"]["fields"]["amount"] == [
        "Must be at most CN¥60, what remains of the order."
    ]
    rest = client.post(url, json={"amount": 6_000}, headers=headers)
    assert rest.get_json()["status"] == "cancelled" and _held(deal) == 0
    missing = client.post("/api/v1/conversions/nope/refund", json={"amount": 1}, headers=headers)
    assert missing.status_code == 404


def test_a_refund_of_another_brands_order_is_404(client, auth_headers, ctx):
    deal = make_commission_deal()
    conversion = make_conversion(deal)
    response = client.post(
        f"/api/v1/conversions/{conversion.order_id}/refund",
        json={"amount": 1},
        headers=auth_headers(make_brand()),
    )
    assert response.status_code == 404 and conversion.refunded == 0


def test_signatures_too_old_to_replay_are_forgotten(client, app, ctx):
    deal = make_commission_deal()
    secret = postback_auth.rotate_secret(deal.brand).secret
    body = json.dumps(sale_payload(deal)).encode()
    client.post(
        "/api/v1/conversions", data=body, headers=_signed_headers(deal.brand.id, secret, body)
    )
    tolerance = timedelta(seconds=app.config["POSTBACK_TOLERANCE_S"])
    assert postback_auth.prune_signed_requests(utcnow() + tolerance) == 0
    assert postback_auth.prune_signed_requests(utcnow() + 3 * tolerance) == 1
    assert SignedRequest.query.count() == 0
