"""KOL payouts: part of the available earnings, paid by a gateway transfer.

Three steps, like funding, so no lock is held while the gateway works:

1. under the KOL's user row lock, check the available balance, record the payout, its
   transfer attempt (key `transfer:payout:<id>`) and a ledger entry that sets the money
   aside (available -> payout_pending); commit. Concurrent requests queue on the lock,
   so together they never take more than is available;
2. ask the gateway to transfer, with the attempt's key, holding no lock;
3. settle: paid (payout_pending -> paid_out) or declined (the money goes back to
   available). An unanswered transfer stays pending; `retries.retry_pending` asks again
   with the same key, so the KOL is paid exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select

from marketplace.domain import money
from marketplace.domain.errors import Conflict
from marketplace.extensions import db
from marketplace.models import PaymentAttempt, Payout, User
from marketplace.models.base import utcnow
from marketplace.payments import current_gateway, uses_stripe
from marketplace.payments.gateway import GatewayDeclined, GatewayResult, GatewayUnavailable
from marketplace.services.accounts.roles import require_role
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import Line, balance, post
from marketplace.services.money_messages import locale_name
from marketplace.services.paging import clean_paging, paginate
from marketplace.services.payments import attempts
from marketplace.services.payments.messages import decline_message
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

# The most one payout may be, in yuan or dollars.
MAX_PAYOUT = 10_000_000


@dataclass(frozen=True)
class _Transfer:
    attempt_id: int
    payout_id: int


def destination(kol_id: int) -> str:
    """The KOL's account at the gateway (the sandbox's stand-in for a Connect account)."""
    return f"sandbox_kol_{kol_id}"


def _clean(amount: Any, currency: Any) -> tuple[int, str]:
    v = Validator()
    clean_currency = v.choice("currency", currency, tuple(money.EXPONENTS))
    clean_amount = v.amount("amount", amount, clean_currency, minimum=1, maximum_major=MAX_PAYOUT)
    v.check()
    assert clean_amount is not None and clean_currency is not None
    return clean_amount, clean_currency


def _lock_user(user_id: int) -> None:
    db.session.execute(select(User.id).where(User.id == user_id).with_for_update())


@use_case
def _reserve(actor: User, amount: int, currency: str) -> _Transfer:
    """Step 1: set the money aside and record the payout and its transfer attempt."""
    _lock_user(actor.id)
    available_account = accounts.kol_available(actor.id)
    available = balance(available_account, currency)
    if amount > available:
        raise Conflict(
            str(
                _l(
                    "This amount is above your available balance (%(available)s).",
                    available=money.format_money(available, currency, locale_name()),
                )
            )
        )
    payout = Payout(kol_id=actor.id, amount=amount, currency=currency)
    db.session.add(payout)
    db.session.flush()
    attempt = PaymentAttempt(
        idempotency_key=f"transfer:payout:{payout.id}",
        kind="transfer",
        provider=current_gateway().name,
        payout_id=payout.id,
        amount=amount,
        currency=currency,
        payment_method=destination(actor.id),
    )
    db.session.add(attempt)
    post(
        f"payout:{payout.id}:reserve",
        "payout",
        [
            Line(available_account, currency, -amount),
            Line(accounts.kol_payout_pending(actor.id), currency, amount),
        ],
    )
    return _Transfer(attempt.id, payout.id)


def execute_transfer(attempt_id: int) -> None:
    """Step 2 and 3: ask the gateway to pay a recorded transfer, then settle what it said.

    Safe to call again: the gateway answers a repeated key with its first outcome, and
    only a pending attempt is settled. An unanswered call leaves everything pending.
    """
    attempt = db.session.get(PaymentAttempt, attempt_id)
    if attempt is None or attempt.status != "pending" or attempt.kind != "transfer":
        return
    try:
        result = current_gateway().transfer(
            destination=attempt.payment_method or "",
            amount=attempt.amount,
            currency=attempt.currency,
            idempotency_key=attempt.idempotency_key,
        )
    except GatewayUnavailable:
        return
    except GatewayDeclined as declined:
        _settle_declined(attempt_id, declined)
        return
    _settle_paid(attempt_id, result)


def _move(payout: Payout, key: str, source: str, target: str) -> None:
    post(
        f"payout:{payout.id}:{key}",
        "payout",
        [
            Line(source, payout.currency, -payout.amount),
            Line(target, payout.currency, payout.amount),
        ],
    )


@use_case
def _settle_paid(attempt_id: int, result: GatewayResult) -> None:
    attempt = attempts.lock_attempt(attempt_id)
    if attempt.status != "pending" or attempt.payout_id is None:
        return
    attempts.record_success(attempt, result)
    payout = db.session.get_one(Payout, attempt.payout_id)
    _move(
        payout,
        "paid",
        accounts.kol_payout_pending(payout.kol_id),
        accounts.kol_paid_out(payout.kol_id),
    )
    payout.status = "paid"
    payout.provider_ref = result.reference
    payout.paid_at = utcnow()


@use_case
def _settle_declined(attempt_id: int, declined: GatewayDeclined) -> None:
    attempt = attempts.lock_attempt(attempt_id)
    if attempt.status != "pending" or attempt.payout_id is None:
        return
    attempts.record_decline(attempt, declined)
    payout = db.session.get_one(Payout, attempt.payout_id)
    _move(
        payout,
        "returned",
        accounts.kol_payout_pending(payout.kol_id),
        accounts.kol_available(payout.kol_id),
    )
    payout.status = "failed"
    payout.failure_message = decline_message(declined.code)[:300]


def request_payout(actor: User, amount: Any, currency: Any) -> Payout:
    """Pay `amount` (minor units) of the KOL's available `currency` earnings out.

    Raises NotAllowed (not a KOL), ValidationFailed (bad amount or currency) or Conflict
    (above the available balance, or Stripe mode: Stripe pays connected accounts out on
    their own schedule). The payout comes back paid, failed (declined: the money is
    available again) or pending (the gateway did not answer; retried later).
    """
    require_role(actor, "kol")
    if uses_stripe():
        raise Conflict(
            str(
                _l(
                    "Payouts are automatic with Stripe: your released earnings go to your "
                    "Stripe account, and Stripe pays them to your bank on its schedule."
                )
            )
        )
    clean_amount, clean_currency = _clean(amount, currency)
    transfer = _reserve(actor, clean_amount, clean_currency)
    execute_transfer(transfer.attempt_id)
    payout = db.session.get_one(Payout, transfer.payout_id)
    db.session.refresh(payout)
    return payout


def list_payouts(actor: User, page: Any = 1, per_page: Any = None) -> Pagination:
    """The KOL's payouts, newest first."""
    require_role(actor, "kol")
    v = Validator()
    clean_page, clean_per_page = clean_paging(v, page, per_page)
    v.check()
    stmt = (
        select(Payout)
        .where(Payout.kol_id == actor.id)
        .order_by(Payout.created_at.desc(), Payout.id.desc())
    )
    return paginate(stmt, clean_page, clean_per_page)
