"""Pytest fixtures for Stripe: localstripe in a subprocess, the stand-in in front of it.

Registered from tests/conftest.py (`pytest_plugins`). See README.md here. One localstripe
and one stand-in per test process (so per xdist worker), wiped before every test that
uses them. If localstripe cannot start, the tests using it are skipped locally and FAIL
on CI (CI=true): they must not silently vanish there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.stripe_support.events import encode, signature_header
from tests.stripe_support.server import StripeServer
from tests.stripe_support.standin import StandIn, Webhook

SECRET_KEY = "sk_test_localstripe"
PUBLISHABLE_KEY = "pk_test_localstripe"
WEBHOOK_SECRET = "whsec_test_platform"
CONNECT_WEBHOOK_SECRET = "whsec_test_connect"
ENDPOINTS = {"platform": "/stripe/webhook", "connect": "/stripe/connect-webhook"}
SECRETS = {"platform": WEBHOOK_SECRET, "connect": CONNECT_WEBHOOK_SECRET}
ON_CI = os.environ.get("CI", "").lower() == "true"
ROOT = Path(__file__).resolve().parents[2]
__all__ = ["StripeServer", "deliver", "post_event"]
STRIPE_FIXTURES = {"localstripe", "stripe_server", "stripe_app", "stripe_gateway", "pay_intent"}


def _start_localstripe(log: Path) -> tuple[subprocess.Popen[str], str]:
    with log.open("w") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.stripe_support.run_localstripe"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
    assert process.stdout is not None
    port = process.stdout.readline().strip()
    if not port.isdigit():
        process.kill()
        said = log.read_text().strip().splitlines()[-3:]
        raise RuntimeError(f"localstripe did not start: {' / '.join(said) or port!r}")
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            requests.get(f"{url}/v1/balance", auth=(SECRET_KEY, ""), timeout=1).raise_for_status()
            return process, url
        except requests.RequestException:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise
            time.sleep(0.1)


@pytest.fixture(scope="session")
def localstripe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """localstripe's address (one per test process); its stderr goes to a temp file."""
    try:
        process, url = _start_localstripe(tmp_path_factory.mktemp("localstripe") / "stderr.log")
    except Exception as error:
        message = f"localstripe could not start: {error!r}"
        if ON_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def _standin(localstripe: str) -> Iterator[StandIn]:
    standin = StandIn(localstripe, SECRET_KEY)
    standin.start()
    requests.post(
        f"{localstripe}/_config/webhooks/standin",
        data={"url": f"{standin.url}/_standin/webhooks", "secret": WEBHOOK_SECRET},
        timeout=5,
    ).raise_for_status()
    yield standin
    standin.stop()


@pytest.fixture
def stripe_server(_standin: StandIn, localstripe: str) -> Iterator[StripeServer]:
    """localstripe wiped (`DELETE /_config/data`) and the stand-in reset for this test.

    Afterwards it checks that no request carried an idempotency key inside its params
    (stripe-python would send it as a form field, not the header; mypy cannot see that).
    """
    requests.delete(f"{localstripe}/_config/data", timeout=5).raise_for_status()
    _standin.reset()
    yield StripeServer(_standin)
    misplaced = [f"{r.method} {r.path}" for r in _standin.requests if "idempotency_key" in r.params]
    assert not misplaced, f"idempotency_key sent as a parameter, not a header: {misplaced}"


@pytest.fixture
def pay_intent(stripe_server: StripeServer) -> Callable[..., dict[str, Any]]:
    return stripe_server.pay_intent


@pytest.fixture
def stripe_gateway(stripe_server: StripeServer) -> Any:
    """A StripeGateway talking to the stand-in (and through it to localstripe); no app."""
    from marketplace.payments.stripe_gateway import StripeGateway, StripeSettings

    return StripeGateway(StripeSettings(SECRET_KEY, PUBLISHABLE_KEY, stripe_server.url))


def stripe_settings(api_base: str) -> dict[str, str]:
    return {
        "PAYMENTS_PROVIDER": "stripe",
        "STRIPE_SECRET_KEY": SECRET_KEY,
        "STRIPE_PUBLISHABLE_KEY": PUBLISHABLE_KEY,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "STRIPE_CONNECT_WEBHOOK_SECRET": CONNECT_WEBHOOK_SECRET,
        "STRIPE_API_BASE": api_base,
    }


@pytest.fixture(scope="session")
def _stripe_app_once(app: Flask, _standin: StandIn) -> Flask:
    from marketplace import create_app
    from tests.conftest import UNTHROTTLED, IsolatedClient

    shared = ("TESTING", "SECRET_KEY", "WTF_CSRF_ENABLED", "UPLOAD_FOLDER", "MATCH_INDEX_PATH")
    other = create_app(
        {**{k: app.config[k] for k in shared}, **UNTHROTTLED, **stripe_settings(_standin.url)}
    )
    other.test_client_class = IsolatedClient
    return other


@pytest.fixture
def stripe_app(
    _stripe_app_once: Flask, stripe_server: StripeServer, db_session: None
) -> Iterator[Flask]:
    """The app with PAYMENTS_PROVIDER=stripe against the stand-in, on the test's database.

    Config changes a test makes are undone afterwards.
    """
    saved = dict(_stripe_app_once.config)
    try:
        yield _stripe_app_once
    finally:
        _stripe_app_once.config.clear()
        _stripe_app_once.config.update(saved)


@pytest.fixture
def stripe_ctx(ctx: None, stripe_app: Flask) -> Iterator[None]:
    """A request context of `stripe_app` (on top of `ctx`), for calling services directly."""
    with stripe_app.test_request_context():
        yield


@pytest.fixture
def stripe_client(stripe_app: Flask) -> FlaskClient:
    return stripe_app.test_client()


def post_event(
    client: FlaskClient,
    event: dict[str, Any] | bytes,
    endpoint: str = "platform",
    *,
    secret: str | None = None,
    timestamp: int | None = None,
    signature: str | None = None,
) -> TestResponse:
    """POST an event to our endpoint, signed like Stripe (or with `signature` as given)."""
    payload = event if isinstance(event, bytes) else encode(event)
    header = signature or signature_header(payload, secret or SECRETS[endpoint], timestamp)
    return client.post(
        ENDPOINTS[endpoint],
        data=payload,
        headers={"Stripe-Signature": header, "Content-Type": "application/json"},
    )


@pytest.fixture
def send_stripe_event() -> Callable[..., TestResponse]:
    """`send_stripe_event(client, event, endpoint="platform"|"connect", secret=, timestamp=)`."""
    return post_event


def deliver(client: FlaskClient, hook: Webhook) -> TestResponse:
    """Hand a webhook localstripe sent to our platform endpoint, byte for byte."""
    return post_event(client, hook.payload, "platform", signature=hook.signature)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if STRIPE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.stripe)
