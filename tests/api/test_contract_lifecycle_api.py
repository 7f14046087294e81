"""JSON API: a contract's whole life, its other endings, and the money at every step."""

from __future__ import annotations

from datetime import date, timedelta

from marketplace.extensions import db
from marketplace.models import Application, Contract
from tests.api.contract import response_errors
from tests.factories.brands import make_application, make_brief
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import POST_URL, make_contract, offer_values

PRICE = 300_000  # 3,000.00 yuan; the platform fee is 10%


def _act(client, headers, contract_id, action, body=None):
    return client.post(f"/api/v1/contracts/{contract_id}/{action}", json=body, headers=headers)


def _money(data):
    money = data["money"]
    return {k: money[k] for k in ("funded", "in_escrow", "released", "refunded", "to_fund")}


def _ok(response, status=200):
    assert response.status_code == status, response.get_json()
    return response.get_json()


def test_whole_lifecycle_through_the_api(client, brand, auth_headers):
    kol, listing = make_kol_with_listing()
    as_brand, as_kol = auth_headers(brand), auth_headers(kol)
    body = offer_values(kol, listing, price=PRICE, revisions=1, message="Summer launch")
    offer = _ok(client.post("/api/v1/contracts", json=body, headers=as_brand), 201)
    cid = offer["id"]
    assert (offer["status"], offer["awaiting"], offer["listing_id"]) == (
        "offered",
        "kol",
        listing.id,
    )
    assert (offer["price"], offer["fee"], offer["kol_net"]) == (PRICE, 30_000, 270_000)
    assert offer["offer_expires_at"].endswith("+00:00")
    assert offer["actions"] == ["withdraw"]
    assert _money(offer) == dict(funded=0, in_escrow=0, released=0, refunded=0, to_fund=PRICE)

    kol_view = _ok(client.get(f"/api/v1/contracts/{cid}", headers=as_kol))
    assert kol_view["actions"] == ["accept", "counter", "decline"]
    countered = _ok(_act(client, as_kol, cid, "counter", {"price": 350_000, "message": "More"}))
    assert (countered["status"], countered["awaiting"], countered["price"]) == (
        "offered",
        "brand",
        350_000,
    )
    assert [(o["round"], o["by"], o["price"]) for o in countered["offers"]] == [
        (1, "brand", PRICE),
        (2, "kol", 350_000),
    ]
    assert countered["money"]["to_fund"] == 350_000

    accepted = _ok(_act(client, as_brand, cid, "accept"))
    assert (accepted["status"], accepted["awaiting"]) == ("accepted", "brand")
    assert accepted["funding_due_at"] and accepted["offer_expires_at"] is None
    assert accepted["actions"] == ["fund", "cancel"]

    funded = _ok(_act(client, as_brand, cid, "fund", {"payment_method": "pm_card_visa"}))
    assert funded["status"] == "funded"
    assert _money(funded) == dict(
        funded=350_000, in_escrow=350_000, released=0, refunded=0, to_fund=350_000
    )

    submitted = _ok(_act(client, as_kol, cid, "submit", {"post_url": POST_URL, "notes": "Live"}))
    assert submitted["status"] == "submitted" and submitted["review_due_at"]
    assert submitted["submissions"][0]["post_urls"] == [POST_URL]

    revision = _ok(_act(client, as_brand, cid, "request-revision", {"message": "Tag us"}))
    assert (revision["status"], revision["revisions_left"]) == ("revision_requested", 0)
    assert revision["submissions"][0]["revision_message"] == "Tag us"
    assert revision["money"]["in_escrow"] == 350_000

    again = _ok(_act(client, as_kol, cid, "submit", {"post_url": [POST_URL + "1"]}))
    assert again["status"] == "submitted" and len(again["submissions"]) == 2
    assert (
        "request-revision"
        not in _ok(client.get(f"/api/v1/contracts/{cid}", headers=as_brand))["actions"]
    )

    done = _ok(_act(client, as_brand, cid, "approve"))
    assert (done["status"], done["awaiting"], done["actions"]) == ("completed", None, [])
    assert _money(done) == dict(
        funded=350_000, in_escrow=0, released=350_000, refunded=0, to_fund=350_000
    )
    assert (done["fee"], done["kol_net"]) == (35_000, 315_000)
    assert [e["type"] for e in done["events"]] == [
        "offer",
        "counter",
        "accept",
        "fund",
        "submit",
        "request_revision",
        "submit",
        "approve",
    ]
    assert [e["actor"] for e in done["events"]][:3] == ["brand", "kol", "brand"]
    assert done["events"][1]["actor_id"] == kol.id


def test_kol_declines(client, auth_headers):
    deal = make_contract("offered")
    data = _ok(_act(client, auth_headers(deal.kol), deal.id, "decline", {"reason": "Busy"}))
    assert (data["status"], data["awaiting"], data["actions"]) == ("declined", None, [])
    assert data["events"][-1]["type"] == "decline"


def test_decline_takes_no_body(client, auth_headers):
    deal = make_contract("offered")
    response = client.post(f"/api/v1/contracts/{deal.id}/decline", headers=auth_headers(deal.kol))
    assert _ok(response)["status"] == "declined"


def test_brand_withdraws(client, auth_headers):
    deal = make_contract("offered")
    assert _ok(_act(client, auth_headers(deal.brand), deal.id, "withdraw"))["status"] == "withdrawn"


def test_declined_card_is_402_and_changes_nothing(client, auth_headers):
    deal = make_contract("accepted")
    headers = auth_headers(deal.brand)
    before = _ok(client.get(f"/api/v1/contracts/{deal.id}", headers=headers))
    response = _act(client, headers, deal.id, "fund", {"payment_method": "pm_card_chargeDeclined"})
    assert response.status_code == 402
    error = response.get_json()["error"]
    assert error["code"] == "payment_failed" and "declined" in error["message"]
    after = _ok(client.get(f"/api/v1/contracts/{deal.id}", headers=headers))
    assert after["status"] == "accepted" and _money(after) == _money(before)
    assert after["events"] == before["events"]
    retry = _act(client, headers, deal.id, "fund", {"payment_method": "pm_card_visa"})
    assert _ok(retry)["money"]["in_escrow"] == deal.contract.price


def test_cancel_before_funding_moves_no_money(client, auth_headers):
    deal = make_contract("accepted")
    data = _ok(_act(client, auth_headers(deal.kol), deal.id, "cancel", {"reason": "Ill"}))
    assert data["status"] == "cancelled"
    assert _money(data) == dict(
        funded=0, in_escrow=0, released=0, refunded=0, to_fund=deal.contract.price
    )


def test_brand_cancels_funded_overdue_unsubmitted_with_refund(client, auth_headers):
    deal = make_contract("funded")
    headers = auth_headers(deal.brand)
    early = _act(client, headers, deal.id, "cancel", {"reason": "Late"})
    assert _ok(early)["cancel_requested_by"] == "brand"  # not overdue: only a request
    deal = make_contract("funded", brand=deal.brand)
    db.session.get(Contract, deal.id).due_date = date.today() - timedelta(days=1)
    db.session.commit()
    data = _ok(_act(client, headers, deal.id, "cancel", {"reason": "Nothing posted"}))
    price = deal.contract.price
    assert data["status"] == "cancelled"
    assert _money(data) == dict(
        funded=price, in_escrow=0, released=0, refunded=price, to_fund=price
    )


def test_mutual_cancellation_request_then_confirm(client, auth_headers):
    deal = make_contract("submitted")
    as_brand, as_kol = auth_headers(deal.brand), auth_headers(deal.kol)
    asked = _ok(_act(client, as_kol, deal.id, "cancel", {"reason": "Cannot finish"}))
    assert (asked["status"], asked["cancel_requested_by"], asked["awaiting"]) == (
        "submitted",
        "kol",
        "brand",
    )
    assert asked["cancel_reason"] == "Cannot finish"
    assert asked["money"]["in_escrow"] == deal.contract.price
    brand_view = _ok(client.get(f"/api/v1/contracts/{deal.id}", headers=as_brand))
    assert "cancel" in brand_view["actions"]
    confirmed = _ok(_act(client, as_brand, deal.id, "cancel"))
    price = deal.contract.price
    assert (confirmed["status"], confirmed["cancel_requested_by"]) == ("cancelled", None)
    assert _money(confirmed) == dict(
        funded=price, in_escrow=0, released=0, refunded=price, to_fund=price
    )
    assert [e["type"] for e in confirmed["events"]][-2:] == ["request_cancel", "confirm_cancel"]


def test_dispute_is_201_and_freezes_the_escrow(client, auth_headers):
    deal = make_contract("submitted")
    response = _act(
        client,
        auth_headers(deal.kol),
        deal.id,
        "dispute",
        {"reason": "No answer for a week", "category": "unresponsive"},
    )
    data = _ok(response, 201)
    assert (data["status"], data["contract_id"], data["category"], data["opened_by"]) == (
        "open",
        deal.id,
        "unresponsive",
        "kol",
    )
    assert data["reason"] == "No answer for a week" and data["created_at"]
    contract = data["contract"]
    assert (contract["status"], contract["awaiting"]) == ("disputed", "admin")
    assert contract["money"]["in_escrow"] == deal.contract.price
    assert contract["dispute"]["id"] == data["id"]
    assert contract["actions"] == []


def test_dispute_category_defaults_to_other(client, auth_headers):
    deal = make_contract("funded")
    response = _act(client, auth_headers(deal.brand), deal.id, "dispute", {"reason": "Silent"})
    assert _ok(response, 201)["category"] == "other"


def test_list_is_the_callers_contracts_filtered_by_status(client, auth_headers):
    deal = make_contract("offered")
    make_contract("funded", brand=deal.brand)
    make_contract("offered")  # someone else's
    headers = auth_headers(deal.brand)
    listed = _ok(client.get("/api/v1/contracts?per_page=1", headers=headers))
    assert (listed["total"], listed["page"], listed["per_page"]) == (2, 1, 1)
    offered = _ok(client.get("/api/v1/contracts?status=offered", headers=headers))
    assert [c["id"] for c in offered["items"]] == [deal.id]
    assert offered["items"][0]["kol_net"] == 270_000
    assert _ok(client.get("/api/v1/contracts", headers=auth_headers(deal.kol)))["total"] == 1


def test_list_filters_by_whose_move_it_is(client, auth_headers):
    offer = make_contract("offered")
    funded = make_contract("funded", brand=offer.brand)
    declined = make_contract("declined", brand=offer.brand)
    headers = auth_headers(offer.brand)

    def ids(group: str) -> set[int]:
        answer = _ok(client.get(f"/api/v1/contracts?group={group}", headers=headers))
        return {c["id"] for c in answer["items"]}

    assert ids("action") == set()
    assert ids("waiting") == {funded.id, offer.id}
    assert ids("closed") == {declined.id}
    kol_action = _ok(client.get("/api/v1/contracts?group=action", headers=auth_headers(offer.kol)))
    assert [c["id"] for c in kol_action["items"]] == [offer.id]


def test_answers_match_their_documented_schemas(client, auth_headers):
    spec = client.get("/api/v1/openapi.json").get_json()
    deal = make_contract("funded")
    headers = auth_headers(deal.brand)
    answers = [
        ("get", "/contracts", client.get("/api/v1/contracts", headers=headers)),
        (
            "get",
            "/contracts/{contract_id}",
            client.get(f"/api/v1/contracts/{deal.id}", headers=headers),
        ),
        (
            "post",
            "/contracts/{contract_id}/dispute",
            _act(client, headers, deal.id, "dispute", {"reason": "Silent"}),
        ),
        ("post", "/contracts/{contract_id}/approve", _act(client, headers, deal.id, "approve")),
    ]
    accepted = make_contract("accepted", brand=deal.brand)
    declined = _act(
        client, headers, accepted.id, "fund", {"payment_method": "pm_card_chargeDeclined"}
    )
    answers.append(("post", "/contracts/{contract_id}/fund", declined))
    for method, path, response in answers:
        errors = response_errors(spec, method, path, response.status_code, response.get_json())
        assert errors == [], (path, errors)
    assert [r.status_code for _m, _p, r in answers] == [200, 200, 201, 409, 402]


def test_hiring_an_application_accepts_it_in_the_same_request(client, brand, auth_headers):
    kol, listing = make_kol_with_listing()
    brief = make_brief(brand)
    application = make_application(kol, brief)
    body = offer_values(kol, listing, application_id=application.id, brief_id=brief.id)
    data = _ok(client.post("/api/v1/contracts", json=body, headers=auth_headers(brand)), 201)
    assert (data["application_id"], data["brief_id"], data["title"]) == (
        application.id,
        brief.id,
        brief.title,
    )
    assert db.session.get(Application, application.id).status == "accepted"
    again = client.post("/api/v1/contracts", json=body, headers=auth_headers(brand))
    assert again.status_code == 409
