"""Schemas of the admin actions on accounts."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from marketplace.api.schemas.accounts import UserOut
from marketplace.api.schemas.base import MAX_ID, Day, In, Out, Paging, Timestamp, enum, page_of
from marketplace.domain.taxonomy import VERIFICATION_LEVELS
from marketplace.services.admin.moderation import REASON_MAX
from marketplace.services.catalogue import kol_profiles


class VerifyIn(In):
    level: enum(VERIFICATION_LEVELS) | None = "verified"  # type: ignore[valid-type]
    reason: Annotated[str, Field(min_length=1, max_length=kol_profiles.REASON_MAX)] = Field(
        description="What the admin checked (required; kept in the audit log)"
    )


class SuspendIn(In):
    reason: Annotated[str, Field(min_length=1, max_length=REASON_MAX)]


class UnsuspendIn(In):
    reason: Annotated[str, Field(min_length=1, max_length=REASON_MAX)]


class AdminUserOut(UserOut):
    is_suspended: bool
    suspended_reason: str | None
    verification: enum(VERIFICATION_LEVELS) | None = Field(  # type: ignore[valid-type]
        description="KOLs only"
    )
    verification_reason: str | None
    created_at: Timestamp


class EscrowRowOut(Out):
    contract_id: int
    status: str | None = Field(description="The contract's status; null if no such contract")
    currency: str
    held: int = Field(description="What the contract's escrow holds, in minor units")
    anomaly: str | None


class AnomalyOut(Out):
    kind: str = Field(
        description="unbalanced_currency, negative_balance, escrow_in_final_status, "
        "escrow_missing, escrow_without_contract or commission_after_close"
    )
    account: str
    currency: str
    amount: int
    contract_id: int | None
    status: str | None


class ReconciliationOut(Out):
    totals: dict[str, int] = Field(description="Sum of every ledger line per currency: 0 each")
    totals_zero: bool
    ok: bool = Field(description="Totals are zero and there is no anomaly")
    escrow: list[EscrowRowOut]
    anomalies: list[AnomalyOut]


class AuditQuery(Paging):
    actor: str | None = Field(None, max_length=254, description="Email, user id or `system`")
    action: str | None = Field(
        None, max_length=48, description="Exact action; ending in `.` matches the prefix"
    )
    subject_type: str | None = Field(None, max_length=24)
    subject_id: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None
    date_from: Day | None = None
    date_to: Day | None = None


class AuditEntryOut(Out):
    id: int
    at: Timestamp
    actor_id: int | None
    actor_email: str | None
    actor_role: str = Field(description="admin, brand, kol or system")
    action: str
    subject_type: str
    subject_id: int | None
    reason: str
    data: dict[str, Any]


AuditPage = page_of(AuditEntryOut, "AuditPage")
