"""Schemas of the admin's money actions on Stripe (refund after release)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from marketplace.api.schemas.base import Id, In, Out
from marketplace.services.payments.clawbacks import REASON_MAX


class RefundAfterReleaseIn(In):
    amount: Annotated[int, Field(ge=1, description="Smallest currency unit")]
    reason: Annotated[str, Field(min_length=1, max_length=REASON_MAX)]


class RefundAfterReleaseOut(Out):
    id: Id
    amount: int
    currency: str
    status: str = Field(description="succeeded, or pending while Stripe has not answered")
