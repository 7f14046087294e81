"""JSON API: who may do what to a contract, and illegal moves that change nothing.

The permission walk takes every action on a contract in the status where the action is
legal and calls it as every role: the party it belongs to succeeds, the other party is
refused (403 when the action is never theirs, 409 when it is not their turn) unless it is
theirs too, an admin 403, a stranger brand or KOL 404, and anyone without a token 401.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests import factories
from tests.factories.contracts import POST_URL, make_contract

BODIES: dict[str, dict[str, Any] | None] = {
    "accept": None,
    "counter": {"price": 310_000, "message": "A little more"},
    "decline": {"reason": "Not my audience"},
    "withdraw": None,
    "fund": {"payment_method": "pm_card_visa"},
    "submit": {"post_url": POST_URL, "notes": "Posted"},
    "request-revision": {"message": "Please tag the brand"},
    "approve": None,
    "cancel": {"reason": "Plans changed"},
    "dispute": {"reason": "Nothing was posted", "category": "not_delivered"},
}
# What each party may do in each status (statuses not listed: nothing).
LEGAL: dict[str, dict[str, tuple[str, ...]]] = {
    "offered": {"brand": ("withdraw",), "kol": ("accept", "counter", "decline")},
    "accepted": {"brand": ("fund", "cancel"), "kol": ("cancel",)},
    "funded": {"brand": ("cancel", "dispute"), "kol": ("submit", "cancel", "dispute")},
    "submitted": {
        "brand": ("request-revision", "approve", "cancel", "dispute"),
        "kol": ("cancel", "dispute"),
    },
    "revision_requested": {"brand": ("cancel", "dispute"), "kol": ("submit", "cancel", "dispute")},
}
# Actions a party never has, in any status: refused for the kind of account (403).
NEVER = {"brand": {"submit"}, "kol": {"withdraw", "fund", "request-revision", "approve"}}
SUCCESS = {"dispute": 201}
# (action, the status where it is legal, the party it belongs to)
WALK = [
    ("accept", "offered", "kol"),
    ("counter", "offered", "kol"),
    ("decline", "offered", "kol"),
    ("withdraw", "offered", "brand"),
    ("fund", "accepted", "brand"),
    ("submit", "funded", "kol"),
    ("request-revision", "submitted", "brand"),
    ("approve", "submitted", "brand"),
    ("cancel", "accepted", "brand"),
    ("dispute", "funded", "brand"),
]
# Created first: expiring offers runs the timers 30 days ahead.
STATUSES = (
    "expired",
    "offered",
    "accepted",
    "declined",
    "withdrawn",
    "funded",
    "submitted",
    "revision_requested",
    "completed",
    "cancelled",
    "disputed",
    "resolved",
)


def _act(client, headers, contract_id, action):
    return client.post(
        f"/api/v1/contracts/{contract_id}/{action}", json=BODIES[action], headers=headers
    )


def _view(client, headers, contract_id):
    response = client.get(f"/api/v1/contracts/{contract_id}", headers=headers)
    assert response.status_code == 200
    return response.get_json()


def _expected_for_other_party(action, status, other):
    if action in LEGAL[status][other]:
        return SUCCESS.get(action, 200)
    return 403 if action in NEVER[other] else 409


@pytest.mark.parametrize(("action", "status", "party"), WALK)
def test_permission_walk(client, auth_headers, action, status, party):
    deal = make_contract(status)
    other = "brand" if party == "kol" else "kol"
    users = {"brand": deal.brand, "kol": deal.kol}
    headers = {role: auth_headers(user) for role, user in users.items()}
    refusals = {
        "anonymous": ({}, 401),
        "another brand": (auth_headers(factories.make_brand()), 404),
        "another kol": (auth_headers(factories.make_kol()), 404),
        "admin": (auth_headers(factories.make_admin()), 403),
    }
    expected_other = _expected_for_other_party(action, status, other)
    if expected_other >= 400:
        refusals["the other party"] = (headers[other], expected_other)
    before = _view(client, headers[party], deal.id)
    for who, (who_headers, expected) in refusals.items():
        response = _act(client, who_headers, deal.id, action)
        assert response.status_code == expected, (who, response.get_json())
    assert _view(client, headers[party], deal.id) == before

    response = _act(client, headers[party], deal.id, action)
    assert response.status_code == SUCCESS.get(action, 200), response.get_json()
    if expected_other < 400:
        other_deal = make_contract(status)
        response = _act(client, auth_headers(getattr(other_deal, other)), other_deal.id, action)
        assert response.status_code == expected_other, response.get_json()


def test_reading_a_contract_is_for_its_parties_and_admins(client, auth_headers):
    deal = make_contract("funded")
    url = f"/api/v1/contracts/{deal.id}"
    for user in (deal.brand, deal.kol, factories.make_admin()):
        assert client.get(url, headers=auth_headers(user)).status_code == 200
    for stranger in (factories.make_brand(), factories.make_kol()):
        response = client.get(url, headers=auth_headers(stranger))
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"
    assert client.get(url).status_code == 401
    admin_view = _view(client, auth_headers(factories.make_admin()), deal.id)
    assert admin_view["actions"] == []


def test_only_brands_make_offers(client, auth_headers):
    kol = factories.make_kol()
    body = {"kol_id": kol.id, "price": 100, "currency": "cny", "deliverables": "A post"}
    body["due_date"] = "2099-01-01"
    assert client.post("/api/v1/contracts", json=body).status_code == 401
    for user in (factories.make_kol(), factories.make_admin()):
        response = client.post("/api/v1/contracts", json=body, headers=auth_headers(user))
        assert response.status_code == 403


def test_every_illegal_action_is_409_or_403_and_changes_nothing(client, auth_headers):
    deals = {status: make_contract(status) for status in STATUSES}
    for status, deal in deals.items():
        for role in ("brand", "kol"):
            headers = auth_headers(getattr(deal, role))
            legal = LEGAL.get(status, {}).get(role, ())
            before = _view(client, headers, deal.id)
            assert before["actions"] == list(legal), (status, role)
            for action in BODIES:
                if action in legal:
                    continue
                response = _act(client, headers, deal.id, action)
                expected = 403 if action in NEVER[role] else 409
                assert response.status_code == expected, (status, role, action)
                code = "forbidden" if expected == 403 else "conflict"
                assert response.get_json()["error"]["code"] == code
            assert _view(client, headers, deal.id) == before, (status, role)


def test_repeating_a_move_is_409(client, auth_headers):
    deal = make_contract("submitted")
    headers = auth_headers(deal.brand)
    assert _act(client, headers, deal.id, "approve").status_code == 200
    after = _view(client, headers, deal.id)
    for action in ("approve", "request-revision", "cancel", "dispute"):
        assert _act(client, headers, deal.id, action).status_code == 409, action
    assert _view(client, headers, deal.id) == after
    assert after["money"]["released"] == deal.contract.price
