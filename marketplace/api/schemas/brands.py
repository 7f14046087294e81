"""Schemas of the brand profile and shortlists."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from marketplace.api.schemas.base import Id, In, Out, Timestamp, enum, page_of
from marketplace.api.schemas.catalogue import AudienceMajority, Category, Currency, Platform
from marketplace.domain.taxonomy import BRAND_KINDS, VERIFICATION_LEVELS
from marketplace.domain.urls import MAX_URL_LENGTH
from marketplace.services.catalogue import brand_profiles
from marketplace.services.discovery import shortlists

ShortlistName = Annotated[str, Field(min_length=1, max_length=shortlists.MAX_NAME)]


class BrandProfileIn(In):
    company_name: Annotated[str, Field(min_length=1, max_length=brand_profiles.COMPANY_NAME_MAX)]
    kind: enum(BRAND_KINDS)  # type: ignore[valid-type]
    store_url: (
        Annotated[
            str,
            Field(
                max_length=MAX_URL_LENGTH,
                description=f"A link on {', '.join(brand_profiles.STORE_HOSTS)}; merchants need it",
                json_schema_extra={"format": "uri"},
            ),
        ]
        | None
    ) = None
    categories: (
        Annotated[
            list[Category], Field(max_length=brand_profiles.MAX_CATEGORIES)  # type: ignore[valid-type]
        ]
        | None
    ) = None
    description: Annotated[str, Field(max_length=brand_profiles.MAX_DESCRIPTION)] | None = None


class BrandProfileOut(Out):
    brand_id: Id
    company_name: str
    kind: enum(BRAND_KINDS)  # type: ignore[valid-type]
    store_url: str | None
    categories: list[Category]  # type: ignore[valid-type]
    description: str
    updated_at: Timestamp | None


class ShortlistNameIn(In):
    name: ShortlistName


class ShortlistKolIn(In):
    kol_id: Id = Field(description="The KOL's user id")
    note: Annotated[str, Field(max_length=shortlists.MAX_NOTE)] | None = None


class ShortlistOut(Out):
    id: Id
    name: str
    kols_count: Annotated[int, Field(ge=0, le=shortlists.MAX_ENTRIES)]
    created_at: Timestamp


class ShortlistEntryOut(Out):
    shortlist_id: Id
    kol_id: Id
    note: str
    added_at: Timestamp


class ComparedPlatform(Out):
    platform: Platform  # type: ignore[valid-type]
    handle: str
    followers: int
    engagement_rate: float


class ComparedKol(Out):
    kol_id: Id
    display_name: str
    verification: enum(VERIFICATION_LEVELS)  # type: ignore[valid-type]
    categories: list[Category]  # type: ignore[valid-type]
    platforms: list[ComparedPlatform]
    audience_majority: AudienceMajority
    rating: float | None
    reviews: int
    completed: int
    min_rates: dict[Currency, int] = Field(  # type: ignore[valid-type]
        description="The lowest active rate per currency, smallest unit"
    )
    note: str
    added_at: Timestamp | None


class ShortlistDetailOut(ShortlistOut):
    kols: list[ComparedKol]


ShortlistPage = page_of(ShortlistOut, "ShortlistPage")
