"""The Stripe payment page and its return page (against localstripe); the sandbox has neither."""

from __future__ import annotations

import re

import pytest

from marketplace.extensions import db
from marketplace.models import Contract
from marketplace.security import CONTENT_SECURITY_POLICY
from tests.conftest import login
from tests.factories.contracts import make_contract
from tests.stripe_support.plugin import PUBLISHABLE_KEY

PRICE = 300_000


def _status(deal) -> str:
    db.session.expire_all()
    return db.session.get_one(Contract, deal.id).status


@pytest.fixture
def deal(stripe_app, ctx):
    return make_contract("accepted", price=PRICE)


@pytest.fixture
def brand_client(stripe_app, deal):
    client = stripe_app.test_client()
    assert login(client, deal.brand).status_code == 302
    return client


def _start(client, deal) -> str:
    started = client.post(f"/contracts/{deal.id}/pay")
    assert started.status_code == 302 and started.location.endswith(f"/contracts/{deal.id}/pay")
    page = client.get(f"/contracts/{deal.id}/pay")
    assert page.status_code == 200
    secret = re.search(r'data-client-secret="([^"]+)"', page.get_data(as_text=True))
    assert secret is not None
    return secret.group(1).split("_secret_")[0]


def test_the_contract_page_sends_the_brand_to_the_payment_page(brand_client, deal):
    html = brand_client.get(f"/contracts/{deal.id}").get_data(as_text=True)
    assert f'action="/contracts/{deal.id}/pay"' in html
    assert "pm_card_chargeDeclined" not in html  # no sandbox test cards in Stripe mode
    assert "js.stripe.com" not in html


def test_the_payment_page_loads_stripe_js_and_only_it_allows_stripe(
    brand_client, deal, stripe_app, stripe_server
):
    _start(brand_client, deal)
    page = brand_client.get(f"/contracts/{deal.id}/pay")
    html = page.get_data(as_text=True)
    assert f'<script src="{stripe_app.config["STRIPE_JS_URL"]}"></script>' in html
    assert "/static/js/stripe-payment.js" in html
    assert f'data-publishable-key="{PUBLISHABLE_KEY}"' in html
    assert f"/contracts/{deal.id}/pay/return" in html
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self' https://js.stripe.com" in policy
    assert "frame-src https://js.stripe.com" in policy and "https://api.stripe.com" in policy
    other = brand_client.get(f"/contracts/{deal.id}")
    assert other.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "stripe" not in CONTENT_SECURITY_POLICY


def test_the_return_page_shows_what_stripe_says(brand_client, deal, pay_intent):
    intent = _start(brand_client, deal)
    # The browser claims success before paying: Stripe says otherwise, nothing is funded.
    claim = brand_client.get(
        f"/contracts/{deal.id}/pay/return?payment_intent={intent}&redirect_status=succeeded"
    )
    assert 'data-testid="payment-processing"' in claim.get_data(as_text=True)
    assert _status(deal) == "accepted"
    pay_intent(intent)
    done = brand_client.get(f"/contracts/{deal.id}/pay/return?payment_intent={intent}")
    assert 'data-testid="payment-succeeded"' in done.get_data(as_text=True)
    detail = brand_client.get(f"/contracts/{deal.id}").get_data(as_text=True)
    assert 'data-testid="form-fund"' not in detail and _status(deal) == "funded"


def test_a_declined_card_shows_why_and_offers_a_retry(brand_client, deal, pay_intent):
    intent = _start(brand_client, deal)
    pay_intent(intent, "pm_card_chargeCustomerFail")
    page = brand_client.get(f"/contracts/{deal.id}/pay/return?payment_intent={intent}")
    html = page.get_data(as_text=True)
    assert 'data-testid="payment-failed"' in html and "declined" in html
    assert 'data-testid="pay-retry"' in html
    detail = brand_client.get(f"/contracts/{deal.id}").get_data(as_text=True)
    assert 'data-testid="payment-failure"' in detail and "declined" in detail
    assert _start(brand_client, deal) != intent


def test_other_users_get_404(stripe_app, deal, brand_client):
    intent = _start(brand_client, deal)
    kol = stripe_app.test_client()
    login(kol, deal.kol)
    assert kol.get(f"/contracts/{deal.id}/pay").status_code == 403
    stranger = make_contract("accepted", price=PRICE)
    other = stripe_app.test_client()
    login(other, stranger.brand)
    assert other.get(f"/contracts/{deal.id}/pay").status_code == 404
    assert (
        other.get(f"/contracts/{stranger.id}/pay/return?payment_intent={intent}").status_code == 404
    )


def test_the_sandbox_has_no_stripe_pages_and_loads_nothing_from_stripe(client_for, ctx):
    deal = make_contract("accepted", price=PRICE)
    client = client_for(deal.brand)
    assert client.get(f"/contracts/{deal.id}/pay").status_code == 404
    assert client.post(f"/contracts/{deal.id}/pay").status_code == 404
    page = client.get(f"/contracts/{deal.id}")
    html = page.get_data(as_text=True)
    assert "stripe" not in html.lower()
    assert page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_the_sandbox_fund_form_is_refused_in_stripe_mode(brand_client, deal, stripe_server):
    response = brand_client.post(
        f"/contracts/{deal.id}/fund", data={"payment_method": "pm_card_visa"}, follow_redirects=True
    )
    assert "Pay for this contract on its payment page." in response.get_data(as_text=True)
    assert _status(deal) == "accepted"
    assert stripe_server.requests_to("POST", "/v1/") == []
