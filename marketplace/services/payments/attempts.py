"""Payment attempts: written with their idempotency key before a gateway call, settled after.

The row is committed before the call, so an outcome that never came back (a timeout, a
crash) leaves a `pending` attempt; the next try reuses its key and the provider answers
with what it did the first time instead of moving the money again.
"""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import PaymentAttempt
from marketplace.models.base import utcnow
from marketplace.payments.gateway import GatewayDeclined, GatewayResult

# Commission budget top-ups are charges of the contract too, but never its funding.
TOP_UP_KEYS = "topup:%"


def pending_charge(contract_id: int) -> PaymentAttempt | None:
    """The contract's funding charge whose outcome is not known yet, if any."""
    return db.session.scalar(
        select(PaymentAttempt).where(
            PaymentAttempt.contract_id == contract_id,
            PaymentAttempt.kind == "charge",
            PaymentAttempt.status == "pending",
            PaymentAttempt.idempotency_key.not_like(TOP_UP_KEYS),
        )
    )


def succeeded_charge(contract_id: int) -> PaymentAttempt | None:
    return db.session.scalar(
        select(PaymentAttempt).where(
            PaymentAttempt.contract_id == contract_id,
            PaymentAttempt.kind == "charge",
            PaymentAttempt.status == "succeeded",
            PaymentAttempt.idempotency_key.not_like(TOP_UP_KEYS),
        )
    )


def new_charge(
    contract_id: int, amount: int, currency: str, payment_method: str, provider: str
) -> PaymentAttempt:
    """A fresh charge attempt; its key counts the contract's attempts, so it is deterministic."""
    tried = db.session.scalar(
        select(func.count())
        .select_from(PaymentAttempt)
        .where(PaymentAttempt.contract_id == contract_id, PaymentAttempt.kind == "charge")
    )
    attempt = PaymentAttempt(
        idempotency_key=f"charge:contract:{contract_id}:{(tried or 0) + 1}",
        kind="charge",
        provider=provider,
        contract_id=contract_id,
        amount=amount,
        currency=currency,
        payment_method=payment_method,
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def lock_attempt(attempt_id: int) -> PaymentAttempt:
    stmt = (
        select(PaymentAttempt)
        .where(PaymentAttempt.id == attempt_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return db.session.scalars(stmt).one()


def record_success(attempt: PaymentAttempt, result: GatewayResult) -> None:
    """Settle a pending attempt as succeeded; a late duplicate answer changes nothing."""
    if attempt.status != "pending":
        return
    attempt.status = "succeeded"
    attempt.provider_ref = result.reference
    attempt.completed_at = utcnow()


def record_decline(attempt: PaymentAttempt, declined: GatewayDeclined) -> None:
    if attempt.status != "pending":
        return
    attempt.status = "failed"
    attempt.error_code = declined.code[:64]
    attempt.error_message = declined.message[:300]
    attempt.completed_at = utcnow()
