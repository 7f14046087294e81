"""The brand tops up a commission deal's budget while sales can still earn from it.

Like funding, in three steps so no lock is held while the gateway works: record the
top-up and its charge attempt (both keyed `topup:<contract>:<n>`) under the contract's
lock; charge the card with that key; under the lock again, book the money into the
commission escrow (posting `topup:<top-up id>`) and raise `commission_budget`, the total
funded budget. A decline marks both failed and books nothing (402). The 80% alert re-arms
when the top-up brings the used share below 80%. A budget return refunds the top-up
charges after the funding charge (see budget_return).

Sandbox only for now: with Stripe the brand would confirm a PaymentIntent in the browser,
which top-ups do not have yet, so Stripe mode answers a clear 409.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.domain.contracts import BRAND
from marketplace.domain.errors import Conflict, NotAllowed, PaymentFailed
from marketplace.domain.money import format_money
from marketplace.extensions import db
from marketplace.models import CommissionTopUp, Contract, PaymentAttempt, User
from marketplace.models.base import utcnow
from marketplace.payments import current_gateway, uses_stripe
from marketplace.payments.gateway import GatewayDeclined, GatewayResult, GatewayUnavailable
from marketplace.services.campaigns.budget_alerts import ALERT_PERCENT, used_percent
from marketplace.services.campaigns.budget_return import window_ended
from marketplace.services.contracts.terms import MAX_CONTRACT_PRICE
from marketplace.services.contracts.workflow import lock_contract
from marketplace.services.ledger.commission_settlement import post_top_up
from marketplace.services.notifications.admin_alerts import notify_user
from marketplace.services.payments import attempts
from marketplace.services.payments.messages import decline_message, unavailable_message
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

PAYMENT_METHOD_MAX = 64
# A budget can be topped up while sales can still earn from it.
OPEN_STATUSES = frozenset({"funded", "submitted", "revision_requested", "disputed", "completed"})


@dataclass(frozen=True)
class _Pending:
    top_up_id: int
    attempt_id: int
    key: str
    amount: int
    currency: str
    payment_method: str


def can_top_up(contract: Contract) -> bool:
    """Whether the commission budget of `contract` may be topped up now."""
    return (
        bool(contract.commission_bps)
        and contract.funded_at is not None
        and contract.status in OPEN_STATUSES
        and contract.commission_closed_at is None
        and not window_ended(contract, utcnow())
    )


def _refuse_unless_open(actor: User, contract: Contract) -> None:
    if contract.party_role(actor.id) != BRAND:
        raise NotAllowed(str(_l("Only the brand can top up the commission budget.")))
    if not can_top_up(contract):
        raise Conflict(
            str(
                _l(
                    "This contract's commission budget cannot be topped up: it is not a "
                    "funded commission deal, or its commission window has closed."
                )
            )
        )
    if uses_stripe():
        raise Conflict(str(_l("Top-ups by card arrive in a later release.")))


def _clean(amount: Any, payment_method: Any, currency: str) -> tuple[int, str]:
    v = Validator()
    value = v.amount("amount", amount, currency, minimum=1, maximum_major=MAX_CONTRACT_PRICE)
    method = v.string("payment_method", payment_method, max_len=PAYMENT_METHOD_MAX)
    v.check()
    assert value is not None and method is not None
    return value, method


@use_case
def _prepare(actor: User, contract_id: int, amount: Any, payment_method: Any) -> _Pending:
    contract = lock_contract(actor, contract_id)
    _refuse_unless_open(actor, contract)
    value, method = _clean(amount, payment_method, contract.currency)
    count = db.session.scalar(
        select(func.count(CommissionTopUp.id)).where(CommissionTopUp.contract_id == contract.id)
    )
    top_up = CommissionTopUp(
        contract_id=contract.id,
        amount=value,
        status="pending",
        idempotency_key=f"topup:{contract.id}:{int(count or 0) + 1}",
    )
    # The gateway call's record, so a budget return can refund this charge too.
    attempt = PaymentAttempt(
        idempotency_key=top_up.idempotency_key,
        kind="charge",
        provider=current_gateway().name,
        contract_id=contract.id,
        amount=value,
        currency=contract.currency,
        payment_method=method,
    )
    db.session.add_all([top_up, attempt])
    db.session.flush()
    return _Pending(top_up.id, attempt.id, top_up.idempotency_key, value, contract.currency, method)


def _lock_top_up(top_up_id: int) -> CommissionTopUp:
    return db.session.scalars(
        select(CommissionTopUp)
        .where(CommissionTopUp.id == top_up_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


@use_case
def _fail(actor: User, contract_id: int, pending: _Pending, declined: GatewayDeclined) -> None:
    lock_contract(actor, contract_id)
    attempts.record_decline(attempts.lock_attempt(pending.attempt_id), declined)
    top_up = _lock_top_up(pending.top_up_id)
    if top_up.status == "pending":
        top_up.status = "failed"
        top_up.settled_at = utcnow()


@use_case
def _book(actor: User, contract_id: int, pending: _Pending, result: GatewayResult) -> Contract:
    contract = lock_contract(actor, contract_id)
    attempt = attempts.lock_attempt(pending.attempt_id)
    attempts.record_success(attempt, result)
    top_up = _lock_top_up(pending.top_up_id)
    if top_up.status != "pending":
        return contract
    top_up.status = "succeeded"
    top_up.settled_at = utcnow()
    post_top_up(contract, top_up, attempt.provider)
    contract.commission_budget += top_up.amount
    if contract.commission_alerted_at is not None and used_percent(contract) < ALERT_PERCENT:
        contract.commission_alerted_at = None
    notify_user(
        contract.kol_id,
        "campaign.budget_topped_up",
        contract.id,
        title=contract.title,
        amount=format_money(top_up.amount, contract.currency),
    )
    return contract


def top_up(actor: User, contract_id: int, amount: Any, payment_method: Any) -> Contract:
    """Charge the brand `amount` and add it to the commission budget; see the module doc.

    NotFound for someone else's contract, NotAllowed for the KOL, Conflict (409) when the
    budget is closed or in Stripe mode, PaymentFailed (402) when the card is declined or
    the gateway does not answer (nothing booked).
    """
    pending = _prepare(actor, contract_id, amount, payment_method)
    try:
        result = current_gateway().charge(
            amount=pending.amount,
            currency=pending.currency,
            payment_method=pending.payment_method,
            idempotency_key=pending.key,
            description=f"Commission top-up for contract {contract_id}",
        )
    except GatewayDeclined as declined:
        _fail(actor, contract_id, pending, declined)
        raise PaymentFailed(decline_message(declined.code)) from declined
    except GatewayUnavailable as error:
        # The sandbox always answers; a lost answer is written off as failed (no retry yet).
        _fail(actor, contract_id, pending, GatewayDeclined("unavailable", str(error)))
        raise PaymentFailed(unavailable_message()) from error
    return _book(actor, contract_id, pending, result)
