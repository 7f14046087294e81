"""The dispute API: parties add evidence, respond and withdraw; admins list, read and resolve."""

from __future__ import annotations

from io import BytesIO

import pytest

from marketplace.extensions import db
from marketplace.models import Contract, Dispute
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from tests import factories
from tests.factories.disputes import PDF_BYTES, make_dispute
from tests.factories.kols import image_bytes

API = "/api/v1"


def _file(data: bytes, name: str) -> dict[str, object]:
    return {"file": (BytesIO(data), name), "note": "See the post"}


def test_the_contract_shows_its_dispute_with_evidence_and_deadline(client, auth_headers):
    deal, dispute = make_dispute("submitted")
    answer = client.post(
        f"{API}/disputes/{dispute.id}/evidence",
        data=_file(image_bytes("PNG"), "proof.png"),
        headers=auth_headers(deal.kol),
        content_type="multipart/form-data",
    )
    assert answer.status_code == 201, answer.json
    assert answer.json["kind"] == "image" and answer.json["uploaded_by"] == "kol"
    assert answer.json["url"].startswith("/disputes/evidence/")
    shown = client.get(f"{API}/contracts/{deal.id}", headers=auth_headers(deal.brand)).json
    assert shown["dispute"]["id"] == dispute.id
    assert shown["dispute"]["response_due_at"] is not None
    assert [e["name"] for e in shown["dispute"]["evidence"]] == ["proof.png"]
    assert shown["dispute"]["outcome"] is None and shown["dispute"]["default_outcome"] is None


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"plain text", "fake.png"), (image_bytes("PNG"), "fake.pdf"), (PDF_BYTES, "x.exe")],
)
def test_disguised_evidence_is_a_400_and_stores_nothing(client, auth_headers, data, name):
    deal, dispute = make_dispute("funded")
    answer = client.post(
        f"{API}/disputes/{dispute.id}/evidence",
        data=_file(data, name),
        headers=auth_headers(deal.brand),
        content_type="multipart/form-data",
    )
    assert answer.status_code == 400
    assert answer.json["error"]["code"] == "validation_error"
    assert "file" in answer.json["error"]["fields"]
    assert db.session.get(Dispute, dispute.id).evidence == []


def test_evidence_without_a_file_is_a_400(client, auth_headers):
    deal, dispute = make_dispute("funded")
    answer = client.post(
        f"{API}/disputes/{dispute.id}/evidence",
        data={"note": "no file"},
        headers=auth_headers(deal.brand),
        content_type="multipart/form-data",
    )
    assert answer.status_code == 400 and "file" in answer.json["error"]["fields"]


def test_respond_then_withdraw(client, auth_headers):
    deal, dispute = make_dispute("submitted", opener="brand")
    url = f"{API}/disputes/{dispute.id}"
    answer = client.post(
        f"{url}/respond", json={"statement": "It is live"}, headers=auth_headers(deal.kol)
    )
    assert answer.status_code == 200 and answer.json["response"] == "It is live"
    again = client.post(f"{url}/respond", json={"statement": "!"}, headers=auth_headers(deal.kol))
    assert again.status_code == 409
    refused = client.post(f"{url}/withdraw", headers=auth_headers(deal.kol))
    assert refused.status_code == 403
    done = client.post(f"{url}/withdraw", headers=auth_headers(deal.brand))
    assert done.status_code == 200
    assert done.json["status"] == "withdrawn"
    assert done.json["contract"]["status"] == "submitted"


def test_a_missing_statement_is_a_400(client, auth_headers):
    deal, dispute = make_dispute("funded")
    answer = client.post(
        f"{API}/disputes/{dispute.id}/respond", json={}, headers=auth_headers(deal.kol)
    )
    assert answer.status_code == 400 and "statement" in answer.json["error"]["fields"]


def test_strangers_get_404_on_every_party_route(client, auth_headers):
    _, dispute = make_dispute("funded")
    for stranger in (factories.make_brand(), factories.make_kol()):
        headers = auth_headers(stranger)
        url = f"{API}/disputes/{dispute.id}"
        assert (
            client.post(f"{url}/respond", json={"statement": "x"}, headers=headers).status_code
            == 404
        )
        assert client.post(f"{url}/withdraw", headers=headers).status_code == 404
        assert (
            client.post(
                f"{url}/evidence",
                data=_file(image_bytes("PNG"), "a.png"),
                headers=headers,
                content_type="multipart/form-data",
            ).status_code
            == 404
        )
    assert db.session.get(Dispute, dispute.id).status == "open"


def test_admin_routes_answer_404_to_everyone_else(client, auth_headers):
    deal, dispute = make_dispute("funded", price=100_000)
    body = {"kol_amount": 0, "brand_refund": 100_000, "note": "Refund"}
    for user in (deal.brand, deal.kol, factories.make_brand(), factories.make_kol()):
        headers = auth_headers(user)
        assert client.get(f"{API}/admin/disputes", headers=headers).status_code == 404
        assert client.get(f"{API}/admin/disputes/{dispute.id}", headers=headers).status_code == 404
        resolve = client.post(
            f"{API}/admin/disputes/{dispute.id}/resolve", json=body, headers=headers
        )
        assert resolve.status_code == 404
    assert client.get(f"{API}/admin/disputes").status_code == 404
    assert db.session.get(Dispute, dispute.id).status == "open"


def test_admin_lists_reads_and_resolves_60_40(client, auth_headers):
    admin = factories.make_admin()
    headers = auth_headers(admin)
    deal, dispute = make_dispute("submitted", price=300_000)
    listed = client.get(f"{API}/admin/disputes?status=open", headers=headers).json
    assert [d["id"] for d in listed["items"]] == [dispute.id]
    assert listed["items"][0]["in_escrow"] == 300_000
    assert client.get(f"{API}/admin/disputes?status=bogus", headers=headers).status_code == 400
    detail = client.get(f"{API}/admin/disputes/{dispute.id}", headers=headers).json
    assert detail["contract"]["id"] == deal.id and detail["contract"]["events"]
    assert detail["messages"] == [] and detail["evidence"] == []
    url = f"{API}/admin/disputes/{dispute.id}/resolve"
    bad = client.post(
        url, json={"kol_amount": 180_000, "brand_refund": 100_000, "note": "x"}, headers=headers
    )
    assert bad.status_code == 400
    no_reason = client.post(
        url, json={"kol_amount": 180_000, "brand_refund": 120_000}, headers=headers
    )
    assert no_reason.status_code == 400 and "note" in no_reason.json["error"]["fields"]
    assert db.session.get(Contract, deal.id).status == "disputed"
    done = client.post(
        url,
        json={"kol_amount": 180_000, "brand_refund": 120_000, "note": "Two of three posts"},
        headers=headers,
    )
    assert done.status_code == 200, done.json
    assert done.json["outcome"] == "split" and done.json["kol_net"] == 162_000
    assert done.json["resolution_note"] == "Two of three posts"
    assert done.json["contract"]["status"] == "resolved"
    assert balance(accounts.kol_available(deal.kol.id), "cny") == 162_000
    twice = client.post(
        url, json={"kol_amount": 0, "brand_refund": 300_000, "note": "Again"}, headers=headers
    )
    assert twice.status_code == 409
    assert "already been resolved" in twice.json["error"]["message"]
    seen = client.get(f"{API}/contracts/{deal.id}", headers=auth_headers(deal.brand)).json
    assert seen["dispute"]["brand_refund"] == 120_000
    assert seen["dispute"]["resolution_note"] == "Two of three posts"


def test_resolving_a_withdrawn_dispute_is_a_409(client, auth_headers):
    deal, dispute = make_dispute("funded", price=100_000)
    client.post(f"{API}/disputes/{dispute.id}/withdraw", headers=auth_headers(deal.brand))
    answer = client.post(
        f"{API}/admin/disputes/{dispute.id}/resolve",
        json={"kol_amount": 0, "brand_refund": 100_000, "note": "Refund"},
        headers=auth_headers(factories.make_admin()),
    )
    assert answer.status_code == 409 and "withdrawn" in answer.json["error"]["message"]
    assert db.session.get(Contract, deal.id).status == "funded"
