"""Campaign results: a commission contract's products and tracked links, the clicks on them,
the sales the brand's store reports, their returns, and the brand's postback secrets.

Clicks and conversions are facts reported from outside; the commission they earn moves
only through the ledger (`services/ledger/commission_postings.py`), never in columns here.
`Conversion.commission` is the accrual the sale earned when it was booked (capped by the
budget left then) and is settled or cancelled by the ledger service.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import AmountType, utcnow


class ContractProduct(db.Model):
    """A product a commission contract promotes, and its tracked link `/r/<link_code>`."""

    __tablename__ = "contract_products"
    __table_args__ = (CheckConstraint("price IS NULL OR price >= 0", name="price_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("contracts.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2000))
    price: Mapped[int | None] = mapped_column(AmountType)
    link_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contract = relationship("Contract", back_populates="products")


class LinkClick(db.Model):
    """One request to a tracked link. `is_unique` is decided when the click is recorded:
    false for bots, HEAD requests, prefetches and a visitor's repeat within 24 hours."""

    __tablename__ = "link_clicks"
    __table_args__ = (
        Index("ix_link_clicks_contract_at", "contract_id", "at"),
        Index("ix_link_clicks_product_visitor_at", "product_id", "visitor_hash", "at"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(db.Integer, "sqlite"), primary_key=True
    )
    product_id: Mapped[int] = mapped_column(ForeignKey("contract_products.id", ondelete="CASCADE"))
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # sha256 of (secret, IP, user agent): never the raw IP.
    visitor_hash: Mapped[str] = mapped_column(String(64))
    # human, bot, head or prefetch
    kind: Mapped[str] = mapped_column(String(12), default="human")
    is_unique: Mapped[bool] = mapped_column(default=False)
    referrer_platform: Mapped[str | None] = mapped_column(String(32))
    country: Mapped[str | None] = mapped_column(String(2))


class Conversion(db.Model):
    """A sale through a tracked link, reported by the brand's store (API, postback or CSV)."""

    __tablename__ = "conversions"
    __table_args__ = (
        UniqueConstraint("brand_id", "order_id"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("refunded >= 0 AND refunded <= amount", name="refunded_in_range"),
        CheckConstraint("commission >= 0", name="commission_not_negative"),
        Index("ix_conversions_contract_ordered", "contract_id", "ordered_at"),
        # run_due finds accruals whose hold has ended through this.
        Index("ix_conversions_status_payable", "status", "payable_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("contract_products.id"))
    order_id: Mapped[str] = mapped_column(String(64))
    amount: Mapped[int] = mapped_column(AmountType)
    currency: Mapped[str] = mapped_column(String(3))
    ordered_at: Mapped[datetime]
    # api, signed (HMAC postback) or csv
    source: Mapped[str] = mapped_column(String(8), default="api")
    refunded: Mapped[int] = mapped_column(AmountType, default=0)
    # The commission this sale accrued (0 when the budget was used up or the window closed).
    commission: Mapped[int] = mapped_column(AmountType, default=0)
    # held (accrued, within the hold), settled, cancelled (fully returned within the hold),
    # none (earned nothing: over budget or outside the window)
    status: Mapped[str] = mapped_column(String(12), default="held")
    payable_at: Mapped[datetime | None]
    settled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    product = relationship("ContractProduct")
    returns: Mapped[list[ConversionReturn]] = relationship(
        back_populates="conversion", order_by="ConversionReturn.id"
    )


class ConversionReturn(db.Model):
    """A return of (part of) an order; within the hold it cancels its share of commission."""

    __tablename__ = "conversion_returns"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversion_id: Mapped[int] = mapped_column(
        ForeignKey("conversions.id", ondelete="CASCADE"), index=True
    )
    amount: Mapped[int] = mapped_column(AmountType)
    # The commission this return took back from the accrual (0 after settlement).
    commission_cancelled: Mapped[int] = mapped_column(AmountType, default=0)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    conversion: Mapped[Conversion] = relationship(back_populates="returns")


class ConversionSecret(db.Model):
    """A brand's HMAC secret for signed postbacks. Rotating revokes the old one after a
    grace period so a store can switch without losing sales."""

    __tablename__ = "conversion_secrets"

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class SignedRequest(db.Model):
    """Signatures already accepted, so a replayed postback within the tolerance is refused."""

    __tablename__ = "signed_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    signature: Mapped[str] = mapped_column(String(64), unique=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class CommissionTopUp(db.Model):
    """The brand adds to a contract's commission budget; escrowed like funding."""

    __tablename__ = "commission_top_ups"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("status IN ('pending', 'succeeded', 'failed')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    amount: Mapped[int] = mapped_column(AmountType)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    settled_at: Mapped[datetime | None]
