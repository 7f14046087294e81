"""What the Stripe payment page and its return page show (the brand's side of funding).

The payment page confirms the contract's pending PaymentIntent with Stripe's Payment
Element. Stripe then sends the browser to the return page with the PaymentIntent's id;
that id only says which payment to look at: its state is fetched from Stripe and
applied (`stripe_funding.refresh_payment`), whatever the browser's query string claims.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.domain.errors import NotFound
from marketplace.extensions import db
from marketplace.models import Contract, PaymentAttempt, User
from marketplace.payments import browser_gateway
from marketplace.services.contracts import queries
from marketplace.services.payments.messages import decline_message
from marketplace.services.payments.stripe_funding import refresh_payment

# The return page's verdicts.
SUCCEEDED, PROCESSING, FAILED = "succeeded", "processing", "failed"


@dataclass(frozen=True)
class PaymentPage:
    contract: Contract
    intent_ref: str
    client_secret: str
    publishable_key: str


@dataclass(frozen=True)
class PaymentOutcome:
    contract: Contract
    verdict: str
    message: str | None = None


def _brand_contract(actor: User, contract_id: int) -> Contract:
    """The contract, when `actor` is its brand; NotFound for everyone else."""
    contract = queries.get_contract(actor, contract_id)
    if contract.brand_id != actor.id:
        raise NotFound(str(_l("Contract not found.")))
    return contract


def _pending_attempt(contract_id: int) -> PaymentAttempt | None:
    return db.session.scalar(
        select(PaymentAttempt).where(
            PaymentAttempt.contract_id == contract_id,
            PaymentAttempt.kind == "charge",
            PaymentAttempt.status == "pending",
            PaymentAttempt.intent_ref.is_not(None),
        )
    )


def payment_page(actor: User, contract_id: int) -> PaymentPage | None:
    """The pending payment to confirm, or None when there is none (start one first)."""
    contract = _brand_contract(actor, contract_id)
    attempt = _pending_attempt(contract.id)
    if attempt is None or attempt.intent_ref is None:
        return None
    gateway = browser_gateway()
    session = gateway.payment_session(attempt.intent_ref)
    return PaymentPage(contract, session.reference, session.client_secret, gateway.publishable_key)


def payment_outcome(actor: User, contract_id: int, intent_ref: str) -> PaymentOutcome:
    """Fetch the PaymentIntent from Stripe, apply it, and say how the payment went.

    NotFound unless `intent_ref` is one of this brand's attempts on this contract.
    """
    contract = _brand_contract(actor, contract_id)
    attempt_id = db.session.scalar(
        select(PaymentAttempt.id).where(
            PaymentAttempt.contract_id == contract.id,
            PaymentAttempt.kind == "charge",
            PaymentAttempt.intent_ref == intent_ref,
        )
    )
    if attempt_id is None:
        raise NotFound(str(_l("Payment not found.")))
    refresh_payment(intent_ref, via="return_page")
    db.session.expire_all()
    attempt = db.session.get_one(PaymentAttempt, attempt_id)
    contract = _brand_contract(actor, contract_id)
    if attempt.status == "succeeded":
        return PaymentOutcome(contract, SUCCEEDED)
    if attempt.status == "failed":
        return PaymentOutcome(contract, FAILED, failure_message(attempt))
    return PaymentOutcome(contract, PROCESSING)


def failure_message(attempt: PaymentAttempt) -> str:
    """Why a payment failed, in the brand's language (Stripe's decline codes)."""
    if attempt.error_code == "canceled":
        return str(_l("This payment was cancelled."))
    return decline_message(attempt.error_code or "card_declined")


def last_failure(actor: User, contract_id: int) -> str | None:
    """Why the contract's latest payment attempt failed, if it did (shown on its page)."""
    contract = _brand_contract(actor, contract_id)
    attempt = db.session.scalar(
        select(PaymentAttempt)
        .where(PaymentAttempt.contract_id == contract.id, PaymentAttempt.kind == "charge")
        .order_by(PaymentAttempt.id.desc())
        .limit(1)
    )
    if attempt is None or attempt.status != "failed":
        return None
    return failure_message(attempt)
