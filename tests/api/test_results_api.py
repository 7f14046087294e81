"""JSON API: a contract's and a brief's results, their schema, and who may read them."""

from __future__ import annotations

from datetime import timedelta

from marketplace.models.base import utcnow
from marketplace.services.campaigns import conversions
from tests.api.contract import response_errors
from tests.factories import make_admin, make_brand, make_kol
from tests.factories.brands import make_brief
from tests.factories.results import make_clicks
from tests.factories.sales import make_commission_deal, make_conversion


def _deal(**terms):
    deal = make_commission_deal(bps=1000, budget=50_000, **terms)
    deal.contract.funded_at = utcnow() - timedelta(days=5)
    make_clicks(deal, 20, unique=16)
    make_clicks(deal, 5, kind="bot")
    make_conversion(deal, amount=40_000, ordered_at=utcnow() - timedelta(days=1))
    sale = make_conversion(deal, amount=10_000)
    conversions.record_return(deal.brand, sale.order_id, {"amount": 10_000})
    return deal


def test_contract_results_for_both_parties_and_admin(client, auth_headers):
    deal = _deal()
    for user in (deal.brand, deal.kol, make_admin()):
        response = client.get(f"/api/v1/contracts/{deal.id}/results", headers=auth_headers(user))
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        assert (body["clicks"], body["unique_clicks"], body["orders"]) == (20, 16, 2)
        assert (body["gmv"], body["gross_gmv"], body["refunded"]) == (40_000, 50_000, 10_000)
        # The fully returned sale's commission was cancelled within the hold.
        assert (body["commission_accrued"], body["commission_paid"]) == (4_000, 0)
        assert body["budget_left"] == 46_000
        assert body["spent"] == 300_000 and body["currency"] == "cny"
        assert body["conversion_rate"] == 0.125 and body["roi"] == round(40_000 / 300_000, 4)
        assert body["cost_per_click"] == 15_000 and body["cost_per_order"] == 150_000
        yesterday = (utcnow().date() - timedelta(days=1)).isoformat()
        point = next(p for p in body["series"] if p["date"] == yesterday)
        assert (point["orders"], point["gmv"], point["commission"]) == (1, 40_000, 4_000)


def test_brief_results_sum_its_contracts_for_the_owner(client, auth_headers):
    brand = make_brand()
    brief = make_brief(brand)
    _deal(brand=brand, brief_id=brief.id)
    _deal(brand=brand, brief_id=brief.id)
    _deal(brand=brand)
    response = client.get(f"/api/v1/briefs/{brief.id}/results", headers=auth_headers(brand))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["contracts"], body["clicks"], body["orders"], body["gmv"]) == (2, 40, 4, 80_000)


def test_someone_elses_results_are_404_and_no_token_is_401(client, auth_headers):
    deal = _deal()
    brief = make_brief(deal.brand)
    for user in (make_brand(), make_kol()):
        headers = auth_headers(user)
        for url in (f"/api/v1/contracts/{deal.id}/results", f"/api/v1/briefs/{brief.id}/results"):
            response = client.get(url, headers=headers)
            assert response.status_code == 404, url
            assert response.get_json()["error"]["code"] == "not_found"
    assert client.get(f"/api/v1/contracts/{deal.id}/results").status_code == 401
    missing = client.get("/api/v1/contracts/999999/results", headers=auth_headers(deal.brand))
    assert missing.status_code == 404


def test_results_answers_match_their_documented_schema(client, auth_headers):
    spec = client.get("/api/v1/openapi.json").get_json()
    brand = make_brand()
    brief = make_brief(brand)
    deal = _deal(brand=brand, brief_id=brief.id)
    headers = auth_headers(brand)
    for template, url in (
        ("/contracts/{contract_id}/results", f"/api/v1/contracts/{deal.id}/results"),
        ("/briefs/{brief_id}/results", f"/api/v1/briefs/{brief.id}/results"),
    ):
        response = client.get(url, headers=headers)
        assert response_errors(spec, "get", template, 200, response.get_json()) == []
