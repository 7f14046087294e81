"""Random sales, repeats, conflicting reports, returns and ended holds keep the commission
ledger's invariants.

A hypothesis state machine reports sales (some repeated, some re-reported with other
content) and returns (partial, full, above what remains) on a commission contract with a
random rate and budget, and lets holds end at random. After every step: each currency's
ledger sums to zero, no held account is negative, the budget left plus the commission held
is the whole budget, the commission held is what the held sales still carry, each sale
earned min(amount x rate, budget left when booked), and a refused call changed nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from marketplace.domain.errors import DomainError
from marketplace.extensions import db
from marketplace.models import Contract, Conversion, LedgerLine
from marketplace.models.base import utcnow
from marketplace.services.campaigns import conversions
from marketplace.services.ledger import accounts
from marketplace.services.ledger.commission_accruals import commission_remaining
from tests.factories.sales import make_commission_deal, sale_payload


@dataclass
class Sale:
    order_id: str
    payload: dict
    amount: int
    commission: int
    refunded: int = 0
    cancelled: int = 0
    hold_ended: bool = False


def _line_count() -> int:
    return int(db.session.scalar(select(func.count(LedgerLine.id))) or 0)


class CommissionLedgerMachine(RuleBasedStateMachine):
    examples: ClassVar[int] = 0
    tally: ClassVar[Counter[str]] = Counter()

    def __init__(self) -> None:
        super().__init__()
        type(self).examples += 1
        db.session.close()
        self.savepoint = db.session().bind.begin_nested()
        self.sales: list[Sale] = []

    def teardown(self) -> None:
        db.session.close()
        self.savepoint.rollback()
        db.session.expire_all()

    @initialize(bps=st.integers(1, 5000), budget=st.integers(0, 200_000))
    def deal(self, bps: int, budget: int) -> None:
        self.deal = make_commission_deal(bps=bps, budget=budget)
        self.bps, self.budget, self.left = bps, budget, budget
        self.currency = self.deal.contract.currency

    def _balance(self, account: str) -> int:
        total = db.session.scalar(
            select(func.coalesce(func.sum(LedgerLine.amount), 0)).where(
                LedgerLine.account == account, LedgerLine.currency == self.currency
            )
        )
        return int(total or 0)

    def _refused(self, call) -> None:
        before = (_line_count(), db.session.scalar(select(func.count(Conversion.id))))
        try:
            call()
        except DomainError:
            db.session.rollback()
            after = (_line_count(), db.session.scalar(select(func.count(Conversion.id))))
            assert after == before
            return
        raise AssertionError("the call should have been refused")

    @rule(amount=st.one_of(st.integers(1, 200_000), st.integers(1, 10**9)))
    def sale(self, amount: int) -> None:
        order_id = f"TB-{len(self.sales)}"
        payload = sale_payload(self.deal, amount=amount, order_id=order_id)
        booking = conversions.record_sale(self.deal.brand, payload)
        expected = min(amount * self.bps // 10_000, self.left)
        assert booking.created and booking.conversion.commission == expected
        self.left -= expected
        self.sales.append(Sale(order_id, payload, amount, expected))
        self.tally["sale booked" if expected else "sale earned nothing"] += 1

    @precondition(lambda self: self.sales)
    @rule(index=st.integers(0, 10**6), same=st.booleans())
    def report_again(self, index: int, same: bool) -> None:
        sale = self.sales[index % len(self.sales)]
        if same:
            booking = conversions.record_sale(self.deal.brand, dict(sale.payload))
            assert not booking.created
            self.tally["identical repeat"] += 1
        else:
            other = {**sale.payload, "amount": sale.amount + 1}
            self._refused(lambda: conversions.record_sale(self.deal.brand, other))
            self.tally["other content refused"] += 1

    @precondition(lambda self: self.sales)
    @rule(index=st.integers(0, 10**6), share=st.integers(1, 120))
    def give_back(self, index: int, share: int) -> None:
        """A return of `share` percent of the order (above 100: more than remains)."""
        sale = self.sales[index % len(self.sales)]
        left = sale.amount - sale.refunded
        amount = max(1, sale.amount * share // 100)
        if amount > left:
            body = {"amount": amount}
            self._refused(lambda: conversions.record_return(self.deal.brand, sale.order_id, body))
            self.tally["return above what remains refused"] += 1
            return
        result = conversions.record_return(self.deal.brand, sale.order_id, {"amount": amount})
        cancelled = result.conversion_return.commission_cancelled
        if sale.hold_ended or not sale.commission:
            assert cancelled == 0
        elif sale.refunded + amount == sale.amount:
            assert cancelled == sale.commission - sale.cancelled
        else:
            assert cancelled == sale.commission * amount // sale.amount
        sale.refunded += amount
        sale.cancelled += cancelled
        self.left += cancelled
        self.tally["return cancelling commission" if cancelled else "return recorded only"] += 1

    @precondition(lambda self: self.sales)
    @rule(index=st.integers(0, 10**6))
    def hold_ends(self, index: int) -> None:
        sale = self.sales[index % len(self.sales)]
        conversion = conversions.find_conversion(self.deal.brand, sale.order_id)
        if conversion.payable_at is not None:
            conversion.payable_at = utcnow() - timedelta(seconds=1)
            db.session.commit()
            sale.hold_ended = True
            self.tally["hold ended"] += 1

    @invariant()
    def ledger_holds_together(self) -> None:
        if not hasattr(self, "deal"):
            return
        db.session.expire_all()
        per_currency = db.session.execute(
            select(LedgerLine.currency, func.sum(LedgerLine.amount)).group_by(LedgerLine.currency)
        ).all()
        assert all(int(total) == 0 for _currency, total in per_currency)
        contract = db.session.get(Contract, self.deal.id)
        escrow = self._balance(accounts.commission_escrow(contract.id))
        held = self._balance(accounts.commission_held(contract.id))
        assert escrow >= 0 and held >= 0
        assert (escrow, escrow + held) == (self.left, self.budget)
        rows = db.session.scalars(select(Conversion).where(Conversion.contract_id == contract.id))
        carried = 0
        for conversion in rows:
            sale = next(s for s in self.sales if s.order_id == conversion.order_id)
            assert (conversion.refunded, conversion.commission) == (sale.refunded, sale.commission)
            remaining = commission_remaining(conversion)
            assert remaining == sale.commission - sale.cancelled >= 0
            assert (conversion.status == "cancelled") == (sale.commission > 0 and remaining == 0)
            carried += remaining
        assert held == carried


def test_random_sales_and_returns_keep_the_commission_ledger_invariants(ctx, record_property):
    CommissionLedgerMachine.examples = 0
    CommissionLedgerMachine.tally.clear()
    run_state_machine_as_test(
        CommissionLedgerMachine,
        settings=settings(
            max_examples=40,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    tally = CommissionLedgerMachine.tally
    record_property("hypothesis_examples", CommissionLedgerMachine.examples)
    record_property("hypothesis_tally", dict(tally))
    print(f"\ncommission ledger: {CommissionLedgerMachine.examples} examples")
    for kind, count in sorted(tally.items()):
        print(f"  {kind}: {count}")
    assert CommissionLedgerMachine.examples >= 20
    for reached in ("sale booked", "return cancelling commission", "identical repeat"):
        assert tally[reached] > 0, reached
