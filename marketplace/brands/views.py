"""Brand pages: the brand profile, briefs and the decisions on their applications."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.brands import bp
from marketplace.brands.forms import BrandProfileForm, BriefForm, brief_initial
from marketplace.domain.errors import Conflict, DomainError, NotFound, ValidationFailed
from marketplace.domain.urls import safe_redirect_path
from marketplace.labels import label
from marketplace.models import User
from marketplace.services.briefs import applications, lifecycle
from marketplace.services.catalogue import brand_profiles
from marketplace.services.contracts import queries
from marketplace.web import apply_field_errors, role_required, submit_form

APPLICATION_ACTIONS = {
    "shortlist": (applications.shortlist_application, _l("Application shortlisted.")),
    "decline": (applications.decline_application, _l("Application declined.")),
    "accept": (
        applications.accept_application,
        _l("Application accepted: the KOL has your offer at the price they asked."),
    ),
}


def me() -> User:
    return current_user._get_current_object()


@bp.app_template_global("brand_dashboard_data")
def brand_dashboard_data():
    """Data for templates/brands/_dashboard.html (included by the main dashboard)."""
    return lifecycle.brand_dashboard(me())


@bp.route("/profile", methods=["GET", "POST"])
@role_required("brand")
def profile():
    form = BrandProfileForm()
    if request.method == "GET":
        form.load(brand_profiles.get_brand_profile(me()))
    elif submit_form(
        form,
        save=lambda: brand_profiles.update_brand_profile(me(), **form.values()),
        check=lambda: brand_profiles.check_brand_profile(me(), **form.values()),
        apply=lambda error: apply_field_errors(form, error),
    ):
        flash(_("Your brand profile is saved."), "success")
        return redirect(url_for("brands.profile"))
    return render_template("brands/profile.html", form=form), 400 if form.errors else 200


@bp.route("/briefs")
@role_required("brand")
def brief_list():
    status = request.args.get("status") or None
    page = lifecycle.list_brand_briefs(me(), request.args.get("page", 1), 20, status)
    return render_template("brands/briefs.html", page=page, status=status)


@bp.route("/briefs/new", methods=["GET", "POST"])
@role_required("brand")
def brief_new():
    form = BriefForm()
    status = "open" if form.publish.data else "draft"
    brief = submit_form(
        form,
        save=lambda: lifecycle.create_brief(me(), **form.values(), status=status),
        check=lambda: lifecycle.check_brief(me(), None, form.values()),
        apply=form.apply_errors,
    )
    if brief is not None:
        flash(_("Your brief is published.") if status == "open" else _("Draft saved."), "success")
        return redirect(url_for("brands.brief_detail", brief_id=brief.id))
    failed = bool(form.errors or form.audience_errors)
    return render_template("brands/brief_form.html", form=form, brief=None), 400 if failed else 200


@bp.route("/briefs/<int:brief_id>/edit", methods=["GET", "POST"])
@role_required("brand")
def brief_edit(brief_id: int):
    brief = lifecycle.get_brief(me(), brief_id)
    form = BriefForm(data=brief_initial(brief) if request.method == "GET" else None)
    try:
        updated = submit_form(
            form,
            save=lambda: lifecycle.update_brief(me(), brief_id, form.values()),
            check=lambda: lifecycle.check_brief(me(), brief_id, form.values()),
            apply=form.apply_errors,
        )
    except Conflict as error:
        flash(error.message, "danger")
        return redirect(url_for("brands.brief_detail", brief_id=brief_id))
    if updated is not None:
        flash(_("Brief updated."), "success")
        return redirect(url_for("brands.brief_detail", brief_id=brief_id))
    failed = bool(form.errors or form.audience_errors)
    return render_template("brands/brief_form.html", form=form, brief=brief), 400 if failed else 200


@bp.route("/briefs/<int:brief_id>")
@role_required("brand")
def brief_detail(brief_id: int):
    view = lifecycle.brief_for_owner(me(), brief_id)
    contracts = queries.contracts_for_applications(me(), [a.id for a in view.applications])
    return render_template("brands/brief.html", view=view, brief=view.brief, contracts=contracts)


@bp.post("/briefs/<int:brief_id>/status")
@role_required("brand")
def brief_status(brief_id: int):
    try:
        brief = lifecycle.set_brief_status(me(), brief_id, request.form.get("status"))
    except (Conflict, ValidationFailed) as error:
        messages = [m for ms in error.fields.values() for m in ms] or [error.message]
        for message in messages:
            flash(message, "danger")
    else:
        flash(
            _("The brief is now %(status)s.", status=label("brief_status", brief.status)), "success"
        )
    return redirect(url_for("brands.brief_detail", brief_id=brief_id))


@bp.post("/applications/<int:application_id>/<action>")
@role_required("brand")
def application_action(application_id: int, action: str):
    if action not in APPLICATION_ACTIONS:
        raise NotFound(_("Page not found."))
    decide, done = APPLICATION_ACTIONS[action]
    back = safe_redirect_path(request.form.get("next")) or url_for("brands.brief_list")
    try:
        decide(me(), application_id)
    except NotFound:
        raise
    except DomainError as error:
        flash(error.message, "danger")
        return redirect(back)
    flash(str(done), "success")
    contract = queries.contract_for_application(me(), application_id)
    if action == "accept" and contract is not None:
        return redirect(url_for("contracts.detail", contract_id=contract.id))
    return redirect(back)
