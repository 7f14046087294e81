"""The KOL's Stripe payout account pages: onboarding links, return page, earnings partial.

Against the stand-in (OUR model of Stripe's Connect: accounts, account links, payouts).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from marketplace.services.payments import connect_accounts
from tests.conftest import login
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.stripe import make_stripe_contract, onboard_kol


@pytest.fixture
def sctx(stripe_app: Flask) -> Iterator[None]:
    with stripe_app.test_request_context():
        yield


def signed_in(stripe_app: Flask, user) -> FlaskClient:
    client = stripe_app.test_client()
    assert login(client, user).status_code == 302
    return client


def test_waiting_earnings_say_why_and_offer_onboarding(stripe_app, stripe_server, sctx) -> None:
    deal = make_stripe_contract(stripe_server, onboarded=False)
    html = signed_in(stripe_app, deal.kol).get("/kol/earnings").get_data(as_text=True)
    assert 'data-testid="account-no_account"' in html
    assert 'data-testid="waiting-usd"' in html and "$450" in html
    assert 'data-testid="onboard"' in html
    assert 'data-testid="payout-form"' not in html  # Stripe pays out on its own schedule
    assert 'data-testid="test-mode-badge"' not in html


def test_a_transfer_stripe_has_not_confirmed_shows_as_on_its_way(
    stripe_app, stripe_server, sctx
) -> None:
    stripe_server.fail_next("500", times=3, path="/v1/transfers")
    deal = make_stripe_contract(stripe_server)
    html = signed_in(stripe_app, deal.kol).get("/kol/earnings").get_data(as_text=True)
    assert 'data-testid="sending-usd"' in html and 'data-testid="account-ready"' in html
    assert 'data-testid="waiting-usd"' not in html
    assert "Waiting to be sent to your Stripe account" in html


def test_onboarding_redirects_to_a_fresh_link_and_return_shows_status(
    stripe_app, stripe_server, sctx
) -> None:
    kol, _ = make_kol_with_listing()
    client = signed_in(stripe_app, kol)
    first = client.post("/kol/payout-account/onboard")
    assert first.status_code == 303
    assert first.location.startswith(f"{stripe_server.url}/_standin/onboarding/acct_")
    [link] = stripe_server.requests_to("POST", "/v1/account_links")
    assert link.params["refresh_url"] == "http://localhost/kol/payout-account/refresh"
    assert link.params["return_url"] == "http://localhost/kol/payout-account/return"
    again = client.get("/kol/payout-account/refresh")  # the link expired
    assert again.status_code == 303 and again.location != first.location
    assert len(stripe_server.requests_to("POST", "/v1/accounts")) == 1

    back = client.get("/kol/payout-account/return", follow_redirects=True)
    html = back.get_data(as_text=True)
    assert "not ready yet" in html and 'data-testid="account-onboarding_incomplete"' in html
    assert "external_account" in html
    account = connect_accounts.account_of(kol.id)
    stripe_server.complete_onboarding(account.reference)
    html = client.get("/kol/payout-account/return", follow_redirects=True).get_data(as_text=True)
    assert "Your Stripe account is ready" in html and 'data-testid="account-ready"' in html


def test_stripe_unreachable_is_a_message_not_an_error(stripe_app, stripe_server, sctx) -> None:
    kol, _ = make_kol_with_listing()
    client = signed_in(stripe_app, kol)
    stripe_server.fail_next("network", times=3, path="/v1/accounts")
    response = client.post("/kol/payout-account/onboard", follow_redirects=True)
    assert response.status_code == 200
    assert "Stripe is not reachable" in response.get_data(as_text=True)
    assert connect_accounts.account_of(kol.id) is None


def test_failed_bank_payout_is_shown(
    stripe_app, stripe_server, stripe_client, send_stripe_event, sctx
) -> None:
    kol, _ = make_kol_with_listing()
    account = onboard_kol(stripe_server, kol)
    event = stripe_server.payout_event(account.reference, 3_000, status="failed")
    assert send_stripe_event(stripe_client, event, "connect").status_code == 200
    html = signed_in(stripe_app, kol).get("/kol/earnings").get_data(as_text=True)
    assert f'data-testid="bank-payout-{event["data"]["object"]["id"]}"' in html
    assert "The bank account has been closed." in html


def test_onboarding_needs_the_csrf_token_and_a_kol(stripe_app, stripe_server, sctx) -> None:
    kol, _ = make_kol_with_listing()
    deal = make_stripe_contract(stripe_server, "funded", onboarded=False)
    assert signed_in(stripe_app, deal.brand).post("/kol/payout-account/onboard").status_code == 403
    client = signed_in(stripe_app, kol)
    stripe_app.config["WTF_CSRF_ENABLED"] = True  # undone by the stripe_app fixture
    response = client.post("/kol/payout-account/onboard")
    assert response.status_code == 400
    assert stripe_server.requests_to("POST", "/v1/accounts") == []


def test_pages_are_not_there_without_stripe(client_for, ctx) -> None:
    kol, _ = make_kol_with_listing()
    client = client_for(kol)
    assert client.post("/kol/payout-account/onboard").status_code == 404
    assert client.get("/kol/payout-account/return").status_code == 404
    assert 'data-testid="payout-form"' in client.get("/kol/earnings").get_data(as_text=True)
