"""Funding: one charge, one ledger entry, whatever the card, the gateway or the clicks do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.domain.errors import (
    InvalidTransition,
    NotAllowed,
    NotFound,
    PaymentFailed,
    ValidationFailed,
)
from marketplace.extensions import db
from marketplace.models import Contract, LedgerEntry, PaymentAttempt, SandboxOperation
from marketplace.models.base import utcnow
from marketplace.payments.gateway import GatewayUnavailable
from marketplace.payments.sandbox import SandboxGateway
from marketplace.services.contracts import cancellation
from marketplace.services.contracts.funding import fund
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from marketplace.services.unit_of_work import unit_of_work
from tests import factories
from tests.factories.contracts import make_contract

PRICE = 300_000


def _attempts(contract_id: int, kind: str = "charge") -> list[PaymentAttempt]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(PaymentAttempt)
            .where(PaymentAttempt.contract_id == contract_id, PaymentAttempt.kind == kind)
            .order_by(PaymentAttempt.id)
        )
    )


def _entries(contract_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(LedgerEntry.kind)
            .where(LedgerEntry.contract_id == contract_id)
            .order_by(LedgerEntry.id)
        )
    )


def _operations(kind: str) -> list[SandboxOperation]:
    return list(db.session.scalars(select(SandboxOperation).where(SandboxOperation.kind == kind)))


def _status(contract_id: int) -> str:
    db.session.expire_all()
    return db.session.get_one(Contract, contract_id).status


def _lose_the_answer(monkeypatch, method: str = "charge") -> None:
    """The provider acts, then the answer never arrives (a timeout after the fact)."""
    real = getattr(SandboxGateway, method)

    def acted_then_timed_out(self, **kwargs):
        real(self, **kwargs)
        raise GatewayUnavailable("read timeout")

    monkeypatch.setattr(SandboxGateway, method, acted_then_timed_out)


@pytest.fixture
def deal(ctx):
    return make_contract("accepted", price=PRICE)


def test_a_visa_card_funds_the_escrow(deal):
    contract = fund(deal.brand, deal.id, "pm_card_visa")
    assert contract.status == "funded"
    assert contract.funded_at is not None
    assert balance(accounts.escrow(deal.id), "cny") == PRICE
    assert balance(accounts.external("sandbox"), "cny") == -PRICE
    assert _entries(deal.id) == ["fund"]
    [attempt] = _attempts(deal.id)
    assert (attempt.status, attempt.amount, attempt.payment_method) == (
        "succeeded",
        PRICE,
        "pm_card_visa",
    )
    assert attempt.provider_ref and attempt.provider_ref.startswith("ch_sandbox_")
    [event] = [e for e in contract.events if e.action == "fund"]
    assert event.payload["attempt"] == attempt.idempotency_key


def test_a_declined_card_says_why_and_changes_nothing(deal):
    with pytest.raises(PaymentFailed) as failed:
        fund(deal.brand, deal.id, "pm_card_chargeDeclined")
    assert failed.value.status == 402
    assert failed.value.message == "Your card was declined."
    assert _status(deal.id) == "accepted"
    assert _entries(deal.id) == []
    [attempt] = _attempts(deal.id)
    assert (attempt.status, attempt.error_code) == ("failed", "card_declined")


def test_after_a_decline_another_card_funds_with_a_new_key(deal):
    with pytest.raises(PaymentFailed):
        fund(deal.brand, deal.id, "pm_card_chargeDeclinedInsufficientFunds")
    fund(deal.brand, deal.id, "pm_card_visa")
    declined, paid = _attempts(deal.id)
    assert declined.idempotency_key != paid.idempotency_key
    assert (declined.status, paid.status) == ("failed", "succeeded")
    assert _status(deal.id) == "funded"


def test_an_unknown_payment_method_is_a_clear_payment_failure(deal):
    with pytest.raises(PaymentFailed) as failed:
        fund(deal.brand, deal.id, "pm_card_nonsense")
    assert "not known" in failed.value.message
    assert _status(deal.id) == "accepted"
    assert _entries(deal.id) == []


@pytest.mark.parametrize("method", ["", None, 42, "x" * 65, "pm_card_visa\x00"])
def test_a_malformed_payment_method_is_a_validation_error_before_any_attempt(deal, method):
    with pytest.raises(ValidationFailed) as failed:
        fund(deal.brand, deal.id, method)
    assert "payment_method" in failed.value.fields
    assert _attempts(deal.id) == []


def test_funding_twice_is_an_invalid_transition_and_charges_once(deal):
    fund(deal.brand, deal.id, "pm_card_visa")
    with pytest.raises(InvalidTransition) as refused:
        fund(deal.brand, deal.id, "pm_card_visa")
    assert refused.value.status == 409
    assert len(_attempts(deal.id)) == 1
    assert len(_operations("charge")) == 1
    assert _entries(deal.id) == ["fund"]
    assert balance(accounts.escrow(deal.id), "cny") == PRICE


def test_only_the_brand_of_the_contract_funds_it(deal):
    with pytest.raises(NotAllowed):
        fund(deal.kol, deal.id, "pm_card_visa")
    with pytest.raises(NotFound):
        fund(factories.make_brand(), deal.id, "pm_card_visa")
    assert _attempts(deal.id) == []
    assert _status(deal.id) == "accepted"


def test_a_lost_gateway_answer_changes_nothing_and_the_retry_funds_exactly_once(deal, monkeypatch):
    _lose_the_answer(monkeypatch)
    with pytest.raises(PaymentFailed) as failed:
        fund(deal.brand, deal.id, "pm_card_visa")
    assert "did not answer" in failed.value.message
    assert _status(deal.id) == "accepted"
    assert _entries(deal.id) == []
    [pending] = _attempts(deal.id)
    assert pending.status == "pending"
    assert len(_operations("charge")) == 1  # the provider did charge

    monkeypatch.undo()
    contract = fund(deal.brand, deal.id, "pm_card_visa")
    assert contract.status == "funded"
    [attempt] = _attempts(deal.id)
    assert attempt.idempotency_key == pending.idempotency_key
    assert attempt.status == "succeeded"
    [operation] = _operations("charge")
    assert attempt.provider_ref == operation.reference
    assert _entries(deal.id) == ["fund"]
    assert balance(accounts.escrow(deal.id), "cny") == PRICE


def test_a_retry_after_a_lost_answer_keeps_the_first_payment_method(deal, monkeypatch):
    _lose_the_answer(monkeypatch)
    with pytest.raises(PaymentFailed):
        fund(deal.brand, deal.id, "pm_card_visa")
    monkeypatch.undo()
    fund(deal.brand, deal.id, "pm_card_chargeDeclined")  # same key: the provider's answer
    assert _status(deal.id) == "funded"
    [operation] = _operations("charge")
    assert operation.payment_method == "pm_card_visa"


def test_a_charge_that_lands_after_a_cancellation_is_refunded(deal, monkeypatch):
    real = SandboxGateway.charge

    def charge_while_the_kol_cancels(self, **kwargs):
        result = real(self, **kwargs)
        cancellation.cancel(deal.kol, deal.id, "Changed my plans")
        return result

    monkeypatch.setattr(SandboxGateway, "charge", charge_while_the_kol_cancels)
    with pytest.raises(InvalidTransition) as refused:
        fund(deal.brand, deal.id, "pm_card_visa")
    assert "refunded" in refused.value.message
    assert _status(deal.id) == "cancelled"
    assert _entries(deal.id) == []
    [charge] = _attempts(deal.id)
    [refund] = _attempts(deal.id, "refund")
    assert charge.status == "succeeded"
    assert (refund.status, refund.charge_id, refund.amount) == ("succeeded", charge.id, PRICE)
    [operation] = _operations("refund")
    assert operation.payment_method == charge.provider_ref
    assert operation.idempotency_key == refund.idempotency_key


def test_a_charge_that_lands_after_the_funding_deadline_is_refunded(deal, monkeypatch):
    real = SandboxGateway.charge

    def charge_while_the_deadline_passes(self, **kwargs):
        result = real(self, **kwargs)
        with unit_of_work():
            db.session.get_one(Contract, deal.id).funding_due_at = utcnow() - timedelta(seconds=1)
        return result

    monkeypatch.setattr(SandboxGateway, "charge", charge_while_the_deadline_passes)
    with pytest.raises(InvalidTransition) as refused:
        fund(deal.brand, deal.id, "pm_card_visa")
    assert "refunded" in refused.value.message
    assert _status(deal.id) == "accepted"
    assert _entries(deal.id) == []
    [refund] = _attempts(deal.id, "refund")
    assert refund.status == "succeeded"
