"""No over-refund, no over-release: refused from the ledger's figures before any gateway call.

These run with the embedded sandbox gateway, whose calls are counted by replacing its
methods; `test_money_guards_stripe.py` proves the same against the Stripe stand-in.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import LedgerEntry, PaymentAttempt, SandboxOperation
from marketplace.models.base import utcnow
from marketplace.payments.gateway import GatewayUnavailable
from marketplace.payments.sandbox import SandboxGateway
from marketplace.services.contracts import cancellation
from marketplace.services.contracts.workflow import lock_contract
from marketplace.services.ledger import balances
from marketplace.services.ledger.contract_postings import fee_split
from marketplace.services.payments import attempts, money_guards
from marketplace.services.payments.money_guards import OverRefund, OverRelease
from marketplace.services.payments.refunds import (
    execute_refund,
    next_refund_key,
    refund_escrow,
    schedule_refund,
)
from marketplace.services.payments.retries import retry_pending
from marketplace.services.unit_of_work import unit_of_work
from tests.factories.contracts import make_contract

PRICE = 300_000


@pytest.fixture
def gateway_calls(monkeypatch) -> list[tuple[str, dict]]:
    """Every refund or transfer the sandbox is asked for, in order."""
    calls: list[tuple[str, dict]] = []
    for name in ("refund", "transfer"):
        real = getattr(SandboxGateway, name)

        def spy(self, _real=real, _name=name, **kwargs):
            calls.append((_name, kwargs))
            return _real(self, **kwargs)

        monkeypatch.setattr(SandboxGateway, name, spy)
    return calls


def _refund_attempts(contract_id: int) -> list[PaymentAttempt]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(PaymentAttempt)
            .where(PaymentAttempt.contract_id == contract_id, PaymentAttempt.kind == "refund")
            .order_by(PaymentAttempt.id)
        )
    )


def _refund(deal, amount: int) -> str:
    with unit_of_work():
        contract = lock_contract(deal.brand, deal.id)
        return refund_escrow(contract, amount)


def test_refundable_is_what_the_escrow_still_holds(ctx):
    deal = make_contract("funded", price=PRICE)
    assert money_guards.refundable(deal.contract) == PRICE
    _refund(deal, 100_000)
    assert money_guards.refundable(deal.contract) == PRICE - 100_000
    assert money_guards.refundable(make_contract("completed", price=PRICE).contract) == 0
    assert money_guards.refundable(make_contract("accepted", price=PRICE).contract) == 0


def test_an_over_refund_is_refused_before_the_ledger_or_the_gateway(ctx, gateway_calls):
    deal = make_contract("funded", price=PRICE)
    entries = db.session.scalar(select(db.func.count()).select_from(LedgerEntry))

    with pytest.raises(OverRefund) as refused:
        _refund(deal, PRICE + 1)

    assert refused.value.status == 409
    assert "more than this contract still holds" in refused.value.message
    assert gateway_calls == []
    assert _refund_attempts(deal.id) == []
    assert db.session.scalar(select(db.func.count()).select_from(LedgerEntry)) == entries
    assert balances.contract_money(deal.contract).in_escrow == PRICE


def test_partial_refunds_add_up_to_the_escrow_and_no_further(ctx, gateway_calls):
    deal = make_contract("funded", price=PRICE)
    _refund(deal, 200_000)
    _refund(deal, 100_000)
    with pytest.raises(OverRefund):
        _refund(deal, 1)

    assert [call[1]["amount"] for call in gateway_calls] == [200_000, 100_000]
    keys = [attempt.idempotency_key for attempt in _refund_attempts(deal.id)]
    assert keys == [f"refund:{deal.id}:1", f"refund:{deal.id}:2"]
    money = balances.contract_money(deal.contract)
    assert (money.in_escrow, money.refunded) == (0, PRICE)


def test_a_refund_after_release_is_refused(ctx, gateway_calls):
    deal = make_contract("completed", price=PRICE)
    with pytest.raises(OverRefund):
        _refund(deal, 1)
    assert gateway_calls == []


def test_the_gateway_is_never_asked_for_more_than_the_charge_kept(ctx, gateway_calls):
    deal = make_contract("funded", price=PRICE)
    charge = attempts.succeeded_charge(deal.id)
    assert charge is not None
    with unit_of_work():
        schedule_refund(charge, amount=PRICE - 10)
    with pytest.raises(OverRefund), unit_of_work():
        schedule_refund(charge, amount=11)
    assert [call[1]["amount"] for call in gateway_calls] == [PRICE - 10]


def test_a_stored_refund_beyond_the_charge_is_refused_at_call_time(ctx, gateway_calls):
    """A refund row that got past the booking check (a bug, a hand-made row) is not sent."""
    deal = make_contract("funded", price=PRICE)
    charge = attempts.succeeded_charge(deal.id)
    assert charge is not None
    with unit_of_work():
        first = schedule_refund(charge, amount=PRICE)
    with unit_of_work():
        rogue = PaymentAttempt(
            idempotency_key=f"refund:{deal.id}:99",
            kind="refund",
            provider="sandbox",
            contract_id=deal.id,
            amount=1,
            currency="cny",
            charge_id=charge.id,
        )
        db.session.add(rogue)
    assert _refund_attempts(deal.id)[0].id == first.id
    execute_refund(rogue.id)

    assert [call[1]["idempotency_key"] for call in gateway_calls] == [first.idempotency_key]
    db.session.refresh(rogue)
    assert (rogue.status, rogue.error_code) == ("failed", "over_refund")


def test_refund_keys_count_per_contract_and_survive_retries(ctx, monkeypatch, gateway_calls):
    deal = make_contract("funded", price=PRICE)
    other = make_contract("funded", price=PRICE)
    assert next_refund_key(deal.id) == f"refund:{deal.id}:1"
    real = SandboxGateway.refund

    def acted_then_timed_out(self, **kwargs):
        real(self, **kwargs)
        raise GatewayUnavailable("read timeout")

    monkeypatch.setattr(SandboxGateway, "refund", acted_then_timed_out)
    _refund(deal, 50_000)
    [pending] = _refund_attempts(deal.id)
    assert (pending.status, pending.idempotency_key) == ("pending", f"refund:{deal.id}:1")
    assert next_refund_key(deal.id) == f"refund:{deal.id}:2"
    assert next_refund_key(other.id) == f"refund:{other.id}:1"

    monkeypatch.setattr(SandboxGateway, "refund", real)
    assert retry_pending(utcnow() + timedelta(minutes=2)) == 1
    assert retry_pending(utcnow() + timedelta(minutes=2)) == 0
    [settled] = _refund_attempts(deal.id)
    assert settled.status == "succeeded"
    operations = db.session.scalars(
        select(SandboxOperation).where(SandboxOperation.kind == "refund")
    ).all()
    assert [op.idempotency_key for op in operations] == [f"refund:{deal.id}:1"]


def test_a_cancellation_refund_takes_the_next_counted_key(ctx):
    deal = make_contract("funded", price=PRICE)
    _refund(deal, 1_000)
    cancellation.cancel(deal.brand, deal.id, "Campaign moved")
    cancellation.cancel(deal.kol, deal.id, "Fine by me")
    refunds = _refund_attempts(deal.id)
    assert [(r.idempotency_key, r.amount) for r in refunds] == [
        (f"refund:{deal.id}:1", 1_000),
        (f"refund:{deal.id}:2", PRICE - 1_000),
    ]
    keys = set(db.session.scalars(select(LedgerEntry.idempotency_key)))
    assert {f"refund:{deal.id}:1", f"refund:{deal.id}:2"} <= keys


def _transfer(deal, amount: int, status: str = "pending") -> PaymentAttempt:
    attempt = PaymentAttempt(
        idempotency_key=f"release:{deal.id}:{amount}:{status}",
        kind="transfer",
        provider="stripe",
        contract_id=deal.id,
        amount=amount,
        currency="cny",
        status=status,
    )
    with unit_of_work():
        db.session.add(attempt)
    return attempt


def test_releasable_is_the_kols_net_less_what_was_sent(ctx):
    deal = make_contract("completed", price=PRICE)
    net = fee_split(deal.contract).net
    assert money_guards.releasable(deal.contract) == net
    failed = _transfer(deal, net, "failed")
    assert money_guards.releasable(deal.contract) == net
    sent = _transfer(deal, net - 5)
    assert money_guards.releasable(deal.contract) == 5
    assert money_guards.releasable(deal.contract, exclude_attempt=sent.id) == net
    money_guards.check_release(deal.contract, net, exclude_attempt=sent.id)
    assert failed.id != sent.id


def test_an_over_release_is_refused(ctx):
    deal = make_contract("completed", price=PRICE)
    net = fee_split(deal.contract).net
    with pytest.raises(OverRelease) as refused:
        money_guards.check_release(deal.contract, net + 1)
    assert refused.value.status == 409
    assert "nothing was transferred" in refused.value.message
    _transfer(deal, net, "succeeded")
    with pytest.raises(OverRelease):
        money_guards.check_release(deal.contract, 1)


def test_nothing_is_releasable_before_release_and_a_split_releases_its_part(ctx):
    assert money_guards.releasable(make_contract("funded", price=PRICE).contract) == 0
    resolved = make_contract("resolved", price=PRICE)
    assert (
        money_guards.releasable(resolved.contract) == fee_split(resolved.contract, PRICE // 2).net
    )
