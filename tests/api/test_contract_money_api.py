"""JSON API: a KOL's earnings and payouts, and the ledger's balances for admins."""

from __future__ import annotations

from tests import factories
from tests.api.contract import response_errors
from tests.factories.contracts import make_contract

NET = 270_000  # of a 3,000.00 yuan contract, after the 10% fee


def _earnings(client, headers):
    response = client.get("/api/v1/kol/earnings", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["balances"]


def test_earnings_follow_the_contracts_and_payouts(client, auth_headers):
    deal = make_contract("completed")
    make_contract("funded", kol=deal.kol, listing=deal.listing)
    headers = auth_headers(deal.kol)
    assert _earnings(client, headers) == {
        "cny": {
            "in_escrow": NET,
            "available": NET,
            "pending_payout": 0,
            "paid_out": 0,
            "commission_held": 0,
            "commission_settled": 0,
        }
    }
    response = client.post(
        "/api/v1/kol/payouts", json={"amount": 100_000, "currency": "cny"}, headers=headers
    )
    assert response.status_code == 201, response.get_json()
    payout = response.get_json()
    assert (payout["amount"], payout["currency"], payout["status"]) == (100_000, "cny", "paid")
    assert _earnings(client, headers)["cny"] == {
        "in_escrow": NET,
        "available": NET - 100_000,
        "pending_payout": 0,
        "paid_out": 100_000,
        "commission_held": 0,
        "commission_settled": 0,
    }
    listed = client.get("/api/v1/kol/payouts", headers=headers).get_json()
    assert [p["id"] for p in listed["items"]] == [payout["id"]] and listed["total"] == 1


def test_payout_above_the_available_balance_is_409_and_changes_nothing(client, auth_headers):
    deal = make_contract("completed")
    headers = auth_headers(deal.kol)
    before = _earnings(client, headers)
    response = client.post(
        "/api/v1/kol/payouts", json={"amount": NET + 1, "currency": "cny"}, headers=headers
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "conflict"
    assert _earnings(client, headers) == before
    usd = client.post("/api/v1/kol/payouts", json={"amount": 1, "currency": "usd"}, headers=headers)
    assert usd.status_code == 409


def test_payout_input_is_checked(client, kol, auth_headers):
    headers = auth_headers(kol)
    for body, field in (
        ({"amount": 0, "currency": "cny"}, "amount"),
        ({"amount": "ten", "currency": "cny"}, "amount"),
        ({"amount": 10**30, "currency": "cny"}, "amount"),
        ({"amount": 100, "currency": "eur"}, "currency"),
        ({"amount": 100}, "currency"),
    ):
        response = client.post("/api/v1/kol/payouts", json=body, headers=headers)
        assert response.status_code == 400, body
        assert field in response.get_json()["error"].get("fields", {}), body
    assert _earnings(client, headers) == {}


def test_kol_money_is_for_kols(client, brand, admin, auth_headers):
    for user in (brand, admin):
        assert client.get("/api/v1/kol/earnings", headers=auth_headers(user)).status_code == 403
        response = client.post(
            "/api/v1/kol/payouts",
            json={"amount": 1, "currency": "cny"},
            headers=auth_headers(user),
        )
        assert response.status_code == 403
    assert client.get("/api/v1/kol/earnings").status_code == 401


def test_admin_sees_every_balance_and_zero_totals(client, auth_headers):
    deal = make_contract("completed")
    held = make_contract("funded")
    response = client.get(
        "/api/v1/admin/ledger/balances", headers=auth_headers(factories.make_admin())
    )
    assert response.status_code == 200
    data = response.get_json()
    balances = {(row["account"], row["currency"]): row["balance"] for row in data["accounts"]}
    assert balances[(f"kol:{deal.kol.id}:available", "cny")] == NET
    assert balances[(f"escrow:contract:{held.id}", "cny")] == 300_000
    assert balances[("platform:fees", "cny")] >= 30_000
    assert data["totals"] == {"cny": 0}
    assert sum(balances.values()) == 0


def test_ledger_balances_are_for_admins(client, auth_headers):
    deal = make_contract("completed")
    for user in (deal.brand, deal.kol):
        response = client.get("/api/v1/admin/ledger/balances", headers=auth_headers(user))
        assert response.status_code == 404  # admin-only: everyone else is told nothing exists
    assert client.get("/api/v1/admin/ledger/balances").status_code == 404


def test_money_answers_match_their_documented_schemas(client, auth_headers):
    spec = client.get("/api/v1/openapi.json").get_json()
    deal = make_contract("completed")
    kol_headers = auth_headers(deal.kol)
    answers = [
        ("get", "/kol/earnings", client.get("/api/v1/kol/earnings", headers=kol_headers)),
        (
            "post",
            "/kol/payouts",
            client.post(
                "/api/v1/kol/payouts",
                json={"amount": 5_000, "currency": "cny"},
                headers=kol_headers,
            ),
        ),
        ("get", "/kol/payouts", client.get("/api/v1/kol/payouts", headers=kol_headers)),
        (
            "get",
            "/admin/ledger/balances",
            client.get(
                "/api/v1/admin/ledger/balances", headers=auth_headers(factories.make_admin())
            ),
        ),
    ]
    for method, path, response in answers:
        assert response.status_code in (200, 201), (path, response.get_json())
        errors = response_errors(spec, method, path, response.status_code, response.get_json())
        assert errors == [], (path, errors)
