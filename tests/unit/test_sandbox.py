"""The sandbox gateway behaves like Stripe test mode and remembers every idempotency key."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import SandboxOperation
from marketplace.payments.gateway import GatewayDeclined
from marketplace.payments.sandbox import SandboxGateway


def _charge(method: str, key: str, amount: int = 10_000):
    return SandboxGateway().charge(
        amount=amount,
        currency="cny",
        payment_method=method,
        idempotency_key=key,
        description="test",
    )


def _operations(key: str) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(SandboxOperation)
        .where(SandboxOperation.idempotency_key == key)
    )


def test_a_visa_card_is_charged_and_the_same_key_returns_the_same_charge(ctx):
    first = _charge("pm_card_visa", "k-visa")
    again = _charge("pm_card_visa", "k-visa", amount=99_999)
    assert first.reference.startswith("ch_sandbox_")
    assert again == first
    assert _operations("k-visa") == 1


def test_different_keys_are_different_charges(ctx):
    assert _charge("pm_card_visa", "k-a") != _charge("pm_card_visa", "k-b")


@pytest.mark.parametrize(
    ("method", "code"),
    [
        ("pm_card_chargeDeclined", "card_declined"),
        ("pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds"),
        ("pm_card_chargeDeclinedExpiredCard", "expired_card"),
        ("pm_card_bogus", "resource_missing"),
    ],
)
def test_declines_carry_stripes_codes_and_repeat_for_the_same_key(ctx, method, code):
    for _ in range(2):
        with pytest.raises(GatewayDeclined) as declined:
            _charge(method, f"k-{method}")
        assert declined.value.code == code
        assert declined.value.message
    assert _operations(f"k-{method}") == 1


def test_a_key_first_declined_stays_declined_even_with_a_good_card(ctx):
    with pytest.raises(GatewayDeclined):
        _charge("pm_card_chargeDeclined", "k-once")
    with pytest.raises(GatewayDeclined):
        _charge("pm_card_visa", "k-once")


def test_refunds_and_transfers_are_idempotent_too(ctx):
    gateway = SandboxGateway()
    refund = gateway.refund(charge_reference="ch_x", amount=5, currency="cny", idempotency_key="r")
    assert refund.reference.startswith("re_sandbox_")
    assert gateway.refund(
        charge_reference="ch_x", amount=5, currency="cny", idempotency_key="r"
    ) == (refund)
    transfer = gateway.transfer(destination="d", amount=5, currency="usd", idempotency_key="t")
    assert transfer.reference.startswith("tr_sandbox_")
    assert gateway.transfer(destination="d", amount=5, currency="usd", idempotency_key="t") == (
        transfer
    )
