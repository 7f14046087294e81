"""Admin pages on accounts: find users, verify KOLs, suspend and reinstate with a
confirmation step, and the contracts flagged when a party was suspended."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.admin import bp
from marketplace.admin.forms import ReasonForm, UserSearchForm, VerifyForm
from marketplace.domain.errors import ValidationFailed
from marketplace.services.admin import flags, moderation
from marketplace.web import role_required

PER_PAGE = 25


def error_messages(error: ValidationFailed) -> list[str]:
    return [m for ms in error.fields.values() for m in ms] or [error.message]


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
        errors = [*(errors or []), *error_messages(error)]
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


def _act(action: Callable[[], object], user_id: int, success: str):
    """Run one admin action from a row's form; errors re-render the list with status 400."""
    args = _list_args(request.form)
    try:
        action()
    except ValidationFailed as error:
        messages = " ".join(error_messages(error))
        return _render_users(
            args, [_("User #%(id)s: %(messages)s", id=user_id, messages=messages)], 400
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


def _confirmed_action(user_id: int, kind: str, action: Callable[[str], object], success: str):
    """First post: check the reason and ask for confirmation; second post: act."""
    form = ReasonForm()
    row = moderation.get_user(current_user, user_id)  # unknown ids: 404 before anything else
    if form.confirmed:
        return _act(lambda: action(form.reason.data), user_id, success)
    try:
        reason = moderation.clean_reason(form.reason.data)
    except ValidationFailed as error:
        messages = " ".join(error_messages(error))
        return _render_users(
            _list_args(request.form),
            [_("User #%(id)s: %(messages)s", id=user_id, messages=messages)],
            400,
        )
    args = _list_args(request.form)
    return render_template(
        "admin/confirm_user.html",
        row=row,
        kind=kind,
        reason=reason,
        args=args,
        back_url=url_for("admin.users", **{k: v for k, v in args.items() if v}),
    )


@bp.post("/users/<int:user_id>/suspend")
@role_required("admin")
def suspend(user_id: int):
    return _confirmed_action(
        user_id,
        "suspend",
        lambda reason: moderation.suspend_user(current_user, user_id, reason),
        _("The account is suspended; its open contracts are flagged for review."),
    )


@bp.post("/users/<int:user_id>/unsuspend")
@role_required("admin")
def unsuspend(user_id: int):
    return _confirmed_action(
        user_id,
        "unsuspend",
        lambda reason: moderation.unsuspend_user(current_user, user_id, reason),
        _("The account is active again."),
    )


@bp.get("/flagged")
@role_required("admin")
def flagged():
    result = flags.list_flagged(current_user, request.args.get("page"))
    return render_template("admin/flagged.html", result=result, form=ReasonForm(formdata=None))


@bp.post("/flagged/<int:contract_id>/clear")
@role_required("admin")
def clear_flag(contract_id: int):
    form = ReasonForm()
    try:
        flags.clear_flag(current_user, contract_id, form.reason.data)
    except ValidationFailed as error:
        result = flags.list_flagged(current_user, None)
        return render_template(
            "admin/flagged.html",
            result=result,
            form=form,
            errors=[f"#{contract_id}: " + " ".join(error_messages(error))],
        ), 400
    flash(_("The flag is cleared."), "success")
    return redirect(url_for("admin.flagged"))
