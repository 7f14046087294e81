"""Admin API: verify, suspend and unsuspend users; admins only, by role."""

import pytest

from marketplace.extensions import db
from marketplace.models import KolProfile, User


@pytest.fixture
def admin_headers(admin, auth_headers):
    return auth_headers(admin)


def test_verify_a_kol(client, kol, admin_headers):
    response = client.post(
        f"/api/v1/admin/users/{kol.id}/verify", json={"reason": "Checked"}, headers=admin_headers
    )
    assert response.status_code == 200
    data = response.get_json()
    assert (data["id"], data["role"], data["verification"]) == (kol.id, "kol", "verified")
    assert data["verification_reason"] == "Checked" and data["is_suspended"] is False
    pro = client.post(
        f"/api/v1/admin/users/{kol.id}/verify",
        json={"level": "invited_pro", "reason": "Agency contract seen"},
        headers=admin_headers,
    )
    assert pro.get_json()["verification"] == "invited_pro"
    assert db.session.get(KolProfile, kol.id).verification == "invited_pro"


def test_verify_needs_a_reason_and_a_known_level(client, kol, admin_headers):
    for body in (None, {}, {"reason": " "}):
        response = client.post(
            f"/api/v1/admin/users/{kol.id}/verify", json=body, headers=admin_headers
        )
        assert response.status_code == 400, body
        assert "reason" in response.get_json()["error"]["fields"]
    bad = client.post(
        f"/api/v1/admin/users/{kol.id}/verify",
        json={"level": "gold", "reason": "x"},
        headers=admin_headers,
    )
    assert bad.status_code == 400 and "level" in bad.get_json()["error"]["fields"]
    assert db.session.get(KolProfile, kol.id).verification == "unverified"


def test_suspend_and_unsuspend(client, brand, admin_headers):
    suspended = client.post(
        f"/api/v1/admin/users/{brand.id}/suspend",
        json={"reason": "Fake store"},
        headers=admin_headers,
    )
    assert suspended.status_code == 200
    assert suspended.get_json()["is_suspended"] is True
    assert suspended.get_json()["suspended_reason"] == "Fake store"
    assert suspended.get_json()["verification"] is None
    assert db.session.get(User, brand.id).is_suspended
    back = client.post(
        f"/api/v1/admin/users/{brand.id}/unsuspend",
        json={"reason": "Appeal"},
        headers=admin_headers,
    )
    assert back.status_code == 200 and back.get_json()["is_suspended"] is False


def test_suspend_requires_a_reason(client, brand, admin_headers):
    response = client.post(
        f"/api/v1/admin/users/{brand.id}/suspend", json={}, headers=admin_headers
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"]["reason"]
    assert not db.session.get(User, brand.id).is_suspended


def test_unknown_ids_answer_404(client, brand, admin_headers):
    for action in ("verify", "suspend", "unsuspend"):
        response = client.post(
            f"/api/v1/admin/users/987654/{action}", json={"reason": "x"}, headers=admin_headers
        )
        assert response.status_code == 404, action
        assert response.get_json()["error"]["code"] == "not_found"
    brand_verify = client.post(
        f"/api/v1/admin/users/{brand.id}/verify", json={"reason": "x"}, headers=admin_headers
    )
    assert brand_verify.status_code == 404


def test_non_admins_get_404(client, kol, brand, auth_headers):
    for user in (kol, brand):
        headers = auth_headers(user)
        for action in ("verify", "suspend", "unsuspend"):
            response = client.post(
                f"/api/v1/admin/users/{kol.id}/{action}", json={"reason": "x"}, headers=headers
            )
            assert response.status_code == 404
            assert response.get_json()["error"]["code"] == "not_found"
    assert db.session.get(KolProfile, kol.id).verification == "unverified"
    assert client.post(f"/api/v1/admin/users/{kol.id}/verify").status_code == 404
