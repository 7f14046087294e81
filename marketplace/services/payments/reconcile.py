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

from marketplace.models import User
from marketplace.payments import current_gateway
from marketplace.payments.gateway import ProviderRecord
from marketplace.services.accounts.roles import require_role
from marketplace.services.payments.reconcile_ledger import (
    ChargeBudget,
    Record,
    attempt_records,
    booked_by_reference,
)
from marketplace.services.validation import Validator

KINDS = ("payment", "refund", "transfer")
# Provider statuses under which the money has moved (a Stripe refund may stay pending).
_MOVED = {
    "payment": frozenset({"succeeded"}),
    "refund": frozenset({"succeeded", "pending"}),
    "transfer": frozenset({"paid", "reversed", "partially_reversed"}),
}
LOOKUP_MARGIN = timedelta(days=1)
MAX_DAYS = 366


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
    return datetime.combine(start, time.min) - margin, datetime.combine(end, time.max) + margin


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
        created=datetime.fromtimestamp(record.created, UTC).replace(tzinfo=None),
    )


def _differences(ours: Record, theirs: Record) -> Iterable[str]:
    if ours.currency != theirs.currency:
        yield "currency"
    elif ours.moved and theirs.moved and ours.amount != theirs.amount:
        yield "amount"
    if ours.moved != theirs.moved:
        yield "status"


@dataclass
class _Comparison:
    report: Report
    window: tuple[datetime, datetime]
    ours: dict[str, Record]
    budget: ChargeBudget

    def inside(self, record: Record) -> bool:
        return record.created is not None and self.window[0] <= record.created <= self.window[1]

    def add(self, problem: str, ours: Record | None, theirs: Record | None) -> None:
        some = ours or theirs
        assert some is not None
        contract = (ours.contract_id if ours else None) or (theirs.contract_id if theirs else None)
        self.report.mismatches.append(
            Mismatch(some.kind, problem, some.reference, contract, ours, theirs)
        )

    def kind(self, kind: str, provider_records: list[ProviderRecord]) -> None:
        theirs = {r.reference: _theirs(r) for r in provider_records if r.kind == kind}
        parents = {r.reference: r.parent for r in provider_records if r.kind == kind}
        ours = {ref: r for ref, r in self.ours.items() if r.kind == kind and self.inside(r)}
        for reference, mine in ours.items():
            other = theirs.get(reference)
            if other is None:
                if mine.moved or mine.status == "pending":
                    self.add("missing_at_provider", mine, None)
                continue
            for problem in _differences(mine, other):
                self.add(problem, mine, other)
        unknown = [
            r for ref, r in theirs.items() if ref not in self.ours and r.moved and self.inside(r)
        ]
        for other in sorted(unknown, key=lambda r: (r.created or datetime.min, r.reference)):
            parent = parents[other.reference]
            booked = booked_by_reference(other) or (
                self.budget.take(parent, other) if kind == "refund" and parent else None
            )
            if booked is None:
                self.add("missing_in_ledger", None, other)
                continue
            for problem in _differences(booked, other):
                self.add(problem, booked, other)
        self.report.compared[kind] = len(
            set(ours) | {ref for ref, r in theirs.items() if self.inside(r)}
        )


def reconcile(start: date, end: date, gateway: Any = None) -> Report:
    """Compare the ledger's records with the provider's for `start`..`end` (UTC days).

    Raises GatewayUnavailable when the provider cannot be asked.
    """
    gateway = gateway or current_gateway()
    report = Report(provider=gateway.name, start=start, end=end)
    padded = _bounds(start, end, LOOKUP_MARGIN)
    comparison = _Comparison(
        report,
        _bounds(start, end),
        attempt_records(gateway.name, *padded),
        ChargeBudget(*padded),
    )
    for kind in KINDS:
        comparison.kind(kind, gateway.list_records(kind, _unix(padded[0]), _unix(padded[1])))
    report.mismatches.sort(key=lambda m: (KINDS.index(m.kind), m.reference, m.problem))
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
