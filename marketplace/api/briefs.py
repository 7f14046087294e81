"""API endpoints: briefs, "briefs for you" and applications."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from marketplace.api import bp
from marketplace.api.brand_serializers import application_json, brief_json, for_you_json
from marketplace.api.support import (
    auth_required,
    current_api_user,
    doc,
    json_body,
    page_of,
)
from marketplace.domain.errors import NotAllowed, ValidationFailed
from marketplace.domain.numbers import parse_int_or_none
from marketplace.services.briefs import applications, lifecycle, recommendations

BRIEF_BODY = {
    "title": "string (at most 160 characters)",
    "description": "string",
    "product_url": "http(s) URL, optional",
    "category": "category",
    "platforms": "[platform]",
    "collab_types": "[collab_type]",
    "budget": "integer, smallest currency unit, > 0",
    "currency": "cny|usd",
    "kols_wanted": "integer 1-100 (default 1)",
    "target_audience": "{gender{}, age{}, region{}} shares, may sum below 1",
    "min_followers": "integer, optional",
    "max_followers": "integer, optional, >= min_followers",
    "deadline": "YYYY-MM-DD, not in the past",
    "status": "draft|open",
}
FIELDS = tuple(k for k in BRIEF_BODY if k != "status")
APPLICATION_ANSWERS = {200: "OK", 404: "Not found", 409: "Not allowed in this status"}


@bp.post("/briefs")
@auth_required("brand")
@doc(
    "Post a brief (as a draft or open)",
    body=BRIEF_BODY,
    responses={201: "Created", 400: "Validation error", 403: "Brands only"},
)
def create_brief():
    data = json_body()
    brief = lifecycle.create_brief(
        current_api_user(),
        **{name: data.get(name) for name in FIELDS},
        status=data.get("status", "draft"),
    )
    return brief_json(brief), 201


@bp.get("/briefs")
@auth_required()
@doc(
    "KOLs: open briefs (filtered); brands: their own briefs",
    query={
        "category": "KOLs: category",
        "platform": "KOLs: platform",
        "collab_type": "KOLs: collaboration type",
        "status": "brands: draft|open|closed",
        "page": "page number",
        "per_page": "at most 100",
    },
)
def list_briefs():
    user = current_api_user()
    args = request.args
    page, per_page = args.get("page"), args.get("per_page")
    if user.is_kol:
        result = lifecycle.list_open_briefs(
            user,
            args.get("category") or None,
            args.get("platform") or None,
            args.get("collab_type") or None,
            page,
            per_page,
        )
        items = [brief_json(b) for b in result.items]
    elif user.is_brand:
        result = lifecycle.list_brand_briefs(user, page, per_page, args.get("status") or None)
        items = [brief_json(s.brief, s.counts) for s in result.items]
    else:
        raise NotAllowed(_("Briefs are listed for brands and KOLs."))
    return page_of(items, result.total, result.page, result.per_page)


@bp.get("/briefs/for-you")
@auth_required("kol")
@doc(
    "Open briefs ranked for the calling KOL, with the score's parts",
    query={"limit": "how many (1-50, default 10)"},
)
def briefs_for_you():
    limit = parse_int_or_none(request.args.get("limit", "10"))
    if limit is None or not 1 <= limit <= 50:
        raise ValidationFailed(
            _("Some fields are not valid."), {"limit": [_("Must be a whole number from 1 to 50.")]}
        )
    ranked = recommendations.briefs_for_you(current_api_user(), limit)
    items = [for_you_json(*row) for row in ranked]
    return page_of(items, len(items), 1, limit)


@bp.get("/briefs/<int:brief_id>")
@auth_required()
@doc("One brief (the owner, or any KOL while it is open)", responses={200: "OK", 404: "Not found"})
def get_brief(brief_id: int):
    return brief_json(lifecycle.get_brief(current_api_user(), brief_id))


@bp.patch("/briefs/<int:brief_id>")
@auth_required("brand")
@doc(
    "Change a brief's fields and/or status (draft->open, open->closed, draft->closed)",
    body={**BRIEF_BODY, "status": "draft|open|closed"},
    responses={200: "OK", 400: "Validation error", 404: "Not found", 409: "Move not allowed"},
)
def update_brief(brief_id: int):
    return brief_json(lifecycle.update_brief(current_api_user(), brief_id, json_body()))


@bp.post("/briefs/<int:brief_id>/applications")
@auth_required("kol")
@doc(
    "Apply to an open brief",
    body={
        "listing_id": "one of your active listings, optional",
        "price": "integer, smallest unit of the brief's currency",
        "pitch": "string (at most 2000 characters)",
    },
    responses={201: "Created", 400: "Validation error", 404: "Not found", 409: "Closed or twice"},
)
def apply(brief_id: int):
    data = json_body()
    application = applications.apply_to_brief(
        current_api_user(), brief_id, data.get("listing_id"), data.get("price"), data.get("pitch")
    )
    return application_json(application), 201


@bp.get("/briefs/<int:brief_id>/applications")
@auth_required("brand")
@doc(
    "Applications to your brief, each with the KOL's card",
    query={"status": "pending|shortlisted|declined|accepted|withdrawn", "page": "", "per_page": ""},
    responses={200: "OK", 404: "Not found"},
)
def list_applications(brief_id: int):
    args = request.args
    result = applications.list_applications(
        current_api_user(),
        brief_id,
        args.get("status") or None,
        args.get("page"),
        args.get("per_page"),
    )
    items = [application_json(a, with_kol=True) for a in result.items]
    return page_of(items, result.total, result.page, result.per_page)


@bp.post("/applications/<int:application_id>/shortlist")
@auth_required("brand")
@doc("Shortlist an application to your brief", responses=APPLICATION_ANSWERS)
def shortlist_application(application_id: int):
    return application_json(applications.shortlist_application(current_api_user(), application_id))


@bp.post("/applications/<int:application_id>/decline")
@auth_required("brand")
@doc("Decline an application to your brief", responses=APPLICATION_ANSWERS)
def decline_application(application_id: int):
    return application_json(applications.decline_application(current_api_user(), application_id))


@bp.post("/applications/<int:application_id>/accept")
@auth_required("brand")
@doc(
    "Accept an application (records the decision; contracts follow)",
    responses=APPLICATION_ANSWERS,
)
def accept_application(application_id: int):
    return application_json(applications.accept_application(current_api_user(), application_id))


@bp.post("/applications/<int:application_id>/withdraw")
@auth_required("kol")
@doc("Withdraw your own application", responses=APPLICATION_ANSWERS)
def withdraw_application(application_id: int):
    return application_json(applications.withdraw_application(current_api_user(), application_id))


@bp.get("/kol/applications")
@auth_required("kol")
@doc(
    "Your applications, newest first, each with its brief",
    query={"status": "pending|shortlisted|declined|accepted|withdrawn", "page": "", "per_page": ""},
)
def my_applications():
    args = request.args
    result = applications.list_my_applications(
        current_api_user(), args.get("status") or None, args.get("page"), args.get("per_page")
    )
    items = [application_json(a, with_brief=True) for a in result.items]
    return page_of(items, result.total, result.page, result.per_page)
