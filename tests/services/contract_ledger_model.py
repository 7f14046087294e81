"""What the contract services should do, as a plain model, and the ledger's invariants.

The stateful test (test_contract_ledger_stateful.py) runs each action against the real
services and against `ContractModel`; the model says which actions must be refused and
which status a legal one leads to, and `check_invariants` reads the ledger afterwards.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from marketplace.domain.contracts import DISPUTABLE_STATUSES, ESCROW_STATUSES, FINAL_STATUSES
from marketplace.domain.fees import split
from marketplace.extensions import db
from marketplace.models import Contract, ContractEvent, LedgerLine
from marketplace.services.contracts.offers import MAX_ROUNDS
from marketplace.services.contracts.queries import money_view
from marketplace.services.ledger import accounts

PARTIES = ("brand", "kol")
NEXT_MOVES: dict[str, tuple[str, ...]] = {
    "offered": ("accept", "accept", "counter", "counter", "decline", "withdraw"),
    "accepted": ("fund", "fund", "fund", "fund_declined", "cancel", "run_due"),
    "funded": ("submit", "submit", "submit", "cancel", "dispute", "due_date_passes"),
    "submitted": (
        "approve",
        "request_revision",
        "request_revision",
        "dispute",
        "cancel",
        "run_due",
    ),
    "revision_requested": ("submit", "submit", "dispute", "cancel"),
    "disputed": ("resolve",),
}
# A final contract refuses everything; these try the moves people would try anyway.
AFTER_THE_END = ("approve", "cancel", "dispute", "fund", "submit", "resolve", "accept")


@dataclass
class ContractModel:
    """One contract as the rules say it should be."""

    id: int
    brand_id: int
    kol_id: int
    currency: str
    price: int
    fee_bps: int
    revisions_allowed: int
    status: str = "offered"
    awaiting: str | None = "kol"
    rounds: int = 1
    revisions_used: int = 0
    cancel_requested_by: str | None = None
    # Who opened the open dispute and the status it froze (its opener may withdraw to it).
    disputed_by: str | None = None
    disputed_from: str | None = None
    overdue: bool = False
    funded: int = 0
    released: int = 0
    refunded: int = 0

    def next_action(self, pick: int) -> str:
        """One of the moves the status invites (the happy path weighs most)."""
        moves = NEXT_MOVES.get(self.status, AFTER_THE_END)
        return moves[pick % len(moves)]

    def expected_actor(self, action: str) -> str:
        """The role the rules let take `action` now (or would, in the right status)."""
        if action in ("counter", "accept", "decline"):
            return self.awaiting or "kol"
        if action == "submit":
            return "kol"
        if action == "resolve":
            return "admin"
        if action in ("cancel", "dispute") and self.cancel_requested_by is not None:
            return "kol" if self.cancel_requested_by == "brand" else "brand"
        return "brand"

    def predict(self, action: str, role: str, *, valid: bool = True) -> str | None:
        """The status after `role` takes `action`, or None when it must be refused.

        `valid`: the action's own values pass validation (a counter's price, a resolution's
        split, a card that is not declined).
        """
        s = self.status
        if action == "resolve":
            return "resolved" if role == "admin" and s == "disputed" and valid else None
        if role not in PARTIES or not valid:
            return None
        answering = s == "offered" and self.awaiting == role
        if action == "counter":
            return s if answering and self.rounds < MAX_ROUNDS else None
        if action in ("accept", "decline"):
            return {"accept": "accepted", "decline": "declined"}[action] if answering else None
        if action == "withdraw":
            return "withdrawn" if s == "offered" and role == "brand" else None
        if action == "fund":
            return "funded" if s == "accepted" and role == "brand" else None
        if action == "submit":
            return "submitted" if role == "kol" and s in ("funded", "revision_requested") else None
        if action == "request_revision":
            ok = (
                role == "brand"
                and s == "submitted"
                and self.revisions_used < self.revisions_allowed
            )
            return "revision_requested" if ok else None
        if action == "approve":
            return "completed" if role == "brand" and s == "submitted" else None
        if action == "dispute":
            return "disputed" if s in DISPUTABLE_STATUSES else None
        if action == "cancel":
            return self._cancel(role)
        raise ValueError(action)

    def _cancel(self, role: str) -> str | None:
        s = self.status
        if s == "accepted":
            return "cancelled"
        if s not in DISPUTABLE_STATUSES:
            return None
        if s == "funded" and role == "brand" and self.overdue:
            return "cancelled"
        if self.cancel_requested_by not in (None, role):
            return "cancelled"
        return s  # a request: the status stays, the other party must confirm

    def available(self, role: str) -> set[str]:
        """The table's actions that the contract page should offer `role` now."""
        s = self.status
        if role == "admin":
            return {"resolve"} if s == "disputed" else set()
        actions: set[str] = set()
        if s == "disputed" and role == self.disputed_by:
            actions.add(f"withdraw_to_{self.disputed_from}")
        if s == "offered":
            if self.awaiting == role:
                actions |= {"accept", "counter", "decline"}
            if role == "brand":
                actions.add("withdraw")
        elif s == "accepted":
            actions |= {"cancel", "fund"} if role == "brand" else {"cancel"}
        elif s in DISPUTABLE_STATUSES:
            actions |= {"request_cancel", "dispute"}
            if self.cancel_requested_by not in (None, role):
                actions.add("confirm_cancel")
            if role == "kol" and s in ("funded", "revision_requested"):
                actions.add("submit")
            if role == "brand" and s == "funded" and self.overdue:
                actions.add("cancel")
            if role == "brand" and s == "submitted":
                actions.add("approve")
                if self.revisions_used < self.revisions_allowed:
                    actions.add("request_revision")
        return actions

    def apply(self, action: str, role: str, target: str, *, kol_amount: int = 0) -> None:
        """Record that `action` succeeded and led to `target`."""
        before = self.status
        self.status = target
        if action == "counter":
            self.awaiting = "brand" if role == "kol" else "kol"
            self.rounds += 1
        if target != "offered":
            self.awaiting = None
        is_request = action == "cancel" and target == before
        self.cancel_requested_by = role if is_request else None
        if action == "dispute":
            self.disputed_by, self.disputed_from = role, before
        if action == "fund":
            self.funded = self.price
        elif action == "request_revision":
            self.revisions_used += 1
        elif target == "completed":
            self.released = self.price
        elif target == "cancelled" and before in ESCROW_STATUSES:
            self.refunded = self.price
        elif target == "resolved":
            self.released = kol_amount
            self.refunded = self.price - kol_amount


def event_count(contract_id: int) -> int:
    return (
        db.session.scalar(select(func.count()).where(ContractEvent.contract_id == contract_id)) or 0
    )


def line_count() -> int:
    return db.session.scalar(select(func.count()).select_from(LedgerLine)) or 0


def footprint(contract_id: int) -> tuple[str, int, int]:
    """What an illegal action must leave as it was: status, events, ledger lines."""
    status = db.session.scalar(select(Contract.status).where(Contract.id == contract_id))
    assert status is not None
    return status, event_count(contract_id), line_count()


def _balances() -> dict[tuple[str, str], int]:
    rows = db.session.execute(
        select(LedgerLine.account, LedgerLine.currency, func.sum(LedgerLine.amount)).group_by(
            LedgerLine.account, LedgerLine.currency
        )
    )
    return {(account, currency): int(total) for account, currency, total in rows}


def check_invariants(models: list[ContractModel]) -> None:
    """The ledger's invariants, and each contract's money and status as the model says."""
    db.session.expire_all()
    balances = _balances()
    per_currency: dict[str, int] = defaultdict(int)
    for (account, currency), total in balances.items():
        per_currency[currency] += total
        if accounts.is_held(account):
            assert total >= 0, f"{account} {currency} is negative: {total}"
    assert all(total == 0 for total in per_currency.values()), per_currency
    expected_kol: dict[tuple[str, str], int] = defaultdict(int)
    expected_fees: dict[str, int] = defaultdict(int)
    for model in models:
        contract = db.session.get(Contract, model.id)
        assert contract is not None
        assert contract.status == model.status, (model.id, contract.status, model.status)
        if model.status == "offered":
            assert contract.awaiting == model.awaiting
        assert contract.cancel_requested_by == model.cancel_requested_by
        money = money_view(contract)
        escrow = balances.get((accounts.escrow(model.id), model.currency), 0)
        assert money.in_escrow == escrow
        assert (escrow > 0) == (model.status in ESCROW_STATUSES), (model.status, escrow)
        if model.status in FINAL_STATUSES:
            assert escrow == 0
        assert money.released + money.refunded <= money.funded
        assert (money.funded, money.released, money.refunded) == (
            model.funded,
            model.released,
            model.refunded,
        ), (model.status, money)
        parts = split(model.released, model.fee_bps)
        expected_kol[(accounts.kol_available(model.kol_id), model.currency)] += parts.net
        expected_fees[model.currency] += parts.fee
    for (account, currency), total in expected_kol.items():
        assert balances.get((account, currency), 0) == total, (account, currency)
    for currency, total in expected_fees.items():
        assert balances.get((accounts.PLATFORM_FEES, currency), 0) == total
