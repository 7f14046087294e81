"""Schemas of briefs, "briefs for you", applications and their list queries."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from marketplace.api.schemas.base import Day, Id, In, Out, Paging, Timestamp, enum, page_of
from marketplace.api.schemas.catalogue import (
    Audience,
    Category,
    CollabType,
    Currency,
    Followers,
    KolSummary,
    Platform,
)
from marketplace.domain.money import minor_ceiling
from marketplace.domain.taxonomy import APPLICATION_STATUSES, BRIEF_STATUSES, COLLAB_TYPES
from marketplace.domain.urls import MAX_URL_LENGTH
from marketplace.services.briefs import applications, lifecycle, recommendations

Budget = Annotated[
    int, Field(ge=1, le=minor_ceiling(lifecycle.MAX_BUDGET), description="Smallest currency unit")
]
Price = Annotated[
    int, Field(ge=1, le=minor_ceiling(applications.MAX_PRICE), description="Smallest currency unit")
]
KolsWanted = Annotated[int, Field(ge=1, le=lifecycle.MAX_KOLS_WANTED)]


class BriefFields(In):
    title: Annotated[str, Field(min_length=1, max_length=lifecycle.MAX_TITLE)] | None = None
    description: Annotated[str, Field(max_length=lifecycle.MAX_DESCRIPTION)] | None = None
    product_url: (
        Annotated[str, Field(max_length=MAX_URL_LENGTH, json_schema_extra={"format": "uri"})] | None
    ) = None
    category: Category | None = None  # type: ignore[valid-type]
    platforms: Annotated[list[Platform], Field(min_length=1)] | None = None  # type: ignore[valid-type]
    collab_types: (
        Annotated[
            list[CollabType], Field(min_length=1, max_length=len(COLLAB_TYPES))  # type: ignore[valid-type]
        ]
        | None
    ) = None
    budget: Budget | None = None
    currency: Currency | None = None  # type: ignore[valid-type]
    kols_wanted: KolsWanted | None = None
    target_audience: Audience | None = Field(
        default=None, description="Target shares per dimension; may sum below 1"
    )
    min_followers: Followers | None = None
    max_followers: Followers | None = Field(default=None, description="At least min_followers")
    deadline: Day | None = Field(default=None, description="Not in the past")


class BriefIn(BriefFields):
    title: Annotated[str, Field(min_length=1, max_length=lifecycle.MAX_TITLE)]
    category: Category  # type: ignore[valid-type]
    platforms: Annotated[list[Platform], Field(min_length=1)]  # type: ignore[valid-type]
    collab_types: Annotated[
        list[CollabType], Field(min_length=1, max_length=len(COLLAB_TYPES))  # type: ignore[valid-type]
    ]
    budget: Budget
    currency: Currency  # type: ignore[valid-type]
    kols_wanted: KolsWanted | None = 1
    status: enum(("draft", "open")) | None = "draft"  # type: ignore[valid-type]


class BriefPatchIn(BriefFields):
    status: enum(BRIEF_STATUSES) | None = Field(  # type: ignore[valid-type]
        default=None, description="Moves: draft->open, open->closed, draft->closed"
    )


class BriefOut(Out):
    id: Id
    brand_id: Id
    brand_name: str | None
    title: str
    description: str
    product_url: str | None
    category: Category  # type: ignore[valid-type]
    platforms: list[Platform]  # type: ignore[valid-type]
    collab_types: list[CollabType]  # type: ignore[valid-type]
    budget: int
    currency: Currency  # type: ignore[valid-type]
    kols_wanted: int
    target_audience: Audience
    min_followers: int | None
    max_followers: int | None
    deadline: Day | None
    status: enum(BRIEF_STATUSES)  # type: ignore[valid-type]
    created_at: Timestamp
    updated_at: Timestamp
    applications: dict[enum(APPLICATION_STATUSES), int] | None = Field(  # type: ignore[valid-type]
        default=None, description="Brands' own lists only: applications by status"
    )


class BriefListQuery(Paging):
    category: Category | None = Field(default=None, description="KOLs only")  # type: ignore[valid-type]
    platform: Platform | None = Field(default=None, description="KOLs only")  # type: ignore[valid-type]
    collab_type: CollabType | None = Field(default=None, description="KOLs only")  # type: ignore[valid-type]
    status: enum(BRIEF_STATUSES) | None = Field(  # type: ignore[valid-type]
        default=None, description="Brands only"
    )


class ForYouQuery(In):
    limit: Annotated[int, Field(ge=1, le=recommendations.MAX_LIMIT)] | None = 10


class ForYouOut(Out):
    brief: BriefOut
    score: float
    reasons: dict[str, float]


class ApplicationIn(In):
    listing_id: Id | None = Field(default=None, description="One of your active listings")
    price: Price = Field(description="Smallest unit of the brief's currency")
    pitch: Annotated[str, Field(min_length=1, max_length=applications.MAX_PITCH)]


class ApplicationBrief(Out):
    id: Id
    title: str
    status: enum(BRIEF_STATUSES)  # type: ignore[valid-type]
    brand_name: str | None


class ApplicationOut(Out):
    id: Id
    brief_id: Id
    kol_id: Id
    listing_id: Id | None
    price: int
    currency: Currency  # type: ignore[valid-type]
    pitch: str
    status: enum(APPLICATION_STATUSES)  # type: ignore[valid-type]
    created_at: Timestamp
    decided_at: Timestamp | None
    kol: KolSummary | None = Field(default=None, description="In the brand's list")
    brief: ApplicationBrief | None = Field(default=None, description="In the KOL's list")


class ApplicationListQuery(Paging):
    status: enum(APPLICATION_STATUSES) | None = None  # type: ignore[valid-type]


BriefPage = page_of(BriefOut, "BriefPage")
ForYouPage = page_of(ForYouOut, "ForYouPage")
ApplicationPage = page_of(ApplicationOut, "ApplicationPage")
