"""The audit log page and its CSV export, with the same filters."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_login import current_user

from marketplace.admin import bp
from marketplace.admin.forms import AuditFilterForm
from marketplace.admin.user_views import error_messages
from marketplace.domain.errors import ValidationFailed
from marketplace.models.base import utcnow
from marketplace.services.admin import audit_log
from marketplace.web import role_required


@bp.get("/audit")
@role_required("admin")
def audit():
    form = AuditFilterForm(request.args)
    try:
        filters = audit_log.parse_filters(request.args)
    except ValidationFailed as error:
        for name, messages in error.fields.items():
            field = getattr(form, name, None)
            if field is not None:
                field.errors = list(messages)
        return render_template(
            "admin/audit.html", form=form, result=None, filters=None, errors=error_messages(error)
        ), 400
    result = audit_log.search(current_user, filters)
    return render_template("admin/audit.html", form=form, result=result, filters=filters, errors=[])


@bp.get("/audit.csv")
@role_required("admin")
def audit_csv():
    filters = audit_log.parse_filters(request.args)  # bad filters: the 400 error page
    body = audit_log.export_csv(current_user, filters)
    name = f"audit-{utcnow():%Y%m%d-%H%M%S}.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
