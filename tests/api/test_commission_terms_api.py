"""JSON API: commission terms on offers and counters, tracked products and their links."""

from __future__ import annotations

from typing import Any

import pytest

from marketplace.extensions import db
from marketplace.models import Contract, ContractProduct
from tests import factories
from tests.api.contract import response_errors
from tests.factories.campaigns import PRODUCT_URL, make_commission_contract
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import make_contract, offer_values

TMALL_URL = "https://detail.tmall.com/item.htm?id=700000000002&skuId=5"


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def _offer_body(kol, **overrides: Any) -> dict[str, Any]:
    return offer_values(
        kol,
        commission_bps=1200,
        commission_budget=80_000,
        products=[
            {"name": "Sunscreen", "url": PRODUCT_URL, "price": 12_900},
            {"name": "Lip balm", "url": TMALL_URL},
        ],
        **overrides,
    )


def test_offer_with_commission_terms_is_proposed_then_linked_on_acceptance(
    client, ctx, auth_headers, spec
):
    kol, _listing = make_kol_with_listing()
    brand = factories.make_brand()
    created = client.post("/api/v1/contracts", json=_offer_body(kol), headers=auth_headers(brand))
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert response_errors(spec, "post", "/contracts", 201, body) == []
    assert body["commission_bps"] == 1200 and body["commission_budget"] == 80_000
    assert [p["name"] for p in body["products"]] == ["Sunscreen", "Lip balm"]
    assert all(p["link"] is None and p["id"] is None for p in body["products"])
    assert body["offers"][0]["commission_budget"] == 80_000
    assert body["money"]["to_fund"] == body["price"] + 80_000

    accepted = client.post(f"/api/v1/contracts/{body['id']}/accept", headers=auth_headers(kol))
    assert accepted.status_code == 200
    products = accepted.get_json()["products"]
    assert [p["price"] for p in products] == [12_900, None]
    codes = [p["link"]["code"] for p in products]
    assert len(set(codes)) == 2 and all(len(c) == 8 for c in codes)
    assert products[0]["link"]["url"] == f"http://localhost/r/{codes[0]}"
    assert client.get(f"/r/{codes[0]}").status_code == 302


def test_counter_changes_budget_and_products_and_acceptance_takes_the_last_round(
    client, ctx, auth_headers
):
    deal = make_commission_contract("offered", budget=50_000)
    countered = client.post(
        f"/api/v1/contracts/{deal.id}/counter",
        json={
            "price": 320_000,
            "commission_bps": 1500,
            "commission_budget": 90_000,
            "products": [{"name": "Serum", "url": TMALL_URL, "price": 25_000}],
        },
        headers=auth_headers(deal.kol),
    )
    assert countered.status_code == 200, countered.get_json()
    body = countered.get_json()
    assert (body["commission_bps"], body["commission_budget"]) == (1500, 90_000)
    assert [p["name"] for p in body["products"]] == ["Serum"]
    # The brand counters only the price: the KOL's commission terms and products stay.
    again = client.post(
        f"/api/v1/contracts/{deal.id}/counter",
        json={"price": 315_000},
        headers=auth_headers(deal.brand),
    ).get_json()
    assert again["commission_budget"] == 90_000
    assert [p["name"] for p in again["products"]] == ["Serum"]
    accepted = client.post(f"/api/v1/contracts/{deal.id}/accept", headers=auth_headers(deal.kol))
    assert [p["name"] for p in accepted.get_json()["products"]] == ["Serum"]
    assert db.session.get(Contract, deal.id).commission_budget == 90_000


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"commission_bps": None}, "commission_budget"),
        ({"commission_budget": -1}, "commission_budget"),
        ({"commission_budget": "lots"}, "commission_budget"),
        ({"products": [{"name": "X", "url": "https://evil.example.com/item"}]}, "products.0.url"),
        ({"products": [{"name": "X", "url": "https://a@item.taobao.com/x"}]}, "products.0.url"),
        ({"products": [{"name": "X", "url": "javascript:alert(1)"}]}, "products.0.url"),
        ({"products": [{"name": "", "url": PRODUCT_URL}]}, "products.0.name"),
        ({"products": [{"name": "X", "url": PRODUCT_URL, "price": -5}]}, "products.0.price"),
        ({"products": [{"name": "X", "url": PRODUCT_URL}] * 21}, "products"),
        ({"products": "sunscreen"}, "products"),
    ],
)
def test_bad_commission_terms_are_refused_and_nothing_is_created(
    client, ctx, auth_headers, overrides, field
):
    kol, _listing = make_kol_with_listing()
    brand = factories.make_brand()
    body = _offer_body(kol)
    body.update(overrides)
    before = db.session.query(Contract).count()
    answer = client.post("/api/v1/contracts", json=body, headers=auth_headers(brand))
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert field in error.get("fields", {}) or field.split(".")[0] in error.get("fields", {}), error
    assert db.session.query(Contract).count() == before


def test_counter_adding_products_without_a_commission_rate_is_refused(client, ctx, auth_headers):
    deal = make_contract("offered")
    answer = client.post(
        f"/api/v1/contracts/{deal.id}/counter",
        json={"price": 310_000, "products": [{"name": "X", "url": PRODUCT_URL}]},
        headers=auth_headers(deal.kol),
    )
    assert answer.status_code == 400
    assert "products" in answer.get_json()["error"]["fields"]
    assert db.session.get(Contract, deal.id).awaiting == "kol"


def _add(client, deal, headers, **body: Any):
    payload = {"name": "Night cream", "url": TMALL_URL, "price": 19_900, **body}
    return client.post(f"/api/v1/contracts/{deal.id}/products", json=payload, headers=headers)


@pytest.mark.parametrize("status", ["funded", "submitted", "completed"])
def test_brand_adds_a_product_with_its_own_link_once_funded(
    client, ctx, auth_headers, spec, status
):
    deal = make_commission_contract(status)
    answer = _add(client, deal, auth_headers(deal.brand))
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert response_errors(spec, "post", "/contracts/{contract_id}/products", 201, body) == []
    assert body["link"]["url"].endswith(f"/r/{body['link']['code']}")
    assert body["url"] == TMALL_URL
    detail = client.get(f"/api/v1/contracts/{deal.id}", headers=auth_headers(deal.kol)).get_json()
    assert [p["name"] for p in detail["products"]] == ["Sunscreen SPF50", "Night cream"]


@pytest.mark.parametrize("status", ["offered", "accepted", "cancelled", "declined"])
def test_adding_a_product_outside_the_live_statuses_is_409(client, ctx, auth_headers, status):
    deal = make_commission_contract(status)
    before = db.session.query(ContractProduct).count()
    assert _add(client, deal, auth_headers(deal.brand)).status_code == 409
    assert db.session.query(ContractProduct).count() == before


def test_products_endpoint_permissions(client, ctx, auth_headers):
    deal = make_commission_contract("funded")
    assert _add(client, deal, auth_headers(deal.kol)).status_code == 403
    assert _add(client, deal, auth_headers(factories.make_brand())).status_code == 404
    assert _add(client, deal, {}).status_code == 401
    plain = make_contract("funded")
    assert _add(client, plain, auth_headers(plain.brand)).status_code == 409
    bad = _add(client, deal, auth_headers(deal.brand), url="https://shop.example.com/p/1")
    assert bad.status_code == 400 and "url" in bad.get_json()["error"]["fields"]
    assert db.session.query(ContractProduct).filter_by(contract_id=plain.id).count() == 0


def test_extra_shop_hosts_setting_allows_another_shop(client, ctx, auth_headers, app):
    deal = make_commission_contract("funded")
    url = "https://shop.example.com/p/1"
    app.config["EXTRA_SHOP_HOSTS"] = ["shop.example.com"]
    try:
        assert _add(client, deal, auth_headers(deal.brand), url=url).status_code == 201
    finally:
        app.config["EXTRA_SHOP_HOSTS"] = []
