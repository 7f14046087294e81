"""Every admin page and admin API endpoint answers 404 to anyone who is not an admin.

The routes come from the Flask URL map, so routes added later are walked too: each rule
under /admin or /api/v1/admin, each of its methods, as an anonymous visitor, a brand and a
KOL (404, with CSRF protection on, so the guard answers before CSRF does), and as an admin
(neither 404 nor a server error). A route with a path argument this file does not know
fails the test: add a value for it to `path_values`.
"""

from __future__ import annotations

import re

import pytest

from marketplace.extensions import db
from marketplace.models import Dispute
from marketplace.services.admin import moderation
from marketplace.services.contracts import disputes
from tests import factories
from tests.conftest import login
from tests.factories.contracts import make_contract

ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def admin_rules(app) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule == "/admin/" or rule.rule.startswith(("/admin/", "/api/v1/admin/")):
            for method in sorted((rule.methods or set()) - IGNORED_METHODS):
                found.append((rule.rule, method))
    return sorted(found)


def fill(rule: str, values: dict[str, object]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in values, f"{rule}: add a value for <{name}> to path_values"
        return str(values[name])

    return ARGUMENT.sub(value, rule)


@pytest.fixture
def path_values(ctx, admin) -> dict[str, object]:
    """Existing objects for every path argument the admin routes use."""
    deal = make_contract("disputed")
    moderation.suspend_user(admin, deal.brand.id, "Walk: flag the contract")
    dispute = db.session.scalar(db.select(Dispute).where(Dispute.contract_id == deal.id))
    assert dispute is not None and disputes.open_dispute_of(deal.contract) is not None
    return {
        "user_id": deal.kol.id,
        "kol_id": deal.kol.id,
        "contract_id": deal.id,
        "dispute_id": dispute.id,
    }


def test_the_walk_finds_the_admin_routes(app):
    rules = {rule for rule, _method in admin_rules(app)}
    expected = {
        "/admin/",
        "/admin/users",
        "/admin/ledger",
        "/admin/audit",
        "/admin/audit.csv",
        "/admin/verification",
        "/admin/flagged",
        "/api/v1/admin/ledger/balances",
        "/api/v1/admin/users/<int:user_id>/suspend",
    }
    assert expected <= rules


def _call(client, method: str, url: str, headers: dict[str, str] | None = None):
    return client.open(url, method=method, headers=headers or {}, data={})


@pytest.mark.parametrize("role", ["anonymous", "brand", "kol"])
def test_non_admins_get_404_on_every_admin_route(app, path_values, role, auth_headers):
    client = app.test_client()
    headers: dict[str, str] = {}
    if role != "anonymous":
        user = factories.make_user(role)
        assert login(client, user).status_code == 302
        headers = auth_headers(user)
    failures = []
    app.config["WTF_CSRF_ENABLED"] = True  # the guard answers before CSRF protection
    try:
        for rule, method in admin_rules(app):
            url = fill(rule, path_values)
            for sent in ({}, headers):
                response = _call(client, method, url, sent)
                if response.status_code != 404:
                    failures.append(f"{method} {url} ({role}): {response.status_code}")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert not failures, failures


def test_suspended_and_unknown_tokens_get_404_too(app, path_values, auth_headers, ctx):
    admin = factories.make_admin()
    headers = auth_headers(admin)
    admin.is_suspended = True
    db.session.commit()
    client = app.test_client()
    for token in (headers["Authorization"], "Bearer nonsense"):
        response = client.get("/api/v1/admin/ledger/balances", headers={"Authorization": token})
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"


def test_admins_reach_every_admin_route(app, path_values, admin, auth_headers):
    client = app.test_client()
    assert login(client, admin).status_code == 302
    headers = auth_headers(admin)
    failures = []
    for rule, method in admin_rules(app):
        url = fill(rule, path_values)
        response = _call(client, method, url, headers)
        if response.status_code == 404 or response.status_code >= 500:
            failures.append(f"{method} {url}: {response.status_code}")
    assert not failures, failures
