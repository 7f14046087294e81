"""Apply what Stripe says about a funding PaymentIntent, once, whoever asks first.

The `payment_intent.succeeded` webhook and the brand's return page both end here with
the PaymentIntent as just fetched from Stripe (never the browser's claim, never the
event's copy, which may be stale). Under the contract's row lock the charge attempt
moves pending -> succeeded once; only that move funds the contract and posts the ledger
entry, in the same transaction, so a webhook racing the return page funds it once.

- succeeded, the contract still waiting for it: funded (the brand's `fund` move); any
  other attempt's PaymentIntent still open is cancelled (`abandon_payments`).
- succeeded, but the contract moved on (cancelled, deadline passed, funded by another
  attempt): the money is booked into the escrow and straight back out as a refund
  (`refund:<contract>:<n>`), which the gateway executes after commit.
- failed (declined, canceled): the attempt is failed with Stripe's reason; the brand
  sees it and may try again with a new attempt. A late "failed" for an intent that has
  meanwhile succeeded cannot happen here: the state is always fetched fresh.
"""

from __future__ import annotations

import functools
import logging

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Contract, ContractEvent, PaymentAttempt
from marketplace.models.base import utcnow
from marketplace.payments import browser_gateway, uses_stripe
from marketplace.payments.gateway import GatewayDeclined, GatewayUnavailable, PaymentState
from marketplace.services.contracts.workflow import funding_open, lock_contract, transition
from marketplace.services.ledger import accounts
from marketplace.services.ledger.contract_postings import post_funding
from marketplace.services.ledger.postings import Line, post
from marketplace.services.notifications.admin_alerts import notify_admins
from marketplace.services.payments import attempts
from marketplace.services.payments.refunds import schedule_refund
from marketplace.services.payments.webhook_events import IncomingEvent, remember
from marketplace.services.unit_of_work import after_commit, use_case

log = logging.getLogger(__name__)
PROVIDER = "stripe"
# PaymentIntent statuses after which this intent will never take money.
FAILED_STATUSES = frozenset({"canceled"})


def find_attempt(intent_ref: str, contract_id: int | None, amount: int) -> PaymentAttempt | None:
    """The charge attempt behind a PaymentIntent.

    By its stored id; else, when the intent names one of our contracts, that contract's
    pending attempt whose intent id was not stored yet (Stripe answered, then the
    webhook outran the step that stores it).
    """
    attempt = db.session.scalar(
        select(PaymentAttempt).where(
            PaymentAttempt.intent_ref == intent_ref, PaymentAttempt.kind == "charge"
        )
    )
    if attempt is not None or contract_id is None:
        return attempt
    return db.session.scalar(
        select(PaymentAttempt).where(
            PaymentAttempt.contract_id == contract_id,
            PaymentAttempt.kind == "charge",
            PaymentAttempt.provider == PROVIDER,
            PaymentAttempt.status == "pending",
            PaymentAttempt.intent_ref.is_(None),
            PaymentAttempt.amount == amount,
        )
    )


def next_refund_key(contract_id: int) -> str:
    """`refund:<contract>:<n>`, n counting the contract's refund attempts from 1."""
    made = db.session.scalar(
        select(func.count())
        .select_from(PaymentAttempt)
        .where(PaymentAttempt.contract_id == contract_id, PaymentAttempt.kind == "refund")
    )
    return f"refund:{contract_id}:{(made or 0) + 1}"


def _funded_by(contract_id: int) -> str | None:
    payload = db.session.scalar(
        select(ContractEvent.payload).where(
            ContractEvent.contract_id == contract_id, ContractEvent.action == "fund"
        )
    )
    return (payload or {}).get("attempt")


def _refund_late(contract: Contract, attempt: PaymentAttempt) -> None:
    """Money that arrived for a contract no longer waiting for it goes straight back."""
    key = next_refund_key(contract.id)
    escrow = accounts.escrow(contract.id)
    external = accounts.external(PROVIDER)
    post(
        f"late:{attempt.idempotency_key}",
        "fund",
        [
            Line(external, attempt.currency, -attempt.amount),
            Line(escrow, attempt.currency, attempt.amount),
        ],
        contract_id=contract.id,
        memo="payment arrived after the contract stopped waiting for it",
    )
    post(
        key,
        "refund",
        [
            Line(escrow, attempt.currency, -attempt.amount),
            Line(external, attempt.currency, attempt.amount),
        ],
        contract_id=contract.id,
    )
    schedule_refund(attempt, key)
    notify_admins(
        "payments.late_payment_refunded",
        contract.id,
        title=contract.title,
        intent=attempt.intent_ref or "",
        status=contract.status,
    )


def _succeeded(contract: Contract, attempt: PaymentAttempt, state: PaymentState, via: str) -> None:
    if attempt.status == "succeeded":
        return  # already applied (the other path got here first)
    attempt.status = "succeeded"
    attempt.provider_ref = state.charge_reference or state.reference
    attempt.error_code = attempt.error_message = None
    attempt.completed_at = utcnow()
    if contract.status == "accepted" and funding_open(contract):
        contract = transition(
            contract.brand,
            contract.id,
            "fund",
            {"payment_method": "stripe", "attempt": attempt.idempotency_key, "via": via},
        )
        contract.funded_at = utcnow()
        post_funding(contract, PROVIDER)
        abandon_payments(contract.id)  # another attempt's intent left open is cancelled
        return
    if _funded_by(contract.id) == attempt.idempotency_key:
        return
    log.warning(
        "payment %s succeeded for contract %s in status %s: refunding",
        state.reference,
        contract.id,
        contract.status,
    )
    _refund_late(contract, attempt)


def _failed(attempt: PaymentAttempt, state: PaymentState) -> None:
    if attempt.status != "pending":
        return
    attempt.status = "failed"
    attempt.error_code = (state.error_code or state.status)[:64]
    attempt.error_message = (state.error_message or "")[:300] or None
    attempt.completed_at = utcnow()


def _has_failed(state: PaymentState) -> bool:
    if state.status in FAILED_STATUSES:
        return True
    # A declined confirmation sends the intent back to requires_payment_method, with the
    # reason in last_payment_error.
    return state.status == "requires_payment_method" and state.error_code is not None


@use_case
def apply_state(state: PaymentState, via: str, event: IncomingEvent | None = None) -> str:
    """Apply a freshly fetched PaymentIntent; "handled", or "ignored" for an unknown one.

    `event`, when a webhook brought us here, is remembered in the same transaction.
    """
    found = find_attempt(state.reference, state.contract_id, state.amount)
    if found is None or found.contract_id is None:
        log.info("payment intent %s is not one of ours: ignored", state.reference)
        if event is not None:
            remember(event, "ignored")
        return "ignored"
    contract = lock_contract(None, found.contract_id)
    attempt = attempts.lock_attempt(found.id)
    if attempt.intent_ref is None:
        attempt.intent_ref = state.reference
    if state.succeeded and (state.amount, state.currency) != (attempt.amount, attempt.currency):
        # Not the payment we asked for (cannot happen through our pages): never fund on it.
        log.error("payment intent %s: amount differs from attempt %s", state.reference, attempt.id)
        notify_admins("payments.amount_mismatch", contract.id, title=contract.title)
    elif state.succeeded:
        _succeeded(contract, attempt, state, via)
    elif _has_failed(state):
        _failed(attempt, state)
    if event is not None:
        remember(event, "handled")
    return "handled"


def abandon_payments(contract_id: int) -> None:
    """Inside the unit that closes an unfunded contract: cancel its open PaymentIntents.

    The cancellation runs after commit; the intent's final state is then fetched and
    applied, so a payment that beat the cancellation is refunded, not lost.
    """
    if not uses_stripe():
        return
    refs = db.session.scalars(
        select(PaymentAttempt.intent_ref).where(
            PaymentAttempt.contract_id == contract_id,
            PaymentAttempt.kind == "charge",
            PaymentAttempt.status == "pending",
            PaymentAttempt.intent_ref.is_not(None),
        )
    ).all()
    for ref in refs:
        if ref is not None:
            after_commit(functools.partial(_cancel_intent, ref))


def _cancel_intent(intent_ref: str) -> None:
    try:
        browser_gateway().cancel_payment(intent_ref, idempotency_key=f"cancel:{intent_ref}")
    except GatewayDeclined as refused:  # e.g. it already succeeded: settled below
        log.info("payment intent %s not cancelled: %s", intent_ref, refused.code)
    except GatewayUnavailable:
        log.warning("payment intent %s: Stripe unreachable, left to its webhooks", intent_ref)
        return
    try:
        apply_state(browser_gateway().payment_state(intent_ref), via="cancellation")
    except GatewayUnavailable:
        log.warning("payment intent %s: state unknown, left to its webhooks", intent_ref)
