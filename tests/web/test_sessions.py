"""Sessions end on the server: copied cookies stop working after logout, log out
everywhere, a password change and a suspension."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import LoginSession, User
from marketplace.services.accounts import sessions
from marketplace.services.admin import moderation
from tests import factories
from tests.conftest import login

SESSION_COOKIE = "session"
REMEMBER_COOKIE = "remember_token"
NEW_PASSWORD = "a-brand-new-secret-7"


def signed_in(client: FlaskClient) -> bool:
    return client.get("/dashboard").status_code == 200


def sign_in(app: Flask, user: User, remember: bool = False) -> FlaskClient:
    browser = app.test_client()
    data = {"email": user.email, "password": factories.PASSWORD}
    if remember:
        data["remember"] = "y"
    assert browser.post("/auth/login", data=data).status_code == 302
    assert signed_in(browser)
    return browser


def copy_cookie(app: Flask, source: FlaskClient, name: str) -> FlaskClient:
    """A fresh browser holding only a copy of one cookie, as a thief would."""
    cookie = source.get_cookie(name)
    assert cookie is not None, f"no {name} cookie was set"
    thief = app.test_client()
    thief.set_cookie(name, cookie.value)
    return thief


def session_rows(user: User) -> int:
    return db.session.scalar(
        select(func.count(LoginSession.id)).where(LoginSession.user_id == user.id)
    )


def test_copied_session_cookie_stops_working_after_logout(app, brand):
    browser = sign_in(app, brand)
    thief = copy_cookie(app, browser, SESSION_COOKIE)
    assert signed_in(thief)  # the copy works while the session lives

    assert browser.post("/auth/logout").status_code == 302
    assert not signed_in(browser)
    assert not signed_in(thief)


def test_copied_remember_cookie_stops_working_after_logout(app, brand):
    browser = sign_in(app, brand, remember=True)
    thief = copy_cookie(app, browser, REMEMBER_COOKIE)
    assert signed_in(thief)  # a remember-me cookie alone signs in

    assert browser.post("/auth/logout").status_code == 302
    replay = copy_cookie(app, thief, REMEMBER_COOKIE)
    assert not signed_in(replay)
    assert not signed_in(thief)


def test_logout_ends_only_this_browser(app, brand):
    laptop, phone = sign_in(app, brand), sign_in(app, brand)
    assert session_rows(brand) == 2
    laptop.post("/auth/logout")
    assert not signed_in(laptop)
    assert signed_in(phone)
    assert session_rows(brand) == 1


def test_log_out_everywhere_ends_every_browser(app, brand):
    laptop, phone = sign_in(app, brand), sign_in(app, brand, remember=True)
    stolen = copy_cookie(app, phone, REMEMBER_COOKIE)
    page = laptop.get("/auth/account").get_data(as_text=True)
    assert 'data-testid="logout-everywhere"' in page

    response = laptop.post("/auth/logout-everywhere")
    assert response.status_code == 302 and response.location.endswith("/auth/login")
    assert not signed_in(laptop)
    assert not signed_in(phone)
    assert not signed_in(stolen)
    assert session_rows(brand) == 0


def test_log_out_everywhere_through_the_api(app, brand, auth_headers):
    browser = sign_in(app, brand)
    api = app.test_client()
    response = api.post("/api/v1/auth/logout-everywhere", headers=auth_headers(brand))
    assert response.status_code == 200
    assert response.get_json() == {"sessions_ended": 1}
    assert not signed_in(browser)
    assert api.get("/api/v1/me", headers=auth_headers(brand)).status_code == 200


def test_password_change_keeps_this_browser_and_ends_the_others(app, brand):
    browser, other = sign_in(app, brand, remember=True), sign_in(app, brand)
    stolen = copy_cookie(app, browser, REMEMBER_COOKIE)
    response = browser.post(
        "/auth/account",
        data={
            "current_password": factories.PASSWORD,
            "new_password": NEW_PASSWORD,
            "repeat_password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert signed_in(browser)
    assert not signed_in(other)
    assert not signed_in(stolen)
    # This browser's new remember-me cookie works on its own.
    assert signed_in(copy_cookie(app, browser, REMEMBER_COOKIE))
    assert login(app.test_client(), brand).status_code == 401
    assert login(app.test_client(), brand, password=NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        (
            {"current_password": "not-my-password", "new_password": NEW_PASSWORD},
            "This is not your current password.",
        ),
        (
            {"current_password": factories.PASSWORD, "new_password": "short"},
            "Field must be between 8 and 128 characters long.",
        ),
    ],
)
def test_password_change_refuses_bad_input_and_changes_nothing(app, brand, data, field_error):
    browser, other = sign_in(app, brand), sign_in(app, brand)
    data = {"repeat_password": data["new_password"], **data}
    response = browser.post("/auth/account", data=data)
    assert response.status_code == 400
    assert field_error in response.get_data(as_text=True)
    assert signed_in(browser) and signed_in(other)
    assert login(app.test_client(), brand).status_code == 302


def test_password_change_needs_a_csrf_token(app, brand, csrf_on):
    browser = app.test_client()
    page = browser.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    credentials = {"email": brand.email, "password": factories.PASSWORD, "csrf_token": token}
    assert browser.post("/auth/login", data=credentials).status_code == 302
    response = browser.post(
        "/auth/account",
        data={
            "current_password": factories.PASSWORD,
            "new_password": NEW_PASSWORD,
            "repeat_password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 400
    assert signed_in(browser)
    db.session.expire_all()
    assert db.session.get(User, brand.id).password_hash == factories.password_hash()


def test_suspension_ends_sessions_and_unsuspending_does_not_revive_them(app, brand, admin):
    browser = sign_in(app, brand, remember=True)
    stolen = copy_cookie(app, browser, REMEMBER_COOKIE)
    with app.test_request_context():
        moderation.suspend_user(admin, brand.id, "spam")
    assert not signed_in(browser)
    assert not signed_in(stolen)
    with app.test_request_context():
        moderation.unsuspend_user(admin, brand.id, "Appeal upheld")
    assert not signed_in(stolen)
    assert session_rows(brand) == 0


@pytest.mark.parametrize(
    "session_id", ["", "7", "7:", ":abc", "x:abc", "٧:abc", "9" * 18 + ":abc", "9" * 40 + ":a"]
)
def test_malformed_session_ids_load_nobody(ctx, session_id):
    assert sessions.user_for_session(session_id) is None


def test_expired_session_rows_no_longer_sign_in(app, brand):
    browser = sign_in(app, brand)
    lifetime = app.config["SESSION_LIFETIME_S"]
    app.config["SESSION_LIFETIME_S"] = 0
    try:
        assert not signed_in(browser)
    finally:
        app.config["SESSION_LIFETIME_S"] = lifetime


def test_guessing_the_current_password_is_throttled_like_sign_in(app, brand):
    browser = sign_in(app, brand)
    guess = {"current_password": "guess", "new_password": NEW_PASSWORD}
    guess["repeat_password"] = NEW_PASSWORD
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert browser.post("/auth/account", data=guess).status_code == 400
    right = {**guess, "current_password": factories.PASSWORD}
    throttled = browser.post("/auth/account", data=right)
    assert throttled.status_code == 429
    assert int(throttled.headers["Retry-After"]) == app.config["LOGIN_FAILURE_WINDOW_S"]
    assert login(app.test_client(), brand, password=NEW_PASSWORD).status_code != 302


def test_password_change_reports_every_field_error_at_once(ctx, brand):
    from marketplace.domain.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as failure:
        sessions.change_password(brand, "wrong", "short", "other", "127.0.0.1")
    assert set(failure.value.fields) == {"current_password", "new_password", "repeat_password"}


def test_a_session_token_only_works_with_its_own_user_id(app, brand, kol):
    with app.test_request_context():
        token = sessions.sign_in(brand.email, factories.PASSWORD, "127.0.0.1").signed_in_token
        assert sessions.user_for_session(f"{brand.id}:{token}").id == brand.id
        assert sessions.user_for_session(f"{kol.id}:{token}") is None
        assert sessions.user_for_session(f"0{brand.id}:{token}") is None
