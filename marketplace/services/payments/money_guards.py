"""No over-refund, no over-release: limits read from the ledger, checked before the gateway.

A fake provider (localstripe) and, for some mistakes, the real one would happily refund or
transfer more than a contract holds, so the app checks first and never asks:

- `refundable(contract)`: what a refund of the payment may still return to the payer, the
  money still held in the contract's escrow. After a release only a transfer reversal can
  take money back (`clawbacks`), never a refund.
- `releasable(contract)`: what may still be transferred to the KOL's connected account for
  the contract, the KOL's net that the ledger released from its escrow (and settled from
  its commission) less every transfer already sent or in flight for it.
- `charge_refundable(charge)`: what a refund of one charge may still ask for at the
  gateway, the charge less the refunds of it already sent or in flight.

Each `check_*` raises `OverRefund` / `OverRelease` (409, a clear message) and the caller
stops before any gateway call. Callers hold the contract's row lock, so the figures they
check cannot change underneath them.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.domain import money
from marketplace.domain.errors import Conflict
from marketplace.extensions import db
from marketplace.models import Contract, LedgerEntry, LedgerLine, PaymentAttempt
from marketplace.services.ledger import accounts
from marketplace.services.ledger.contract_postings import escrow_balance
from marketplace.services.money_messages import locale_name


class OverRefund(Conflict):
    """A refund above what the ledger still holds for the payer."""

    code = "over_refund"


class OverRelease(Conflict):
    """A transfer above what the ledger released to the KOL and was not yet sent."""

    code = "over_release"


def _amount(value: int, currency: str) -> str:
    return money.format_money(value, currency, locale_name())


def refundable(contract: Contract) -> int:
    """Minor units a refund of the contract's payment may still return (its escrow)."""
    return max(escrow_balance(contract), 0)


def _kol_net_released(contract: Contract) -> int:
    """The KOL's net that releases, dispute splits and commission settlements of this
    contract booked into the KOL's available balance."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(LedgerLine.amount), 0))
        .join(LedgerEntry, LedgerEntry.id == LedgerLine.entry_id)
        .where(
            LedgerEntry.contract_id == contract.id,
            LedgerLine.account == accounts.kol_available(contract.kol_id),
            LedgerLine.currency == contract.currency,
            LedgerLine.amount > 0,
        )
    )
    return int(total or 0)


def _sent_or_in_flight(kind: str, *where: object, exclude: int | None = None) -> int:
    stmt = select(func.coalesce(func.sum(PaymentAttempt.amount), 0)).where(
        PaymentAttempt.kind == kind, PaymentAttempt.status != "failed", *where
    )
    if exclude is not None:
        stmt = stmt.where(PaymentAttempt.id != exclude)
    return int(db.session.scalar(stmt) or 0)


def releasable(contract: Contract, *, exclude_attempt: int | None = None) -> int:
    """Minor units that may still be transferred to the KOL for this contract.

    `exclude_attempt` leaves out the transfer attempt being checked (it is in flight).
    """
    sent = _sent_or_in_flight(
        "transfer",
        PaymentAttempt.contract_id == contract.id,
        PaymentAttempt.currency == contract.currency,
        exclude=exclude_attempt,
    )
    return max(_kol_net_released(contract) - sent, 0)


def charge_refundable(charge: PaymentAttempt, *, exclude_attempt: int | None = None) -> int:
    """Minor units the gateway may still be asked to refund of `charge`."""
    if charge.status != "succeeded":
        return 0
    sent = _sent_or_in_flight(
        "refund", PaymentAttempt.charge_id == charge.id, exclude=exclude_attempt
    )
    return max(charge.amount - sent, 0)


def check_refund(contract: Contract, amount: int) -> None:
    """Refuse refunding `amount` of the contract's payment when the escrow holds less."""
    limit = refundable(contract)
    if amount <= 0 or amount > limit:
        raise OverRefund(
            str(
                _l(
                    "A refund of %(amount)s is more than this contract still holds "
                    "(%(limit)s); nothing was refunded.",
                    amount=_amount(amount, contract.currency),
                    limit=_amount(limit, contract.currency),
                )
            )
        )


def check_charge_refund(
    charge: PaymentAttempt, amount: int, *, exclude_attempt: int | None = None
) -> None:
    """Refuse asking the gateway to refund more of `charge` than it took and kept."""
    limit = charge_refundable(charge, exclude_attempt=exclude_attempt)
    if amount <= 0 or amount > limit:
        raise OverRefund(
            str(
                _l(
                    "A refund of %(amount)s is more than this payment can still give back "
                    "(%(limit)s); nothing was refunded.",
                    amount=_amount(amount, charge.currency),
                    limit=_amount(limit, charge.currency),
                )
            )
        )


def check_release(contract: Contract, amount: int, *, exclude_attempt: int | None = None) -> None:
    """Refuse transferring `amount` to the KOL beyond what the ledger released and kept."""
    limit = releasable(contract, exclude_attempt=exclude_attempt)
    if amount <= 0 or amount > limit:
        raise OverRelease(
            str(
                _l(
                    "A transfer of %(amount)s is more than this contract released to the "
                    "KOL and has not yet sent (%(limit)s); nothing was transferred.",
                    amount=_amount(amount, contract.currency),
                    limit=_amount(limit, contract.currency),
                )
            )
        )
