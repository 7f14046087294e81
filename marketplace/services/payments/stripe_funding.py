"""Funding with Stripe: a PaymentIntent the brand confirms in the browser.

Starting is three steps, like the sandbox's charge (a gateway call never runs inside a
transaction that holds locks, and its attempt is on record before it starts):

1. under the contract's lock, check the brand may fund now and record (or reuse) the
   charge attempt with its idempotency key; commit;
2. create the PaymentIntent with that key, holding no lock;
3. store the PaymentIntent's id on the attempt.

A contract that stops waiting for its money (cancelled, or its funding deadline passed)
has its unpaid PaymentIntents cancelled after commit (`stripe_settlement.abandon_payments`, key
`cancel:<intent>`); one the brand managed to pay meanwhile is refunded on settlement.

Keys: the first attempt of contract 42 is `fund:42`; after a failed attempt the brand
tries again with a fresh PaymentIntent under `fund:42:2`, `fund:42:3`, ... (Stripe would
answer a reused key with the first, failed, intent). A pending attempt keeps its key, so
a reload or a second click gets the same PaymentIntent back.

The contract stays `accepted` until Stripe says the payment succeeded; see
`stripe_settlement.apply_state`, called by the webhook and by the return page.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Contract, PaymentAttempt, User
from marketplace.payments import browser_gateway
from marketplace.payments.gateway import PaymentState
from marketplace.services.contracts.workflow import CONTRACT_WORKFLOW, lock_contract
from marketplace.services.ledger.contract_postings import funded_total
from marketplace.services.payments import attempts
from marketplace.services.payments.stripe_settlement import apply_state
from marketplace.services.transitions import check_transition
from marketplace.services.unit_of_work import use_case

PROVIDER = "stripe"


@dataclass(frozen=True)
class FundingStarted:
    """What the payment page needs: the contract and the PaymentIntent to confirm."""

    contract: Contract
    attempt_id: int
    intent_ref: str
    client_secret: str


@dataclass(frozen=True)
class _Start:
    attempt_id: int
    key: str
    amount: int
    currency: str


def funding_key(contract_id: int, n: int) -> str:
    """The idempotency key of the contract's `n`-th charge attempt (1-based)."""
    return f"fund:{contract_id}" if n == 1 else f"fund:{contract_id}:{n}"


def _new_attempt(contract: Contract) -> PaymentAttempt:
    tried = db.session.scalar(
        select(func.count())
        .select_from(PaymentAttempt)
        .where(PaymentAttempt.contract_id == contract.id, PaymentAttempt.kind == "charge")
    )
    attempt = PaymentAttempt(
        idempotency_key=funding_key(contract.id, (tried or 0) + 1),
        kind="charge",
        provider=PROVIDER,
        contract_id=contract.id,
        amount=funded_total(contract),
        currency=contract.currency,
        payment_method="payment_element",
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


@use_case
def _prepare(actor: User, contract_id: int) -> _Start:
    contract = check_transition(CONTRACT_WORKFLOW, contract_id, actor, action="fund")
    attempt = attempts.pending_charge(contract.id) or _new_attempt(contract)
    return _Start(attempt.id, attempt.idempotency_key, attempt.amount, attempt.currency)


@use_case
def _record_intent(actor: User, contract_id: int, attempt_id: int, intent_ref: str) -> Contract:
    contract = lock_contract(actor, contract_id)
    attempt = attempts.lock_attempt(attempt_id)
    if attempt.intent_ref is None:
        attempt.intent_ref = intent_ref
    return contract


def start_funding(actor: User, contract_id: int) -> FundingStarted:
    """Create (or find again) the PaymentIntent that funds the contract.

    Raises what funding would (NotFound, NotAllowed, InvalidTransition, the deadline's
    Conflict) before any call to Stripe; GatewayUnavailable or GatewayDeclined when
    Stripe did not create it (the attempt stays pending, the next try reuses its key).
    """
    start = _prepare(actor, contract_id)
    session = browser_gateway().start_payment(
        amount=start.amount,
        currency=start.currency,
        contract_id=contract_id,
        idempotency_key=start.key,
        description=f"Escrow for contract {contract_id}",
    )
    contract = _record_intent(actor, contract_id, start.attempt_id, session.reference)
    if session.status in ("succeeded", "canceled"):
        # The key answered with an intent that already finished (a replayed request).
        refresh_payment(session.reference)
        db.session.refresh(contract)
    return FundingStarted(contract, start.attempt_id, session.reference, session.client_secret)


def refresh_payment(intent_ref: str, via: str = "return_page") -> PaymentState:
    """Ask Stripe for the PaymentIntent's real state and apply it (never the browser's word)."""
    state = browser_gateway().payment_state(intent_ref)
    apply_state(state, via=via)
    return state
