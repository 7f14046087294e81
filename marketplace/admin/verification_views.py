"""The verification queue: unverified KOLs with their platforms and authenticity flags."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.admin import bp
from marketplace.admin.forms import VerifyForm
from marketplace.admin.user_views import error_messages
from marketplace.domain.errors import ValidationFailed
from marketplace.services.admin import moderation, verification
from marketplace.web import role_required


def _render(page: str | None, errors: list[str] | None = None, status: int = 200):
    result = verification.queue(current_user, page or None)
    return render_template(
        "admin/verification.html",
        result=result,
        form=VerifyForm(formdata=None),
        errors=errors or [],
    ), status


@bp.get("/verification")
@role_required("admin")
def verification_queue():
    return _render(request.args.get("page"))


@bp.post("/verification/<int:user_id>")
@role_required("admin")
def verify_from_queue(user_id: int):
    form = VerifyForm()
    try:
        moderation.verify_kol(current_user, user_id, form.level.data, form.reason.data)
    except ValidationFailed as error:
        messages = " ".join(error_messages(error))
        return _render(
            request.form.get("page"),
            [_("KOL #%(id)s: %(messages)s", id=user_id, messages=messages)],
            400,
        )
    flash(_("Verification updated."), "success")
    return redirect(url_for("admin.verification_queue", page=request.form.get("page") or None))
