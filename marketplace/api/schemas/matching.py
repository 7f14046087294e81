"""Schemas of a brief's ranked KOLs, invitations and similar KOLs."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from marketplace.api.schemas.base import Id, In, Out, Timestamp
from marketplace.api.schemas.catalogue import KolSummary, ListingOut
from marketplace.services.briefs.invitations import MAX_MESSAGE
from marketplace.services.matchmaking.matches import MAX_K


class MatchQuery(In):
    k: Annotated[int, Field(ge=1, le=MAX_K)] | None = Field(default=20, description="How many")


class SimilarQuery(In):
    k: Annotated[int, Field(ge=1, le=MAX_K)] | None = Field(default=6, description="How many")


class MatchOut(Out):
    kol_id: Id
    listing_id: Id | None
    score: float
    reasons: dict[str, float] = Field(description="Each part of the score by name")
    details: dict[str, float | str]
    flags: list[str] = Field(description="Warnings in English")
    flag_codes: list[str] = Field(description="The flags' stable codes, in the same order")
    kol: KolSummary | None
    listing: ListingOut | None


class MatchList(Out):
    items: list[MatchOut] = Field(description="Best first")
    total: Annotated[int, Field(ge=0)]


class InvitationIn(In):
    kol_id: Id
    message: Annotated[str, Field(max_length=MAX_MESSAGE)] | None = None


class InvitationOut(Out):
    id: Id
    brief_id: Id
    kol_id: Id
    message: str
    created_at: Timestamp


class ReceivedInvitation(Out):
    id: Id
    brief_id: Id
    brief_title: str
    message: str
    created_at: Timestamp
    status: Literal["pending", "accepted", "declined"] = Field(
        description="Accepted once you apply to the brief; declined with an optional reason"
    )
    decline_reason: str | None
    answered_at: Timestamp | None
    application_id: Id | None = Field(description="Your application, once accepted")


class DeclineIn(In):
    reason: Annotated[str, Field(max_length=MAX_MESSAGE)] | None = None


class ReceivedInvitationList(Out):
    items: list[ReceivedInvitation]
    total: Annotated[int, Field(ge=0)]


class SimilarKol(Out):
    kol: KolSummary
    similarity: float


class SimilarList(Out):
    items: list[SimilarKol]
    total: Annotated[int, Field(ge=0)]
