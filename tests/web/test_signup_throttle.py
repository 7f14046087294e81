"""Sign-up is not a cheap oracle for which emails exist: taken emails count as failed
sign-ins (for the email and the address), and the answer stays neutral."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import LoginFailure, User
from tests import factories
from tests.conftest import login

NEUTRAL = "This email cannot be used to sign up. Try logging in."


def signup(client, email: str, address: str = "127.0.0.1"):
    return client.post(
        "/auth/signup",
        data={
            "role": "kol",
            "name": "Probe",
            "email": email,
            "password": "long-enough-1",
            "confirm": "long-enough-1",
        },
        environ_base={"REMOTE_ADDR": address},
    )


def test_a_taken_email_gets_a_neutral_answer_and_counts_as_a_failure(client, brand):
    response = signup(client, brand.email)
    assert response.status_code == 400
    assert NEUTRAL in response.get_data(as_text=True)
    failures = db.session.scalar(
        select(func.count(LoginFailure.id)).where(LoginFailure.email == brand.email)
    )
    assert failures == 1


def test_probing_one_email_is_throttled_like_sign_in(app, client, brand):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert signup(client, brand.email).status_code == 400
    throttled = signup(client, brand.email)
    assert throttled.status_code == 429
    assert int(throttled.headers["Retry-After"]) == app.config["LOGIN_FAILURE_WINDOW_S"]
    assert "Too many failed attempts" in throttled.get_data(as_text=True)


def test_probing_many_emails_from_one_address_is_throttled(app, client, ctx):
    taken = [factories.make_brand() for _ in range(app.config["LOGIN_MAX_FAILURES"] * 4)]
    for user in taken:
        assert signup(client, user.email, "198.51.100.20").status_code == 400
    fresh = "someone-new@example.com"
    assert signup(client, fresh, "198.51.100.20").status_code == 429
    assert db.session.scalar(select(User.id).where(User.email == fresh)) is None
    assert signup(client, fresh, "198.51.100.21").status_code == 302  # another address


def test_api_register_answers_a_taken_email_with_the_same_neutral_error(client, brand):
    body = {"email": brand.email, "password": "long-enough-1", "role": "kol", "name": "Probe"}
    response = client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert error["fields"] == {"email": [NEUTRAL]}


def test_api_register_is_throttled_with_retry_after(app, client, brand):
    body = {"email": brand.email, "password": "long-enough-1", "role": "kol", "name": "Probe"}
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/api/v1/auth/register", json=body)
    response = client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"
    assert int(response.headers["Retry-After"]) == app.config["LOGIN_FAILURE_WINDOW_S"]


def test_the_owner_can_still_sign_in_after_someone_probed_once(client, brand):
    signup(client, brand.email)
    assert login(client, brand).status_code == 302
