"""JSON API: a contract's thread and reviews, a KOL's public reviews, notifications."""

from __future__ import annotations

import pytest

from marketplace.models import ContractMessage, ContractReview
from tests.api.contract import response_errors
from tests.factories import make_admin, make_brand
from tests.factories.contracts import make_contract


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def test_parties_post_and_read_the_thread(client, auth_headers, spec):
    deal = make_contract("funded")
    url = f"/api/v1/contracts/{deal.id}/messages"
    response = client.post(url, json={"body": "Posting tonight"}, headers=auth_headers(deal.kol))
    assert response.status_code == 201
    message = response.get_json()
    assert response_errors(spec, "POST", "/contracts/{contract_id}/messages", 201, message) == []
    assert message["contract_id"] == deal.id and message["author_id"] == deal.kol.id
    assert message["body"] == "Posting tonight" and message["at"].endswith("+00:00")
    for reader in (deal.brand, make_admin()):
        listing = client.get(url, headers=auth_headers(reader))
        assert listing.status_code == 200
        body = listing.get_json()
        assert response_errors(spec, "GET", "/contracts/{contract_id}/messages", 200, body) == []
        assert (body["total"], body["page"]) == (1, 1)
        assert body["items"] == [message]


def test_strangers_get_404_and_admins_cannot_post(client, auth_headers):
    deal = make_contract("funded")
    url = f"/api/v1/contracts/{deal.id}/messages"
    stranger = auth_headers(make_brand())
    assert client.get(url, headers=stranger).status_code == 404
    assert client.post(url, json={"body": "hi"}, headers=stranger).status_code == 404
    response = client.post(url, json={"body": "hi"}, headers=auth_headers(make_admin()))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert client.post(url, json={"body": "hi"}).status_code == 401
    assert ContractMessage.query.count() == 0


@pytest.mark.parametrize("body", [{}, {"body": ""}, {"body": "a\x00b"}, {"body": "x" * 5001}])
def test_bad_messages_are_400(client, auth_headers, body):
    deal = make_contract("funded")
    response = client.post(
        f"/api/v1/contracts/{deal.id}/messages", json=body, headers=auth_headers(deal.brand)
    )
    assert response.status_code == 400
    assert "body" in response.get_json()["error"]["fields"]


def test_reviews_are_hidden_until_both_are_written(client, auth_headers, spec):
    deal = make_contract("completed")
    url = f"/api/v1/contracts/{deal.id}/review"
    first = client.post(
        url, json={"rating": 5, "comment": "Great"}, headers=auth_headers(deal.brand)
    )
    assert first.status_code == 201
    body = first.get_json()
    assert response_errors(spec, "POST", "/contracts/{contract_id}/review", 201, body) == []
    assert (body["rating"], body["comment"], body["revealed"]) == (5, "Great", False)

    reviews_url = f"/api/v1/contracts/{deal.id}/reviews"
    kol_view = client.get(reviews_url, headers=auth_headers(deal.kol)).get_json()
    assert kol_view["items"] == [] and kol_view["other_waiting"] and kol_view["can_review"]

    second = client.post(url, json={"rating": 4}, headers=auth_headers(deal.kol))
    assert second.status_code == 201 and second.get_json()["revealed"] is True
    kol_view = client.get(reviews_url, headers=auth_headers(deal.kol)).get_json()
    assert response_errors(spec, "GET", "/contracts/{contract_id}/reviews", 200, kol_view) == []
    assert sorted(r["rating"] for r in kol_view["items"]) == [4, 5]
    assert all(r["revealed"] for r in kol_view["items"])

    public = client.get(f"/api/v1/kols/{deal.kol.id}/reviews", headers=auth_headers(make_brand()))
    assert public.status_code == 200
    data = public.get_json()
    assert response_errors(spec, "GET", "/kols/{kol_id}/reviews", 200, data) == []
    assert [r["rating"] for r in data["items"]] == [5]
    assert data["reputation"]["rating"] == 5.0 and data["reputation"]["reviews"] == 1


@pytest.mark.parametrize("rating", [0, 6, "5", 4.5, None, True])
def test_bad_ratings_are_400(client, auth_headers, rating):
    deal = make_contract("completed")
    response = client.post(
        f"/api/v1/contracts/{deal.id}/review",
        json={"rating": rating, "comment": ""},
        headers=auth_headers(deal.kol),
    )
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"rating"}
    assert ContractReview.query.count() == 0


def test_a_second_review_and_an_unfinished_contract_are_409(client, auth_headers):
    deal = make_contract("completed")
    url = f"/api/v1/contracts/{deal.id}/review"
    assert client.post(url, json={"rating": 5}, headers=auth_headers(deal.kol)).status_code == 201
    again = client.post(url, json={"rating": 1}, headers=auth_headers(deal.kol))
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "conflict"
    funded = make_contract("funded")
    early = client.post(
        f"/api/v1/contracts/{funded.id}/review",
        json={"rating": 5},
        headers=auth_headers(funded.brand),
    )
    assert early.status_code == 409
    stranger = client.post(url, json={"rating": 5}, headers=auth_headers(make_brand()))
    assert stranger.status_code == 404


def test_unknown_kol_reviews_are_404(client, auth_headers):
    response = client.get("/api/v1/kols/999999/reviews", headers=auth_headers(make_brand()))
    assert response.status_code == 404


def test_notifications_list_and_mark_read(client, auth_headers, spec):
    deal = make_contract("submitted")
    headers = auth_headers(deal.brand)
    response = client.get("/api/v1/notifications", headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    assert response_errors(spec, "GET", "/notifications", 200, body) == []
    assert body["unread"] == 2 and body["total"] == 2
    newest = body["items"][0]
    assert newest["kind"] == "contract.submit" and newest["read"] is False
    assert newest["url"] == f"/contracts/{deal.id}"
    assert "submitted the work" in newest["text"]

    marked = client.post(
        "/api/v1/notifications/read", json={"ids": [newest["id"]]}, headers=headers
    )
    assert marked.status_code == 200
    assert response_errors(spec, "POST", "/notifications/read", 200, marked.get_json()) == []
    assert marked.get_json() == {"marked": 1, "unread": 1}
    unread = client.get("/api/v1/notifications?unread=1", headers=headers).get_json()
    assert [n["kind"] for n in unread["items"]] == ["contract.accept"]

    others = client.post(
        "/api/v1/notifications/read", json={"ids": [newest["id"]]}, headers=auth_headers(deal.kol)
    )
    assert others.get_json()["marked"] == 0
    everything = client.post("/api/v1/notifications/read", headers=headers)
    assert everything.get_json() == {"marked": 1, "unread": 0}


def test_bad_mark_read_bodies_are_400(client, auth_headers):
    headers = auth_headers(make_brand())
    for body in ({"ids": "all"}, {"ids": [0]}, {"ids": ["x"]}):
        response = client.post("/api/v1/notifications/read", json=body, headers=headers)
        assert response.status_code == 400, body
