"""API endpoints: a KOL creates, changes and deactivates its own listings."""

from __future__ import annotations

from marketplace.api import bp
from marketplace.api.schemas.catalogue import ListingIn, ListingOut, ListingPatchIn
from marketplace.api.serializers import listing_json
from marketplace.api.support import auth_required, current_api_user, doc, json_body
from marketplace.services.catalogue import listings
from marketplace.services.catalogue.listing_rules import EDITABLE


@bp.post("/listings")
@auth_required("kol")
@doc(
    "Create a listing on one of the calling KOL's platform accounts",
    body=ListingIn,
    responses={201: ListingOut},
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
    body=ListingPatchIn,
    responses={200: ListingOut},
    errors=(409,),
)
def update_listing(listing_id: int):
    listing = listings.update_listing(current_api_user(), listing_id, json_body())
    return listing_json(listing)


@bp.delete("/listings/<int:listing_id>")
@auth_required("kol")
@doc(
    "Deactivate the calling KOL's listing (it disappears from browse; the row is kept)",
    responses={204: None},
)
def delete_listing(listing_id: int):
    listings.delete_listing(current_api_user(), listing_id)
    return "", 204
