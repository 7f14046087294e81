"""`StripeServer`: what a test sees of localstripe and the stand-in (see README.md)."""

from __future__ import annotations

import secrets
import time
from typing import Any

from tests.stripe_support.events import make_event
from tests.stripe_support.standin import Recorded, StandIn, Webhook


class StripeServer:
    """What a test sees: the stand-in's records and levers, and localstripe behind it."""

    def __init__(self, standin: StandIn) -> None:
        self.standin = standin
        self.url = standin.url
        self.connect = standin.connect

    @property
    def requests(self) -> list[Recorded]:
        return list(self.standin.requests)

    def requests_to(self, method: str, path: str) -> list[Recorded]:
        """Recorded requests with this method whose path starts with `path`."""
        return [r for r in self.standin.requests if r.method == method and r.path.startswith(path)]

    def fail_next(
        self, kind: str, *, times: int = 1, path: str = "/v1/", method: str = "POST"
    ) -> None:
        self.standin.fail_next(kind, times=times, path=path, method=method)

    @property
    def events(self) -> list[dict[str, Any]]:
        """Events the stand-in made (charge.refunded per refund, transfer.reversed per
        reversal made through the API), oldest first."""
        return list(self.standin.events)

    def complete_onboarding(self, account: str, *, due: tuple[str, ...] = ()) -> dict[str, Any]:
        """The KOL finished Stripe's form; returns the account (as account.updated carries it)."""
        return self.connect.complete_onboarding(account, due=due)

    def account_updated(self, account: str) -> dict[str, Any]:
        """An account.updated event (Connect) with the account as the stand-in holds it."""
        return make_event("account.updated", self.connect.accounts[account], account=account)

    def payout_event(
        self, account: str, amount: int, currency: str = "usd", status: str = "paid"
    ) -> dict[str, Any]:
        """A payout.paid / payout.failed event (Connect) for a payout the stand-in now holds."""
        payout = self.connect.make_payout(account, amount, currency, status)
        return make_event(f"payout.{status}", payout, account=account)

    def balance(self, account: str, currency: str = "usd") -> int:
        return self.connect.balances.get(account, {}).get(currency, 0)

    def localstripe(
        self, method: str, path: str, form: list[tuple[str, str]] | None = None
    ) -> dict[str, Any]:
        """Call localstripe directly (unrecorded), e.g. to look at a charge."""
        return self.standin.upstream_call(method, path, form).json()

    def wait_for_webhook(self, type: str, object_id: str, timeout: float = 8) -> Webhook:
        """The webhook localstripe itself sent (signed with WEBHOOK_SECRET), as it sent it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for hook in list(self.standin.webhooks):
                event = hook.event
                if event["type"] == type and event["data"]["object"].get("id") == object_id:
                    return hook
            time.sleep(0.1)
        raise AssertionError(f"localstripe sent no {type} for {object_id} within {timeout}s")

    def pay_intent(self, reference: str, card: str = "pm_card_visa") -> dict[str, Any]:
        """Pay a PaymentIntent as Stripe.js would in the brand's browser, on localstripe.

        localstripe cannot confirm with a `payment_method` argument, so the card is
        attached to a customer and set on the intent first, then the intent confirmed.
        Returns the intent afterwards; a decline leaves it `requires_payment_method`
        (`pm_card_chargeCustomerFail` fails the charge; `pm_card_visa_chargeDeclined`
        is refused when attached to the customer, so no charge is made at all).
        """
        customer = self.localstripe("POST", "/v1/customers", [("email", "brand@example.com")])
        attached = self.localstripe(
            "POST", f"/v1/payment_methods/{card}/attach", [("customer", customer["id"])]
        )
        if "error" not in attached:
            form = [("customer", customer["id"]), ("payment_method", attached["id"])]
            updated = self.localstripe("POST", f"/v1/payment_intents/{reference}", form)
            assert "error" not in updated, updated
            answer = self.standin.upstream_call("POST", f"/v1/payment_intents/{reference}/confirm")
            # 402 is a declined card; anything else is a test that asked the impossible.
            assert answer.status_code in (200, 402), answer.text
        return self.localstripe("GET", f"/v1/payment_intents/{reference}")

    def dashboard_refund(self, charge: str, amount: int | None = None) -> dict[str, Any]:
        """Someone refunds in Stripe's dashboard (not through the app): the refund is made
        on localstripe directly, unrecorded; returns the `charge.refunded` event for it."""
        form = [("charge", charge)] + ([("amount", str(amount))] if amount else [])
        refund = self.localstripe("POST", "/v1/refunds", form)
        assert "error" not in refund, refund
        return make_event("charge.refunded", self.localstripe("GET", f"/v1/charges/{charge}"))

    def dispute_event(
        self,
        charge: str,
        type: str = "charge.dispute.created",
        status: str = "needs_response",
        reason: str = "fraudulent",
        dispute_id: str | None = None,
    ) -> dict[str, Any]:
        """A charge.dispute.* event about localstripe's `charge` (localstripe has no
        disputes: the dispute object is our model of Stripe's). Reuse `dispute_id` to
        close the dispute an earlier event opened."""
        found = self.localstripe("GET", f"/v1/charges/{charge}")
        assert "error" not in found, found
        dispute = {
            "id": dispute_id or f"dp_{secrets.token_hex(8)}",
            "object": "dispute",
            "amount": found["amount"],
            "currency": found["currency"],
            "charge": charge,
            "payment_intent": found.get("payment_intent"),
            "reason": reason,
            "status": status,
            "created": int(time.time()),
            "livemode": False,
            "metadata": {},
        }
        return make_event(type, dispute)
