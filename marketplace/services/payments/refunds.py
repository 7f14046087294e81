"""Refunds to the payer through the gateway, as attempts executed after commit.

The ledger books a refund in the same transaction as the contract's state change; the
gateway call that moves the real money follows once that transaction has committed, and
a refund the gateway did not confirm stays pending for `run_due` to retry with its key.

Keys are `refund:<contract>:<n>`, n counting the contract's refunds (1, 2, ...). The key is
chosen once, in the transaction that books the refund, and stored on the attempt: every
retry of the gateway call sends that same key, and a use case retried from scratch counts
the same committed refunds and so chooses the same n. Nothing is refunded beyond what the
ledger holds (`money_guards`): the check runs before booking and again before each call.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Contract, LedgerEntry, PaymentAttempt
from marketplace.payments import current_gateway
from marketplace.payments.gateway import GatewayDeclined, GatewayResult, GatewayUnavailable
from marketplace.services.ledger.contract_postings import post_refund
from marketplace.services.notifications.admin_alerts import notify_admins
from marketplace.services.payments import attempts
from marketplace.services.payments.money_guards import (
    OverRefund,
    check_charge_refund,
    check_refund,
)
from marketplace.services.unit_of_work import after_commit, use_case

log = logging.getLogger(__name__)


def refund_key(contract_id: int, n: int) -> str:
    return f"refund:{contract_id}:{n}"


def next_refund_key(contract_id: int) -> str:
    """`refund:<contract>:<n>` for the contract's next refund, counted from what is stored.

    Counts the refund attempts and the ledger refunds under this prefix (a refund of a
    contract paid without a gateway charge has only the ledger entry). Callers hold the
    contract's row lock, so two refunds of one contract never count at the same time.
    """
    prefix = f"refund:{contract_id}:%"
    keys = db.session.scalars(
        select(PaymentAttempt.idempotency_key).where(PaymentAttempt.idempotency_key.like(prefix))
    ).all()
    entries = db.session.scalars(
        select(LedgerEntry.idempotency_key).where(LedgerEntry.idempotency_key.like(prefix))
    ).all()
    return refund_key(contract_id, len({*keys, *entries}) + 1)


def _booked(key: str) -> bool:
    return (
        db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.idempotency_key == key))
        is not None
    )


def schedule_refund(
    charge: PaymentAttempt, key: str | None = None, amount: int | None = None
) -> PaymentAttempt:
    """Record a refund of `charge` (all of it by default) and run it after commit.

    `key` defaults to the contract's next `refund:<contract>:<n>`; an attempt already
    stored under `key` is returned as it is. Raises OverRefund, recording nothing, when
    the charge has less left to give back than `amount`.
    """
    if key is not None:
        existing = db.session.scalar(
            select(PaymentAttempt).where(PaymentAttempt.idempotency_key == key)
        )
        if existing is not None:
            return existing
    value = charge.amount if amount is None else amount
    check_charge_refund(charge, value)
    if key is None:
        assert charge.contract_id is not None
        key = next_refund_key(charge.contract_id)
    refund = PaymentAttempt(
        idempotency_key=key,
        kind="refund",
        provider=charge.provider,
        contract_id=charge.contract_id,
        amount=value,
        currency=charge.currency,
        charge_id=charge.id,
    )
    db.session.add(refund)
    db.session.flush()
    refund_id = refund.id
    after_commit(lambda: execute_refund(refund_id))
    return refund


def refund_escrow(contract: Contract, amount: int, key: str | None = None) -> str:
    """Book `amount` of the escrow back to the brand and have the gateway return it.

    The caller holds the contract's row lock. Raises OverRefund before booking anything
    when the escrow holds less than `amount`. Returns the refund's key, by default the
    contract's next `refund:<contract>:<n>`, used by the ledger entry and the gateway
    call alike; a `key` already booked refunds nothing again.
    """
    if key is not None and _booked(key):
        return key
    check_refund(contract, amount)
    key = key or next_refund_key(contract.id)
    post_refund(contract, amount, key)
    charge = attempts.succeeded_charge(contract.id)
    if charge is not None:
        schedule_refund(charge, key, amount)
    return key


def execute_refund(attempt_id: int) -> None:
    """Ask the gateway for a recorded refund; leave it pending if the gateway is away.

    Safe to call again (a retry, two runners at once): the gateway answers a repeated key
    with the first outcome, and only a pending attempt is settled.
    """
    refund = db.session.get(PaymentAttempt, attempt_id)
    if refund is None or refund.status != "pending":
        return
    charge = db.session.get(PaymentAttempt, refund.charge_id) if refund.charge_id else None
    if charge is not None:
        try:
            check_charge_refund(charge, refund.amount, exclude_attempt=refund.id)
        except OverRefund as refused:
            log.error("refund %s refused before the gateway: %s", attempt_id, refused.message)
            _settle_decline(attempt_id, GatewayDeclined(OverRefund.code, refused.message))
            return
    try:
        result = current_gateway().refund(
            charge_reference=(charge.provider_ref or "") if charge is not None else "",
            amount=refund.amount,
            currency=refund.currency,
            idempotency_key=refund.idempotency_key,
        )
    except GatewayUnavailable:
        log.warning("refund %s: gateway unavailable, left pending for a retry", attempt_id)
        return
    except GatewayDeclined as declined:
        log.error("refund %s declined by the gateway: %s", attempt_id, declined.code)
        _settle_decline(attempt_id, declined)
        return
    _settle(attempt_id, result)


@use_case
def _settle(attempt_id: int, result: GatewayResult) -> None:
    attempts.record_success(attempts.lock_attempt(attempt_id), result)


@use_case
def _settle_decline(attempt_id: int, declined: GatewayDeclined) -> None:
    attempt = attempts.lock_attempt(attempt_id)
    if attempt.status == "pending":
        contract = db.session.get(Contract, attempt.contract_id) if attempt.contract_id else None
        notify_admins(
            "payments.refund_failed",
            attempt.contract_id,
            title=contract.title if contract is not None else "",
            code=declined.code,
        )
    attempts.record_decline(attempt, declined)
