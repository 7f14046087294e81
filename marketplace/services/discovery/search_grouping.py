"""Browse shows one card per KOL: only each KOL's first matching listing in the page order.

Paging over these "leader" listings pages over KOLs, and counting them counts KOLs, while the
query keeps the shape of the listing search: the sort still walks one listing index in
order, and each candidate costs one probe of the KOL's few listings (ix_listings_kol_browse)
to check that no other matching listing of the same KOL sorts before it. Text searches
group their matches by KOL instead (see `per_kol_keys`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, ColumnElement, and_, exists, func, or_
from sqlalchemy.sql.util import ClauseAdapter, find_tables

from marketplace.extensions import db
from marketplace.models import Listing
from marketplace.services.discovery.search_filters import ListingFilters

LISTINGS = Listing.__table__


def _per_listing(expression: Any) -> bool:
    """Keys that differ between one KOL's listings (a KOL's rating or text rank do not)."""
    if isinstance(expression, Column):
        return expression.table is LISTINGS
    return LISTINGS in find_tables(expression, check_columns=True)


def _clauses(keys: list[tuple[Any, bool]]) -> list[tuple[Any, bool]]:
    """The keys with mapped attributes (Listing.id) turned into their SQL columns."""
    return [
        (expr.__clause_element__() if hasattr(expr, "__clause_element__") else expr, descending)
        for expr, descending in keys
    ]


def per_kol_keys(keys: list[tuple[Any, bool]]) -> list[tuple[Any, bool]] | None:
    """The sort keys for one grouped row per KOL (GROUP BY kol_id), or None if unsafe.

    Text searches read every matching listing anyway, and grouping them is cheaper than
    the first-listing test's probe per listing. It orders KOLs as that test would when at
    most one key besides the listing id differs between a KOL's listings: the KOL's best
    value of it (max when descending) is its first listing's. With two (rate: currency,
    then price) the best of each could come from different listings, so not then.
    """
    clauses = _clauses(keys)
    if sum(_per_listing(expr) for expr, _desc in clauses[:-1]) > 1:
        return None
    grouped: list[tuple[Any, bool]] = [
        (func.max(expr) if descending or not _per_listing(expr) else func.min(expr), descending)
        for expr, descending in clauses[:-1]
    ]
    return [*grouped, (Listing.kol_id, clauses[-1][1])]


def reads_every_match(f: ListingFilters, text_search: bool, keys: list[tuple[Any, bool]]) -> bool:
    """Whether the page must read every matching listing before it can sort them.

    So do text searches, and on SQLite a range on one listing column sorted by another
    (followers between two bounds, by engagement): it reads the range, then sorts. Then
    grouping by KOL costs less than the first-listing test's probe per listing. PostgreSQL
    walks the sort's index and filters the range, stopping early: it keeps the probe.
    """
    if text_search:
        return True
    if db.session.get_bind().dialect.name != "sqlite":
        return False
    main = keys[0][0]
    ranges = (
        (Listing.rate, f.min_rate is not None or f.max_rate is not None),
        (Listing.followers, f.min_followers is not None or f.max_followers is not None),
        (Listing.engagement_rate, f.min_engagement is not None),
    )
    return any(bounded and column is not main for column, bounded in ranges)


def kol_leader(
    own_conditions: list[ColumnElement[bool]], keys: list[tuple[Any, bool]]
) -> ColumnElement[bool]:
    """True for a listing no other matching listing of its KOL sorts before.

    `own_conditions` are the filters on the listing's own columns (the KOL-level ones hold
    for all of a KOL's listings alike); `keys` the (expression, descending) sort keys, the
    last of which is the listing id, so the order between two listings is total.
    """
    other = LISTINGS.alias("same_kol")
    to_other = ClauseAdapter(other)
    ordered = [(expr, desc) for expr, desc in _clauses(keys) if _per_listing(expr)]
    sorts_before: list[ColumnElement[bool]] = []
    for position, (expr, descending) in enumerate(ordered):
        theirs = to_other.traverse(expr)
        ties = [to_other.traverse(e) == e for e, _d in ordered[:position]]
        sorts_before.append(and_(*ties, theirs > expr if descending else theirs < expr))
    return ~exists().where(
        other.c.kol_id == Listing.kol_id,
        *[to_other.traverse(condition) for condition in own_conditions],
        or_(*sorts_before),
    )
