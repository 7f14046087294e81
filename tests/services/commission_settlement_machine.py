"""The state machine of test_commission_settlement_stateful: commission deals at random.

Sales (some over budget), partial and whole returns (some above what remains), top-ups
(good and declined cards, some refused because the budget is closed), the timers' sweep at
random future moments (the hold passing, the window closing; sometimes twice), approval,
cancellation and a dispute's resolution, over a few commission contracts. After every step
`check_commission_invariants` (with the contract machine's ledger invariants) checks that
every entry balances, no held account is negative, the commission money of each contract
adds up to its funded budget plus its top-ups, and no conversion is settled twice.
"""

from __future__ import annotations

import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import func, select

from marketplace.domain.errors import DomainError
from marketplace.domain.fees import split
from marketplace.extensions import db
from marketplace.models import CommissionTopUp, Contract, Conversion, LedgerEntry, LedgerLine, User
from marketplace.models.base import utcnow
from marketplace.services.campaigns import conversions, top_ups
from marketplace.services.contracts import cancellation, disputes, timers, work
from marketplace.services.ledger import accounts
from marketplace.services.ledger.commission_accruals import commission_remaining
from tests.factories.campaigns import link_code, make_commission_contract
from tests.factories.contracts import Deal

MAX_DEALS = 3
SWEEPS = {"now": timedelta(0), "hold": timedelta(days=16), "window": timedelta(days=47)}
# The hold passing is the step that settles, so it comes up most often.
WHEN = ("now", "hold", "hold", "window")


@dataclass
class DealModel:
    deal: Deal
    funded_budget: int
    top_ups: int = 0


def _balances() -> dict[tuple[str, str], int]:
    rows = db.session.execute(
        select(LedgerLine.account, LedgerLine.currency, func.sum(LedgerLine.amount)).group_by(
            LedgerLine.account, LedgerLine.currency
        )
    )
    return {(account, currency): int(total) for account, currency, total in rows}


def _kind_total(contract_id: int, kind: str, account_prefix: str | None = None) -> int:
    """The sum of the kind's lines leaving commission accounts (as a positive amount)."""
    stmt = (
        select(func.coalesce(func.sum(LedgerLine.amount), 0))
        .join(LedgerEntry, LedgerEntry.id == LedgerLine.entry_id)
        .where(LedgerEntry.contract_id == contract_id, LedgerEntry.kind == kind)
    )
    if account_prefix is not None:
        stmt = stmt.where(LedgerLine.account.startswith(account_prefix))
    return int(db.session.scalar(stmt) or 0)


def check_commission_invariants(models: list[DealModel]) -> None:
    db.session.expire_all()
    for entry_id, total in db.session.execute(
        select(LedgerLine.entry_id, func.sum(LedgerLine.amount)).group_by(
            LedgerLine.entry_id, LedgerLine.currency
        )
    ):
        assert total == 0, f"entry {entry_id} does not balance"
    balances = _balances()
    for (account, currency), total in balances.items():
        if accounts.is_held(account):
            assert total >= 0, f"{account} {currency} is negative: {total}"
    keys = Counter(
        db.session.scalars(
            select(LedgerEntry.idempotency_key).where(LedgerEntry.kind == "commission_settle")
        )
    )
    assert all(count == 1 for count in keys.values())
    for model in models:
        contract = db.session.get_one(Contract, model.deal.id)
        cur = contract.currency
        escrow = balances.get((accounts.commission_escrow(contract.id), cur), 0)
        held = balances.get((accounts.commission_held(contract.id), cur), 0)
        settled = _kind_total(contract.id, "commission_settle", "kol:") + _kind_total(
            contract.id, "commission_settle", accounts.PLATFORM_FEES
        )
        returned = _kind_total(contract.id, "commission_close", "external:")
        assert contract.commission_budget == model.funded_budget + model.top_ups
        assert escrow + held + settled + returned == contract.commission_budget
        sales = db.session.scalars(
            select(Conversion).where(Conversion.contract_id == contract.id)
        ).all()
        assert held == sum(commission_remaining(c) for c in sales if c.status == "held")
        nets = sum(
            split(commission_remaining(c), contract.fee_bps).net
            for c in sales
            if c.status == "settled"
        )
        assert _kind_total(contract.id, "commission_settle", "kol:") == nets
        for c in sales:
            settled_once = keys.get(f"settle:conversion:{c.id}", 0)
            assert settled_once <= 1
            if c.status != "settled":
                assert settled_once == 0
        if contract.commission_closed_at is not None:
            assert escrow == 0 and held == 0


class CommissionSettlementMachine(RuleBasedStateMachine):
    users: ClassVar[dict[str, int]] = {}
    examples: ClassVar[int] = 0
    tally: ClassVar[Counter[str]] = Counter()
    deals = Bundle("deals")

    def __init__(self) -> None:
        super().__init__()
        type(self).examples += 1
        db.session.close()
        self.savepoint = db.session().bind.begin_nested()
        self.models: dict[int, DealModel] = {}
        self.orders: dict[int, list[str]] = defaultdict(list)

    def teardown(self) -> None:
        db.session.close()
        self.savepoint.rollback()
        db.session.expire_all()

    def user(self, name: str) -> User:
        return db.session.get_one(User, self.users[name])

    def _new(self, status: str, bps: int, budget: int) -> int:
        deal = make_commission_contract(
            status,
            brand=self.user("brand"),
            kol=self.user("kol"),
            commission_bps=bps,
            budget=budget,
        )
        self.models[deal.id] = DealModel(deal, budget)
        self.tally[f"deal {status}"] += 1
        return deal.id

    @initialize(
        target=deals,
        status=st.sampled_from(("funded", "submitted", "completed")),
        bps=st.sampled_from((500, 1000, 3000)),
        budget=st.integers(1_000, 20_000),
    )
    def first_deal(self, status: str, bps: int, budget: int) -> int:
        return self._new(status, bps, budget)

    @rule(
        target=deals,
        status=st.sampled_from(("funded", "completed")),
        bps=st.sampled_from((1000, 2000)),
        budget=st.integers(0, 20_000),
    )
    def another_deal(self, status: str, bps: int, budget: int) -> int:
        if len(self.models) >= MAX_DEALS:
            return next(iter(self.models))
        return self._new(status, bps, budget)

    @rule(cid=deals, amount=st.integers(1, 200_000))
    def sale(self, cid: int, amount: int) -> None:
        model = self.models[cid]
        contract = db.session.get_one(Contract, cid)
        left = db.session.scalar(
            select(func.coalesce(func.sum(LedgerLine.amount), 0)).where(
                LedgerLine.account == accounts.commission_escrow(cid)
            )
        )
        accrues = conversions.earns_commission(contract, utcnow())
        expected = (
            min(amount * (contract.commission_bps or 0) // 10_000, int(left)) if accrues else 0
        )
        order_id = f"TB{secrets.token_hex(6)}"
        payload = {
            "order_id": order_id,
            "link_code": link_code(model.deal),
            "amount": amount,
            "currency": contract.currency,
            "ordered_at": utcnow().isoformat() + "Z",
        }
        booking = conversions.record_sale(model.deal.brand, payload)
        assert booking.conversion.commission == expected
        self.orders[cid].append(order_id)
        self.tally["sale earning" if expected else "sale earning nothing"] += 1

    @rule(cid=deals, pick=st.integers(0, 50), share=st.integers(1, 110))
    def sale_return(self, cid: int, pick: int, share: int) -> None:
        orders = self.orders[cid]
        if not orders:
            return
        order_id = orders[pick % len(orders)]
        conversion = conversions.find_conversion(self.models[cid].deal.brand, order_id)
        assert conversion is not None
        amount = max(1, conversion.amount * share // 100)
        try:
            conversions.record_return(self.models[cid].deal.brand, order_id, {"amount": amount})
        except DomainError:
            db.session.rollback()
            assert amount > conversion.amount - conversion.refunded
            self.tally["return refused"] += 1
            return
        self.tally["return"] += 1

    @rule(cid=deals, amount=st.integers(1, 30_000), declined=st.booleans())
    def top_up(self, cid: int, amount: int, declined: bool) -> None:
        model = self.models[cid]
        open_before = top_ups.can_top_up(db.session.get_one(Contract, cid))
        method = "pm_card_chargeDeclined" if declined else "pm_card_visa"
        before = db.session.scalar(select(func.count(LedgerEntry.id)))
        try:
            top_ups.top_up(model.deal.brand, cid, amount, method)
        except DomainError:
            db.session.rollback()
            assert declined or not open_before
            assert db.session.scalar(select(func.count(LedgerEntry.id))) == before
            self.tally["top-up refused"] += 1
            return
        assert open_before and not declined
        model.top_ups += amount
        self.tally["top-up"] += 1

    @rule(when=st.sampled_from(WHEN), twice=st.booleans())
    def time_passes(self, when: str, twice: bool) -> None:
        moment = utcnow() + SWEEPS[when]
        report = timers.run_due(moment)
        assert report.failed == 0
        self.tally[f"run_due {when}"] += 1
        self.tally["settled"] += report.extra["commission_settled"]
        self.tally["budgets closed"] += report.extra["commission_budgets_closed"]
        if twice:
            again = timers.run_due(moment)
            assert again.extra["commission_settled"] == 0
            assert again.extra["commission_budgets_closed"] == 0

    @rule(cid=deals, how=st.sampled_from(("approve", "cancel", "dispute_split")))
    def contract_moves(self, cid: int, how: str) -> None:
        deal = self.models[cid].deal
        try:
            if how == "approve":
                if db.session.get_one(Contract, cid).status == "funded":
                    work.submit_proof(deal.kol, cid, post_urls=["https://weibo.com/u/1/p"])
                work.approve(deal.brand, cid)
            elif how == "cancel":
                cancellation.cancel(deal.brand, cid, "Stop")
                cancellation.cancel(deal.kol, cid, "Agreed")
            else:
                disputes.open_dispute(deal.brand, cid, "Late", "late")
                dispute = disputes.open_dispute_of(db.session.get_one(Contract, cid))
                assert dispute is not None
                disputes.resolve_dispute_percent(
                    self.user("admin"), dispute.id, kol_bps=5000, note="Half"
                )
        except DomainError:
            db.session.rollback()
            self.tally[f"{how} refused"] += 1
            return
        self.tally[how] += 1

    @invariant()
    def commission_adds_up(self) -> None:
        check_commission_invariants(list(self.models.values()))
        pending = db.session.scalar(
            select(func.count(CommissionTopUp.id)).where(CommissionTopUp.status == "pending")
        )
        assert pending == 0
