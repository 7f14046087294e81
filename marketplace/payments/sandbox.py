"""The embedded sandbox gateway: Stripe test mode's behaviour, without a network.

Test payment methods carry Stripe's names: `pm_card_visa` (and other plain `pm_card_*`
brands) succeed, `pm_card_chargeDeclined*` are declined with Stripe's decline codes and
messages. It remembers every idempotency key in `sandbox_operations`, written on its own
connection and committed at once, the way the provider's books are independent of ours:
a repeated key returns the first outcome and charges nothing twice.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import db
from marketplace.models import SandboxOperation
from marketplace.payments.gateway import GatewayDeclined, GatewayResult

# Stripe's test payment methods that decline, with the code and message Stripe gives.
DECLINES: dict[str, tuple[str, str]] = {
    "pm_card_chargeDeclined": ("card_declined", "Your card was declined."),
    "pm_card_chargeDeclinedInsufficientFunds": (
        "insufficient_funds",
        "Your card has insufficient funds.",
    ),
    "pm_card_chargeDeclinedExpiredCard": ("expired_card", "Your card has expired."),
    "pm_card_chargeDeclinedIncorrectCvc": (
        "incorrect_cvc",
        "Your card's security code is incorrect.",
    ),
    "pm_card_chargeDeclinedProcessingError": (
        "processing_error",
        "An error occurred while processing your card. Try again in a little bit.",
    ),
}
SUCCEEDING = frozenset(
    {"pm_card_visa", "pm_card_mastercard", "pm_card_amex", "pm_card_unionpay", "pm_card_visa_debit"}
)
UNKNOWN_METHOD = ("resource_missing", "No such payment method.")
MESSAGES = dict([*DECLINES.values(), UNKNOWN_METHOD])
TEST_PAYMENT_METHODS: tuple[str, ...] = ("pm_card_visa", *DECLINES)
_PREFIX = {"charge": "ch", "refund": "re", "transfer": "tr"}


@contextmanager
def _book() -> Iterator[Connection]:
    """A transaction of the provider's own, committed when the block ends.

    Normally a fresh connection from the engine, independent of the use case's session.
    When the session is pinned to one connection (the test suite's rolled-back
    transaction), a savepoint of that connection: a second connection could not write
    to SQLite while the test's transaction holds the lock, and would leave rows behind.
    """
    bind = db.session.get_bind()
    if isinstance(bind, Connection):
        with bind.begin_nested():
            yield bind
        return
    with db.engine.begin() as connection:
        yield connection


class SandboxGateway:
    name = "sandbox"
    test_mode = True

    def _remember(
        self,
        kind: str,
        key: str,
        amount: int,
        currency: str,
        payment_method: str | None,
        decline: tuple[str, str] | None,
    ) -> SandboxOperation:
        """Record the operation under `key`, or return what an earlier call with it did."""
        row = {
            "idempotency_key": key,
            "kind": kind,
            "amount": amount,
            "currency": currency,
            "payment_method": payment_method,
            "outcome": "declined" if decline else "succeeded",
            "reference": f"{_PREFIX[kind]}_sandbox_{secrets.token_hex(12)}",
            "decline_code": decline[0] if decline else None,
        }
        try:
            with _book() as connection:
                connection.execute(insert(SandboxOperation), [row])
        except IntegrityError:
            pass
        with _book() as connection:
            stored = connection.execute(
                select(SandboxOperation.__table__).where(SandboxOperation.idempotency_key == key)
            ).one()
        return SandboxOperation(**stored._asdict())

    @staticmethod
    def _result(operation: SandboxOperation) -> GatewayResult:
        if operation.outcome == "declined":
            code = operation.decline_code or "card_declined"
            raise GatewayDeclined(code, MESSAGES.get(code, "Your card was declined."))
        return GatewayResult(reference=operation.reference)

    def charge(
        self,
        *,
        amount: int,
        currency: str,
        payment_method: str,
        idempotency_key: str,
        description: str,
    ) -> GatewayResult:
        if payment_method in DECLINES:
            decline: tuple[str, str] | None = DECLINES[payment_method]
        elif payment_method in SUCCEEDING:
            decline = None
        else:
            decline = UNKNOWN_METHOD
        operation = self._remember(
            "charge", idempotency_key, amount, currency, payment_method, decline
        )
        return self._result(operation)

    def refund(
        self, *, charge_reference: str, amount: int, currency: str, idempotency_key: str
    ) -> GatewayResult:
        return self._result(
            self._remember("refund", idempotency_key, amount, currency, charge_reference, None)
        )

    def transfer(
        self, *, destination: str, amount: int, currency: str, idempotency_key: str
    ) -> GatewayResult:
        return self._result(
            self._remember("transfer", idempotency_key, amount, currency, destination, None)
        )
