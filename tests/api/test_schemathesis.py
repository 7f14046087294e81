"""Schemathesis fuzzes every /api/v1 operation against the live app, as each role.

Per role one test runs every operation (as subtests) inside the suite's per-test
transaction, which is rolled back afterwards: whatever the fuzzer posts, suspends or
deletes never outlives the test, and no other test sees it. Generated path ids (and body
`kol_id`/`listing_id`) are pointed at seeded objects two times in three, so the fuzzer
reaches real rows, not only 404s. `POST /auth/revoke` gets a fresh token on every call, so
it cannot revoke the token the rest of the run signs in with; admins cannot suspend
admins, so the admin run cannot lock itself out.

Deterministic (Hypothesis derandomized, no example database) and bounded: the coverage
phase's boundary cases on valid input plus `EXAMPLES_PER_OPERATION` fuzzed ones (valid and
invalid) per operation, about 4,000 examples in all; the per-role figures are printed at
the end of the run (tests/api/conftest.py). Schemathesis leaves out the document's own
operation, GET /openapi.json, which test_openapi.py checks.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, Phase, settings
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from marketplace.extensions import db
from marketplace.models import User
from marketplace.services.accounts import users
from tests import factories
from tests.factories.brands import make_application, make_brief, make_shortlist
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import make_contract

EXAMPLES_PER_OPERATION = 10
ANONYMOUS_EXAMPLES = 8
ROLES = ("anonymous", "brand", "kol", "admin")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
RUN: dict[str, Counter[str]] = {role: Counter() for role in ROLES}
OPERATIONS: dict[str, set[str]] = {role: set() for role in ROLES}


@dataclass
class World:
    """Seeded rows whose ids the fuzzer's path and body ids are pointed at."""

    accounts: dict[str, int]
    tokens: dict[str, str]
    ids: dict[str, int]

    def real_id(self, name: str, generated: int) -> int:
        target = self.ids.get(name)
        return target if target is not None and generated % 3 else generated


@pytest.fixture(scope="session")
def api_schema(app: Flask):
    """Coverage phase (boundary values, every enum) on valid input; fuzzing on both kinds."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    schema.config.phases.coverage.generation.modes = [GenerationMode.POSITIVE]
    schema.config.phases.coverage.unexpected_methods = set()
    return schema


@pytest.fixture(scope="session")
def anonymous_schema(app: Flask):
    """Without a token nearly every answer is 401: fuzzing alone is enough."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    schema.config.phases.coverage.enabled = False
    return schema


@pytest.fixture
def world(app: Flask) -> World:
    with app.test_request_context():
        brand = factories.make_brand()
        kol, listing = make_kol_with_listing()
        admin = factories.make_admin()
        brief = make_brief(brand)
        application = make_application(kol, brief)
        shortlist = make_shortlist(brand, kols=(kol,))
        contract = make_contract("submitted", brand=brand, kol=kol, listing=listing).contract
        accounts = {"brand": brand, "kol": kol, "admin": admin}
        return World(
            accounts={name: user.id for name, user in accounts.items()},
            tokens={name: users.issue_token(user) for name, user in accounts.items()},
            ids={
                "user_id": kol.id,
                "kol_id": kol.id,
                "listing_id": listing.id,
                "brief_id": brief.id,
                "application_id": application.id,
                "shortlist_id": shortlist.id,
                "contract_id": contract.id,
            },
        )


def _headers(app: Flask, world: World, role: str, operation_id: str) -> dict[str, str]:
    if role == "anonymous":
        return {}
    if operation_id == "revoke":
        with app.test_request_context():
            user = db.session.get(User, world.accounts[role])
            return {"Authorization": f"Bearer {users.issue_token(user)}"}
    return {"Authorization": f"Bearer {world.tokens[role]}"}


def _exercise(case: Case, role: str, world: World, app: Flask, client: FlaskClient) -> None:
    for name, value in list(case.path_parameters.items()):
        if isinstance(value, int):
            case.path_parameters[name] = world.real_id(name, value)
    if isinstance(case.body, dict):
        for name in ("kol_id", "listing_id"):
            if isinstance(case.body.get(name), int):
                case.body[name] = world.real_id(name, case.body[name])
    headers = _headers(app, world, role, case.operation.definition.raw.get("operationId", ""))
    kwargs = case.as_transport_kwargs(headers=headers)
    kwargs.pop("base_url", None)
    started = time.perf_counter()
    response = client.open(**kwargs)
    RUN[role]["ms"] += round((time.perf_counter() - started) * 1000)
    RUN[role]["examples"] += 1
    OPERATIONS[role].add(case.operation.label)
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except Exception:
        RUN[role]["failures"] += 1
        raise


def _fuzz_as(role: str, schema_fixture: str, max_examples: int):
    """One test per role: every operation as a subtest, in one rolled-back transaction."""

    @schemathesis.pytest.from_fixture(schema_fixture).parametrize()
    @settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def test(case: Case, world: World, app: Flask, client: FlaskClient) -> None:
        _exercise(case, role, world, app, client)

    return test


test_contract_as_anonymous = _fuzz_as("anonymous", "anonymous_schema", ANONYMOUS_EXAMPLES)
test_contract_as_brand = _fuzz_as("brand", "api_schema", EXAMPLES_PER_OPERATION)
test_contract_as_kol = _fuzz_as("kol", "api_schema", EXAMPLES_PER_OPERATION)
test_contract_as_admin = _fuzz_as("admin", "api_schema", EXAMPLES_PER_OPERATION)


def summary_lines() -> list[str]:
    """Examples, failures and time in requests per role (printed by tests/api/conftest.py)."""
    return [
        f"{role}: {len(OPERATIONS[role])} operations, {run['examples']} examples, "
        f"{run['failures']} failing, "
        f"{run['ms'] / 1000:.1f} s in requests"
        for role, run in RUN.items()
        if run["examples"]
    ]
