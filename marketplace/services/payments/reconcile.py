"""Reconciliation: the ledger's gateway records against what the provider says it did.

For a range of days (UTC, both ends included) it lists the provider's payments, refunds
and transfers (`gateway.list_records`) and the app's own: the payment attempts behind the
ledger's postings (a charge's PaymentIntent, a refund, a transfer to a KOL), and ledger
entries that name a provider object in their key or memo (a refund made in the Stripe
dashboard, booked from its webhook). Every difference is a `Mismatch`:

- `missing_at_provider`: the ledger has it, the provider does not (a ledger transfer with
  no Stripe transfer);
- `missing_in_ledger`: the provider moved money the ledger does not know (a refund made in
  the dashboard that never reached the ledger, a transfer whose answer was lost);
- `amount`, `currency`, `status`: both have it, but they disagree (status compares whether
  money moved: succeeded here but not there, or the other way round).

Records near the range's ends are looked up one day beyond it on the other side, so an
object the provider stamped a few seconds after the ledger did is not a false mismatch.
With the sandbox gateway the same comparison runs against the sandbox's own records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from marketplace.extensions import db
from marketplace.models import LedgerEntry, PaymentAttempt, User
from marketplace.payments import current_gateway
from marketplace.payments.gateway import ProviderRecord
from marketplace.services.accounts.roles import require_role
from marketplace.services.ledger.accounts import is_held
from marketplace.services.validation import Validator

KINDS = ("payment", "refund", "transfer")
_ATTEMPT_KINDS = {"charge": "payment", "refund": "refund", "transfer": "transfer"}
# Provider statuses under which the money has moved (a Stripe refund may stay pending).
_MOVED = {
    "payment": frozenset({"succeeded"}),
    "refund": frozenset({"succeeded", "pending"}),
    "transfer": frozenset({"paid", "reversed", "partially_reversed"}),
}
LOOKUP_MARGIN = timedelta(days=1)
MAX_DAYS = 366


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


@dataclass(frozen=True)
class Mismatch:
    kind: str
    problem: str
    reference: str
    contract_id: int | None
    ours: Record | None
    theirs: Record | None


@dataclass
class Report:
    provider: str
    start: date
    end: date
    compared: dict[str, int] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def _bounds(start: date, end: date, margin: timedelta = timedelta(0)) -> tuple[datetime, datetime]:
    """Naive UTC datetimes (how rows store time) from `start` 00:00 to the end of `end`."""
    low = datetime.combine(start, time.min) - margin
    high = datetime.combine(end, time.max) + margin
    return low, high


def _unix(moment: datetime) -> int:
    return int(moment.replace(tzinfo=UTC).timestamp())


def _theirs(record: ProviderRecord) -> Record:
    return Record(
        kind=record.kind,
        reference=record.reference,
        amount=record.amount,
        currency=record.currency.lower(),
        status=record.status,
        contract_id=record.contract_id,
        moved=record.status in _MOVED[record.kind],
    )


def _ours(attempt: PaymentAttempt) -> Record | None:
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
    )


def _attempt_records(provider: str, low: datetime, high: datetime) -> list[tuple[datetime, Record]]:
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
    rows = []
    for attempt in attempts:
        record = _ours(attempt)
        if record is not None:
            rows.append((attempt.created_at, record))
    return rows


def _booked_in_ledger(record: Record) -> Record | None:
    """A ledger entry naming the provider's object (a dashboard refund's webhook booking)."""
    entry = db.session.scalar(
        select(LedgerEntry)
        .where(
            or_(
                LedgerEntry.idempotency_key.contains(record.reference, autoescape=True),
                LedgerEntry.memo.contains(record.reference, autoescape=True),
            )
        )
        .order_by(LedgerEntry.id)
        .limit(1)
    )
    if entry is None:
        return None
    amount = sum(
        line.amount
        for line in entry.lines
        if line.currency == record.currency and not is_held(line.account) and line.amount > 0
    )
    return Record(
        kind=record.kind,
        reference=record.reference,
        amount=amount or record.amount,
        currency=record.currency,
        status="succeeded",
        contract_id=entry.contract_id,
        moved=True,
    )


def _compare(ours: Record, theirs: Record) -> Iterable[str]:
    if ours.currency != theirs.currency:
        yield "currency"
    elif ours.moved and theirs.moved and ours.amount != theirs.amount:
        yield "amount"
    if ours.moved != theirs.moved:
        yield "status"


def _reconcile_kind(
    report: Report,
    kind: str,
    theirs_all: list[ProviderRecord],
    ours_all: list[tuple[datetime, Record]],
    window: tuple[datetime, datetime],
) -> None:
    low, high = _unix(window[0]), _unix(window[1])
    theirs = {record.reference: _theirs(record) for record in theirs_all if record.kind == kind}
    created = {record.reference: record.created for record in theirs_all if record.kind == kind}
    ours = {record.reference: (at, record) for at, record in ours_all if record.kind == kind}
    in_window = [r for r, (at, _) in ours.items() if window[0] <= at <= window[1]]
    for reference in in_window:
        mine = ours[reference][1]
        other = theirs.get(reference)
        if other is None:
            if mine.moved or mine.status == "pending":
                report.mismatches.append(
                    Mismatch(kind, "missing_at_provider", reference, mine.contract_id, mine, None)
                )
            continue
        for problem in _compare(mine, other):
            contract = mine.contract_id or other.contract_id
            report.mismatches.append(Mismatch(kind, problem, reference, contract, mine, other))
    for reference, other in theirs.items():
        if reference in ours or not other.moved or not low <= created[reference] <= high:
            continue
        booked = _booked_in_ledger(other)
        if booked is None:
            report.mismatches.append(
                Mismatch(kind, "missing_in_ledger", reference, other.contract_id, None, other)
            )
            continue
        for problem in _compare(booked, other):
            contract = booked.contract_id or other.contract_id
            report.mismatches.append(Mismatch(kind, problem, reference, contract, booked, other))
    report.compared[kind] = len(set(in_window) | {r for r in theirs if low <= created[r] <= high})


def reconcile(start: date, end: date, gateway: Any = None) -> Report:
    """Compare the ledger's records with the provider's for `start`..`end` (UTC days).

    Raises GatewayUnavailable when the provider cannot be asked.
    """
    gateway = gateway or current_gateway()
    report = Report(provider=gateway.name, start=start, end=end)
    window = _bounds(start, end)
    padded = _bounds(start, end, LOOKUP_MARGIN)
    ours_all = _attempt_records(gateway.name, *padded)
    for kind in KINDS:
        theirs_all = gateway.list_records(kind, _unix(padded[0]), _unix(padded[1]))
        _reconcile_kind(report, kind, theirs_all, ours_all, window)
    report.mismatches.sort(key=lambda m: (KINDS.index(m.kind), m.reference))
    return report


def clean_range(start: Any, end: Any) -> tuple[date, date]:
    """A valid day range from form or command-line input (ValidationFailed otherwise)."""
    v = Validator()
    low = v.iso_date("from", start, required=True)
    high = v.iso_date("to", end, required=True)
    v.ordered("from", low, "to", high)
    if low is not None and high is not None and (high - low).days >= MAX_DAYS:
        v.add("to", _l("At most %(n)d days at a time.", n=MAX_DAYS))
    v.check()
    assert low is not None and high is not None
    return low, high


def reconcile_for_admin(actor: User, start: Any, end: Any) -> Report:
    """An admin's reconciliation of a day range (NotAllowed for anyone else)."""
    require_role(actor, "admin")
    low, high = clean_range(start, end)
    return reconcile(low, high)
