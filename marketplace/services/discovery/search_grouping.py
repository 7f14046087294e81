"""Browse shows one card per KOL: only each KOL's first matching listing in the page order.

Paging over these "leader" listings pages over KOLs, and counting them counts KOLs, while the
query keeps the shape of the listing search: the sort still walks one listing index in
order, and each candidate costs one probe of the KOL's few listings (ix_listings_kol_browse)
to check that no other matching listing of the same KOL sorts before it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, ColumnElement, and_, exists, or_
from sqlalchemy.sql.util import ClauseAdapter, find_tables

from marketplace.models import Listing

LISTINGS = Listing.__table__


def _per_listing(expression: Any) -> bool:
    """Keys that differ between one KOL's listings (a KOL's rating or text rank do not)."""
    if isinstance(expression, Column):
        return expression.table is LISTINGS
    return LISTINGS in find_tables(expression, check_columns=True)


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
    clauses = [(getattr(e, "__clause_element__", lambda e=e: e)(), d) for e, d in keys]
    ordered = [(expr, desc) for expr, desc in clauses if _per_listing(expr)]
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
