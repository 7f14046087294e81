"""Schemas of the admin actions on accounts."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from marketplace.api.schemas.accounts import UserOut
from marketplace.api.schemas.base import In, Timestamp, enum
from marketplace.domain.taxonomy import VERIFICATION_LEVELS
from marketplace.services.admin.moderation import REASON_MAX
from marketplace.services.catalogue import kol_profiles

Reason = Annotated[str, Field(max_length=REASON_MAX)]


class VerifyIn(In):
    level: enum(VERIFICATION_LEVELS) | None = "verified"  # type: ignore[valid-type]
    reason: Annotated[str, Field(max_length=kol_profiles.REASON_MAX)] | None = None


class SuspendIn(In):
    reason: Annotated[str, Field(min_length=1, max_length=REASON_MAX)]


class UnsuspendIn(In):
    reason: Reason | None = None


class AdminUserOut(UserOut):
    is_suspended: bool
    suspended_reason: str | None
    verification: enum(VERIFICATION_LEVELS) | None = Field(  # type: ignore[valid-type]
        description="KOLs only"
    )
    verification_reason: str | None
    created_at: Timestamp
