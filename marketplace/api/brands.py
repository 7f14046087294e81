"""API endpoints: the brand profile and shortlists."""

from __future__ import annotations

from marketplace.api import bp
from marketplace.api.brand_serializers import (
    brand_profile_json,
    shortlist_detail_json,
    shortlist_entry_json,
    shortlist_json,
)
from marketplace.api.schemas.brands import (
    BrandProfileIn,
    BrandProfileOut,
    ShortlistDetailOut,
    ShortlistEntryOut,
    ShortlistKolIn,
    ShortlistNameIn,
    ShortlistOut,
    ShortlistPage,
)
from marketplace.api.support import auth_required, current_api_user, doc, json_body, page_of
from marketplace.services.catalogue import brand_profiles
from marketplace.services.discovery import shortlists

PROFILE_FIELDS = tuple(BrandProfileIn.model_fields)


@bp.get("/brand/profile")
@auth_required("brand")
@doc("Your brand profile", responses={200: BrandProfileOut})
def brand_profile():
    return brand_profile_json(brand_profiles.get_brand_profile(current_api_user()))


@bp.put("/brand/profile")
@auth_required("brand")
@doc(
    "Replace your brand profile",
    body=BrandProfileIn,
    responses={200: BrandProfileOut},
)
def update_brand_profile():
    data = json_body()
    profile = brand_profiles.update_brand_profile(
        current_api_user(), **{name: data.get(name) for name in PROFILE_FIELDS}
    )
    return brand_profile_json(profile)


@bp.get("/shortlists")
@auth_required("brand")
@doc("Your shortlists with their sizes, by name", responses={200: ShortlistPage})
def list_shortlists():
    rows = shortlists.list_shortlists(current_api_user())
    items = [shortlist_json(s, n) for s, n in rows]
    return page_of(items, len(items), 1, shortlists.MAX_SHORTLISTS)


@bp.post("/shortlists")
@auth_required("brand")
@doc("Create a shortlist", body=ShortlistNameIn, responses={201: ShortlistOut})
def create_shortlist():
    shortlist = shortlists.create_shortlist(current_api_user(), json_body().get("name"))
    return shortlist_json(shortlist, 0), 201


@bp.get("/shortlists/<int:shortlist_id>")
@auth_required("brand")
@doc(
    "A shortlist with its KOLs' comparison data (categories, platforms, audience, rating, "
    "lowest rate per currency)",
    responses={200: ShortlistDetailOut},
)
def get_shortlist(shortlist_id: int):
    return shortlist_detail_json(
        shortlists.get_shortlist_with_comparison(current_api_user(), shortlist_id)
    )


@bp.patch("/shortlists/<int:shortlist_id>")
@auth_required("brand")
@doc("Rename a shortlist", body=ShortlistNameIn, responses={200: ShortlistOut})
def rename_shortlist(shortlist_id: int):
    user = current_api_user()
    shortlist = shortlists.rename_shortlist(user, shortlist_id, json_body().get("name"))
    return shortlist_json(shortlist, len(shortlist.entries))


@bp.delete("/shortlists/<int:shortlist_id>")
@auth_required("brand")
@doc("Delete a shortlist", responses={204: None})
def delete_shortlist(shortlist_id: int):
    shortlists.delete_shortlist(current_api_user(), shortlist_id)
    return "", 204


@bp.post("/shortlists/<int:shortlist_id>/kols")
@auth_required("brand")
@doc(
    "Add a KOL to a shortlist (again: updates the note)",
    body=ShortlistKolIn,
    responses={201: ShortlistEntryOut},
    errors=(409,),
)
def add_shortlist_kol(shortlist_id: int):
    data = json_body()
    entry = shortlists.add_to_shortlist(
        current_api_user(), shortlist_id, data.get("kol_id"), data.get("note", "")
    )
    return shortlist_entry_json(entry), 201


@bp.delete("/shortlists/<int:shortlist_id>/kols/<int:kol_id>")
@auth_required("brand")
@doc("Remove a KOL from a shortlist", responses={204: None})
def remove_shortlist_kol(shortlist_id: int, kol_id: int):
    shortlists.remove_from_shortlist(current_api_user(), shortlist_id, kol_id)
    return "", 204
