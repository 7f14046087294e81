from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import KolProfile, LoginFailure, User
from tests import factories
from tests.conftest import login


def test_signup_creates_a_kol_with_profile_and_logs_in(client, ctx):
    response = client.post(
        "/auth/signup",
        data={
            "role": "kol",
            "name": "Mei",
            "email": "Mei@Example.com",
            "password": "long-enough-1",
            "confirm": "long-enough-1",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "mei@example.com"))
    assert user is not None and user.role == "kol"
    assert user.password_hash.startswith("scrypt:")
    assert db.session.get(KolProfile, user.id).display_name == "Mei"
    assert "Mei" in client.get("/dashboard").get_data(as_text=True)


def test_signup_rejects_bad_input_and_saves_nothing(client, ctx):
    before = db.session.scalar(select(func.count(User.id)))
    response = client.post(
        "/auth/signup",
        data={
            "role": "admin",
            "name": "",
            "email": "not-an-email",
            "password": "short",
            "confirm": "other",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "invalid-feedback" in page
    assert db.session.scalar(select(func.count(User.id))) == before


def test_duplicate_email_is_a_form_error(client, brand):
    response = client.post(
        "/auth/signup",
        data={
            "role": "brand",
            "name": "X",
            "email": brand.email,
            "password": "long-enough-1",
            "confirm": "long-enough-1",
        },
    )
    assert response.status_code == 400
    assert "cannot be used to sign up" in response.get_data(as_text=True)


def test_login_and_logout(client, brand):
    response = login(client, brand)
    assert response.status_code == 302 and response.location.endswith("/dashboard")
    assert client.get("/dashboard").status_code == 200
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/dashboard").status_code == 302  # back to login


def test_wrong_password_and_unknown_email_answer_the_same(client, brand):
    wrong = login(client, brand, password="wrong-password")
    unknown = client.post("/auth/login", data={"email": "nobody@example.com", "password": "x"})
    assert wrong.status_code == unknown.status_code == 401
    message = "Invalid email or password."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)


def test_repeated_failures_throttle_even_the_right_password(client, app, brand):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert login(client, brand, password="wrong-password").status_code == 401
    throttled = login(client, brand)
    assert throttled.status_code == 429
    assert "Too many failed attempts" in throttled.get_data(as_text=True)
    assert db.session.scalar(select(func.count(LoginFailure.id))) == 5


def test_suspended_user_cannot_log_in_and_loses_session(client, ctx):
    user = factories.make_brand()
    assert login(client, user).status_code == 302
    user.is_suspended = True
    db.session.commit()
    assert client.get("/dashboard").status_code == 302
    response = login(client, user)
    assert response.status_code == 401
    assert "suspended" in response.get_data(as_text=True)


def test_open_redirect_is_refused(client, brand):
    response = client.post(
        "/auth/login?next=https://evil.example/",
        data={"email": brand.email, "password": factories.PASSWORD},
    )
    assert response.location.endswith("/dashboard")


def test_forms_reject_missing_csrf_token(client, brand, csrf_on):
    response = client.post(
        "/auth/login", data={"email": brand.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 400
    assert client.get("/dashboard").status_code == 302


def test_forms_accept_a_valid_csrf_token(client, brand, csrf_on):
    import re

    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/auth/login",
        data={"email": brand.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302


def test_session_cookie_flags(client, brand, app):
    response = login(client, brand)
    cookie = response.headers.get("Set-Cookie")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
