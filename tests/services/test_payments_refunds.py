"""Refunds: booked with the state change, paid by the gateway after commit, retried once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import PaymentAttempt, SandboxOperation
from marketplace.models.base import utcnow
from marketplace.payments.gateway import GatewayUnavailable
from marketplace.payments.sandbox import SandboxGateway
from marketplace.services.contracts import cancellation
from marketplace.services.ledger import accounts, balances
from marketplace.services.ledger.postings import balance
from marketplace.services.payments.refunds import execute_refund
from marketplace.services.payments.retries import retry_pending
from tests.factories.contracts import make_contract

PRICE = 300_000


def _refunds(contract_id: int) -> list[PaymentAttempt]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(PaymentAttempt).where(
                PaymentAttempt.contract_id == contract_id, PaymentAttempt.kind == "refund"
            )
        )
    )


def _refund_operations() -> list[SandboxOperation]:
    return list(
        db.session.scalars(select(SandboxOperation).where(SandboxOperation.kind == "refund"))
    )


def _cancel_by_agreement(deal) -> None:
    cancellation.cancel(deal.brand, deal.id, "Campaign moved")
    contract = cancellation.cancel(deal.kol, deal.id, "Fine by me")
    assert contract.status == "cancelled"


@pytest.fixture
def deal(ctx):
    return make_contract("funded", price=PRICE)


@pytest.fixture
def refund_answer_lost(monkeypatch):
    real = SandboxGateway.refund

    def acted_then_timed_out(self, **kwargs):
        real(self, **kwargs)
        raise GatewayUnavailable("read timeout")

    monkeypatch.setattr(SandboxGateway, "refund", acted_then_timed_out)
    return monkeypatch


def test_a_cancellation_refunds_through_the_gateway_after_commit(deal):
    _cancel_by_agreement(deal)
    [refund] = _refunds(deal.id)
    assert (refund.status, refund.amount) == ("succeeded", PRICE)
    [operation] = _refund_operations()
    assert operation.idempotency_key == refund.idempotency_key
    money = balances.contract_money(deal.contract)
    assert (money.in_escrow, money.refunded) == (0, PRICE)
    assert balance(accounts.external("sandbox"), "cny") == 0


def test_an_unanswered_refund_is_retried_once_and_settles_once(deal, refund_answer_lost):
    _cancel_by_agreement(deal)
    [refund] = _refunds(deal.id)
    assert refund.status == "pending"
    assert balances.contract_money(deal.contract).refunded == PRICE  # the ledger booked it
    refund_answer_lost.undo()

    assert retry_pending(utcnow()) == 0  # too young: its request may still be waiting
    assert _refunds(deal.id)[0].status == "pending"

    later = utcnow() + timedelta(minutes=2)
    assert retry_pending(later) == 1
    [refund] = _refunds(deal.id)
    assert refund.status == "succeeded"
    [operation] = _refund_operations()
    assert refund.provider_ref == operation.reference

    assert retry_pending(later) == 0
    execute_refund(refund.id)
    assert len(_refund_operations()) == 1
    assert balance(accounts.escrow(deal.id), "cny") == 0


def test_a_refund_still_unanswered_stays_pending(deal, refund_answer_lost):
    _cancel_by_agreement(deal)
    assert retry_pending(utcnow() + timedelta(minutes=2)) == 0
    assert _refunds(deal.id)[0].status == "pending"
    assert len(_refund_operations()) == 1
