"""Admin API beyond accounts: the reconciliation; and suspension seen from the API."""

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Contract
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import Line, post
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import make_contract, offer_values


def test_reconciliation_reads_zero_on_healthy_books(client, admin, auth_headers):
    deal = make_contract("submitted")
    make_contract("completed")
    response = client.get("/api/v1/admin/ledger/reconciliation", headers=auth_headers(admin))
    assert response.status_code == 200
    data = response.get_json()
    assert data["totals"] == {"cny": 0} and data["totals_zero"] is True and data["ok"] is True
    assert data["anomalies"] == []
    assert data["escrow"] == [
        {"contract_id": deal.id, "status": "submitted", "currency": "cny", "held": 300_000,
         "anomaly": None}
    ]  # fmt: skip


def test_reconciliation_names_an_anomaly(client, admin, auth_headers):
    done = make_contract("cancelled")
    post(
        "test:left-over",
        "fund",
        [Line(accounts.escrow(done.id), "cny", 1), Line(accounts.external("sandbox"), "cny", -1)],
        contract_id=done.id,
    )
    data = client.get("/api/v1/admin/ledger/reconciliation", headers=auth_headers(admin)).get_json()
    assert data["ok"] is False and data["totals_zero"] is True
    assert data["anomalies"] == [
        {"kind": "escrow_in_final_status", "account": accounts.escrow(done.id), "currency": "cny",
         "amount": 1, "contract_id": done.id, "status": "cancelled"}
    ]  # fmt: skip


def test_a_suspended_brand_cannot_make_offers_through_the_api(client, admin, brand, auth_headers):
    kol, listing = make_kol_with_listing()
    brand_headers = auth_headers(brand)
    suspended = client.post(
        f"/api/v1/admin/users/{brand.id}/suspend",
        json={"reason": "Fake store"},
        headers=auth_headers(admin),
    )
    assert suspended.status_code == 200
    response = client.post(
        "/api/v1/contracts", json=offer_values(kol, listing), headers=brand_headers
    )
    assert response.status_code == 401
    assert db.session.scalar(select(func.count(Contract.id))) == 0


def test_suspending_through_the_api_flags_open_contracts(client, admin, auth_headers):
    deal = make_contract("accepted")
    response = client.post(
        f"/api/v1/admin/users/{deal.kol.id}/suspend",
        json={"reason": "Impersonation"},
        headers=auth_headers(admin),
    )
    assert response.status_code == 200
    db.session.refresh(deal.contract)
    assert deal.contract.flagged_at is not None
    assert "Impersonation" in deal.contract.flag_reason


def test_unsuspend_needs_a_reason(client, admin, brand, auth_headers):
    headers = auth_headers(admin)
    client.post(f"/api/v1/admin/users/{brand.id}/suspend", json={"reason": "x"}, headers=headers)
    response = client.post(f"/api/v1/admin/users/{brand.id}/unsuspend", headers=headers)
    assert response.status_code == 400 and "reason" in response.get_json()["error"]["fields"]


def test_audit_log_api_filters_and_pages(client, admin, brand, auth_headers):
    headers = auth_headers(admin)
    client.post(f"/api/v1/admin/users/{brand.id}/suspend", json={"reason": "Spam"}, headers=headers)
    make_contract("funded")
    response = client.get("/api/v1/admin/audit?action=user.suspend", headers=headers)
    assert response.status_code == 200
    data = response.get_json()
    assert (data["total"], data["page"], data["per_page"]) == (1, 1, 50)
    (item,) = data["items"]
    assert (item["actor_id"], item["actor_email"], item["actor_role"]) == (
        admin.id, admin.email, "admin",
    )  # fmt: skip
    assert (item["subject_type"], item["subject_id"], item["reason"]) == ("user", brand.id, "Spam")
    assert item["at"].endswith("+00:00")
    money = client.get("/api/v1/admin/audit?actor=system&per_page=1", headers=headers).get_json()
    assert money["total"] == 1 and money["items"][0]["action"] == "money.fund"
    assert money["items"][0]["data"]["lines"]


def test_audit_log_api_rejects_bad_filters_and_non_admins(client, admin, brand, auth_headers):
    bad = client.get(
        "/api/v1/admin/audit?date_from=2026-02-30&per_page=0", headers=auth_headers(admin)
    )
    assert bad.status_code == 400
    assert set(bad.get_json()["error"]["fields"]) == {"date_from", "per_page"}
    assert client.get("/api/v1/admin/audit", headers=auth_headers(brand)).status_code == 404
