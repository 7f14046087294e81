"""API endpoint for admins: the audit log, filtered and paged like the audit page."""

from __future__ import annotations

from flask import request

from marketplace.api import bp
from marketplace.api.schemas.admin import AuditPage, AuditQuery
from marketplace.api.serializers import iso
from marketplace.api.support import auth_required, current_api_user, doc, page_of
from marketplace.services.admin import audit_log


@bp.get("/admin/audit")
@auth_required("admin")
@doc(
    "The audit log, newest first: every admin action and money movement (who, when, what, why)",
    query=AuditQuery,
    responses={200: AuditPage},
)
def admin_audit():
    filters = audit_log.parse_filters(request.args)
    result = audit_log.search(current_api_user(), filters)
    items = [
        {
            "id": entry.id,
            "at": iso(entry.at),
            "actor_id": entry.actor_id,
            "actor_email": email,
            "actor_role": entry.actor_role,
            "action": entry.action,
            "subject_type": entry.subject_type,
            "subject_id": entry.subject_id,
            "reason": entry.reason,
            "data": entry.data or {},
        }
        for entry, email in result.items
    ]
    return page_of(items, result.total, result.page, result.per_page)
