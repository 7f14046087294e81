"""API endpoints: a KOL creates, changes and deactivates its own listings."""

from __future__ import annotations

from marketplace.api import bp
from marketplace.api.serializers import listing_json
from marketplace.api.support import auth_required, current_api_user, doc, json_body
from marketplace.services.catalogue import listings
from marketplace.services.catalogue.listing_rules import EDITABLE

LISTING_BODY = {
    "platform": "one of the KOL's own platform accounts",
    "collab_type": "image_text|short_video|live_stream|article|affiliate",
    "title": "string (at most 120 characters)",
    "description": "string (at most 5000 characters)",
    "rate": "integer in the currency's smallest unit (0 for affiliate)",
    "currency": "cny|usd",
    "turnaround_days": "integer 1-90 (default 7)",
    "revisions": "integer 0-10 (default 2)",
    "pricing_model": "optional: fixed|pit_fee_commission (live_stream)|commission (affiliate)",
    "commission_bps": "integer 1-10000, for live_stream pit fee + commission and affiliate",
}


@bp.post("/listings")
@auth_required("kol")
@doc(
    "Create a listing on one of the calling KOL's platform accounts",
    body=LISTING_BODY,
    responses={201: "Created", 400: "Validation error", 401: "Unauthorized", 403: "Not a KOL"},
)
def create_listing():
    data = json_body()
    listing = listings.create_listing(
        current_api_user(), **{name: data.get(name) for name in EDITABLE}
    )
    return listing_json(listing), 201


@bp.patch("/listings/<int:listing_id>")
@auth_required("kol")
@doc(
    "Change some fields of the calling KOL's listing; `status` active|paused pauses or reactivates",
    body={**LISTING_BODY, "status": "active|paused"},
    responses={
        200: "OK",
        400: "Validation error",
        401: "Unauthorized",
        403: "Not a KOL",
        404: "Not the caller's listing",
        409: "The listing was deleted",
    },
)
def update_listing(listing_id: int):
    listing = listings.update_listing(current_api_user(), listing_id, json_body())
    return listing_json(listing)


@bp.delete("/listings/<int:listing_id>")
@auth_required("kol")
@doc(
    "Deactivate the calling KOL's listing (it disappears from browse; the row is kept)",
    responses={204: "Deactivated", 401: "Unauthorized", 403: "Not a KOL", 404: "Not found"},
)
def delete_listing(listing_id: int):
    listings.delete_listing(current_api_user(), listing_id)
    return "", 204
