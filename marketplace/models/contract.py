"""Contract aggregate: the contract, its offer rounds, its status events, its submissions.

A contract is the single record of a collaboration, from the brand's first offer to
payout. Its `status` changes only through `services/contracts/` (the transition table in
`domain/contracts.py`); where its money is lives in the ledger, never in columns here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import AmountType, utcnow
from marketplace.models.status_events import StatusEventMixin

if TYPE_CHECKING:
    from marketplace.models.campaign import ContractProduct


class Contract(db.Model):
    __tablename__ = "contracts"
    __table_args__ = (
        CheckConstraint("price > 0", name="price_positive"),
        CheckConstraint("commission_budget >= 0", name="commission_budget_not_negative"),
        CheckConstraint("fee_bps >= 0 AND fee_bps <= 10000", name="fee_bps_range"),
        CheckConstraint("revisions_used >= 0", name="revisions_used_not_negative"),
        # run_due finds due timers through these (status first: few rows are in each).
        Index("ix_contracts_status_offer_expires", "status", "offer_expires_at"),
        Index("ix_contracts_status_funding_due", "status", "funding_due_at"),
        Index("ix_contracts_status_review_due", "status", "review_due_at"),
        Index("ix_contracts_brand_status", "brand_id", "status"),
        Index("ix_contracts_kol_status", "kol_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kol_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listings.id", ondelete="SET NULL"))
    brief_id: Mapped[int | None] = mapped_column(
        ForeignKey("briefs.id", ondelete="SET NULL"), index=True
    )
    # One contract per accepted application.
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"), unique=True
    )
    status: Mapped[str] = mapped_column(String(24), default="offered")
    # While offered: whose answer the offer waits for ("kol" or "brand").
    awaiting: Mapped[str | None] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(160))
    platform: Mapped[str | None] = mapped_column(String(32))
    collab_type: Mapped[str | None] = mapped_column(String(16))
    # The current terms (the latest offer round).
    currency: Mapped[str] = mapped_column(String(3))
    price: Mapped[int] = mapped_column(AmountType)
    fee_bps: Mapped[int] = mapped_column()
    commission_bps: Mapped[int | None]
    commission_budget: Mapped[int] = mapped_column(AmountType, default=0)
    deliverables: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date]
    revisions_allowed: Mapped[int] = mapped_column(default=2)
    revisions_used: Mapped[int] = mapped_column(default=0)
    # Timers; each is read by run_due only in the status it belongs to.
    offer_expires_at: Mapped[datetime | None]
    funding_due_at: Mapped[datetime | None]
    review_due_at: Mapped[datetime | None]
    # A party asked to cancel a funded contract and waits for the other to agree.
    cancel_requested_by: Mapped[str | None] = mapped_column(String(8))
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    # The status a dispute froze, to return to when the dispute is withdrawn.
    disputed_from: Mapped[str | None] = mapped_column(String(24))
    # Set when a party is suspended (or Stripe reports a chargeback) while the contract is
    # open, so admins review it; cleared by an admin.
    flagged_at: Mapped[datetime | None]
    flag_reason: Mapped[str | None] = mapped_column(String(500))
    accepted_at: Mapped[datetime | None]
    funded_at: Mapped[datetime | None]
    first_submitted_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # Commission deals: when 80% of the budget was used (both sides told once), and when
    # the unused budget went back to the brand after the window and the last hold ended.
    commission_alerted_at: Mapped[datetime | None]
    commission_closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    brand = relationship("User", foreign_keys=[brand_id])
    kol = relationship("User", foreign_keys=[kol_id])
    listing = relationship("Listing")
    brief = relationship("Brief")
    offers: Mapped[list[ContractOffer]] = relationship(
        back_populates="contract", order_by="ContractOffer.round", cascade="all, delete-orphan"
    )
    events: Mapped[list[ContractEvent]] = relationship(order_by="ContractEvent.id")
    submissions: Mapped[list[ContractSubmission]] = relationship(
        back_populates="contract", order_by="ContractSubmission.round"
    )
    # A commission deal's tracked products (see models/campaign.py).
    products: Mapped[list[ContractProduct]] = relationship(
        back_populates="contract", order_by="ContractProduct.id"
    )

    @property
    def revisions_left(self) -> int:
        return max(self.revisions_allowed - self.revisions_used, 0)

    def party_role(self, user_id: int) -> str | None:
        """ "brand" or "kol" when `user_id` is a party to this contract, else None."""
        if user_id == self.brand_id:
            return "brand"
        if user_id == self.kol_id:
            return "kol"
        return None


class ContractOffer(db.Model):
    """One round of terms: the brand's first offer, then each counter-offer, kept for history."""

    __tablename__ = "contract_offers"
    __table_args__ = (
        UniqueConstraint("contract_id", "round"),
        CheckConstraint("price > 0", name="price_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"))
    round: Mapped[int] = mapped_column()
    by_role: Mapped[str] = mapped_column(String(8))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    price: Mapped[int] = mapped_column(AmountType)
    currency: Mapped[str] = mapped_column(String(3))
    commission_bps: Mapped[int | None]
    commission_budget: Mapped[int] = mapped_column(AmountType, default=0)
    # The products proposed with this round: [{name, url, price}].
    products: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    deliverables: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date]
    revisions: Mapped[int] = mapped_column(default=2)
    message: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)

    contract: Mapped[Contract] = relationship(back_populates="offers")


class ContractEvent(StatusEventMixin, db.Model):
    """The contract's timeline: every transition, by whom, when, with its payload."""

    __tablename__ = "contract_events"
    subject_key = "contract_id"

    contract_id: Mapped[int] = mapped_column(
        ForeignKey("contracts.id", ondelete="CASCADE"), index=True
    )


class ContractSubmission(db.Model):
    """The KOL's proof of posting; round 1 is the first submission, then one per revision."""

    __tablename__ = "contract_submissions"
    __table_args__ = (UniqueConstraint("contract_id", "round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"))
    round: Mapped[int] = mapped_column()
    post_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Stored file names under instance/uploads/proofs (see services/contracts/proofs.py).
    screenshots: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The brand's answer to this round, when it asked for a revision.
    revision_message: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    contract: Mapped[Contract] = relationship(back_populates="submissions")


class Dispute(db.Model):
    """A party's claim that freezes the escrow until an admin resolves it (or it is withdrawn)."""

    __tablename__ = "disputes"
    __table_args__ = (
        CheckConstraint("kol_amount IS NULL OR kol_amount >= 0", name="kol_amount_not_negative"),
        CheckConstraint(
            "brand_refund IS NULL OR brand_refund >= 0", name="brand_refund_not_negative"
        ),
        Index("ix_disputes_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("contracts.id", ondelete="CASCADE"), index=True
    )
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opened_by_role: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(24), default="other")
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    # The contract status the dispute froze, to return to if it is withdrawn.
    prior_status: Mapped[str] = mapped_column(String(24))
    kol_amount: Mapped[int | None] = mapped_column(AmountType)
    brand_refund: Mapped[int | None] = mapped_column(AmountType)
    resolution_note: Mapped[str | None] = mapped_column(Text)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The other party's answer, due by `response_due_at` (DISPUTE_RESPONSE_S after opening).
    response: Mapped[str | None] = mapped_column(Text)
    response_due_at: Mapped[datetime | None]
    responded_at: Mapped[datetime | None]
    # The admin handling it ("assigned to me" in the queue).
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    # "stripe" when a card network chargeback opened it (charge.dispute.created).
    source: Mapped[str] = mapped_column(String(16), default="party", server_default="party")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]

    contract: Mapped[Contract] = relationship()
    evidence: Mapped[list[DisputeEvidence]] = relationship(
        order_by="DisputeEvidence.id", back_populates="dispute"
    )


class DisputeEvidence(db.Model):
    """A file (image or PDF) a party adds to a dispute; stored outside static/ by token."""

    __tablename__ = "dispute_evidence"
    __table_args__ = (CheckConstraint("size_bytes > 0", name="size_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(
        ForeignKey("disputes.id", ondelete="CASCADE"), index=True
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_by_role: Mapped[str] = mapped_column(String(8))
    # "image" or "pdf", decided from the file's content, never its name.
    kind: Mapped[str] = mapped_column(String(8))
    content_type: Mapped[str] = mapped_column(String(64))
    # The stored file's random name under EVIDENCE_DIR.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(200), default="")
    size_bytes: Mapped[int] = mapped_column()
    note: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    dispute: Mapped[Dispute] = relationship(back_populates="evidence")
