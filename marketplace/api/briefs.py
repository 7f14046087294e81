"""API endpoints: briefs, "briefs for you" and applications."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from marketplace.api import bp
from marketplace.api.brand_serializers import application_json, brief_json, for_you_json
from marketplace.api.schemas.briefs import (
    ApplicationIn,
    ApplicationListQuery,
    ApplicationOut,
    ApplicationPage,
    BriefIn,
    BriefListQuery,
    BriefOut,
    BriefPage,
    BriefPatchIn,
    ForYouPage,
    ForYouQuery,
)
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

FIELDS = lifecycle.EDITABLE
DECISION = {200: ApplicationOut}


@bp.post("/briefs")
@auth_required("brand")
@doc(
    "Post a brief (as a draft or open)",
    body=BriefIn,
    responses={201: BriefOut},
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
    query=BriefListQuery,
    responses={200: BriefPage},
    errors=(403,),
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
    query=ForYouQuery,
    responses={200: ForYouPage},
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
@doc("One brief (the owner, or any KOL while it is open)", responses={200: BriefOut})
def get_brief(brief_id: int):
    return brief_json(lifecycle.get_brief(current_api_user(), brief_id))


@bp.patch("/briefs/<int:brief_id>")
@auth_required("brand")
@doc(
    "Change a brief's fields and/or status (draft->open, open->closed, draft->closed)",
    body=BriefPatchIn,
    responses={200: BriefOut},
    errors=(409,),
)
def update_brief(brief_id: int):
    return brief_json(lifecycle.update_brief(current_api_user(), brief_id, json_body()))


@bp.post("/briefs/<int:brief_id>/applications")
@auth_required("kol")
@doc(
    "Apply to an open brief",
    body=ApplicationIn,
    responses={201: ApplicationOut},
    errors=(409,),
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
    query=ApplicationListQuery,
    responses={200: ApplicationPage},
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
@doc("Shortlist an application to your brief", responses=DECISION, errors=(409,))
def shortlist_application(application_id: int):
    return application_json(applications.shortlist_application(current_api_user(), application_id))


@bp.post("/applications/<int:application_id>/decline")
@auth_required("brand")
@doc("Decline an application to your brief", responses=DECISION, errors=(409,))
def decline_application(application_id: int):
    return application_json(applications.decline_application(current_api_user(), application_id))


@bp.post("/applications/<int:application_id>/accept")
@auth_required("brand")
@doc(
    "Accept an application (records the decision; contracts follow)",
    responses=DECISION,
    errors=(409,),
)
def accept_application(application_id: int):
    return application_json(applications.accept_application(current_api_user(), application_id))


@bp.post("/applications/<int:application_id>/withdraw")
@auth_required("kol")
@doc("Withdraw your own application", responses=DECISION, errors=(409,))
def withdraw_application(application_id: int):
    return application_json(applications.withdraw_application(current_api_user(), application_id))


@bp.get("/kol/applications")
@auth_required("kol")
@doc(
    "Your applications, newest first, each with its brief",
    query=ApplicationListQuery,
    responses={200: ApplicationPage},
)
def my_applications():
    args = request.args
    result = applications.list_my_applications(
        current_api_user(), args.get("status") or None, args.get("page"), args.get("per_page")
    )
    items = [application_json(a, with_brief=True) for a in result.items]
    return page_of(items, result.total, result.page, result.per_page)
