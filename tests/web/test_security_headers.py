"""Security headers on every response, and client addresses behind trusted proxies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import LoginFailure
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
CLIENT, PROXY = "203.0.113.7", "10.0.0.1"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/auth/login",
        "/no-such-page",
        "/api/v1/openapi.json",
        "/api/v1/me",
        "/static/css/app.css",
    ],
)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in csp and "http" not in csp  # no inline code, no other origin
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_only_in_production(app_with):
    production = app_with(APP_ENV="production").test_client()
    hsts = production.get("/").headers["Strict-Transport-Security"]
    assert re.fullmatch(r"max-age=\d{8,}; includeSubDomains", hsts)


def test_templates_have_no_inline_script_style_or_handlers():
    """The policy refuses inline code, so none may creep back into the page templates.

    Emails (templates/email/) are never served under the site's policy, and mail clients
    drop style sheets, so their styles are inline; they still carry no script.
    """
    inline = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", re.IGNORECASE)
    emails = ROOT / "templates" / "email"
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        if emails not in path.parents
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if inline.search(line)
    ]
    assert offenders == []


def test_email_templates_have_no_script_or_handlers():
    script = re.compile(r"<script|\son[a-z]+=|javascript:", re.IGNORECASE)
    emails = sorted((ROOT / "templates" / "email").rglob("*.html"))
    assert emails
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in emails
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if script.search(line)
    ]
    assert offenders == []


def failed_login(client, brand, forwarded_for: str | None) -> str:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    response = client.post(
        "/auth/login",
        data={"email": brand.email, "password": "wrong-password"},
        headers=headers,
        environ_base={"REMOTE_ADDR": PROXY},
    )
    assert response.status_code == 401
    return db.session.scalars(select(LoginFailure.ip).order_by(LoginFailure.id.desc())).first()


def test_without_trusted_proxies_forwarded_headers_are_ignored(app_with, brand):
    client = app_with(TRUSTED_PROXIES=0).test_client()
    assert failed_login(client, brand, CLIENT) == PROXY


def test_behind_one_trusted_proxy_the_client_address_is_used(app_with, brand):
    client = app_with(TRUSTED_PROXIES=1).test_client()
    assert failed_login(client, brand, CLIENT) == CLIENT
    # Only the hop the proxy appended is trusted; what the client itself sent is not.
    assert failed_login(client, brand, f"6.6.6.6, {CLIENT}") == CLIENT


@pytest.mark.parametrize(("hops", "separate"), [(0, False), (1, True)])
def test_rate_limits_count_per_client_behind_a_proxy(app_with, hops, separate):
    client = app_with(TRUSTED_PROXIES=hops, RATELIMIT_API="1 per minute").test_client()

    def me(forwarded_for: str) -> int:
        return client.get(
            "/api/v1/me",
            headers={"X-Forwarded-For": forwarded_for},
            environ_base={"REMOTE_ADDR": PROXY},
        ).status_code

    assert me("198.51.100.1") == 401
    assert me("198.51.100.2") == (401 if separate else 429)


def test_sign_in_throttle_counts_per_client_behind_a_proxy(app_with, app, brand):
    client = app_with(TRUSTED_PROXIES=1).test_client()
    for attempt in range(app.config["LOGIN_MAX_FAILURES"] * 4):
        client.post(
            "/auth/login",
            data={"email": f"guess{attempt}@example.com", "password": "nope"},
            headers={"X-Forwarded-For": CLIENT},
            environ_base={"REMOTE_ADDR": PROXY},
        )
    neighbour = client.post(
        "/auth/login",
        data={"email": brand.email, "password": factories.PASSWORD},
        headers={"X-Forwarded-For": "198.51.100.3"},
        environ_base={"REMOTE_ADDR": PROXY},
    )
    assert neighbour.status_code == 302  # the throttled client is not the whole proxy
    blocked = client.post(
        "/auth/login",
        data={"email": brand.email, "password": factories.PASSWORD},
        headers={"X-Forwarded-For": CLIENT},
        environ_base={"REMOTE_ADDR": PROXY},
    )
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) == app.config["LOGIN_FAILURE_WINDOW_S"]
