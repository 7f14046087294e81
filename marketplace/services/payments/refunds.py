"""Refunds to the payer through the gateway, as attempts executed after commit.

The ledger books a refund in the same transaction as the contract's state change; the
gateway call that moves the real money follows once that transaction has committed, and
a refund the gateway did not confirm stays pending for `run_due` to retry with its key.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Contract, PaymentAttempt
from marketplace.payments import current_gateway
from marketplace.payments.gateway import GatewayDeclined, GatewayResult, GatewayUnavailable
from marketplace.services.ledger.contract_postings import post_refund
from marketplace.services.payments import attempts
from marketplace.services.unit_of_work import after_commit, use_case

log = logging.getLogger(__name__)


def schedule_refund(charge: PaymentAttempt, key: str, amount: int | None = None) -> PaymentAttempt:
    """Record a refund of `charge` (all of it by default) and run it after commit."""
    existing = db.session.scalar(
        select(PaymentAttempt).where(PaymentAttempt.idempotency_key == key)
    )
    if existing is not None:
        return existing
    refund = PaymentAttempt(
        idempotency_key=key,
        kind="refund",
        provider=charge.provider,
        contract_id=charge.contract_id,
        amount=charge.amount if amount is None else amount,
        currency=charge.currency,
        charge_id=charge.id,
    )
    db.session.add(refund)
    db.session.flush()
    refund_id = refund.id
    after_commit(lambda: execute_refund(refund_id))
    return refund


def refund_escrow(contract: Contract, amount: int, key: str) -> None:
    """Book `amount` of the escrow back to the brand and have the gateway return it.

    `key` names this refund forever (e.g. "refund:contract:7:cancel"); the ledger entry and
    the gateway call both use it, so repeating the step refunds nothing twice.
    """
    post_refund(contract, amount, key)
    charge = attempts.succeeded_charge(contract.id)
    if charge is not None:
        schedule_refund(charge, key, amount)


def execute_refund(attempt_id: int) -> None:
    """Ask the gateway for a recorded refund; leave it pending if the gateway is away.

    Safe to call again (a retry, two runners at once): the gateway answers a repeated key
    with the first outcome, and only a pending attempt is settled.
    """
    refund = db.session.get(PaymentAttempt, attempt_id)
    if refund is None or refund.status != "pending":
        return
    charge = db.session.get(PaymentAttempt, refund.charge_id) if refund.charge_id else None
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
    attempts.record_decline(attempts.lock_attempt(attempt_id), declined)
