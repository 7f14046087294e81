"""Ledger account names. An account is a string; its prefix says whose money it is."""

from __future__ import annotations

PLATFORM_FEES = "platform:fees"
# What the platform paid out of its own pocket (a refund made in the Stripe dashboard
# after the KOL was paid): it only goes down, so it is not a held account.
PLATFORM_LOSSES = "platform:losses"


def escrow(contract_id: int) -> str:
    return f"escrow:contract:{contract_id}"


def commission_escrow(contract_id: int) -> str:
    """A commission deal's prepaid budget, held apart from the fixed price's escrow so
    releases, refunds and dispute splits of the price never touch it."""
    return f"escrow:commission:{contract_id}"


def commission_held(contract_id: int) -> str:
    """Commission accrued on sales and waiting out the settlement hold (a return within the
    hold sends its share back to the commission escrow; settlement pays the rest out)."""
    return f"escrow:commission_held:{contract_id}"


def kol_available(kol_id: int) -> str:
    return f"kol:{kol_id}:available"


def kol_payout_pending(kol_id: int) -> str:
    """Earnings set aside for a payout that the gateway has not confirmed yet."""
    return f"kol:{kol_id}:payout_pending"


def kol_paid_out(kol_id: int) -> str:
    return f"kol:{kol_id}:paid_out"


def external(provider: str) -> str:
    """The outside world through a gateway; it mirrors what the platform holds, negatively."""
    return f"external:{provider}"


def is_held(account: str) -> bool:
    """Accounts that hold money for someone and so may never go below zero."""
    return not account.startswith("external:") and account != PLATFORM_LOSSES
