"""POST /api/v1/admin/contracts/{id}/refund: money back after release, by transfer reversal.

Reversals and connected balances are the stand-in's model of Stripe; the brand's refund
goes through to localstripe.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from marketplace.services.accounts import users
from marketplace.services.payments.connect_accounts import account_of
from tests.factories import make_admin
from tests.factories.stripe import make_stripe_contract


@pytest.fixture
def sctx(stripe_app: Flask) -> Iterator[None]:
    with stripe_app.test_request_context():
        yield


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {users.issue_token(user)}"}


def refund(client, contract_id: int, headers: dict[str, str], **body):
    return client.post(f"/api/v1/admin/contracts/{contract_id}/refund", json=body, headers=headers)


def test_admin_reverses_and_refunds(stripe_server, stripe_client, sctx) -> None:
    deal = make_stripe_contract(stripe_server)
    response = refund(stripe_client, deal.id, bearer(make_admin()), amount=5_000, reason="Deleted")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["amount"], body["currency"], body["status"]) == (5_000, "usd", "succeeded")
    assert stripe_server.balance(account_of(deal.kol.id).reference) == 40_000


def test_refusals_use_the_api_error_format(stripe_server, stripe_client, sctx) -> None:
    deal = make_stripe_contract(stripe_server)
    admin = bearer(make_admin())
    too_much = refund(stripe_client, deal.id, admin, amount=45_001, reason="All")
    assert too_much.status_code == 400
    assert "amount" in too_much.get_json()["error"]["fields"]
    no_reason = refund(stripe_client, deal.id, admin, amount=100)
    assert no_reason.status_code == 400 and "reason" in no_reason.get_json()["error"]["fields"]
    assert refund(stripe_client, 999_999, admin, amount=100, reason="x").status_code == 404
    stripe_server.payout_event(account_of(deal.kol.id).reference, 44_000)
    uncovered = refund(stripe_client, deal.id, admin, amount=5_000, reason="Late")
    assert uncovered.status_code == 409
    assert "covers only $10" in uncovered.get_json()["error"]["message"]


def test_other_roles_may_not(stripe_server, stripe_client, sctx) -> None:
    deal = make_stripe_contract(stripe_server)
    for user in (deal.brand, deal.kol):
        response = refund(stripe_client, deal.id, bearer(user), amount=100, reason="Mine")
        assert response.status_code == 404  # admin endpoints hide from everyone else
    assert stripe_server.requests_to("POST", "/v1/transfers/") == []
