"""The state machine of test_contract_ledger_stateful: every contract action, at random.

A hypothesis state machine offers, counters, accepts, declines, withdraws, funds (with a
good and a declined card), submits, asks for revisions, approves, cancels (alone, asking
and confirming), disputes, resolves (with valid and invalid splits) and runs the timers at
random future moments, by the right party, the wrong one, a stranger and an admin, over
several contracts in both currencies. `ContractModel` says what each step must do; after
every step the ledger's invariants are checked (see `contract_ledger_model`). Each example
runs inside a savepoint that is rolled back, so examples do not see each other's money.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any, ClassVar

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
)
from sqlalchemy import func, select, update

from marketplace.domain.contracts import FINAL_STATUSES
from marketplace.domain.errors import DomainError
from marketplace.extensions import db
from marketplace.models import Contract, Dispute, Listing, User
from marketplace.models.base import utcnow
from marketplace.services.contracts import (
    cancellation,
    disputes,
    funding,
    negotiation,
    offers,
    timers,
    work,
)
from marketplace.services.contracts.queries import available_actions
from marketplace.services.contracts.terms import today
from tests.factories.contracts import PATHS, POST_URL, offer_values
from tests.services.contract_ledger_model import (
    ContractModel,
    check_invariants,
    footprint,
)

MAX_CONTRACTS = 4
# Where the first contract of a run starts, so that short runs reach the deep statuses too.
HEAD_STARTS = ("offered", "accepted", "funded", "submitted", "revision_requested", "disputed")
ACTIONS = (
    "counter",
    "accept",
    "decline",
    "withdraw",
    "fund",
    "fund_declined",
    "submit",
    "request_revision",
    "approve",
    "cancel",
    "dispute",
    "resolve",
    "run_due",
    "due_date_passes",
)
# Who acts: mostly the party the rules expect ("right"), else anyone, a stranger or an admin.
WHO = ("right", "right", "right", "right", "brand", "kol", "stranger", "admin")
MAX_PRICE = 1_000_000_000  # MAX_CONTRACT_PRICE in minor units (both currencies: 2 decimals)
BAD_PRICES = (0, -100, MAX_PRICE + 1, "12.50", None)
# Moments for run_due, after every timer set during a run (3 days) or before any of them.
HOUR = timedelta(hours=1)
TTL = timedelta(days=3)
SWEEPS = {"now": timedelta(0), "soon": HOUR, "past_ttl": TTL + HOUR, "month": timedelta(days=30)}
DUE_BY = {"offered": "expired", "accepted": "cancelled", "submitted": "completed"}
REPORT_KEY = {"offered": "expired", "accepted": "funding_cancelled", "submitted": "auto_approved"}
NOTHING_FAILED = {"failed": 0}


OFFER_ARGS = {
    "brand": st.sampled_from(("brand_a", "brand_b")),
    "kol": st.sampled_from(("kol_listed", "kol_plain")),
    "currency": st.sampled_from(("cny", "usd")),
    "price": st.one_of(st.integers(1, MAX_PRICE), st.sampled_from(BAD_PRICES)),
    "revisions": st.sampled_from((1, 2, 3, 0)),
}


class ContractLedgerMachine(RuleBasedStateMachine):
    """Drives the contract services; the users are made once per test (see `run`)."""

    users: ClassVar[dict[str, int]] = {}
    examples: ClassVar[int] = 0
    # Steps by kind ("accept applied", "fund refused", "run_due", ...), for the report.
    tally: ClassVar[Counter[str]] = Counter()
    contracts = Bundle("contracts")

    def __init__(self) -> None:
        super().__init__()
        type(self).examples += 1
        db.session.close()
        # The test's connection (see conftest's db_session); the session nests its own
        # savepoints inside this one.
        self.savepoint = db.session().bind.begin_nested()
        self.models: dict[int, ContractModel] = {}

    def teardown(self) -> None:
        db.session.close()
        self.savepoint.rollback()
        db.session.expire_all()

    def open_contracts(self) -> int:
        return sum(model.status not in FINAL_STATUSES for model in self.models.values())

    def user(self, name: str) -> User:
        user = db.session.get(User, self.users[name])
        assert user is not None
        return user

    def actor(self, role: str, model: ContractModel) -> User:
        if role in ("brand", "kol"):
            return self.user(f"{role}:{model.id}")
        return self.user(role)

    def attempt(self, model: ContractModel, action: str, role: str, call, **kw: Any) -> bool:
        """Run `call`; a legal action must reach the model's status, an illegal one change
        nothing and raise a DomainError."""
        valid = kw.pop("valid", True)
        expected = model.predict(action, role, valid=valid)
        before = footprint(model.id)
        try:
            call()
        except DomainError as error:
            db.session.rollback()
            assert expected is None, f"{action} by {role} in {model.status} refused: {error!r}"
            assert footprint(model.id) == before, f"refused {action} changed something"
            self.tally[f"{action} refused"] += 1
            return False
        assert expected is not None, f"{action} by {role} in {model.status} was allowed"
        model.apply(action, role, expected, **kw)
        self.tally[f"{action} applied"] += 1
        return True

    def _offer(self, brand: str, kol: str, currency: str, price: Any, revisions: int) -> Any:
        """A brand's offer; a bad price must be refused and leave no contract behind.

        Offers are mostly good: a bad price is kept only when `revisions` is 0 as well.
        """
        if price in BAD_PRICES and revisions:
            price = MAX_PRICE // (revisions * 7)
        brand_user, kol_user = self.user(brand), self.user(kol)
        listing = db.session.get(Listing, self.users["listing"]) if kol == "kol_listed" else None
        values = offer_values(kol_user, listing, currency=currency, price=price)
        if price in BAD_PRICES:
            before = db.session.scalar(select(func.count()).select_from(Contract))
            with pytest.raises(DomainError):
                offers.create_offer(brand_user, revisions=revisions, **values)
            db.session.rollback()
            assert db.session.scalar(select(func.count()).select_from(Contract)) == before
            self.tally["offer refused"] += 1
            return multiple()
        contract = offers.create_offer(brand_user, revisions=revisions, **values)
        self.tally["offer applied"] += 1
        self.users[f"brand:{contract.id}"] = brand_user.id
        self.users[f"kol:{contract.id}"] = kol_user.id
        self.models[contract.id] = ContractModel(
            id=contract.id,
            brand_id=brand_user.id,
            kol_id=kol_user.id,
            currency=currency,
            price=price,
            fee_bps=contract.fee_bps,
            revisions_allowed=revisions,
        )
        return contract.id

    @initialize(target=contracts, start=st.sampled_from(HEAD_STARTS), **OFFER_ARGS)
    def head_start(
        self, start: str, brand: str, kol: str, currency: str, price: Any, revisions: int
    ) -> Any:
        """The first contract of a run, taken by its parties (each step checked) to `start`."""
        cid = self._offer(brand, kol, currency, price, revisions)
        if isinstance(cid, int):
            for step in PATHS[start]:
                self.take(self.models[cid], step, "right", price=None, share=50, shape="split")
        return cid

    @precondition(lambda self: len(self.models) < MAX_CONTRACTS and self.open_contracts() < 3)
    @rule(target=contracts, **OFFER_ARGS)
    def offer(self, brand: str, kol: str, currency: str, price: Any, revisions: int) -> Any:
        return self._offer(brand, kol, currency, price, revisions)

    @rule(
        cid=contracts,
        action=st.sampled_from(("next",) * len(ACTIONS) + ACTIONS),
        who=st.sampled_from(WHO),
        price=st.one_of(st.integers(1, MAX_PRICE), st.sampled_from(BAD_PRICES)),
        share=st.integers(0, 100),
        shape=st.sampled_from(("split", "split", "split", "over", "under", "negative", "text")),
        when=st.sampled_from(sorted(SWEEPS)),
    )
    def act(
        self, cid: int, action: str, who: str, price: Any, share: int, shape: str, when: str
    ) -> None:
        """`action` on contract `cid` by `who`: mostly the party the rules expect to act.

        Half the actions are "next": one of the moves that the contract's status invites
        (chosen by `share`), so that sequences reach the end of every path.

        Also the passing of time: the timers' sweep at `when` (twice when `share` is odd),
        or the contract's due date passing.
        """
        if action == "next":
            action = self.models[cid].next_action(share)
        if action == "run_due":
            self.run_due(when, repeat=share % 2 == 1)
            return
        if action == "due_date_passes":
            self.due_date_passes(cid)
            return
        self.take(self.models[cid], action, who, price=price, share=share, shape=shape)

    def take(
        self, model: ContractModel, action: str, who: str, *, price: Any, share: int, shape: str
    ) -> None:
        """A party's (or a stranger's, or an admin's) action through the services."""
        cid = model.id
        role = model.expected_actor(action) if who == "right" else who
        actor = self.actor(role, model)
        if action == "counter":
            valid = isinstance(price, int) and 1 <= price <= MAX_PRICE
            call = lambda: negotiation.counter_offer(actor, cid, price=price, message="Hm")  # noqa: E731
            if self.attempt(model, action, role, call, valid=valid):
                model.price = price
            return
        if action == "resolve":
            self.resolve(model, actor, role, share, shape)
            return
        calls = {
            "accept": lambda: negotiation.accept_offer(actor, cid),
            "decline": lambda: negotiation.decline_offer(actor, cid, "No"),
            "withdraw": lambda: negotiation.withdraw_offer(actor, cid),
            "fund": lambda: funding.fund(actor, cid, "pm_card_visa"),
            "fund_declined": lambda: funding.fund(actor, cid, "pm_card_chargeDeclined"),
            "submit": lambda: work.submit_proof(actor, cid, post_urls=[POST_URL]),
            "request_revision": lambda: work.request_revision(actor, cid, "Tag the brand"),
            "approve": lambda: work.approve(actor, cid),
            "cancel": lambda: cancellation.cancel(actor, cid, "Stop"),
            "dispute": lambda: disputes.open_dispute(actor, cid, "Not posted", "late"),
        }
        if action == "fund_declined":
            self.attempt(model, "fund", role, calls[action], valid=False)
        else:
            self.attempt(model, action, role, calls[action])

    def resolve(self, model: ContractModel, actor: User, role: str, share: int, shape: str) -> None:
        to_kol = model.price * share // 100
        amounts: dict[str, tuple[Any, Any]] = {
            "split": (to_kol, model.price - to_kol),
            "over": (to_kol, model.price - to_kol + 1),
            "under": (to_kol, model.price - to_kol - 1),
            "negative": (-1, model.price + 1),
            "text": ("all of it", 0),
        }
        kol_amount, brand_refund = amounts[shape]
        latest = db.session.scalar(
            select(Dispute.id).where(Dispute.contract_id == model.id).order_by(Dispute.id.desc())
        )
        self.attempt(
            model,
            "resolve",
            role,
            lambda: disputes.resolve_dispute(
                actor,
                latest or 0,
                kol_amount=kol_amount,
                brand_refund=brand_refund,
                note="Machine split",
            ),
            valid=shape == "split",
            kol_amount=kol_amount if shape == "split" else 0,
        )

    def due_date_passes(self, cid: int) -> None:
        """Time passes for one contract: its due date is now yesterday."""
        self.tally["due_date_passes"] += 1
        db.session.execute(
            update(Contract).where(Contract.id == cid).values(due_date=today() - timedelta(days=1))
        )
        db.session.commit()
        self.models[cid].overdue = True

    def run_due(self, when: str, repeat: bool) -> None:
        self.tally["run_due"] += 1
        lines_before = footprint_all(self.models)
        report = timers.run_due(utcnow() + SWEEPS[when])
        due = [m for m in self.models.values() if m.status in DUE_BY and SWEEPS[when] >= TTL]
        expected = {key: 0 for key in REPORT_KEY.values()} | NOTHING_FAILED
        for model in due:
            expected[REPORT_KEY[model.status]] += 1
            model.apply("timer", "system", DUE_BY[model.status])
        assert {key: report.as_dict()[key] for key in expected} == expected
        if not due:
            assert footprint_all(self.models) == lines_before
        if repeat:
            again = timers.run_due(utcnow() + SWEEPS[when])
            assert {again.as_dict()[key] for key in expected} == {0}

    @invariant()
    def ledger_holds(self) -> None:
        check_invariants(list(self.models.values()))

    @invariant()
    def pages_offer_what_the_rules_allow(self) -> None:
        """`available_actions` (what the contract page shows) agrees with the rules."""
        for model in self.models.values():
            contract = db.session.get(Contract, model.id)
            for role in ("brand", "kol", "admin"):
                shown = set(available_actions(self.actor(role, model), contract))
                assert shown == model.available(role), (model.status, role, shown)


def footprint_all(models: dict[int, ContractModel]) -> list[tuple[str, int, int]]:
    return [footprint(cid) for cid in sorted(models)]
