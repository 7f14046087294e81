"""Schemas of the admin actions on accounts."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from marketplace.api.schemas.accounts import UserOut
from marketplace.api.schemas.base import In, Timestamp, enum
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
