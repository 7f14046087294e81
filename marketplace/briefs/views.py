"""KOL pages: browse open briefs, "briefs for you", apply, and my applications."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.briefs import bp
from marketplace.briefs.forms import ApplyForm, BriefFilterForm
from marketplace.domain.errors import Conflict, ValidationFailed
from marketplace.domain.listing_fit import best_listing
from marketplace.labels import label
from marketplace.models import User
from marketplace.services.briefs import applications, invitations, lifecycle, recommendations
from marketplace.services.contracts import queries
from marketplace.web import apply_field_errors, role_required

FOR_YOU_ON_DASHBOARD = 3
FOR_YOU_ON_BROWSE = 5


def me() -> User:
    return current_user._get_current_object()


@bp.app_template_global("brief_label")
def brief_label(kind: str, key: str | None) -> str:
    """Translated label of a vocabulary word, e.g. brief_label('platform', 'douyin')."""
    return label(kind, key)


@bp.app_template_global("briefs_for_you_data")
def briefs_for_you_data(limit: int = FOR_YOU_ON_DASHBOARD):
    """Ranked briefs for the signed-in KOL (templates/briefs/_for_you.html)."""
    if not (current_user.is_authenticated and current_user.is_kol):
        return []
    return recommendations.briefs_for_you(me(), limit)


@bp.app_template_global("invited_brief_ids")
def invited_brief_ids() -> set[int]:
    """Briefs the signed-in KOL is invited to (computed once per request)."""
    if "invited_brief_ids" not in g:
        g.invited_brief_ids = {i.brief_id for i in my_invitations()}
    return g.invited_brief_ids


@bp.app_template_global("my_invitations")
def my_invitations():
    if not (current_user.is_authenticated and current_user.is_kol):
        return []
    if "my_invitations" not in g:
        g.my_invitations = invitations.invitations_for_kol(me())
    return g.my_invitations


@bp.route("/")
@role_required("kol")
def browse():
    form = BriefFilterForm(request.args)
    if request.args and not form.validate():
        return render_template("briefs/browse.html", form=form, page=None, filters={}), 400
    filters = form.values()
    page = lifecycle.list_open_briefs(me(), **filters, page=request.args.get("page", 1))
    return render_template(
        "briefs/browse.html",
        form=form,
        page=page,
        filters={k: v for k, v in filters.items() if v},
        for_you_limit=FOR_YOU_ON_BROWSE,
    )


@bp.route("/<int:brief_id>", methods=["GET", "POST"])
@role_required("kol")
def detail(brief_id: int):
    view = lifecycle.brief_for_kol(me(), brief_id)
    form = ApplyForm(currency=view.brief.currency, listings=view.listings)
    status = 200
    if request.method == "GET":
        best = best_listing(
            view.listings, view.brief.platforms or [], view.brief.collab_types or []
        )
        form.listing_id.data = str(best.id) if best else ""
    if request.method == "POST":
        status = 400
        if form.validate():
            try:
                applications.apply_to_brief(me(), brief_id, **form.values())
            except ValidationFailed as error:
                apply_field_errors(form, error)
            except Conflict as error:
                flash(error.message, "danger")
                return redirect(url_for("briefs.detail", brief_id=brief_id))
            else:
                flash(_("Your application is sent."), "success")
                return redirect(url_for("briefs.my_applications"))
    return render_template("briefs/detail.html", view=view, brief=view.brief, form=form), status


@bp.route("/applications")
@role_required("kol")
def my_applications():
    status = request.args.get("status") or None
    page = applications.list_my_applications(me(), status, request.args.get("page", 1))
    contracts = queries.contracts_for_applications(me(), [a.id for a in page.items])
    return render_template(
        "briefs/applications.html", page=page, status=status, contracts=contracts
    )


@bp.post("/applications/<int:application_id>/withdraw")
@role_required("kol")
def withdraw(application_id: int):
    try:
        applications.withdraw_application(me(), application_id)
    except Conflict as error:
        flash(error.message, "danger")
    else:
        flash(_("Application withdrawn."), "success")
    return redirect(url_for("briefs.my_applications"))
