"""The payment gateway protocol: charge (fund a contract), refund, transfer (pay a KOL).

A call carries an idempotency key: calling again with the same key returns the first
call's result and moves no more money. A gateway raises `GatewayDeclined` when the
provider said no for good (a declined card) and `GatewayUnavailable` when the outcome is
unknown (timeout, outage): the caller then retries later with the same key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


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


class Gateway(Protocol):
    name: str
    test_mode: bool

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
        self, *, destination: str, amount: int, currency: str, idempotency_key: str
    ) -> GatewayResult: ...
