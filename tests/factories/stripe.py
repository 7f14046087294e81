"""Stripe-mode test data: KOLs with connected accounts, contracts funded by a real charge.

Needs the app in Stripe mode against the stand-in (`stripe_app`, `stripe_server` from
tests/stripe_support) and a request context on it. The funding charge is a real
PaymentIntent on localstripe, made and settled through the funding service
(`stripe_funding.start_funding`, paid with `stripe_server.pay_intent` as Stripe.js would,
settled by `refresh_payment` as the return page does). Every later step (submit,
approve, disputes) goes through the real services too.
"""

from __future__ import annotations

from typing import Any

from marketplace.extensions import db
from marketplace.models import PaymentAccount, PaymentAttempt, User
from marketplace.services.contracts import disputes, work
from marketplace.services.payments import connect_accounts, stripe_funding
from tests.factories import make_admin
from tests.factories.contracts import POST_URL, Deal, make_contract

# After "funded", the steps (through the services) that reach each status.
STRIPE_PATHS: dict[str, tuple[str, ...]] = {
    "funded": (),
    "submitted": ("submit",),
    "completed": ("submit", "approve"),
    "resolved": ("dispute", "resolve"),
}


def onboard_kol(server: Any, kol: User, *, due: tuple[str, ...] = ()) -> PaymentAccount:
    """The KOL's Express account at the stand-in, onboarded (`due`: still currently due).

    Created through the service, finished with the stand-in's `complete_onboarding`, and
    stored as the return page stores it (asked again from Stripe).
    """
    account = connect_accounts.ensure_account(kol)
    server.complete_onboarding(account.reference, due=due)
    connect_accounts.refresh_status(kol)
    db.session.refresh(account)
    return account


def fund_with_stripe(deal: Deal, server: Any) -> PaymentAttempt:
    """Fund an accepted contract as the brand does; returns the succeeded charge attempt.

    The funding service creates the PaymentIntent (`fund:<contract>`), the card is paid
    on localstripe as Stripe.js would, and the return page's check (the PaymentIntent
    fetched again from Stripe) funds the contract.
    """
    started = stripe_funding.start_funding(deal.brand, deal.id)
    server.pay_intent(started.intent_ref)
    assert stripe_funding.refresh_payment(started.intent_ref).succeeded
    charge = db.session.get_one(PaymentAttempt, started.attempt_id, populate_existing=True)
    assert charge.status == "succeeded" and charge.provider_ref, charge
    return charge


def make_stripe_contract(
    server: Any,
    status: str = "completed",
    *,
    onboarded: bool = True,
    due: tuple[str, ...] = (),
    **terms: Any,
) -> Deal:
    """A USD contract funded by a localstripe charge, then taken to `status`.

    `onboarded`: the KOL has a ready Stripe account first (with `due` it has one with
    requirements still due), so a release transfers at once; otherwise it has none and
    the release waits in the KOL's available balance.
    """
    terms = {"currency": "usd", "price": 50_000, **terms}
    deal = make_contract("accepted", **terms)
    if onboarded:
        onboard_kol(server, deal.kol, due=due)
    fund_with_stripe(deal, server)
    for step in STRIPE_PATHS[status]:
        if step == "submit":
            work.submit_proof(deal.kol, deal.id, post_urls=[POST_URL], notes="Posted")
        elif step == "approve":
            work.approve(deal.brand, deal.id)
        elif step == "dispute":
            disputes.open_dispute(deal.brand, deal.id, "Nothing was posted", "not_delivered")
        elif step == "resolve":
            dispute = disputes.open_dispute_of(deal.contract)
            assert dispute is not None
            half = deal.contract.price // 2
            disputes.resolve_dispute(
                make_admin(), dispute.id, kol_amount=half, brand_refund=half, note="Split"
            )
    db.session.refresh(deal.contract)
    assert deal.contract.status == status, (deal.contract.status, status)
    return deal
