"""Money back after release: a transfer reversal, then a refund to the brand.

Once a contract's net went to the KOL's connected account, only a transfer reversal can
take it back, and only while that account's Stripe balance covers it: we ask Stripe for
the balance first and refuse with a clear message, and a `balance_insufficient` refusal
from Stripe (the balance moved meanwhile) is reported the same way.

Three steps as everywhere: record the reversal attempt (`reversal:<contract>:<n>`),
call Stripe holding no lock, settle. The ledger books a reversal by Stripe's reversal id
(`transfer_reversal:<id>`: the KOL's paid out back into the contract's escrow), so our
own settle and the `transfer.reversed` webhook book it once whichever comes first. Our
reversal then refunds that escrow to the brand (its next `refund:<contract>:<n>`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.domain import money
from marketplace.domain.errors import Conflict, NotFound
from marketplace.extensions import db
from marketplace.models import Contract, LedgerEntry, PaymentAttempt, User
from marketplace.payments import browser_gateway, uses_stripe
from marketplace.payments.gateway import GatewayDeclined, GatewayResult, GatewayUnavailable
from marketplace.services import audit
from marketplace.services.accounts.roles import require_role
from marketplace.services.contracts.workflow import lock_contract
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import Line, post
from marketplace.services.money_messages import locale_name
from marketplace.services.payments import attempts
from marketplace.services.payments.connect_accounts import account_of
from marketplace.services.payments.refunds import refund_escrow
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

log = logging.getLogger(__name__)
REASON_MAX = 500


@dataclass(frozen=True)
class Clawback:
    """A recorded reversal: `status` pending (Stripe did not answer yet) or succeeded."""

    attempt_id: int
    amount: int
    currency: str
    status: str


def _transfer(contract_id: int) -> PaymentAttempt | None:
    """The release transfer Stripe confirmed for the contract, if any."""
    return db.session.scalar(
        select(PaymentAttempt).where(
            PaymentAttempt.contract_id == contract_id,
            PaymentAttempt.kind == "transfer",
            PaymentAttempt.status == "succeeded",
        )
    )


def _reversed(contract_id: int) -> int:
    """What our reversals took back or are taking back from the contract's transfer."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(PaymentAttempt.amount), 0)).where(
            PaymentAttempt.contract_id == contract_id,
            PaymentAttempt.kind == "reversal",
            PaymentAttempt.status.in_(("pending", "succeeded")),
        )
    )
    return int(total or 0)


def _shown(amount: int, currency: str) -> str:
    return money.format_money(amount, currency, locale_name())


def _not_covered(covered: int, currency: str) -> Conflict:
    return Conflict(
        str(
            _l(
                "The KOL's Stripe balance covers only %(available)s now, so the transfer cannot "
                "be reversed. Try a smaller amount or settle it with the KOL.",
                available=_shown(max(covered, 0), currency),
            )
        )
    )


def _check(contract_id: int, amount: Any, reason: Any) -> tuple[Contract, PaymentAttempt, int]:
    """The contract, its transfer and the clean amount; bad input before anything else."""
    v = Validator()
    clean = v.integer("amount", amount, minimum=1, maximum=None)
    v.string("reason", reason, max_len=REASON_MAX, min_len=1)
    v.check()
    assert clean is not None
    contract = db.session.get(Contract, contract_id)
    if contract is None:
        raise NotFound(str(_l("Contract not found.")))
    transfer = _transfer(contract_id)
    if transfer is None:
        raise Conflict(
            str(_l("Nothing was transferred to the KOL for this contract, so nothing to reverse."))
        )
    left = transfer.amount - _reversed(contract_id)
    if clean > left:
        shown = _shown(left, contract.currency)
        v.add("amount", _l("At most %(left)s can be reversed.", left=shown))
        v.check()
    return contract, transfer, clean


@use_case
def _record(actor: User, contract_id: int, amount: int, reason: str) -> int:
    contract, transfer, _ = _check(contract_id, amount, reason)
    attempts.lock_attempt(transfer.id)  # two admins at once: one reversal at a time
    if amount > transfer.amount - _reversed(contract_id):
        raise Conflict(str(_l("Another reversal of this transfer was just recorded. Reload.")))
    tried = db.session.scalar(
        select(func.count())
        .select_from(PaymentAttempt)
        .where(PaymentAttempt.contract_id == contract_id, PaymentAttempt.kind == "reversal")
    )
    attempt = PaymentAttempt(
        idempotency_key=f"reversal:{contract_id}:{(tried or 0) + 1}",
        kind="reversal",
        provider="stripe",
        contract_id=contract_id,
        charge_id=transfer.id,
        amount=amount,
        currency=contract.currency,
    )
    db.session.add(attempt)
    db.session.flush()
    audit.record(actor, "contract.reverse_transfer", "contract", contract_id, reason, amount=amount)
    return attempt.id


def refund_after_release(actor: User, contract_id: Any, amount: Any, reason: Any) -> Clawback:
    """An admin takes `amount` of a released contract back from the KOL for the brand.

    Raises NotAllowed (not an admin), NotFound, ValidationFailed (amount above what was
    transferred and not yet reversed, no reason) or Conflict (not in Stripe mode, nothing
    transferred, or the KOL's Stripe balance does not cover it).
    """
    require_role(actor, "admin")
    if not uses_stripe():
        raise Conflict(str(_l("Refunds after release need Stripe payments.")))
    if not isinstance(contract_id, int):
        raise NotFound(str(_l("Contract not found.")))
    contract, _, clean = _check(contract_id, amount, reason)
    account = account_of(contract.kol_id)
    covered = (
        browser_gateway().available_balance(account.reference, contract.currency)
        if account is not None
        else 0
    )
    if clean > covered:
        raise _not_covered(covered, contract.currency)
    attempt_id = _record(actor, contract_id, clean, str(reason).strip())
    execute_reversal(attempt_id, raise_refusal=True)
    attempt = db.session.get_one(PaymentAttempt, attempt_id, populate_existing=True)
    return Clawback(attempt.id, attempt.amount, attempt.currency, attempt.status)


def execute_reversal(attempt_id: int, *, raise_refusal: bool = False) -> None:
    """Ask Stripe for a recorded reversal and settle; a lost answer stays pending (retry)."""
    attempt = db.session.get(PaymentAttempt, attempt_id)
    if attempt is None or attempt.status != "pending" or attempt.kind != "reversal":
        return
    transfer = db.session.get_one(PaymentAttempt, attempt.charge_id)
    try:
        result = browser_gateway().reverse_transfer(
            transfer_reference=transfer.provider_ref or "",
            amount=attempt.amount,
            idempotency_key=attempt.idempotency_key,
        )
    except GatewayUnavailable:
        log.warning("reversal %s: Stripe unavailable, left pending for a retry", attempt_id)
        return
    except GatewayDeclined as declined:
        log.warning("reversal %s refused by Stripe: %s", attempt_id, declined.code)
        _settle_declined(attempt_id, declined)
        if raise_refusal:
            if declined.code == "balance_insufficient":
                raise _not_covered(0, attempt.currency) from declined
            raise Conflict(declined.message) from declined
        return
    _settle(attempt_id, result)


def book_reversal(contract: Contract, reference: str, amount: int, currency: str) -> bool:
    """Book one Stripe reversal once: the KOL's paid out back into the contract's escrow.

    True when this call booked it (False: already booked, by the webhook or our settle).
    """
    key = f"transfer_reversal:{reference}"
    booked = db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.idempotency_key == key))
    post(
        key,
        "reversal",
        [
            Line(accounts.kol_paid_out(contract.kol_id), currency, -amount),
            Line(accounts.escrow(contract.id), currency, amount),
        ],
        contract_id=contract.id,
        memo=reference,
    )
    return booked is None


@use_case
def _settle(attempt_id: int, result: GatewayResult) -> None:
    attempt = attempts.lock_attempt(attempt_id)
    if attempt.status != "pending" or attempt.contract_id is None:
        return
    attempts.record_success(attempt, result)
    contract = lock_contract(None, attempt.contract_id)
    book_reversal(contract, result.reference, attempt.amount, attempt.currency)
    refund_escrow(contract, attempt.amount)


@use_case
def _settle_declined(attempt_id: int, declined: GatewayDeclined) -> None:
    attempts.record_decline(attempts.lock_attempt(attempt_id), declined)
