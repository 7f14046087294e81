"""The embedded sandbox gateway: Stripe test mode's behaviour, without a network.

Test payment methods carry Stripe's names: `pm_card_visa` (and other plain `pm_card_*`
brands) succeed, `pm_card_chargeDeclined*` are declined with Stripe's decline codes and
messages. It remembers every idempotency key in `sandbox_operations`, committed in its
own unit of work (callers call a gateway outside theirs), the way the provider's books are
independent of ours: a repeated key returns the first outcome and charges nothing twice.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import select

from marketplace.domain.errors import Conflict
from marketplace.extensions import db
from marketplace.models import SandboxOperation
from marketplace.payments.gateway import GatewayDeclined, GatewayResult, ProviderRecord
from marketplace.services.unit_of_work import unit_of_work

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
# Reconciliation's record kinds, and the sandbox operation kind each one is.
_RECORD_KINDS = {"payment": "charge", "refund": "refund", "transfer": "transfer"}


class SandboxGateway:
    name = "sandbox"
    test_mode = True
    confirms_in_browser = False

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
            with unit_of_work():
                stored = db.session.scalar(
                    select(SandboxOperation).where(SandboxOperation.idempotency_key == key)
                )
                if stored is None:
                    db.session.add(SandboxOperation(**row))
        except Conflict:
            pass  # a concurrent call with the same key stored it first
        stored = db.session.scalar(
            select(SandboxOperation).where(SandboxOperation.idempotency_key == key)
        )
        assert stored is not None
        return stored

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
        self,
        *,
        destination: str,
        amount: int,
        currency: str,
        idempotency_key: str,
        source_transaction: str | None = None,
        transfer_group: str | None = None,
    ) -> GatewayResult:
        return self._result(
            self._remember("transfer", idempotency_key, amount, currency, destination, None)
        )

    def list_records(self, kind: str, created_from: int, created_to: int) -> list[ProviderRecord]:
        """What the sandbox did, by creation time (unix seconds, inclusive), for reconciliation."""
        if kind not in _RECORD_KINDS:
            raise ValueError(f"unknown record kind {kind!r}")
        start = datetime.fromtimestamp(created_from, UTC).replace(tzinfo=None)
        end = datetime.fromtimestamp(created_to, UTC).replace(tzinfo=None)
        operations = db.session.scalars(
            select(SandboxOperation)
            .where(
                SandboxOperation.kind == _RECORD_KINDS[kind],
                SandboxOperation.outcome == "succeeded",
                SandboxOperation.created_at >= start,
                SandboxOperation.created_at <= end,
            )
            .order_by(SandboxOperation.id)
        )
        return [
            ProviderRecord(
                kind=kind,
                reference=operation.reference,
                amount=operation.amount,
                currency=operation.currency,
                status="paid" if kind == "transfer" else "succeeded",
                contract_id=None,
                created=int(operation.created_at.replace(tzinfo=UTC).timestamp()),
                parent=operation.payment_method if kind == "refund" else None,
            )
            for operation in operations
        ]
