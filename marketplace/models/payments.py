"""Payments: every gateway call as an attempt row, KOL payouts, and the sandbox's own book.

An attempt is written with its idempotency key before the gateway is called and its
outcome after, so a crash or timeout in between leaves a `pending` attempt that a retry
completes with the same key (Indico's and Saleor's lesson).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.extensions import db
from marketplace.models.base import AmountType, utcnow


class PaymentAttempt(db.Model):
    __tablename__ = "payment_attempts"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("status IN ('pending', 'succeeded', 'failed')", name="status_known"),
        Index("ix_payment_attempts_status_kind", "status", "kind"),
        Index("uq_payment_attempts_intent_ref", "intent_ref", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    # charge (fund a contract), refund (escrow back to the brand), transfer (pay a KOL),
    # reversal (take a transfer back from a KOL's connected account).
    kind: Mapped[str] = mapped_column(String(16))
    provider: Mapped[str] = mapped_column(String(16))
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contracts.id"), index=True)
    payout_id: Mapped[int | None] = mapped_column(ForeignKey("payouts.id"), index=True)
    # A refund names the charge it gives back.
    charge_id: Mapped[int | None] = mapped_column(ForeignKey("payment_attempts.id"))
    amount: Mapped[int] = mapped_column(AmountType)
    currency: Mapped[str] = mapped_column(String(3))
    payment_method: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    # The provider's object for this attempt: a charge's charge id (ch_...), a refund's
    # (re_...), a transfer's (tr_...). `intent_ref` is a Stripe charge's PaymentIntent.
    provider_ref: Mapped[str | None] = mapped_column(String(120))
    intent_ref: Mapped[str | None] = mapped_column(String(120))
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]


class Payout(db.Model):
    """A KOL's request to be paid part of its available earnings in one currency."""

    __tablename__ = "payouts"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("status IN ('pending', 'paid', 'failed')", name="status_known"),
        Index("ix_payouts_kol_created", "kol_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kol_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    amount: Mapped[int] = mapped_column(AmountType)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    provider_ref: Mapped[str | None] = mapped_column(String(120))
    failure_message: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    paid_at: Mapped[datetime | None]


class SandboxOperation(db.Model):
    """The sandbox gateway's memory: one row per idempotency key, like Stripe's own store.

    It plays the provider's side, so it is written in its own transaction: what the
    provider did survives even when our use case rolls back.
    """

    __tablename__ = "sandbox_operations"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(AmountType)
    currency: Mapped[str] = mapped_column(String(3))
    payment_method: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    reference: Mapped[str] = mapped_column(String(120))
    decline_code: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PaymentAccount(db.Model):
    """A KOL's account at the payment provider (a Stripe Connect Express account).

    Money is transferred to it only while `transfers_enabled` and nothing is currently
    due (`requirements_due` empty), as the last `account.updated` said.
    """

    __tablename__ = "payment_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    provider: Mapped[str] = mapped_column(String(16))
    reference: Mapped[str] = mapped_column(String(120), unique=True)
    transfers_enabled: Mapped[bool] = mapped_column(default=False)
    payouts_enabled: Mapped[bool] = mapped_column(default=False)
    details_submitted: Mapped[bool] = mapped_column(default=False)
    # Stripe's requirements.currently_due (field names), shown to the KOL as reasons.
    requirements_due: Mapped[list[str]] = mapped_column(JSON, default=list)
    disabled_reason: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def ready(self) -> bool:
        return self.transfers_enabled and not self.requirements_due


class WebhookEvent(db.Model):
    """A provider event handled once: its id is unique, inserted with the event's effect."""

    __tablename__ = "webhook_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255), unique=True)
    # "platform" (/stripe/webhook) or "connect" (/stripe/connect-webhook).
    endpoint: Mapped[str] = mapped_column(String(16))
    type: Mapped[str] = mapped_column(String(64))
    account: Mapped[str | None] = mapped_column(String(120))
    object_id: Mapped[str | None] = mapped_column(String(255))
    # "handled" or "ignored" (an object the app does not know).
    outcome: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class BankPayout(db.Model):
    """A payout from a KOL's connected account to its bank (payout.paid / payout.failed)."""

    __tablename__ = "bank_payouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(120), unique=True)
    account_ref: Mapped[str] = mapped_column(String(120), index=True)
    kol_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    amount: Mapped[int] = mapped_column(AmountType)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16))
    failure_code: Mapped[str | None] = mapped_column(String(64))
    failure_message: Mapped[str | None] = mapped_column(String(300))
    arrival_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PaymentDispute(db.Model):
    """A card network chargeback on a contract's charge (charge.dispute.created/closed)."""

    __tablename__ = "payment_disputes"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(120), unique=True)
    charge_ref: Mapped[str] = mapped_column(String(120), index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contracts.id"), index=True)
    amount: Mapped[int] = mapped_column(AmountType)
    currency: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(String(64), default="")
    # Stripe's dispute status (needs_response, under_review, won, lost, ...).
    status: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
