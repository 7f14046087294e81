"""No input makes a server error: every page and API route, fed hostile values.

The routes come from `app.url_map`, so a new route is covered without touching this file.
Each route gets hostile values in its path, its query string and its body (form fields
for pages, JSON for the API, plus broken JSON documents), as every role, and must answer
below 500. Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from marketplace import create_app
from marketplace.extensions import db
from tests import factories
from tests.conftest import login
from tests.factories.brands import make_application, make_brief, make_shortlist
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import make_contract

HOSTILE_TEXT = [
    "²",  # isdigit() accepts it, int() refuses it
    "١٢",  # Arabic-Indic digits: int() reads 12
    "--5",
    "9" * 5000,  # past Python's 4,300-digit int limit
    str(10**30),
    "2147483648",  # one past PostgreSQL INTEGER
    "a\x00b",
    "sNaN",
    "1e999999",
    "-0",
]
HOSTILE_JSON: list[Any] = [
    10**30,
    2**31,
    -(2**63) - 1,
    "\ud800",
    "x\x00",
    1.5e308,
    True,
    ["x"] * 2000,
    {f"k{i}": 0.0001 for i in range(2000)},
    [[[[[[["deep"]]]]]]],
]
BROKEN_BODIES = [
    b'{"title": "\\uZZZZ"}',
    b'{"title": "\\ud800"}',
    b"\xff\xfe{}",
    b"[" * 5000 + b"]" * 5000,
    b'{"a":' * 200 + b"1" + b"}" * 200,
    b'"just a string"',
    b"[1, 2]",
    b'{"price": ' + b"1" * 5000 + b"}",
    b'{"price": NaN}',
    b'{"title": "x"',
]
PATH_IDS = ["2147483648", "9" * 5000, "١٢", "0"]
# Every name a query string, form or JSON body of the app reads.
FIELDS = [
    "display_name", "bio", "categories", "tags", "platforms", "audience", "title",
    "description", "product_url", "category", "collab_types", "budget", "currency",
    "kols_wanted", "target_audience", "min_followers", "max_followers", "deadline", "status",
    "price", "pitch", "listing_id", "kol_id", "brief_id", "shortlist_id", "name", "note",
    "new_list_name", "next", "message", "reason", "level", "email", "password", "role",
    "company_name", "kind", "store_url", "platform", "collab_type", "rate", "turnaround_days",
    "revisions", "pricing_model", "commission_bps", "commission_pct", "q", "min_rate",
    "max_rate", "min_engagement", "audience_gender", "audience_age", "audience_region",
    "verified", "sort", "page", "per_page", "k", "limit", "primary_category",
    "more_categories", "platforms-0-platform", "platforms-0-handle", "platforms-0-followers",
    "platforms-0-engagement_pct", "audience-gender_female", "audience-region_tier1",
    "gender_female", "region_tier1", "engagement_pct", "remember",
]  # fmt: skip
# /readyz answers 503 by design while this worker is not ready (tests/web/test_health.py).
SKIPPED = {"static", "bootstrap.static", "kols.avatar", "ops.readyz"}


def _routes() -> list[tuple[str, str, str]]:
    app = create_app({"TESTING": True})
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.rule, method, rule.endpoint))
    return sorted(found)


ROUTES = _routes()


@pytest.fixture
def world(app: Flask, ctx) -> dict[str, Any]:
    brand = factories.make_brand()
    kol, listing = make_kol_with_listing()
    admin = factories.make_admin()
    brief = make_brief(brand)
    application = make_application(kol, brief)
    shortlist = make_shortlist(brand, kols=(kol,))
    contract = make_contract("submitted", brand=brand, kol=kol, listing=listing)
    for user in (brand, kol, admin):  # a one-round hash: three sign-ins per route stay cheap
        user.password_hash = generate_password_hash(factories.PASSWORD, "pbkdf2:sha256:1")
    db.session.commit()
    ids = {
        "user_id": kol.id,
        "kol_id": kol.id,
        "brief_id": brief.id,
        "listing_id": listing.id,
        "application_id": application.id,
        "shortlist_id": shortlist.id,
        "contract_id": contract.id,
    }
    return {"users": {"brand": brand, "kol": kol, "admin": admin}, "ids": ids}


def _path(rule: str, ids: dict[str, int], override: str | None = None) -> str:
    path = rule
    for name, value in ids.items():
        path = path.replace(f"<int:{name}>", override or str(value))
    return path.replace("<action>", "shortlist").replace("<code>", "en")


def _page_clients(app: Flask, users: dict[str, Any]) -> dict[str, FlaskClient]:
    clients = {"anonymous": app.test_client()}
    for role, user in users.items():
        client = app.test_client()
        assert login(client, user).status_code == 302
        clients[role] = client
    return clients


def _api_headers(users: dict[str, Any]) -> dict[str, dict[str, str]]:
    from marketplace.services.accounts import users as accounts

    headers = {"anonymous": {}}
    for role, user in users.items():
        headers[role] = {"Authorization": f"Bearer {accounts.issue_token(user)}"}
    return headers


@pytest.mark.parametrize(("rule", "method", "endpoint"), ROUTES, ids=lambda v: str(v))
def test_no_route_answers_a_server_error_to_hostile_input(app, world, rule, method, endpoint):
    users, ids = world["users"], world["ids"]
    is_api = rule.startswith("/api/")
    writes = method in ("POST", "PUT", "PATCH")
    if is_api:
        headers = _api_headers(users)
        callers = {role: (app.test_client(), h) for role, h in headers.items()}
    else:
        callers = {role: (c, {}) for role, c in _page_clients(app, users).items()}
    failures: list[str] = []

    def check(response, what: str) -> None:
        if response.status_code >= 500:
            failures.append(f"{what}: {response.status_code}")

    if "<int:" in rule:
        for bad_id in PATH_IDS:
            client, headers = callers["brand"]
            response = client.open(_path(rule, ids, bad_id), method=method, headers=headers)
            # Werkzeug answers 405 when another method's rule has the same shape.
            expected = (404,) if method == "GET" else (404, 405)
            if response.status_code not in expected:
                failures.append(f"id={bad_id[:20]!r}: {response.status_code}")
    for role, (client, headers) in callers.items():
        path = _path(rule, ids)
        for value in HOSTILE_TEXT:
            query = {name: value for name in FIELDS}
            kwargs: dict[str, Any] = {"query_string": query, "headers": headers}
            if writes and is_api:
                kwargs["json"] = query
            elif writes:
                kwargs["data"] = query
            response = client.open(path, method=method, **kwargs)
            check(response, f"{role} value={value[:20]!r}")
        if not (writes and is_api):
            continue
        for value in HOSTILE_JSON:
            body = json.dumps({name: value for name in FIELDS}).encode()
            response = client.open(
                path, method=method, data=body, content_type="application/json", headers=headers
            )
            check(response, f"{role} json={str(value)[:30]}")
        for raw in BROKEN_BODIES:
            response = client.open(
                path, method=method, data=raw, content_type="application/json", headers=headers
            )
            check(response, f"{role} body={raw[:30]!r}")
    assert not failures, f"{method} {rule}:\n" + "\n".join(failures)
