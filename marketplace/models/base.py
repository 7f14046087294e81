"""Shared column helpers for the typed models."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import BigInteger, Integer

# Money in the smallest currency unit (fen, cents): BIGINT, because the ledger sums it.
# SQLite's INTEGER already holds 64 bits, so it keeps that type (see 0006_money_bigint).
AmountType = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    """Timezone-aware UTC now; stored as naive UTC so SQLite and PostgreSQL agree."""
    return datetime.now(UTC).replace(tzinfo=None)
