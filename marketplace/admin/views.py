"""Admin pages: find users, verify KOLs, suspend and reinstate accounts."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.admin import bp
from marketplace.admin.forms import ReasonForm, UserSearchForm, VerifyForm
from marketplace.domain.errors import ValidationFailed
from marketplace.services.admin import moderation
from marketplace.web import role_required

PER_PAGE = 25


@bp.app_context_processor
def admin_template_helpers() -> dict[str, Any]:
    return {"admin_dashboard": lambda: moderation.dashboard_counts(current_user)}


def _list_args(source: Any) -> dict[str, str]:
    """The list's filters, from the query string or the hidden fields of an action form."""
    return {
        "q": (source.get("q") or "").strip(),
        "role": source.get("role") or "",
        "page": (source.get("page") or "").strip(),
    }


def _render_users(args: dict[str, str], errors: list[str] | None = None, status: int = 200):
    search = UserSearchForm(formdata=None, data={"q": args["q"], "role": args["role"]})
    try:
        result = moderation.list_users(
            current_user, args["q"] or None, args["role"] or None, args["page"] or None, PER_PAGE
        )
    except ValidationFailed as error:
        result, status = None, 400
        errors = [*(errors or []), *(m for ms in error.fields.values() for m in ms)]
    return render_template(
        "admin/users.html",
        search=search,
        result=result,
        args=args,
        errors=errors or [],
        verify_form=VerifyForm(formdata=None),
    ), status


@bp.get("/users")
@role_required("admin")
def users():
    return _render_users(_list_args(request.args))


def _act(action, user_id: int, success: str):
    """Run one admin action from a row's form; errors re-render the list with status 400."""
    args = _list_args(request.form)
    try:
        action()
    except ValidationFailed as error:
        messages = [m for ms in error.fields.values() for m in ms] or [error.message]
        return _render_users(
            args, [_("User #%(id)s: %(messages)s", id=user_id, messages=" ".join(messages))], 400
        )
    flash(success, "success")
    return redirect(url_for("admin.users", **{k: v for k, v in args.items() if v}))


@bp.post("/users/<int:user_id>/verify")
@role_required("admin")
def verify(user_id: int):
    form = VerifyForm()
    return _act(
        lambda: moderation.verify_kol(current_user, user_id, form.level.data, form.reason.data),
        user_id,
        _("Verification updated."),
    )


@bp.post("/users/<int:user_id>/suspend")
@role_required("admin")
def suspend(user_id: int):
    form = ReasonForm()
    return _act(
        lambda: moderation.suspend_user(current_user, user_id, form.reason.data),
        user_id,
        _("The account is suspended."),
    )


@bp.post("/users/<int:user_id>/unsuspend")
@role_required("admin")
def unsuspend(user_id: int):
    form = ReasonForm()
    return _act(
        lambda: moderation.unsuspend_user(current_user, user_id, form.reason.data),
        user_id,
        _("The account is active again."),
    )
