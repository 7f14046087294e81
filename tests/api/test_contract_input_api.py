"""JSON API: bad and hostile input to the contract endpoints is a 400 naming the field."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Contract
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import POST_URL, make_contract, offer_values


def _contracts() -> int:
    return db.session.scalar(select(func.count(Contract.id)))


def _fields(response) -> dict:
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    return error.get("fields", {})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("price", "3e5"),
        ("price", 12.5),
        ("price", True),
        ("price", 0),
        ("price", 10**30),
        ("price", 2**62),
        ("kol_id", "x"),
        ("kol_id", 2**40),
        ("currency", "eur"),
        ("due_date", 20990101),
        ("due_date", "2000-01-01"),
        ("deliverables", "a\x00b"),
        ("deliverables", ["a"]),
        ("revisions", 99),
        ("commission_bps", -1),
        ("listing_id", {"id": 1}),
        ("title", "\ud800"),
        ("message", 5),
    ],
)
def test_bad_offer_fields_are_400_and_create_nothing(client, brand, auth_headers, field, value):
    kol, listing = make_kol_with_listing()
    body = offer_values(kol, listing, **{field: value})
    response = client.post("/api/v1/contracts", json=body, headers=auth_headers(brand))
    fields = _fields(response)
    assert field in fields or not fields
    assert _contracts() == 0


@pytest.mark.parametrize(
    "raw",
    [b"{", b"[]", b'"x"', b'{"price": NaN}', b"\xff\xfe", b'{"a": ' * 100 + b"1" + b"}" * 100],
)
def test_malformed_bodies_are_400(client, auth_headers, raw):
    deal = make_contract("offered")
    headers = {**auth_headers(deal.kol), "Content-Type": "application/json"}
    for action in ("counter", "decline", "cancel"):
        response = client.post(f"/api/v1/contracts/{deal.id}/{action}", data=raw, headers=headers)
        _fields(response)
    assert db.session.get(Contract, deal.id).status == "offered"


def test_counter_needs_a_valid_price(client, auth_headers):
    deal = make_contract("offered")
    headers = auth_headers(deal.kol)
    url = f"/api/v1/contracts/{deal.id}/counter"
    assert "price" in _fields(client.post(url, json={}, headers=headers))
    assert "price" in _fields(client.post(url, json={"price": -5}, headers=headers))
    bad_date = client.post(url, json={"price": 5, "due_date": "tomorrow"}, headers=headers)
    assert "due_date" in _fields(bad_date)
    contract = db.session.get(Contract, deal.id)
    assert (contract.awaiting, contract.price, len(contract.offers)) == ("kol", 300_000, 1)


@pytest.mark.parametrize("method", [None, 5, "", "pm\x00visa", "x" * 65, ["pm_card_visa"]])
def test_fund_needs_a_payment_method(client, auth_headers, method):
    deal = make_contract("accepted")
    body = {} if method is None else {"payment_method": method}
    response = client.post(
        f"/api/v1/contracts/{deal.id}/fund", json=body, headers=auth_headers(deal.brand)
    )
    assert "payment_method" in _fields(response)
    assert db.session.get(Contract, deal.id).status == "accepted"


def test_unknown_payment_method_is_402(client, auth_headers):
    deal = make_contract("accepted")
    response = client.post(
        f"/api/v1/contracts/{deal.id}/fund",
        json={"payment_method": "pm_card_nonsense"},
        headers=auth_headers(deal.brand),
    )
    assert response.status_code == 402
    assert db.session.get(Contract, deal.id).status == "accepted"


@pytest.mark.parametrize(
    "post_url",
    [
        None,
        "",
        5,
        [5],
        [],
        "https://evil.example.com/post",
        "javascript:alert(1)",
        [POST_URL] * 6,
        POST_URL + "\x00",
        {"url": POST_URL},
    ],
)
def test_submit_needs_links_on_the_platform(client, auth_headers, post_url):
    deal = make_contract("funded")
    response = client.post(
        f"/api/v1/contracts/{deal.id}/submit",
        json={"post_url": post_url, "notes": "n"},
        headers=auth_headers(deal.kol),
    )
    assert "post_url" in _fields(response)
    assert db.session.get(Contract, deal.id).status == "funded"


def test_submit_notes_are_text(client, auth_headers):
    deal = make_contract("funded")
    response = client.post(
        f"/api/v1/contracts/{deal.id}/submit",
        json={"post_url": POST_URL, "notes": {"a": 1}},
        headers=auth_headers(deal.kol),
    )
    assert "notes" in _fields(response)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "reason"),
        ({"reason": ""}, "reason"),
        ({"reason": 7}, "reason"),
        ({"reason": "x", "category": "angry"}, "category"),
        ({"reason": "x" * 5001}, "reason"),
    ],
)
def test_dispute_needs_a_statement_and_a_known_category(client, auth_headers, body, field):
    deal = make_contract("funded")
    response = client.post(
        f"/api/v1/contracts/{deal.id}/dispute", json=body, headers=auth_headers(deal.brand)
    )
    assert field in _fields(response)
    assert db.session.get(Contract, deal.id).status == "funded"


def test_revision_needs_a_message(client, auth_headers):
    deal = make_contract("submitted")
    url = f"/api/v1/contracts/{deal.id}/request-revision"
    for body in ({}, {"message": ""}, {"message": 3}):
        assert "message" in _fields(client.post(url, json=body, headers=auth_headers(deal.brand)))
    assert db.session.get(Contract, deal.id).revisions_used == 0


def test_reasons_must_be_text(client, auth_headers):
    deal = make_contract("accepted")
    headers = auth_headers(deal.kol)
    response = client.post(
        f"/api/v1/contracts/{deal.id}/cancel", json={"reason": ["no"]}, headers=headers
    )
    assert "reason" in _fields(response)
    assert db.session.get(Contract, deal.id).status == "accepted"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?status=lost", "status"),
        ("?group=mine", "group"),
        ("?page=0", "page"),
        ("?per_page=101", "per_page"),
        ("?page=" + "9" * 5000, "page"),
    ],
)
def test_list_queries_are_checked(client, brand, auth_headers, query, field):
    assert field in _fields(client.get(f"/api/v1/contracts{query}", headers=auth_headers(brand)))


@pytest.mark.parametrize("contract_id", ["2147483648", "0", "99999999999999999999"])
def test_impossible_ids_are_404(client, brand, auth_headers, contract_id):
    headers = auth_headers(brand)
    assert client.get(f"/api/v1/contracts/{contract_id}", headers=headers).status_code == 404
    response = client.post(f"/api/v1/contracts/{contract_id}/approve", headers=headers)
    assert response.status_code == 404
