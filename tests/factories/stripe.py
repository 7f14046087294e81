"""Stripe-mode test data: KOLs with connected accounts, contracts funded by a real charge.

Needs the app in Stripe mode against the stand-in (`stripe_app`, `stripe_server` from
tests/stripe_support) and a request context on it. The funding charge is a real
PaymentIntent on localstripe: created through the gateway (`fund:<contract>`), paid
with `stripe_server.pay_intent` as Stripe.js would, then settled DIRECTLY here (charge
attempt with the charge id, contract funded, ledger posted) rather than through the
funding service's webhook path, so these tests do not depend on it. The steps after
funding (submit, approve, disputes) go through the real services.
"""

from __future__ import annotations

from typing import Any

from marketplace.extensions import db
from marketplace.models import PaymentAccount, PaymentAttempt, User
from marketplace.models.base import utcnow
from marketplace.payments import browser_gateway
from marketplace.services.contracts import disputes, work
from marketplace.services.contracts.workflow import transition
from marketplace.services.ledger.contract_postings import funded_total, post_funding
from marketplace.services.payments import connect_accounts
from marketplace.services.unit_of_work import unit_of_work
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
    """Fund an accepted contract with a PaymentIntent paid on localstripe; the charge attempt."""
    contract = deal.contract
    total = funded_total(contract)
    gateway = browser_gateway()
    session = gateway.start_payment(
        amount=total,
        currency=contract.currency,
        contract_id=contract.id,
        idempotency_key=f"fund:{contract.id}",
        description=f"Escrow for contract {contract.id}",
    )
    server.pay_intent(session.reference)
    state = gateway.payment_state(session.reference)
    assert state.succeeded and state.charge_reference, state
    with unit_of_work():
        attempt = PaymentAttempt(
            idempotency_key=f"fund:{contract.id}",
            kind="charge",
            provider="stripe",
            contract_id=contract.id,
            amount=total,
            currency=contract.currency,
            payment_method="card",
            status="succeeded",
            provider_ref=state.charge_reference,
            intent_ref=session.reference,
            completed_at=utcnow(),
        )
        db.session.add(attempt)
        db.session.flush()
        funded = transition(deal.brand, contract.id, "fund", {"attempt": attempt.idempotency_key})
        funded.funded_at = utcnow()
        post_funding(funded, "stripe")
    return attempt


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
