"""The stand-in's model of Stripe Connect: OUR reading of Stripe's documented behaviour.

Not Stripe, and not localstripe (which has no Connect at all). It models just what the
marketplace uses, from https://docs.stripe.com/connect/separate-charges-and-transfers,
/api/accounts, /api/account_links, /api/transfers, /api/transfer_reversals, /api/balance:

- Express accounts start with the `transfers` capability inactive and requirements
  currently due; `complete_onboarding` (a test helper, standing in for the KOL filling in
  Stripe's hosted form) makes transfers active with nothing due.
- A transfer needs an existing destination; with `source_transaction` its amount may not
  exceed that (succeeded) charge's amount. The money lands in the account's *available*
  balance at once (real Stripe keeps it pending until the charge's funds settle).
  Without `source_transaction` the platform's own balance is NOT checked.
- A reversal may not exceed what is left of the transfer, nor the destination account's
  available balance (`balance_insufficient`, as Stripe answers).
- Payouts exist only through `make_payout` (Stripe creates them on its schedule).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any

Reply = tuple[int, dict[str, Any]]


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(8)}"


def error(status: int, message: str, code: str | None = None, param: str | None = None) -> Reply:
    body: dict[str, Any] = {"type": "invalid_request_error", "message": message}
    if code:
        body["code"] = code
    if param:
        body["param"] = param
    return status, {"error": body}


def missing(kind: str, ident: str, param: str | None = None) -> Reply:
    return error(
        404 if param is None else 400, f"No such {kind}: '{ident}'", "resource_missing", param
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ConnectModel:
    def __init__(self, fetch_charge: Callable[[str], dict[str, Any] | None]) -> None:
        self.fetch_charge = fetch_charge
        self.reset()

    def reset(self) -> None:
        self.accounts: dict[str, dict[str, Any]] = {}
        self.transfers: dict[str, dict[str, Any]] = {}
        self.payouts: dict[str, dict[str, Any]] = {}
        # account -> currency -> available amount (minor units)
        self.balances: dict[str, dict[str, int]] = {}

    # Accounts and onboarding links.

    def create_account(self, params: dict[str, Any]) -> Reply:
        if params.get("type") not in ("express", "standard", "custom"):
            return error(400, "Missing or invalid type.", param="type")
        requested = params.get("capabilities") or {}
        account = {
            "id": new_id("acct"),
            "object": "account",
            "type": params["type"],
            "email": params.get("email"),
            "country": params.get("country") or "US",
            "created": int(time.time()),
            "metadata": params.get("metadata") or {},
            "capabilities": {name: "inactive" for name in requested},
            "charges_enabled": False,
            "payouts_enabled": False,
            "details_submitted": False,
            "requirements": {
                "currently_due": ["business_type", "external_account", "tos_acceptance.date"],
                "eventually_due": [],
                "past_due": [],
                "disabled_reason": "requirements.past_due",
            },
        }
        self.accounts[account["id"]] = account
        return 200, account

    def retrieve_account(self, ident: str) -> Reply:
        account = self.accounts.get(ident)
        return (200, account) if account else missing("account", ident)

    def update_account(self, ident: str, params: dict[str, Any]) -> Reply:
        account = self.accounts.get(ident)
        if account is None:
            return missing("account", ident)
        account["metadata"].update(params.get("metadata") or {})
        if "email" in params:
            account["email"] = params["email"]
        return 200, account

    def complete_onboarding(self, ident: str, *, due: tuple[str, ...] = ()) -> dict[str, Any]:
        """Test helper: the KOL finished Stripe's form (transfers active, `due` still due)."""
        account = self.accounts[ident]
        account["capabilities"] = {name: "active" for name in account["capabilities"]} or {
            "transfers": "active"
        }
        account.update(details_submitted=True, payouts_enabled=not due, charges_enabled=False)
        account["requirements"].update(currently_due=list(due), disabled_reason=None)
        return account

    def account_link(self, params: dict[str, Any], base_url: str) -> Reply:
        ident = params.get("account", "")
        if ident not in self.accounts:
            return missing("account", ident, "account")
        for name in ("refresh_url", "return_url", "type"):
            if not params.get(name):
                return error(400, f"Missing required param: {name}.", "parameter_missing", name)
        now = int(time.time())
        return 200, {
            "object": "account_link",
            "created": now,
            "expires_at": now + 300,
            "url": f"{base_url}/_standin/onboarding/{ident}/{secrets.token_hex(6)}",
        }

    def balance(self, ident: str) -> Reply:
        if ident not in self.accounts:
            return missing("account", ident)
        held = self.balances.get(ident, {})
        return 200, {
            "object": "balance",
            "livemode": False,
            "available": [{"amount": v, "currency": c} for c, v in held.items()]
            or [{"amount": 0, "currency": "usd"}],
            "pending": [],
        }

    def credit(self, account: str, currency: str, amount: int) -> None:
        per_currency = self.balances.setdefault(account, {})
        per_currency[currency] = per_currency.get(currency, 0) + amount

    # Transfers and reversals.

    def create_transfer(self, params: dict[str, Any]) -> Reply:
        amount, currency = _int(params.get("amount")), params.get("currency")
        destination = params.get("destination", "")
        if amount is None or amount <= 0:
            return error(400, "Invalid positive integer", param="amount")
        if not currency:
            return error(400, "Missing required param: currency.", "parameter_missing", "currency")
        if destination not in self.accounts:
            return missing("destination", destination, "destination")
        source = params.get("source_transaction")
        if source:
            charge = self.fetch_charge(source)
            if charge is None:
                return missing("charge", source, "source_transaction")
            if charge.get("status") != "succeeded":
                return error(
                    400, "The source charge has not succeeded.", param="source_transaction"
                )
            sent = sum(
                t["amount"] for t in self.transfers.values() if t["source_transaction"] == source
            )
            if sent + amount > int(charge["amount"]):
                return error(
                    400,
                    "Transfers using this transaction as a source must not exceed "
                    "the source amount.",
                    param="amount",
                )
        transfer = {
            "id": new_id("tr"),
            "object": "transfer",
            "amount": amount,
            "amount_reversed": 0,
            "currency": currency,
            "destination": destination,
            "source_transaction": source,
            "transfer_group": params.get("transfer_group"),
            "description": params.get("description"),
            "metadata": params.get("metadata") or {},
            "created": int(time.time()),
            "livemode": False,
            "reversed": False,
            "reversals": {"object": "list", "data": [], "has_more": False, "url": ""},
        }
        transfer["reversals"]["url"] = f"/v1/transfers/{transfer['id']}/reversals"
        self.transfers[transfer["id"]] = transfer
        self.credit(destination, currency, amount)
        return 200, transfer

    def retrieve_transfer(self, ident: str) -> Reply:
        transfer = self.transfers.get(ident)
        return (200, transfer) if transfer else missing("transfer", ident)

    def reverse(self, ident: str, params: dict[str, Any]) -> Reply:
        transfer = self.transfers.get(ident)
        if transfer is None:
            return missing("transfer", ident)
        left = transfer["amount"] - transfer["amount_reversed"]
        amount = _int(params.get("amount", left))
        if amount is None or amount <= 0 or amount > left:
            return error(
                400, f"Amount must be positive and at most {left} (what is left).", param="amount"
            )
        held = self.balances.get(transfer["destination"], {}).get(transfer["currency"], 0)
        if amount > held:
            return error(
                400,
                "Insufficient funds in the destination account to reverse this transfer.",
                "balance_insufficient",
            )
        self.credit(transfer["destination"], transfer["currency"], -amount)
        reversal = {
            "id": new_id("trr"),
            "object": "transfer_reversal",
            "amount": amount,
            "currency": transfer["currency"],
            "transfer": ident,
            "metadata": params.get("metadata") or {},
            "created": int(time.time()),
        }
        transfer["reversals"]["data"].insert(0, reversal)
        transfer["amount_reversed"] += amount
        transfer["reversed"] = transfer["amount_reversed"] == transfer["amount"]
        return 200, reversal

    def make_payout(self, account: str, amount: int, currency: str, status: str) -> dict[str, Any]:
        """Test helper: Stripe paid (or failed to pay) `amount` out to the KOL's bank."""
        payout = {
            "id": new_id("po"),
            "object": "payout",
            "amount": amount,
            "currency": currency,
            "status": status,
            "arrival_date": int(time.time()),
            "created": int(time.time()),
            "failure_code": "account_closed" if status == "failed" else None,
            "failure_message": "The bank account has been closed." if status == "failed" else None,
            "metadata": {},
        }
        self.payouts[payout["id"]] = payout
        if status == "paid":
            self.credit(account, currency, -amount)
        return payout
