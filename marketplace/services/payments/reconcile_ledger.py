"""The ledger's side of reconciliation: what the app booked, as the provider would list it.

Three ways the app knows a provider object:

- a payment attempt carries its reference (`intent_ref` for a Stripe PaymentIntent,
  `provider_ref` for a charge, refund or transfer), written before the ledger posting;
- a ledger entry names it in its key or memo (a transfer's settle writes the transfer id
  in the memo);
- a refund made outside the app (the Stripe dashboard) is booked from `charge.refunded`
  by its charge and the charge's running refunded total (`stripe-refund:<charge>:<total>`),
  without the refund's own id: such refunds are matched by their charge, up to what the
  ledger booked for it (`ChargeBudget`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select

from marketplace.extensions import db
from marketplace.models import LedgerEntry, PaymentAttempt
from marketplace.services.ledger.accounts import is_held

_ATTEMPT_KINDS = {"charge": "payment", "refund": "refund", "transfer": "transfer"}


@dataclass(frozen=True)
class Record:
    """One side's view of a payment, refund or transfer."""

    kind: str
    reference: str
    amount: int
    currency: str
    status: str
    contract_id: int | None
    moved: bool  # whether this side says the money moved
    created: datetime | None = None


def _from_attempt(attempt: PaymentAttempt) -> Record | None:
    kind = _ATTEMPT_KINDS.get(attempt.kind)
    reference = attempt.intent_ref or attempt.provider_ref
    if kind is None or not reference:
        return None
    return Record(
        kind=kind,
        reference=reference,
        amount=attempt.amount,
        currency=attempt.currency.lower(),
        status=attempt.status,
        contract_id=attempt.contract_id,
        moved=attempt.status == "succeeded",
        created=attempt.created_at,
    )


def attempt_records(provider: str, low: datetime, high: datetime) -> dict[str, Record]:
    """The app's gateway records created between `low` and `high`, by provider reference."""
    attempts = db.session.scalars(
        select(PaymentAttempt)
        .where(
            PaymentAttempt.provider == provider,
            PaymentAttempt.kind.in_(_ATTEMPT_KINDS),
            PaymentAttempt.created_at >= low,
            PaymentAttempt.created_at <= high,
        )
        .order_by(PaymentAttempt.id)
    )
    records = (_from_attempt(attempt) for attempt in attempts)
    return {record.reference: record for record in records if record is not None}


def _paid_out(entry: LedgerEntry, currency: str) -> int:
    """What an entry moved to the outside world (its positive non-held lines)."""
    return sum(
        line.amount
        for line in entry.lines
        if line.currency == currency and not is_held(line.account) and line.amount > 0
    )


def _naming(reference: str, low: datetime | None = None, high: datetime | None = None):
    stmt = select(LedgerEntry).where(
        or_(
            LedgerEntry.idempotency_key.contains(reference, autoescape=True),
            LedgerEntry.memo.contains(reference, autoescape=True),
        )
    )
    if low is not None and high is not None:
        stmt = stmt.where(LedgerEntry.created_at >= low, LedgerEntry.created_at <= high)
    return stmt.order_by(LedgerEntry.id)


def booked_by_reference(theirs: Record) -> Record | None:
    """The ledger's booking of a provider object that names it, as a record."""
    entry = db.session.scalar(_naming(theirs.reference).limit(1))
    if entry is None:
        return None
    return Record(
        kind=theirs.kind,
        reference=theirs.reference,
        amount=_paid_out(entry, theirs.currency) or theirs.amount,
        currency=theirs.currency,
        status="succeeded",
        contract_id=entry.contract_id,
        moved=True,
        created=entry.created_at,
    )


@dataclass
class ChargeBudget:
    """Refunds the ledger booked per charge without their ids, handed out oldest first."""

    low: datetime
    high: datetime
    left: dict[tuple[str, str], int] = field(default_factory=dict)
    contract: dict[str, int | None] = field(default_factory=dict)

    def _load(self, charge: str, currency: str) -> None:
        if (charge, currency) in self.left:
            return
        entries = db.session.scalars(
            _naming(charge, self.low, self.high).where(LedgerEntry.kind == "refund")
        ).all()
        self.left[(charge, currency)] = sum(_paid_out(entry, currency) for entry in entries)
        self.contract[charge] = entries[0].contract_id if entries else None

    def take(self, charge: str, theirs: Record) -> Record | None:
        """The ledger's share of `theirs` from its charge's budget (None: nothing booked)."""
        self._load(charge, theirs.currency)
        left = self.left[(charge, theirs.currency)]
        if left <= 0:
            return None
        share = min(left, theirs.amount)
        self.left[(charge, theirs.currency)] = left - share
        return Record(
            kind=theirs.kind,
            reference=theirs.reference,
            amount=share,
            currency=theirs.currency,
            status="succeeded",
            contract_id=self.contract[charge],
            moved=True,
        )
