"""Fixtures: one migrated database per session, per-test rollback, clients and logins.

With TEST_DATABASE_URL set the suite runs on that PostgreSQL database (its public schema
is wiped first); otherwise on a temporary SQLite file.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import create_engine, make_url, text

from marketplace import create_app
from marketplace.extensions import db
from marketplace.models import User
from marketplace.services.accounts import users
from tests import factories
from tests.smtp_support import MailServer, running_mail_server

pytest_plugins = ["tests.stripe_support.plugin"]

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_CI = os.environ.get("CI", "").lower() == "true"
# The matcher is a library without Flask or a database; its tests get neither.
LIBRARY_TESTS = Path(__file__).resolve().parent / "matching"


def empty_all_tables(app: Flask) -> None:
    """Delete every row (tests that commit for real clean up with this)."""
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # the ledger refuses DELETE (0008)
                names = ", ".join(table.name for table in db.metadata.sorted_tables)
                conn.execute(text(f"TRUNCATE {names} CASCADE"))
                return
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def committed_db(app: Flask) -> Iterator[None]:
    """For tests marked `live_db`: data is really committed and removed afterwards."""
    try:
        yield
    finally:
        empty_all_tables(app)


def _worker_database(url: str, worker: str) -> str:
    """Under pytest-xdist each worker wipes and migrates its own copy of the database
    (`<name>_<worker>`, created on first use), instead of racing the others on one schema."""
    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if ON_CI and not TEST_DATABASE_URL:
        pytest.exit("CI=true needs TEST_DATABASE_URL (PostgreSQL); see .ci/run", returncode=2)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if TEST_DATABASE_URL:
        return _worker_database(TEST_DATABASE_URL, worker) if worker else TEST_DATABASE_URL
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


class IsolatedClient(FlaskClient):
    """Each request gets its own application context, as in production.

    Flask runs a request in the app context already pushed, if any, so `g`, Flask-Login's
    user and Babel's locale would leak from the test (or a previous request) into it.
    A fresh `app.app_context()` around every request (each redirect followed re-enters
    `open`) keeps them apart; popping it removes the request's database session. After the
    request the test's own session is expired so it reads fresh rows.
    """

    def open(self, *args, **kwargs):  # type: ignore[override]
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return response


class _ConnectionBoundSession(FlaskSession):
    """Flask-SQLAlchemy picks engines by bind key; tests pin every query to one connection."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):  # type: ignore[override]
        return self.bind if self.bind is not None else super().get_bind(mapper, clause, bind)


#: The suite makes hundreds of requests from one address; tests of the limits lower them.
UNTHROTTLED = {
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_API": "100000 per minute",
    "RATELIMIT_SIGNUP": "100000 per hour",
    "RATELIMIT_TOKEN": "100000 per hour",
}


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    url = _database_url(tmp_path_factory)
    os.environ["DATABASE_URL"] = url
    application = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "WTF_CSRF_ENABLED": False,
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
            "MATCH_INDEX_PATH": str(tmp_path_factory.mktemp("match") / "index"),
            # One app serves every test: no remembered answer may outlive its test.
            "SEARCH_COUNT_TTL_S": 0,
            "MATCH_RANKING_TTL_S": 0,
            "SWEEP_IN_PROCESS": False,  # tests that want the sweep thread ask (app_with)
            **UNTHROTTLED,
        }
    )
    application.test_client_class = IsolatedClient
    with application.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
        upgrade()
        db.session.remove()
    yield application


@pytest.fixture(autouse=True)
def _application_tests_get_a_database(request: pytest.FixtureRequest) -> None:
    if LIBRARY_TESTS not in request.node.path.parents:
        request.getfixturevalue("db_session")


@pytest.fixture
def db_session(request: pytest.FixtureRequest, app: Flask) -> Iterator[None]:
    """Every test runs inside one outer transaction that is rolled back afterwards.

    Use cases still commit; with join_transaction_mode="create_savepoint" those commits
    only release savepoints. Tests marked `live_db` commit for real instead.
    """
    app.extensions.pop("match_index", None)  # each test's data gets a fresh match index,
    shutil.rmtree(app.config["MATCH_INDEX_PATH"], ignore_errors=True)  # built, not mapped
    if request.node.get_closest_marker("live_db"):
        yield
        return
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = db._make_scoped_session(
            {
                "class_": _ConnectionBoundSession,
                "bind": connection,
                "join_transaction_mode": "create_savepoint",
            }
        )
    # No app context stays pushed: tests take one with `ctx`, requests make their own.
    try:
        yield
    finally:
        with app.app_context():
            db.session.remove()
        db.session = original
        outer.rollback()
        connection.close()


@pytest.fixture
def app_with(app: Flask):
    """Another application on the test database with some settings changed (limits, proxies).

    Requests to it use the test's connection too, so its writes are rolled back as well.
    """

    def _make(**settings: object) -> Flask:
        shared = (
            "TESTING",
            "SECRET_KEY",
            "WTF_CSRF_ENABLED",
            "UPLOAD_FOLDER",
            "MATCH_INDEX_PATH",
            "SEARCH_COUNT_TTL_S",
            "MATCH_RANKING_TTL_S",
        )
        base = {key: app.config[key] for key in shared}
        other = create_app({**base, "SWEEP_IN_PROCESS": False, **UNTHROTTLED, **settings})
        other.test_client_class = IsolatedClient
        return other

    return _make


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    with app.test_request_context():
        yield


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def csrf_on(app: Flask) -> Iterator[None]:
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def login(client: FlaskClient, user: User, password: str = factories.PASSWORD):
    return client.post(
        "/auth/login", data={"email": user.email, "password": password}, follow_redirects=False
    )


@pytest.fixture
def login_as(client: FlaskClient, ctx):
    def _login(user: User) -> FlaskClient:
        response = login(client, user)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return _login


@pytest.fixture
def auth_headers(ctx):
    def _headers(user: User) -> dict[str, str]:
        return {"Authorization": f"Bearer {users.issue_token(user)}"}

    return _headers


@pytest.fixture
def brand(ctx) -> User:
    return factories.make_brand()


@pytest.fixture
def kol(ctx) -> User:
    return factories.make_kol()


@pytest.fixture
def admin(ctx) -> User:
    return factories.make_admin()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "live_db: commits for real (browser tests)")


def pytest_report_header(config: pytest.Config) -> str:
    target = "PostgreSQL (TEST_DATABASE_URL)" if TEST_DATABASE_URL else "SQLite (temporary file)"
    return f"database under test: {target}"


@pytest.fixture
def smtp_server(app: Flask) -> Iterator[MailServer]:
    """A real local SMTP server (tests/smtp_support.py) that the app sends to in this test."""
    saved = {key: app.config[key] for key in ("MAIL_SERVER", "MAIL_PORT")}
    with running_mail_server() as server:
        app.config.update(MAIL_SERVER=server.host, MAIL_PORT=server.port)
        try:
            yield server
        finally:
            app.config.update(saved)
