"""API endpoint: GET /listings, the searchable catalogue (same service as the browse page)."""

from __future__ import annotations

from flask import request

from marketplace.api import bp
from marketplace.api.serializers import kol_summary_json, listing_json
from marketplace.api.support import auth_required, doc, page_of
from marketplace.services.discovery import search

QUERY = {
    "q": "free text over the KOL's name, bio and tags (Chinese and English)",
    "category": "a category key",
    "platform": "a platform key",
    "collab_type": "image_text|short_video|live_stream|article|affiliate",
    "min_rate": "integer, smallest currency unit (needs currency)",
    "max_rate": "integer, smallest currency unit (needs currency)",
    "currency": "cny|usd",
    "min_followers": "integer",
    "max_followers": "integer",
    "min_engagement": "fraction 0-1, e.g. 0.03",
    "audience_gender": "female|male: the audience's majority gender",
    "audience_age": "13-17|18-24|25-34|35-44|45+: the audience's largest age band",
    "audience_region": "the audience's largest region, e.g. tier1",
    "verified": "true: verified and invited-pro KOLs only",
    "sort": "relevance|rate|-rate|followers|-followers|engagement|rating",
    "page": "integer from 1 (default 1)",
    "per_page": "integer 1-100 (default 20)",
}


@bp.get("/listings")
@auth_required()
@doc(
    "Search active listings; each item carries its KOL summary. `total` is exact up to "
    f"{search.COUNT_CAP:,}; above that it is {search.COUNT_CAP:,} and `total_capped` is true",
    query=QUERY,
    responses={200: "OK", 400: "Validation error", 401: "Unauthorized"},
)
def listings_search():
    result = search.search_listings(**{name: request.args.get(name) for name in QUERY})
    items = [{**listing_json(item), "kol": kol_summary_json(item.kol)} for item in result.items]
    body = page_of(items, result.total, result.page, result.per_page)
    return {**body, "total_capped": result.total_capped}
