from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import ApiToken, User
from tests import factories


def _register(client, **overrides):
    body = {
        "email": "new@example.com",
        "password": "long-enough-1",
        "role": "brand",
        "name": "Acme",
    }
    body.update(overrides)
    return client.post("/api/v1/auth/register", json=body)


def test_register_returns_user_and_working_token(client, ctx):
    response = _register(client)
    assert response.status_code == 201
    data = response.get_json()
    assert data["user"] == {
        "id": data["user"]["id"],
        "email": "new@example.com",
        "role": "brand",
        "name": "Acme",
    }
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {data['token']}"})
    assert me.status_code == 200
    assert me.get_json()["user"]["email"] == "new@example.com"
    assert me.get_json()["profile"]["company_name"] == "Acme"


def test_tokens_are_stored_hashed(client, ctx):
    token = _register(client).get_json()["token"]
    stored = db.session.scalars(select(ApiToken.token_hash)).all()
    assert token not in stored and len(stored) == 1 and len(stored[0]) == 64


def test_register_validation_error_format_and_nothing_saved(client, ctx):
    response = _register(client, email="nope", password=123, role="admin", name="")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert set(error["fields"]) == {"email", "password", "role", "name"}
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_admin_role_cannot_be_registered(client, ctx):
    response = _register(client, role="admin")
    assert response.status_code == 400
    assert "role" in response.get_json()["error"]["fields"]


def test_register_rejects_non_object_body(client, ctx):
    for body in ([1, 2], "text", None):
        response = client.post("/api/v1/auth/register", json=body)
        assert response.status_code == 400
        assert response.get_json()["error"]["code"] == "validation_error"
    response = client.post("/api/v1/auth/register", data="{broken", content_type="application/json")
    assert response.status_code == 400


def test_token_exchange(client, brand):
    ok = client.post(
        "/api/v1/auth/token", json={"email": brand.email, "password": factories.PASSWORD}
    )
    assert ok.status_code == 200 and ok.get_json()["token"].startswith("kol_")
    bad = client.post("/api/v1/auth/token", json={"email": brand.email, "password": "wrong-one"})
    assert bad.status_code == 401
    assert bad.get_json()["error"]["code"] == "unauthorized"


def test_token_throttled_after_failures(client, app, brand):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/api/v1/auth/token", json={"email": brand.email, "password": "bad-bad-bad"})
    response = client.post(
        "/api/v1/auth/token", json={"email": brand.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"


def test_revoked_token_stops_working(client, brand, auth_headers):
    headers = auth_headers(brand)
    assert client.post("/api/v1/auth/revoke", headers=headers).status_code == 200
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401


def test_missing_or_malformed_token(client, ctx):
    assert client.get("/api/v1/me").status_code == 401
    for header in ("Basic abc", "Bearer", "Bearer nope"):
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "unauthorized"


def test_suspended_users_token_is_refused(client, brand, auth_headers):
    headers = auth_headers(brand)
    brand.is_suspended = True
    db.session.commit()
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_unknown_route_and_wrong_method_use_the_error_format(client, ctx):
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "not_found"
    wrong = client.get("/api/v1/auth/register")
    assert wrong.status_code == 405
    assert wrong.get_json()["error"]["code"] == "method_not_allowed"


def test_unexpected_errors_use_the_error_format(client, brand, auth_headers, monkeypatch):
    from marketplace.services.accounts import users

    def boom(user):
        raise RuntimeError("secret internals")

    headers = auth_headers(brand)
    monkeypatch.setattr(users, "get_profile", boom)
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_error"
    assert "secret internals" not in response.get_data(as_text=True)
