"""The payment gateway protocol: fund a contract, refund, transfer (pay a KOL).

A call carries an idempotency key: calling again with the same key returns the first
call's result and moves no more money. A gateway raises `GatewayDeclined` when the
provider said no for good (a declined card) and `GatewayUnavailable` when the outcome is
unknown (timeout, outage): the caller then retries later with the same key.

Two ways to fund. The sandbox charges at once (`charge`, `confirms_in_browser` False).
Stripe starts a PaymentIntent (`start_payment`) that the payer confirms in the browser;
the money counts only once the provider says so (`payment_state`, or a webhook). KOLs
are paid by transfers to their connected account (`create_account`, `account_link`,
`account_state`); a transfer can be taken back while the account's balance covers it
(`reverse_transfer`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class GatewayResult:
    """The provider's reference for what it did (a charge, refund or transfer id)."""

    reference: str


class GatewayDeclined(Exception):
    """The provider refused; `message` is safe to show the payer."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class GatewayUnavailable(Exception):
    """The provider did not answer; whether it acted is unknown until a retry with the key."""


@dataclass(frozen=True)
class PaymentSession:
    """A payment the payer completes in the browser (a Stripe PaymentIntent)."""

    reference: str
    client_secret: str
    status: str


@dataclass(frozen=True)
class PaymentState:
    """What the provider says about a payment now; `status` is Stripe's PaymentIntent status."""

    reference: str
    status: str
    amount: int
    currency: str
    # The charge that took the money (source_transaction for transfers, target of refunds).
    charge_reference: str | None
    contract_id: int | None
    error_code: str | None = None
    error_message: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"


@dataclass(frozen=True)
class AccountState:
    """A connected account as the provider last described it."""

    reference: str
    transfers_enabled: bool
    payouts_enabled: bool
    details_submitted: bool
    requirements_due: tuple[str, ...]
    disabled_reason: str | None

    @property
    def ready(self) -> bool:
        """Money may be transferred to it: transfers enabled and nothing currently due."""
        return self.transfers_enabled and not self.requirements_due


@dataclass(frozen=True)
class ProviderRecord:
    """One payment, refund or transfer as the provider lists it (for reconciliation)."""

    kind: str  # "payment", "refund", "transfer", "reversal"
    reference: str
    amount: int
    currency: str
    status: str
    contract_id: int | None
    created: int  # unix seconds
    # A refund's payment, a reversal's transfer.
    parent: str | None = None


class Gateway(Protocol):
    name: str
    test_mode: bool
    # True when the payer confirms a payment in the browser (Stripe); False when `charge`
    # takes the money at once (the sandbox).
    confirms_in_browser: bool

    def charge(
        self,
        *,
        amount: int,
        currency: str,
        payment_method: str,
        idempotency_key: str,
        description: str,
    ) -> GatewayResult: ...

    def refund(
        self, *, charge_reference: str, amount: int, currency: str, idempotency_key: str
    ) -> GatewayResult: ...

    def transfer(
        self,
        *,
        destination: str,
        amount: int,
        currency: str,
        idempotency_key: str,
        source_transaction: str | None = None,
        transfer_group: str | None = None,
    ) -> GatewayResult: ...


class BrowserPaymentGateway(Gateway, Protocol):
    """A gateway whose payments the payer confirms in the browser, with connected accounts."""

    publishable_key: str

    def start_payment(
        self,
        *,
        amount: int,
        currency: str,
        contract_id: int,
        idempotency_key: str,
        description: str,
    ) -> PaymentSession: ...

    def payment_session(self, reference: str) -> PaymentSession: ...

    def payment_state(self, reference: str) -> PaymentState: ...

    def cancel_payment(self, reference: str, *, idempotency_key: str) -> None: ...

    def reverse_transfer(
        self, *, transfer_reference: str, amount: int, idempotency_key: str
    ) -> GatewayResult: ...

    def create_account(self, *, email: str, country: str | None, idempotency_key: str) -> str: ...

    def account_link(self, *, account_reference: str, refresh_url: str, return_url: str) -> str: ...

    def account_state(self, reference: str) -> AccountState: ...

    def available_balance(self, account_reference: str, currency: str) -> int: ...

    def verify_event(
        self, payload: bytes, signature: str | None, secret: str
    ) -> dict[str, Any]: ...

    def list_records(
        self, kind: str, created_from: int, created_to: int
    ) -> list[ProviderRecord]: ...
