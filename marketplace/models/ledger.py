"""The double-entry ledger: immutable journal entries, each a balanced set of lines.

A line's amount is signed so that money an account holds is positive (escrow, a KOL's
balance, platform fees) and the external gateway account mirrors it negatively; every
entry's lines sum to zero per currency. Rows are only ever inserted: a correction is a
reversing entry. On PostgreSQL triggers refuse UPDATE/DELETE and unbalanced entries
(migration 0008); the ledger service checks both everywhere.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import AmountType, utcnow


class LedgerEntry(db.Model):
    """One posting; its idempotency key makes a retried posting book nothing twice."""

    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contracts.id"), index=True)
    memo: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    lines: Mapped[list[LedgerLine]] = relationship(
        back_populates="entry", order_by="LedgerLine.id", cascade="save-update, merge"
    )


class LedgerLine(db.Model):
    __tablename__ = "ledger_lines"
    __table_args__ = (
        CheckConstraint("amount <> 0", name="amount_not_zero"),
        Index("ix_ledger_lines_account_currency", "account", "currency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"), index=True)
    account: Mapped[str] = mapped_column(String(80))
    currency: Mapped[str] = mapped_column(String(3))
    amount: Mapped[int] = mapped_column(AmountType)

    entry: Mapped[LedgerEntry] = relationship(back_populates="lines")
