"""API endpoints: a KOL's own profile, avatar and listings, and public KOL profiles."""

from __future__ import annotations

from flask import request

from marketplace.api import bp
from marketplace.api.schemas.base import Paging
from marketplace.api.schemas.catalogue import (
    AvatarIn,
    KolProfileIn,
    KolProfileOut,
    ListingPage,
    PublicKolOut,
)
from marketplace.api.serializers import kol_profile_json, listing_json, public_kol_json
from marketplace.api.support import (
    auth_required,
    current_api_user,
    doc,
    json_body,
    page_of,
)
from marketplace.services.catalogue import avatars, kol_profiles, listings


@bp.get("/kol/profile")
@auth_required("kol")
@doc("The calling KOL's full profile", responses={200: KolProfileOut})
def kol_profile():
    return kol_profile_json(kol_profiles.get_own_profile(current_api_user()))


@bp.put("/kol/profile")
@auth_required("kol")
@doc(
    "Replace the calling KOL's profile (platform accounts replace the whole set)",
    body=KolProfileIn,
    responses={200: KolProfileOut},
)
def update_kol_profile():
    data = json_body()
    profile = kol_profiles.update_kol_profile(
        current_api_user(),
        display_name=data.get("display_name"),
        bio=data.get("bio"),
        categories=data.get("categories"),
        tags=data.get("tags"),
        platforms=data.get("platforms"),
        audience=data.get("audience"),
    )
    return kol_profile_json(profile)


@bp.post("/kol/avatar")
@auth_required("kol")
@doc(
    "Upload the calling KOL's avatar (multipart field `avatar`: PNG, JPEG or WebP, at most 2 MB)",
    body=AvatarIn,
    body_media="multipart/form-data",
    responses={200: KolProfileOut},
)
def upload_avatar():
    upload = request.files.get("avatar")
    profile = avatars.save_avatar(current_api_user(), upload.stream if upload else None)
    return kol_profile_json(profile)


@bp.get("/kol/listings")
@auth_required("kol")
@doc(
    "The calling KOL's own listings in every status (active, paused, deleted), newest first",
    query=Paging,
    responses={200: ListingPage},
)
def own_listings():
    result = listings.list_own_listings(
        current_api_user(),
        include_deleted=True,
        page=request.args.get("page"),
        per_page=request.args.get("per_page"),
    )
    items = [listing_json(item) for item in result.items]
    return page_of(items, result.total, result.page, result.per_page)


@bp.get("/kols/<int:kol_id>")
@auth_required()
@doc(
    "A KOL's public profile with platforms, audience, active listings and rating",
    responses={200: PublicKolOut},
)
def public_kol(kol_id: int):
    public = kol_profiles.get_public_profile(kol_id)
    return public_kol_json(public.profile, public.listings)
