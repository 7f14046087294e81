"""Admin users page: search, role filter, pagination, verify/suspend/unsuspend forms."""

import re

import pytest

from marketplace.extensions import db
from marketplace.models import KolProfile, User
from tests import factories
from tests.factories.contracts import make_contract


@pytest.fixture
def admin_client(admin, login_as):
    return login_as(admin)


def test_users_page_lists_searches_and_filters(admin_client, ctx):
    mei = factories.make_kol(name="Mei Lin", email="mei@example.com")
    acme = factories.make_brand(name="Acme Tea")
    page = admin_client.get("/admin/users").get_data(as_text=True)
    assert (
        f'data-testid="user-row-{mei.id}"' in page and f'data-testid="user-row-{acme.id}"' in page
    )
    page = admin_client.get("/admin/users?q=mei").get_data(as_text=True)
    assert f'user-row-{mei.id}"' in page and f'user-row-{acme.id}"' not in page
    page = admin_client.get("/admin/users?q=MEI@example.com").get_data(as_text=True)
    assert f'user-row-{mei.id}"' in page and f'user-row-{acme.id}"' not in page
    page = admin_client.get("/admin/users?role=brand").get_data(as_text=True)
    assert f'user-row-{acme.id}"' in page and f'user-row-{mei.id}"' not in page


def test_users_page_paginates(admin_client, ctx):
    for _ in range(26):
        factories.make_brand()
    first = admin_client.get("/admin/users?role=brand").get_data(as_text=True)
    assert first.count('data-testid="user-row-') == 25
    assert re.search(r'href="\s*/admin/users\?role=brand&amp;page=2"', first)
    second = admin_client.get("/admin/users?role=brand&page=2").get_data(as_text=True)
    assert second.count('data-testid="user-row-') == 1


def test_bad_filters_are_a_400_not_a_crash(admin_client):
    response = admin_client.get("/admin/users?role=owner&page=abc")
    assert response.status_code == 400
    assert 'data-testid="form-errors"' in response.get_data(as_text=True)


def test_verify_suspend_and_reinstate_through_the_forms(admin_client, kol):
    response = admin_client.post(
        f"/admin/users/{kol.id}/verify", data={"level": "invited_pro", "reason": "Top", "q": "kol"}
    )
    assert response.status_code == 302 and "q=kol" in response.location
    assert db.session.get(KolProfile, kol.id).verification == "invited_pro"
    asked = admin_client.post(f"/admin/users/{kol.id}/suspend", data={"reason": "Fraud"})
    assert asked.status_code == 200 and 'data-testid="confirm-suspend"' in asked.get_data(
        as_text=True
    )
    assert not db.session.get(User, kol.id).is_suspended  # nothing happens before confirming
    done = admin_client.post(
        f"/admin/users/{kol.id}/suspend", data={"reason": "Fraud", "confirm": "yes"}
    )
    assert done.status_code == 302
    assert db.session.get(User, kol.id).is_suspended
    page = admin_client.get("/admin/users").get_data(as_text=True)
    assert "Reinstate" in page
    assert admin_client.post(f"/admin/users/{kol.id}/unsuspend", data={}).status_code == 400
    asked = admin_client.post(f"/admin/users/{kol.id}/unsuspend", data={"reason": "Appeal"})
    assert 'data-testid="confirm-unsuspend"' in asked.get_data(as_text=True)
    assert db.session.get(User, kol.id).is_suspended
    done = admin_client.post(
        f"/admin/users/{kol.id}/unsuspend", data={"reason": "Appeal", "confirm": "yes"}
    )
    assert done.status_code == 302
    assert not db.session.get(User, kol.id).is_suspended


def test_suspend_without_reason_shows_the_error(admin_client, brand):
    for data in ({"reason": ""}, {"reason": " ", "confirm": "yes"}):
        response = admin_client.post(f"/admin/users/{brand.id}/suspend", data=data)
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert f"User #{brand.id}" in page and "This field is required." in page
    assert not db.session.get(User, brand.id).is_suspended


def test_verify_without_a_note_shows_the_error(admin_client, kol):
    response = admin_client.post(f"/admin/users/{kol.id}/verify", data={"level": "verified"})
    assert response.status_code == 400
    assert "This field is required." in response.get_data(as_text=True)
    assert db.session.get(KolProfile, kol.id).verification == "unverified"


def test_unknown_user_is_404(admin_client):
    for data in ({"reason": "x"}, {"reason": "x", "confirm": "yes"}):
        assert admin_client.post("/admin/users/999999/suspend", data=data).status_code == 404
        assert admin_client.post("/admin/users/999999/unsuspend", data=data).status_code == 404


def test_non_admins_get_404(kol, brand, login_as, ctx):
    for user in (kol, brand):
        client = login_as(user)
        assert client.get("/admin/users").status_code == 404
        assert client.post(f"/admin/users/{kol.id}/verify", data={}).status_code == 404
        client.post("/auth/logout")
    assert db.session.get(KolProfile, kol.id).verification == "unverified"


def test_admin_nav_and_dashboard(admin_client):
    page = admin_client.get("/dashboard").get_data(as_text=True)
    assert 'data-testid="nav-admin-users"' in page and 'data-testid="admin-dashboard"' in page


def test_admin_nav_leads_to_every_contract(admin_client):
    deal = make_contract("disputed")
    page = admin_client.get("/dashboard").get_data(as_text=True)
    assert 'href="/contracts" data-testid="nav-contracts"' in page
    contracts = admin_client.get("/contracts").get_data(as_text=True)
    assert f'data-testid="contract-{deal.id}"' in contracts


def test_admin_forms_need_csrf(admin_client, brand, csrf_on):
    response = admin_client.post(
        f"/admin/users/{brand.id}/suspend", data={"reason": "x", "confirm": "yes"}
    )
    assert response.status_code == 400
    assert not db.session.get(User, brand.id).is_suspended
