"""Stripe: escrow by separate charges and transfers on Connect.

The only module that imports `stripe`. It talks through one `StripeClient` (never the
module-level `stripe.api_key`), whose API base `STRIPE_API_BASE` may point at a local
fake. Every POST carries our own deterministic idempotency key as a request option
(`fund:<contract>`, `release:<contract>`, `refund:<contract>:<n>`): stripe-python's
random default keys only cover its own network retries, ours cover our retries too.

Errors: a card decline or a request Stripe refuses for good is `GatewayDeclined`; a
network failure, a timeout, a rate limit or a 5xx is `GatewayUnavailable` (whether
Stripe acted is unknown, so the caller retries later with the same key).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import stripe
from stripe import RequestOptions, StripeClient

from marketplace.payments.gateway import (
    AccountState,
    GatewayDeclined,
    GatewayResult,
    GatewayUnavailable,
    PaymentSession,
    PaymentState,
    ProviderRecord,
)
from marketplace.payments.stripe_records import (
    contract_of,
    payment_record,
    refund_record,
    transfer_record,
)

T = TypeVar("T")
# Network retries stripe-python makes itself, with our idempotency key each time.
NETWORK_RETRIES = 2
TIMEOUT_S = 30
_UNAVAILABLE = (
    stripe.APIConnectionError,
    stripe.APIError,
    stripe.RateLimitError,
)


@dataclass(frozen=True)
class StripeSettings:
    secret_key: str
    publishable_key: str
    api_base: str = ""


def _options(idempotency_key: str) -> RequestOptions:
    return {"idempotency_key": idempotency_key}


@contextmanager
def _translated_errors() -> Iterator[None]:
    try:
        yield
    except stripe.CardError as error:
        code = error.code or "card_declined"
        raise GatewayDeclined(code, error.user_message or str(error)) from error
    except _UNAVAILABLE as error:
        raise GatewayUnavailable(str(error)) from error
    except stripe.StripeError as error:
        raise GatewayDeclined(
            error.code or "invalid_request", error.user_message or str(error)
        ) from error


def _call(action: Callable[[], T]) -> T:
    with _translated_errors():
        return action()


class StripeGateway:
    name = "stripe"
    confirms_in_browser = True

    def __init__(self, settings: StripeSettings) -> None:
        self.publishable_key = settings.publishable_key
        self.test_mode = settings.secret_key.startswith("sk_test_")
        self.client = StripeClient(
            settings.secret_key,
            base_addresses={"api": settings.api_base} if settings.api_base else None,
            max_network_retries=NETWORK_RETRIES,
            http_client=stripe.RequestsClient(timeout=TIMEOUT_S),
        )

    # Funding: a PaymentIntent on the platform account, confirmed by the payer.

    def start_payment(
        self,
        *,
        amount: int,
        currency: str,
        contract_id: int,
        idempotency_key: str,
        description: str,
    ) -> PaymentSession:
        intent = _call(
            lambda: self.client.v1.payment_intents.create(
                {
                    "amount": amount,
                    "currency": currency,
                    "capture_method": "automatic",
                    "transfer_group": f"contract_{contract_id}",
                    "description": description,
                    "metadata": {"contract_id": str(contract_id)},
                    "automatic_payment_methods": {"enabled": True},
                },
                _options(idempotency_key),
            )
        )
        return PaymentSession(intent.id, intent.client_secret or "", intent.status)

    def payment_session(self, reference: str) -> PaymentSession:
        intent = _call(lambda: self.client.v1.payment_intents.retrieve(reference))
        return PaymentSession(intent.id, intent.client_secret or "", intent.status)

    def payment_state(self, reference: str) -> PaymentState:
        intent = _call(lambda: self.client.v1.payment_intents.retrieve(reference))
        latest = intent.latest_charge
        charge = latest if isinstance(latest, str) or latest is None else latest.id
        error = intent.last_payment_error
        # Stripe leaves out what does not apply (`decline_code` when it was not a decline).
        code = (
            (getattr(error, "decline_code", None) or getattr(error, "code", None))
            if error
            else None
        )
        return PaymentState(
            reference=intent.id,
            status=intent.status,
            amount=intent.amount,
            currency=intent.currency,
            charge_reference=charge,
            contract_id=contract_of(intent.metadata),
            error_code=code,
            error_message=getattr(error, "message", None) if error is not None else None,
        )

    def cancel_payment(self, reference: str, *, idempotency_key: str) -> None:
        _call(
            lambda: self.client.v1.payment_intents.cancel(
                reference, {"cancellation_reason": "abandoned"}, _options(idempotency_key)
            )
        )

    def charge(
        self,
        *,
        amount: int,
        currency: str,
        payment_method: str,
        idempotency_key: str,
        description: str,
    ) -> GatewayResult:
        """Not used with Stripe: the payer confirms a PaymentIntent in the browser."""
        raise GatewayDeclined(
            "browser_confirmation_required", "Confirm this payment on the payment page."
        )

    # Refunds: a PaymentIntent before release, a transfer reversal after it.

    def refund(
        self, *, charge_reference: str, amount: int, currency: str, idempotency_key: str
    ) -> GatewayResult:
        params: stripe.params.RefundCreateParams = {"amount": amount}
        if charge_reference.startswith("pi_"):
            params["payment_intent"] = charge_reference
        else:
            params["charge"] = charge_reference
        refund = _call(lambda: self.client.v1.refunds.create(params, _options(idempotency_key)))
        if refund.status == "failed":
            raise GatewayDeclined(refund.failure_reason or "refund_failed", "The refund failed.")
        return GatewayResult(refund.id)

    # Paying KOLs: transfers to their connected accounts.

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
        params: stripe.params.TransferCreateParams = {
            "amount": amount,
            "currency": currency,
            "destination": destination,
        }
        if source_transaction:
            params["source_transaction"] = source_transaction
        if transfer_group:
            params["transfer_group"] = transfer_group
        transfer = _call(lambda: self.client.v1.transfers.create(params, _options(idempotency_key)))
        return GatewayResult(transfer.id)

    def reverse_transfer(
        self, *, transfer_reference: str, amount: int, idempotency_key: str
    ) -> GatewayResult:
        reversal = _call(
            lambda: self.client.v1.transfers.reversals.create(
                transfer_reference, {"amount": amount}, _options(idempotency_key)
            )
        )
        return GatewayResult(reversal.id)

    def create_account(self, *, email: str, country: str | None, idempotency_key: str) -> str:
        params: stripe.params.AccountCreateParams = {
            "type": "express",
            "email": email,
            "capabilities": {"transfers": {"requested": True}},
        }
        if country:
            params["country"] = country
        account = _call(lambda: self.client.v1.accounts.create(params, _options(idempotency_key)))
        return account.id

    def account_link(self, *, account_reference: str, refresh_url: str, return_url: str) -> str:
        link = _call(
            lambda: self.client.v1.account_links.create(
                {
                    "account": account_reference,
                    "refresh_url": refresh_url,
                    "return_url": return_url,
                    "type": "account_onboarding",
                }
            )
        )
        return link.url

    def account_state(self, reference: str) -> AccountState:
        account = _call(lambda: self.client.v1.accounts.retrieve(reference))
        return account_state_of(account.to_dict())

    def available_balance(self, account_reference: str, currency: str) -> int:
        """What the connected account holds in `currency`, available now (for reversals)."""
        balance = _call(
            lambda: self.client.v1.balance.retrieve(options={"stripe_account": account_reference})
        )
        return sum(item.amount for item in balance.available if item.currency == currency)

    # Reconciliation: what Stripe has, by creation time.

    def list_records(self, kind: str, created_from: int, created_to: int) -> list[ProviderRecord]:
        """Stripe's payments (PaymentIntents), refunds or transfers created in the window.

        A payment's amount is what it received once succeeded (else what it asks for); a
        transfer's is its gross amount, its status says whether it was reversed. The
        window is applied here too, for fakes that ignore or refuse the `created` filter.
        """
        window: Any = {"created": {"gte": created_from, "lte": created_to}, "limit": 100}
        if kind == "payment":
            intents = _call(lambda: self.client.v1.payment_intents.list(window))
            records = [payment_record(intent) for intent in intents.auto_paging_iter()]
        elif kind == "refund":
            refunds = _call(lambda: self.client.v1.refunds.list(window))
            records = [refund_record(refund) for refund in refunds.auto_paging_iter()]
        elif kind == "transfer":
            transfers = _call(lambda: self.client.v1.transfers.list(window))
            records = [transfer_record(item) for item in transfers.auto_paging_iter()]
        else:
            raise ValueError(f"unknown record kind {kind!r}")
        return [record for record in records if created_from <= record.created <= created_to]

    # Webhooks.

    def verify_event(self, payload: bytes, signature: str | None, secret: str) -> dict[str, Any]:
        """The event as a plain dict, if `signature` signs `payload` with `secret` (5 minutes).

        Raises ValueError for a body that is not an event and
        `stripe.SignatureVerificationError` for a forged or stale signature.
        """
        if not isinstance(json.loads(payload), dict):  # construct_event expects an object
            raise ValueError("The body is not a JSON object.")
        event = stripe.Webhook.construct_event(payload, signature or "", secret, tolerance=300)
        as_dict: dict[str, Any] = event.to_dict()
        return as_dict


def account_state_of(account: dict[str, Any]) -> AccountState:
    """An account as a dict (fetched, or inside an account.updated event) as our state."""
    capabilities = account.get("capabilities") or {}
    requirements = account.get("requirements") or {}
    return AccountState(
        reference=account["id"],
        transfers_enabled=capabilities.get("transfers") == "active",
        payouts_enabled=bool(account.get("payouts_enabled")),
        details_submitted=bool(account.get("details_submitted")),
        requirements_due=tuple(requirements.get("currently_due") or ()),
        disabled_reason=requirements.get("disabled_reason"),
    )


SignatureVerificationError = stripe.SignatureVerificationError
