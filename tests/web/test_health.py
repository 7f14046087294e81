"""/healthz (the process is up) and /readyz (database, Redis and match index ready)."""

from __future__ import annotations

import socket

import pytest
from flask import Flask
from sqlalchemy import event

from marketplace.extensions import db
from marketplace.observability.readiness import warm_up_state
from marketplace.services.matchmaking.index_holder import index_loaded, warm_up
from tests.web.test_rate_limits import redis_url  # noqa: F401  (fixture)

UNREACHABLE_DATABASE = "sqlite:////nonexistent-directory/marketplace.sqlite3"


def _closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _warmed(app: Flask) -> Flask:
    with app.app_context():
        warm_up()
    return app


@pytest.fixture
def statements(app):
    """The SQL statements the database receives while the test runs."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_healthz_answers_ok_without_touching_the_database(app, client, statements):
    _warmed(app)  # so the control request below starts no background load
    statements.clear()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert statements == []
    client.get("/readyz")
    assert "SELECT 1" in statements  # the listener does see what the app sends


def test_healthz_stays_up_when_the_database_is_down(app_with):
    client = app_with(SQLALCHEMY_DATABASE_URI=UNREACHABLE_DATABASE).test_client()
    assert client.get("/healthz").status_code == 200


def test_readyz_is_ok_when_the_database_answers_and_the_index_is_loaded(app, client):
    _warmed(app)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ok",
        "checks": {"database": "ok", "match_index": "ok"},
    }


def test_readyz_loads_the_index_in_the_background_and_is_unready_until_then(app, client):
    with app.app_context():
        assert not index_loaded()
    first = client.get("/readyz")
    assert first.status_code == 503
    assert first.get_json()["checks"] == {"database": "ok", "match_index": "loading"}
    assert first.get_json()["failed"] == ["match_index"]
    warm_up_state(app).wait(timeout_s=60)
    with app.app_context():
        assert index_loaded()
    assert client.get("/readyz").status_code == 200


def test_readyz_fails_with_the_database_unreachable(app_with):
    client = app_with(SQLALCHEMY_DATABASE_URI=UNREACHABLE_DATABASE).test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["checks"] == {"database": "failed", "match_index": "waiting_for_database"}
    assert body["failed"] == ["database", "match_index"]


def test_readyz_fails_with_redis_configured_but_unreachable(app_with):
    other = _warmed(app_with(REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0"))
    response = other.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"] == {
        "database": "ok",
        "redis": "failed",
        "match_index": "ok",
    }
    assert response.get_json()["failed"] == ["redis"]


@pytest.mark.redis
def test_readyz_checks_redis_when_configured(app_with, redis_url):  # noqa: F811
    other = _warmed(app_with(REDIS_URL=redis_url))
    response = other.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"]["redis"] == "ok"


def test_probes_are_exempt_from_rate_limits_and_the_input_guard(app, app_with):
    limited = app_with(RATELIMIT_DEFAULT="2 per minute")
    _warmed(limited)
    client = limited.test_client()
    assert [client.get("/healthz").status_code for _ in range(4)] == [200] * 4
    assert [client.get("/readyz").status_code for _ in range(4)] == [200] * 4
    assert [client.get("/").status_code for _ in range(3)] == [200, 200, 429]
    assert client.get("/healthz?probe=%00").status_code == 200
    assert app.test_client().get("/?q=%00").status_code == 400  # the guard is still on
