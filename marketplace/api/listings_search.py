"""API endpoint: GET /listings, the searchable catalogue (same service as the browse page)."""

from __future__ import annotations

from flask import request

from marketplace.api import bp
from marketplace.api.schemas.catalogue import ListingSearchPage, ListingSearchQuery
from marketplace.api.serializers import kol_summary_json, listing_json
from marketplace.api.support import auth_required, doc, page_of
from marketplace.services.discovery import search

FILTERS = tuple(ListingSearchQuery.model_fields)


@bp.get("/listings")
@auth_required()
@doc(
    "Search active listings; each item carries its KOL summary. `total` is exact up to "
    f"{search.COUNT_CAP:,}; above that it is {search.COUNT_CAP:,} and `total_capped` is true",
    query=ListingSearchQuery,
    responses={200: ListingSearchPage},
)
def listings_search():
    result = search.search_listings(**{name: request.args.get(name) for name in FILTERS})
    items = [{**listing_json(item), "kol": kol_summary_json(item.kol)} for item in result.items]
    body = page_of(items, result.total, result.page, result.per_page)
    return {**body, "total_capped": result.total_capped}
