"""Listing search for the browse page and GET /api/v1/listings.

Only active listings of KOLs who are not suspended are found. Every ordering ends with the
listing id (in the same direction as the main key, so one b-tree index can serve both), which
makes the order total: OFFSET pages never repeat or skip a listing. A page costs a fixed
number of statements: the page (with its KOL profiles joined), the KOLs' categories, and a
count that is skipped when the page itself tells the total. That count stops at COUNT_CAP
("10,000+" on the page): an exact count of a broad filter walks every matching listing,
which is most of the time of a page on a large catalogue. The browse page asks for one row
per KOL (`ListingFilters.by_kol`, see search_grouping and kol_search): the same query pages
and counts KOLs. Commission-only listings (rate 0, no price) never pass as the cheapest:
rate bounds leave them out and rate sorts put them after the priced listings.
"""

from __future__ import annotations

from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, case, exists, func, null, select
from sqlalchemy.orm import contains_eager
from sqlalchemy.sql.selectable import CTE

from marketplace.extensions import db
from marketplace.models import KolCategory, KolProfile, Listing, User
from marketplace.services.discovery import search_documents_page
from marketplace.services.discovery.search_counts import remembered_count
from marketplace.services.discovery.search_filters import ListingFilters, parse_filters
from marketplace.services.discovery.search_grouping import (
    kol_leader,
    per_kol_keys,
    reads_every_match,
)
from marketplace.services.discovery.search_index import listing_candidates, match_subquery

VERIFIED_LEVELS = ("verified", "invited_pro")
COUNT_CAP = 10_000
COMMISSION_ONLY = case((Listing.pricing_model == "commission", 1), else_=0)


class SearchPage(Pagination):
    """One page of listings (each with `.kol` and its categories loaded) and the total.

    `total` is exact up to COUNT_CAP; above it `total` is COUNT_CAP and `total_capped` is
    true (text searches on PostgreSQL count exactly, see `_page_query`).
    """

    total_capped: bool = False
    _counted: int | None = None  # the total the ranked page query counted, if it did

    def _query_items(self) -> list[Listing]:
        f: ListingFilters = self._query_args["filters"]
        match = match_subquery(list(f.terms)) if f.terms else None
        rows = db.session.execute(_page_query(f, match)).all()
        self._counted = rows[0][1] if rows and rows[0][1] is not None else None
        return [listing for listing, _total in rows]

    def _query_count(self) -> int:
        if self._counted is not None:
            return self._counted
        shown = len(self.items)
        if 0 < shown < self.per_page or (not shown and self.page == 1):
            return self._query_offset + shown
        total = remembered_count(self._query_args["filters"], _count)
        self.total_capped = total > COUNT_CAP
        return min(total, COUNT_CAP)


def own_conditions(f: ListingFilters) -> list[ColumnElement[bool]]:
    """The filters on a listing's own columns (not its KOL's).

    A rate bound asks about prices, so it leaves out commission-only listings, whose rate is
    no price (it is stored as 0): "up to ¥1,000" does not mean "free, paid by commission".
    """
    conditions: list[ColumnElement[bool]] = [Listing.status == "active"]
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
    if f.min_rate is not None or f.max_rate is not None:
        conditions.append(Listing.pricing_model != "commission")
    return conditions


def _listing_conditions(f: ListingFilters) -> list[ColumnElement[bool]]:
    conditions = [*own_conditions(f), _kol_not_suspended()]
    if f.category is not None:
        conditions.append(
            Listing.kol_id.in_(select(KolCategory.kol_id).where(KolCategory.category == f.category))
        )
    profile = _profile_conditions(f)
    if profile:
        conditions.append(Listing.kol_id.in_(select(KolProfile.user_id).where(*profile)))
    return conditions


def _kol_not_suspended() -> ColumnElement[bool]:
    """Leave out suspended KOLs' listings, in the shape each database plans well.

    SQLite answers a correlated NOT EXISTS with one users-row lookup per listing, so it
    gets an uncorrelated NOT IN, read once from the small partial index of suspended users.
    PostgreSQL turns NOT EXISTS into an anti-join that keeps index-ordered plans (a NOT IN
    there made the rating sort hash-join every listing).
    """
    if db.session.get_bind().dialect.name == "sqlite":
        return Listing.kol_id.not_in(select(User.id).where(User.is_suspended))
    return ~exists().where(User.id == Listing.kol_id, User.is_suspended)


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
    """(expression, descending) pairs; `rate` groups by currency first (fen and cents differ).

    Both rate sorts put commission-only listings after the priced ones of their currency:
    their rate of 0 is no price, so "lowest rate" must not list them first as free.
    """
    if f.sort == "relevance" and match is not None:
        return [(match.c.score, True), (Listing.followers, True), (Listing.id, True)]
    if f.sort in ("rate", "-rate"):
        descending = f.sort == "-rate"
        # A rate bound already leaves commission-only listings out; without that key the
        # sort walks ix_listings_browse_rate in order.
        rate_bound = f.min_rate is not None or f.max_rate is not None
        return [
            (Listing.currency, descending),
            *([] if rate_bound else [(COMMISSION_ONLY, False)]),
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
    PostgreSQL ranks every text match anyway, and counts them in the same pass (a window
    count) for less than a second query; on SQLite the window count costs more than the
    separate, capped count that `_count` runs for every other search.
    """
    if match is not None and search_documents_page.applies(f, len(own_conditions(f))):
        return search_documents_page.documents_page_query(f, _profile_conditions(f))
    keys = _sort_keys(f, match)
    group = f.by_kol and reads_every_match(f, match is not None, keys)
    grouped = per_kol_keys(keys) if group else None
    sort_keys = grouped or keys
    window_count = match is not None and db.session.get_bind().dialect.name == "postgresql"
    total = func.count().over() if window_count else null()
    # With grouping, any listing of the KOL stands for it: the page shows KOLs.
    listing_id = func.max(Listing.id) if grouped else Listing.id
    inner = (
        select(
            *[expr.label(f"k{i}") for i, (expr, _desc) in enumerate(sort_keys)],
            listing_id.label("listing_id"),
            total.label("total"),
        )
        .select_from(Listing)
        .where(*_listing_conditions(f))
    )
    if f.by_kol and not grouped:
        inner = inner.where(kol_leader(own_conditions(f), keys))
    if match is not None:
        inner = inner.join(match, match.c.kol_id == Listing.kol_id)
        candidates = listing_candidates(match)
        if candidates is not None:
            inner = inner.where(candidates)
    if f.sort == "rating":
        inner = inner.join(KolProfile, KolProfile.user_id == Listing.kol_id)
    if grouped:
        inner = inner.group_by(Listing.kol_id)
    page = (
        inner.order_by(*_ordered([expr for expr, _desc in sort_keys], sort_keys))
        .limit(f.per_page)
        .offset((f.page - 1) * f.per_page)
        .subquery("page")
    )
    columns = [page.c[f"k{i}"] for i in range(len(sort_keys))]
    kol = contains_eager(Listing.kol)
    return (
        select(Listing, page.c.total)
        .join(page, page.c.listing_id == Listing.id)
        .join(Listing.kol)
        .options(kol.selectinload(KolProfile.categories))
        .options(*([kol.selectinload(KolProfile.platforms)] if f.by_kol else []))
        .order_by(*_ordered(columns, sort_keys))
    )


def _count(f: ListingFilters) -> int:
    """Matching listings, counted up to COUNT_CAP + 1 (enough to say "more than the cap")."""
    # One row per KOL when browsing by KOL: DISTINCT reads no more than the listings do,
    # where the page's "first listing of its KOL" test would probe each KOL's listings.
    matching = select(Listing.kol_id if f.by_kol else Listing.id).where(*_listing_conditions(f))
    if f.by_kol:
        matching = matching.distinct()
    if f.terms:
        # Joined like the page query (each KOL matches once), so the text index drives the
        # count too, rather than a broad filter such as "verified" listing KOLs first.
        text_match = match_subquery(list(f.terms), ranked=False)
        matching = matching.join(text_match, text_match.c.kol_id == Listing.kol_id)
    capped = matching.limit(COUNT_CAP + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(capped)) or 0


def run_search(f: ListingFilters) -> SearchPage:
    """Run already-validated filters."""
    return SearchPage(
        page=f.page, per_page=f.per_page, max_per_page=None, error_out=False, filters=f
    )


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
