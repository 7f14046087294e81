"""The browse page of a text search, read from the search documents alone.

A text search with only KOL-level filters (category, audience, verified), sorted by relevance,
needs of each matching KOL just its rank, whether it is listed (an active listing, not
suspended) and its reach (the most followers among its active listings): the document row
carries the last two (search_index.kol_state). So the page ranks matches joined to
`kol_search_docs`, without probing every matching KOL's listings, and looks up only the
page's leader listings (max id among each KOL's active listings, as the grouped listing query
picks). Same KOLs, order and total as `search._page_query` with `by_kol`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, null, select
from sqlalchemy.orm import aliased, contains_eager

from marketplace.extensions import db
from marketplace.models import KolCategory, KolProfile, Listing
from marketplace.services.discovery.search_filters import ListingFilters
from marketplace.services.discovery.search_index import match_subquery


def applies(f: ListingFilters, own_condition_count: int) -> bool:
    """Whether the page can come from the documents: one row per KOL, text relevance, and no
    filter on listing columns (`own_condition_count` is 1: only the active-status test)."""
    return bool(f.by_kol and f.terms and f.sort == "relevance" and own_condition_count == 1)


def documents_page_query(
    f: ListingFilters, profile_conditions: list[Any]
) -> Select[tuple[Listing, Any]]:
    """The page's leader listings with their KOL profiles and (on PostgreSQL) the total.

    The listed KOLs' matches and their reach come from one read of the matching documents
    (`match_subquery(listed=True)`), so no join back to the document table is planned.
    """
    match = match_subquery(list(f.terms), listed=True)
    window_count = db.session.get_bind().dialect.name == "postgresql"
    total = func.count().over() if window_count else null()
    ranked = select(
        match.c.score.label("score"),
        match.c.reach.label("reach"),
        match.c.kol_id.label("kol_id"),
        total.label("total"),
    )
    if f.category is not None:
        ranked = ranked.where(
            match.c.kol_id.in_(select(KolCategory.kol_id).where(KolCategory.category == f.category))
        )
    if profile_conditions:
        ranked = ranked.where(
            match.c.kol_id.in_(select(KolProfile.user_id).where(*profile_conditions))
        )
    page = (
        ranked.order_by(match.c.score.desc(), match.c.reach.desc(), match.c.kol_id.desc())
        .limit(f.per_page)
        .offset((f.page - 1) * f.per_page)
        .subquery("page")
    )
    listings = aliased(Listing)
    leader = (
        select(func.max(listings.id))
        .where(listings.kol_id == page.c.kol_id, listings.status == "active")
        .correlate(page)
        .scalar_subquery()
    )
    kol = contains_eager(Listing.kol)
    return (
        select(Listing, page.c.total)
        .join(page, Listing.id == leader)
        .join(Listing.kol)
        .options(kol.selectinload(KolProfile.categories), kol.selectinload(KolProfile.platforms))
        .order_by(page.c.score.desc(), page.c.reach.desc(), page.c.kol_id.desc())
    )
