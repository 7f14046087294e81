"""Stripe's payments, refunds and transfers as `ProviderRecord`s, for reconciliation.

Reads the objects the Stripe gateway listed, as plain dicts (`to_dict()`), so fakes that
leave fields out (localstripe has no `amount_received`) read the same way.
"""

from __future__ import annotations

from typing import Any

from marketplace.payments.gateway import ProviderRecord


def contract_of(metadata: Any) -> int | None:
    """The contract id we put in an object's metadata, if any."""
    try:
        raw = metadata["contract_id"] if metadata is not None else None
    except KeyError:
        return None
    try:
        return int(raw) if raw is not None else None
    except (TypeError, ValueError):
        return None


def payment_record(intent: Any) -> ProviderRecord:
    data = intent.to_dict()
    received = data.get("amount_received")
    succeeded = data.get("status") == "succeeded"
    return ProviderRecord(
        "payment",
        data["id"],
        int(received if succeeded and received else data["amount"]),
        data["currency"],
        data.get("status") or "",
        contract_of(data.get("metadata")),
        int(data["created"]),
    )


def refund_record(refund: Any) -> ProviderRecord:
    data = refund.to_dict()
    return ProviderRecord(
        "refund",
        data["id"],
        int(data["amount"]),
        data["currency"],
        data.get("status") or "",
        contract_of(data.get("metadata")),
        int(data["created"]),
        id_of(data.get("charge")) or id_of(data.get("payment_intent")),
    )


def transfer_record(transfer: Any) -> ProviderRecord:
    data = transfer.to_dict()
    reversed_amount = int(data.get("amount_reversed") or 0)
    if data.get("reversed"):
        status = "reversed"
    elif reversed_amount:
        status = "partially_reversed"
    else:
        status = "paid"
    group = str(data.get("transfer_group") or "")
    contract = contract_of(data.get("metadata"))
    if contract is None and group.startswith("contract_") and group[9:].isdigit():
        contract = int(group[9:])
    return ProviderRecord(
        "transfer",
        data["id"],
        int(data["amount"]),
        data["currency"],
        status,
        contract,
        int(data["created"]),
        group or None,
    )


def id_of(value: Any) -> str | None:
    """An object's id from a plain dict's field: an id string or an expanded object."""
    if isinstance(value, dict):
        value = value.get("id")
    return str(value) if value else None
