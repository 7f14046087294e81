"""Listing search for the browse page and GET /api/v1/listings.

Only active listings of KOLs who are not suspended are found. Every ordering ends with the
listing id (in the same direction as the main key, so one b-tree index can serve both), which
makes the order total: OFFSET pages never repeat or skip a listing. A page costs a fixed
number of statements: the page (with its KOL profiles joined), the KOLs' categories, and a
count that is skipped when the page itself tells the total.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, exists, func, null, select
from sqlalchemy.orm import contains_eager
from sqlalchemy.sql.selectable import CTE

from marketplace.extensions import db
from marketplace.models import KolCategory, KolProfile, Listing, User
from marketplace.services.discovery.search_filters import ListingFilters, parse_filters
from marketplace.services.discovery.search_index import listing_candidates, match_subquery

VERIFIED_LEVELS = ("verified", "invited_pro")


class SearchPage(NamedTuple):
    """One page of listings (each with `.kol` and its categories loaded) and the total."""

    items: list[Listing]
    total: int
    page: int
    per_page: int


def _listing_conditions(f: ListingFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        Listing.status == "active",
        ~exists().where(User.id == Listing.kol_id, User.is_suspended),
    ]
    for column, value in (
        (Listing.platform, f.platform),
        (Listing.collab_type, f.collab_type),
        (Listing.currency, f.currency),
    ):
        if value is not None:
            conditions.append(column == value)
    for column, low, high in (
        (Listing.rate, f.min_rate, f.max_rate),
        (Listing.followers, f.min_followers, f.max_followers),
        (Listing.engagement_rate, f.min_engagement, None),
    ):
        if low is not None:
            conditions.append(column >= low)
        if high is not None:
            conditions.append(column <= high)
    if f.category is not None:
        conditions.append(
            Listing.kol_id.in_(select(KolCategory.kol_id).where(KolCategory.category == f.category))
        )
    profile = _profile_conditions(f)
    if profile:
        conditions.append(Listing.kol_id.in_(select(KolProfile.user_id).where(*profile)))
    return conditions


def _profile_conditions(f: ListingFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    for column, value in (
        (KolProfile.audience_gender_major, f.audience_gender),
        (KolProfile.audience_age_major, f.audience_age),
        (KolProfile.audience_region_major, f.audience_region),
    ):
        if value is not None:
            conditions.append(column == value)
    if f.verified:
        conditions.append(KolProfile.verification.in_(VERIFIED_LEVELS))
    return conditions


def _sort_keys(f: ListingFilters, match: CTE | None) -> list[tuple[Any, bool]]:
    """(expression, descending) pairs; `rate` groups by currency first (fen and cents differ)."""
    if f.sort == "relevance" and match is not None:
        return [(match.c.score, True), (Listing.followers, True), (Listing.id, True)]
    if f.sort in ("rate", "-rate"):
        descending = f.sort == "-rate"
        return [
            (Listing.currency, descending),
            (Listing.rate, descending),
            (Listing.id, descending),
        ]
    if f.sort == "followers":
        return [(Listing.followers, False), (Listing.id, False)]
    if f.sort == "engagement":
        return [(Listing.engagement_rate, True), (Listing.id, True)]
    if f.sort == "rating":
        return [(KolProfile.rating_avg, True), (KolProfile.user_id, True), (Listing.id, True)]
    # "-followers", and "relevance" without text: the widest reach first.
    return [(Listing.followers, True), (Listing.id, True)]


def _ordered(columns: list[Any], keys: list[tuple[Any, bool]]) -> list[Any]:
    return [
        c.desc() if descending else c.asc()
        for c, (_expr, descending) in zip(columns, keys, strict=True)
    ]


def _page_query(f: ListingFilters, match: CTE | None) -> Select[tuple[Listing, Any]]:
    """The page's listings with their KOL profiles, found by a narrow inner query.

    The inner query sorts and skips only ids and sort keys (a deferred join), so deep
    OFFSETs never drag whole profile rows through a sort; the outer query loads the page.
    A text search has to rank every match anyway, so it also counts them in the same pass
    (a window count) instead of running a second query; the other searches can stop
    walking their index once the page is full, and get their total from `_count`.
    """
    keys = _sort_keys(f, match)
    total = func.count().over() if match is not None else null()
    inner = (
        select(*[expr.label(f"k{i}") for i, (expr, _desc) in enumerate(keys)], total.label("total"))
        .select_from(Listing)
        .where(*_listing_conditions(f))
    )
    if match is not None:
        inner = inner.join(match, match.c.kol_id == Listing.kol_id)
        candidates = listing_candidates(match)
        if candidates is not None:
            inner = inner.where(candidates)
    if f.sort == "rating":
        inner = inner.join(KolProfile, KolProfile.user_id == Listing.kol_id)
    page = (
        inner.order_by(*_ordered([expr for expr, _desc in keys], keys))
        .limit(f.per_page)
        .offset((f.page - 1) * f.per_page)
        .subquery("page")
    )
    columns = [page.c[f"k{i}"] for i in range(len(keys))]
    return (
        select(Listing, page.c.total)
        .join(page, columns[-1] == Listing.id)  # the last key is always the listing id
        .join(Listing.kol)
        .options(contains_eager(Listing.kol).selectinload(KolProfile.categories))
        .order_by(*_ordered(columns, keys))
    )


def _count(f: ListingFilters) -> int:
    stmt = select(func.count()).select_from(Listing).where(*_listing_conditions(f))
    if f.terms:
        matching = match_subquery(list(f.terms), ranked=False)
        stmt = stmt.where(Listing.kol_id.in_(select(matching.c.kol_id)))
    return db.session.scalar(stmt) or 0


def run_search(f: ListingFilters) -> SearchPage:
    """Run already-validated filters."""
    match = match_subquery(list(f.terms)) if f.terms else None
    rows = db.session.execute(_page_query(f, match)).all()
    items = [listing for listing, _total in rows]
    offset = (f.page - 1) * f.per_page
    if rows and rows[0][1] is not None:
        total = rows[0][1]
    elif 0 < len(items) < f.per_page or (not items and f.page == 1):
        total = offset + len(items)
    else:
        total = _count(f)
    return SearchPage(items, total, f.page, f.per_page)


def search_listings(
    *,
    q: Any = None,
    category: Any = None,
    platform: Any = None,
    collab_type: Any = None,
    min_rate: Any = None,
    max_rate: Any = None,
    currency: Any = None,
    min_followers: Any = None,
    max_followers: Any = None,
    min_engagement: Any = None,
    audience_gender: Any = None,
    audience_age: Any = None,
    audience_region: Any = None,
    verified: Any = None,
    sort: Any = None,
    page: Any = None,
    per_page: Any = None,
    display_units: bool = False,
) -> SearchPage:
    """Active listings of active KOLs matching every given filter, one page of them.

    Raw values are validated (ValidationFailed names each bad field). `q` searches the
    KOL's name, bio and tags (Chinese too). Sorts: relevance (text rank when `q` is given,
    else reach), rate / -rate, followers / -followers, engagement and rating (best first).
    See `parse_filters` for `display_units`.
    """
    filters = parse_filters(
        {
            "q": q,
            "category": category,
            "platform": platform,
            "collab_type": collab_type,
            "min_rate": min_rate,
            "max_rate": max_rate,
            "currency": currency,
            "min_followers": min_followers,
            "max_followers": max_followers,
            "min_engagement": min_engagement,
            "audience_gender": audience_gender,
            "audience_age": audience_age,
            "audience_region": audience_region,
            "verified": verified,
            "sort": sort,
            "page": page,
            "per_page": per_page,
        },
        display_units=display_units,
    )
    return run_search(filters)
