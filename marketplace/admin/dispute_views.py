"""Admin dispute pages: the queue, one dispute, taking it on, resolving it in two steps.

Resolving is a plan, then a confirmation: the resolve form's POST shows the exact amounts
each side would get (the fee on the KOL's share only) with a required "I confirm" tick;
only the confirmation's POST books anything. Bad input shows the form's errors (400) and
changes nothing; a dispute that can no longer be resolved is a flashed refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from marketplace.admin import bp
from marketplace.admin.dispute_forms import (
    AssignForm,
    ConfirmResolutionForm,
    QueueFilterForm,
    ResolveForm,
)
from marketplace.domain.errors import Conflict, ValidationFailed
from marketplace.models import User
from marketplace.services.admin import dispute_case, dispute_queue, dispute_resolution
from marketplace.web import apply_field_errors

FILTERS = ("status", "category", "currency", "assignment", "eligible")
# A default outcome favours the side that answered: everything to it.
DEFAULT_OUTCOMES = {"kol": "release", "brand": "refund"}


def admin_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Admin pages: anyone else gets a 404, as if the page did not exist."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not (current_user.is_authenticated and current_user.is_admin):
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def me() -> User:
    return current_user._get_current_object()


@bp.context_processor
def dispute_template_helpers() -> dict[str, Any]:
    """`dispute_span`: a duration in words ("5 days"), for ages and time left to answer."""
    return {"dispute_span": lambda span: format_timedelta(abs(span), threshold=1.0)}


@bp.get("/disputes")
@admin_only
def disputes():
    args = {name: request.args.get(name) or "" for name in (*FILTERS, "page")}
    errors: list[str] = []
    try:
        result, filters = dispute_queue.list_queue(me(), **args)
    except ValidationFailed as error:
        result, filters = None, None
        errors = [m for ms in error.fields.values() for m in ms] or [error.message]
    form = QueueFilterForm(formdata=None, data={k: v for k, v in args.items() if k in FILTERS})
    links = {k: v for k, v in args.items() if k in FILTERS and v}
    page = render_template(
        "admin/disputes.html",
        form=form,
        result=result,
        filters=filters,
        links=links,
        errors=errors,
    )
    return page, 400 if errors else 200


@bp.post("/disputes/<int:dispute_id>/assign")
@admin_only
def assign_dispute(dispute_id: int):
    if AssignForm().validate_on_submit():
        try:
            dispute_queue.assign_to_me(me(), dispute_id)
            flash(_("The dispute is assigned to you."), "success")
        except Conflict as error:
            flash(error.message, "danger")
    else:
        flash(_("The form has expired. Please try again."), "danger")
    return redirect(url_for("admin.dispute", dispute_id=dispute_id))


def _suggested(case: dispute_case.DisputeCase) -> str:
    """The outcome the form starts on: a default outcome's side when one is open."""
    return DEFAULT_OUTCOMES.get(case.row.default_for or "", "amounts")


def _render_case(
    dispute_id: int,
    *,
    resolve: FlaskForm | None = None,
    confirm: FlaskForm | None = None,
    plan: dispute_resolution.ResolutionPlan | None = None,
    status: int = 200,
):
    case = dispute_case.dispute_case(me(), dispute_id)
    resolve_form = resolve or ResolveForm(
        case.contract.currency, formdata=None, data={"outcome": _suggested(case)}
    )
    page = render_template(
        "admin/dispute.html",
        case=case,
        dispute=case.dispute,
        contract=case.contract,
        money=case.money,
        resolve_form=resolve_form,
        confirm_form=confirm,
        plan=plan,
    )
    return page, status


@bp.get("/disputes/<int:dispute_id>")
@admin_only
def dispute(dispute_id: int):
    return _render_case(dispute_id)


def _refused(dispute_id: int, error: Conflict):
    flash(error.message, "danger")
    return redirect(url_for("admin.dispute", dispute_id=dispute_id))


@bp.post("/disputes/<int:dispute_id>/resolve")
@admin_only
def resolve_dispute(dispute_id: int):
    """Step one: check the decision and show the exact amounts to confirm."""
    case = dispute_case.dispute_case(me(), dispute_id)
    form = ResolveForm(case.contract.currency)
    if not form.validate_on_submit():
        return _render_case(dispute_id, resolve=form, status=400)
    try:
        plan = dispute_resolution.plan_resolution(
            me(),
            dispute_id,
            mode=form.outcome.data,
            note=form.note.data,
            kol_amount=form.kol_amount.minor,
            brand_refund=form.brand_refund.minor,
            kol_bps=form.kol_percent.bps,
        )
    except ValidationFailed as error:
        apply_field_errors(form, error)
        return _render_case(dispute_id, resolve=form, status=400)
    except Conflict as error:
        return _refused(dispute_id, error)
    confirm = ConfirmResolutionForm(
        formdata=None,
        data={"kol_amount": plan.kol_amount, "brand_refund": plan.brand_refund, "note": plan.note},
    )
    return _render_case(dispute_id, resolve=form, confirm=confirm, plan=plan)


def _confirmation_error(form: ConfirmResolutionForm) -> ValidationFailed | None:
    if not form.validate_on_submit():
        return ValidationFailed(_("Please correct the errors below."), form.errors)
    if not form.confirm.data:
        message = _("Tick the box to confirm these amounts.")
        return ValidationFailed(message, {"confirm": [message]})
    return None


@bp.post("/disputes/<int:dispute_id>/resolve/confirm")
@admin_only
def confirm_resolution(dispute_id: int):
    """Step two: book exactly the confirmed amounts, or show why not."""
    currency = dispute_case.dispute_case(me(), dispute_id).contract.currency
    form = ConfirmResolutionForm()
    values = {
        "kol_amount": form.kol_amount.data,
        "brand_refund": form.brand_refund.data,
        "note": form.note.data,
    }
    try:
        unconfirmed = _confirmation_error(form)
        if unconfirmed is None:
            dispute_resolution.confirm_resolution(me(), dispute_id, **values)
            flash(_("The dispute is resolved; both parties have been told the outcome."), "success")
            return redirect(url_for("admin.dispute", dispute_id=dispute_id))
        plan = dispute_resolution.plan_resolution(me(), dispute_id, mode="amounts", **values)
    except ValidationFailed as error:
        resolve = ResolveForm(currency, formdata=None, data={"outcome": "amounts"})
        apply_field_errors(resolve, error)
        return _render_case(dispute_id, resolve=resolve, status=400)
    except Conflict as error:
        return _refused(dispute_id, error)
    apply_field_errors(form, unconfirmed)
    resolve = ResolveForm(currency, formdata=None, data={"outcome": "amounts"})
    return _render_case(dispute_id, resolve=resolve, confirm=form, plan=plan, status=400)
