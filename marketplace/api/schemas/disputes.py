"""Schemas of disputes: the parties' evidence, response and withdrawal; the admins' queue."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from marketplace.api.schemas.base import In, Paging, enum, page_of
from marketplace.api.schemas.contract_social import MessageOut
from marketplace.api.schemas.contracts import ContractDetailOut, DisputeOut, Minor
from marketplace.services.contracts import dispute_actions, dispute_evidence, disputes
from marketplace.services.contracts.dispute_queries import DISPUTE_STATUSES

DisputeStatus = enum(DISPUTE_STATUSES)


class EvidenceIn(In):
    # A form, not JSON: only its two fields are read, so only they are described.
    model_config = ConfigDict(extra="forbid")

    file: bytes = Field(
        description=(
            "An image (PNG, JPEG, WebP) or a PDF, checked by its content; the name's "
            f"extension must agree; at most {dispute_evidence.MAX_BYTES} bytes"
        ),
        json_schema_extra={"format": "binary"},
    )
    note: Annotated[str, Field(max_length=dispute_evidence.NOTE_MAX)] = ""


class RespondIn(In):
    statement: Annotated[str, Field(min_length=1, max_length=dispute_actions.STATEMENT_MAX)]


class ResolveIn(In):
    kol_amount: Minor = Field(description="Released to the KOL; the fee comes out of it")
    brand_refund: Minor = Field(description="Refunded to the brand")
    note: Annotated[str, Field(min_length=1, max_length=disputes.NOTE_MAX)] = Field(
        description="The written reason, shown to both parties"
    )


class AdminDisputeQuery(Paging):
    status: DisputeStatus | None = None  # type: ignore[valid-type]


class AdminDisputeOut(DisputeOut):
    contract_title: str
    currency: str
    in_escrow: Minor = Field(description="What the escrow holds now (the money at stake)")


class AdminDisputeDetailOut(AdminDisputeOut):
    contract: ContractDetailOut
    messages: list[MessageOut]


class DisputeWithContractOut(DisputeOut):
    contract: ContractDetailOut


AdminDisputePage = page_of(AdminDisputeOut, "AdminDisputePage")
