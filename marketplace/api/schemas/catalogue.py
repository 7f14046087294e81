"""Schemas of KOL profiles, platform accounts, listings and the listing search."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, create_model
from pydantic.json_schema import SkipJsonSchema

from marketplace.api.schemas.base import Id, In, Out, Share, Timestamp, enum, page_of
from marketplace.domain.money import minor_ceiling
from marketplace.domain.taxonomy import (
    AGE_KEYS,
    CATEGORIES,
    COLLAB_TYPES,
    CURRENCIES,
    GENDER_KEYS,
    LISTING_STATUSES,
    PLATFORMS,
    VERIFICATION_LEVELS,
)
from marketplace.services import paging
from marketplace.services.catalogue import avatars, kol_profiles, listing_rules
from marketplace.services.catalogue.audience import MAX_REGION_KEYS, REGION_KEY_MAX_LEN
from marketplace.services.catalogue.listings import OWNER_STATUSES
from marketplace.services.catalogue.platforms import HANDLE_MAX
from marketplace.services.discovery import search_filters
from marketplace.services.validation import MAX_FOLLOWERS

Category = enum(CATEGORIES)
Platform = enum(PLATFORMS)
CollabType = enum(COLLAB_TYPES)
Currency = enum(CURRENCIES)
PricingModel = enum(
    tuple(dict.fromkeys(m for models in listing_rules.PRICING_MODELS.values() for m in models))
)
Followers = Annotated[int, Field(ge=0, le=MAX_FOLLOWERS)]
MAX_RATE_MINOR = minor_ceiling(listing_rules.MAX_LISTING_RATE)
Rate = Annotated[int, Field(ge=0, le=MAX_RATE_MINOR, description="Smallest currency unit")]
CommissionBps = Annotated[int, Field(ge=1, le=listing_rules.MAX_COMMISSION_BPS)]
TurnaroundDays = Annotated[
    int, Field(ge=listing_rules.TURNAROUND_DAYS[0], le=listing_rules.TURNAROUND_DAYS[1])
]
Revisions = Annotated[int, Field(ge=listing_rules.REVISIONS[0], le=listing_rules.REVISIONS[1])]
RegionKey = Annotated[str, Field(min_length=1, max_length=REGION_KEY_MAX_LEN)]


class PlatformAccount(Out):
    platform: Platform  # type: ignore[valid-type]
    handle: Annotated[str, Field(min_length=1, max_length=HANDLE_MAX)]
    followers: Followers
    engagement_rate: Share


def _shares(name: str, keys: tuple[str, ...]) -> type[Out]:
    """An object of optional shares keyed by a fixed vocabulary (gender, age bands)."""
    fields = {
        f"k{i}": (Share | SkipJsonSchema[None], Field(None, alias=key))
        for i, key in enumerate(keys)
    }
    return create_model(name, __base__=Out, **fields)  # type: ignore[call-overload]


GenderShares = _shares("GenderShares", GENDER_KEYS)
AgeShares = _shares("AgeShares", AGE_KEYS)


class Audience(Out):
    """Shares per dimension; a profile's sum to 1 (±0.01), a brief's target may sum below."""

    gender: GenderShares | None = None
    age: AgeShares | None = None
    region: dict[RegionKey, Share] | None = Field(
        default=None, max_length=MAX_REGION_KEYS, description="e.g. tier1, overseas"
    )


class KolProfileIn(In):
    display_name: Annotated[str, Field(min_length=1, max_length=kol_profiles.DISPLAY_NAME_MAX)]
    bio: Annotated[str, Field(max_length=kol_profiles.BIO_MAX)] | None = None
    categories: Annotated[
        list[Category],  # type: ignore[valid-type]
        Field(min_length=1, max_length=kol_profiles.MAX_CATEGORIES, description="First: primary"),
    ]
    tags: (
        Annotated[
            list[Annotated[str, Field(max_length=kol_profiles.TAG_MAX)]],
            Field(max_length=kol_profiles.MAX_TAGS),
        ]
        | None
    ) = None
    platforms: (
        Annotated[
            list[PlatformAccount],
            Field(
                max_length=len(PLATFORMS), description="Replaces the whole set; one per platform"
            ),
        ]
        | None
    ) = None
    audience: Audience | None = None


class AvatarIn(In):
    avatar: bytes = Field(
        description=f"PNG, JPEG or WebP, at most {avatars.MAX_BYTES} bytes",
        json_schema_extra={"format": "binary"},
    )


class ListingFields(In):
    """The editable fields of a listing; POST requires some, PATCH takes any."""

    platform: Platform | None = Field(  # type: ignore[valid-type]
        default=None, description="One of the KOL's own platform accounts"
    )
    collab_type: CollabType | None = None  # type: ignore[valid-type]
    title: Annotated[str, Field(min_length=1, max_length=listing_rules.TITLE_MAX)] | None = None
    description: Annotated[str, Field(max_length=listing_rules.DESCRIPTION_MAX)] | None = None
    pricing_model: PricingModel | None = Field(  # type: ignore[valid-type]
        default=None,
        description="fixed; pit_fee_commission (live_stream); commission (affiliate, rate 0)",
    )
    rate: Rate | None = None
    currency: Currency | None = None  # type: ignore[valid-type]
    commission_bps: CommissionBps | None = Field(
        default=None, description="Only for pit_fee_commission and commission pricing"
    )
    turnaround_days: TurnaroundDays | None = None
    revisions: Revisions | None = None


class ListingIn(ListingFields):
    platform: Platform = Field(description="One of the KOL's own platform accounts")  # type: ignore[valid-type]
    collab_type: CollabType  # type: ignore[valid-type]
    title: Annotated[str, Field(min_length=1, max_length=listing_rules.TITLE_MAX)]
    currency: Currency  # type: ignore[valid-type]
    turnaround_days: TurnaroundDays | None = listing_rules.DEFAULT_TURNAROUND_DAYS
    revisions: Revisions | None = listing_rules.DEFAULT_REVISIONS


class ListingPatchIn(ListingFields):
    status: enum(OWNER_STATUSES) | None = Field(  # type: ignore[valid-type]
        default=None, description="paused hides the listing from browse; active shows it again"
    )


class ListingOut(Out):
    id: Id
    kol_id: Id
    platform: Platform  # type: ignore[valid-type]
    collab_type: CollabType  # type: ignore[valid-type]
    title: str
    description: str
    pricing_model: PricingModel  # type: ignore[valid-type]
    rate: int
    currency: Currency  # type: ignore[valid-type]
    commission_bps: int | None
    turnaround_days: int
    revisions: int
    status: enum(LISTING_STATUSES)  # type: ignore[valid-type]
    followers: int
    engagement_rate: float
    created_at: Timestamp
    updated_at: Timestamp


class AudienceMajority(Out):
    gender: str | None
    age: str | None
    region: str | None


class KolSummary(Out):
    id: Id
    display_name: str
    avatar_url: str | None
    verification: enum(VERIFICATION_LEVELS)  # type: ignore[valid-type]
    categories: list[Category]  # type: ignore[valid-type]
    rating: float | None
    reviews: int
    completed: int
    audience_majority: AudienceMajority


class KolProfileOut(Out):
    id: Id
    display_name: str
    bio: str
    avatar_url: str | None
    categories: list[Category]  # type: ignore[valid-type]
    tags: list[str]
    platforms: list[PlatformAccount]
    audience: Audience
    verification: enum(VERIFICATION_LEVELS)  # type: ignore[valid-type]
    rating: float | None
    reviews: int
    completed: int
    updated_at: Timestamp | None


class PublicKolOut(KolSummary):
    bio: str
    tags: list[str]
    platforms: list[PlatformAccount]
    audience: Audience
    on_time_rate: float | None
    listings: list[ListingOut]


class SearchListingOut(ListingOut):
    kol: KolSummary


class ListingSearchQuery(In):
    q: Annotated[str, Field(max_length=search_filters.MAX_QUERY_LEN)] | None = Field(
        default=None, description="Free text over the KOL's name, bio and tags (Chinese too)"
    )
    category: Category | None = None  # type: ignore[valid-type]
    platform: Platform | None = None  # type: ignore[valid-type]
    collab_type: CollabType | None = None  # type: ignore[valid-type]
    min_rate: Annotated[int, Field(ge=0, le=MAX_RATE_MINOR)] | None = None
    max_rate: Annotated[int, Field(ge=0, le=MAX_RATE_MINOR)] | None = None
    currency: Currency | None = None  # type: ignore[valid-type]
    min_followers: Followers | None = None
    max_followers: Followers | None = None
    min_engagement: Share | None = Field(default=None, description="A fraction, e.g. 0.03")
    audience_gender: enum(GENDER_KEYS) | None = None  # type: ignore[valid-type]
    audience_age: enum(AGE_KEYS) | None = None  # type: ignore[valid-type]
    audience_region: (
        Annotated[
            str, Field(max_length=REGION_KEY_MAX_LEN, pattern=search_filters.REGION_PATTERN.pattern)
        ]
        | None
    ) = None
    verified: bool | None = Field(default=None, description="Verified and invited-pro only")
    sort: enum(search_filters.SORTS) | None = "relevance"  # type: ignore[valid-type]
    page: Annotated[int, Field(ge=1, le=paging.MAX_PAGE)] | None = 1
    per_page: Annotated[int, Field(ge=1, le=paging.MAX_PER_PAGE)] | None = paging.DEFAULT_PER_PAGE


class ListingSearchPage(page_of(SearchListingOut, "ListingPageOfSearch")):  # type: ignore[misc]
    total_capped: bool = Field(description="`total` stopped at the count cap")


ListingPage = page_of(ListingOut, "ListingPage")
