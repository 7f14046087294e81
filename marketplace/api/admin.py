"""API endpoints: admin actions on accounts (verify KOLs, suspend and reinstate users)."""

from __future__ import annotations

from typing import Any

from flask import request

from marketplace.api import bp
from marketplace.api.schemas.admin import AdminUserOut, SuspendIn, UnsuspendIn, VerifyIn
from marketplace.api.serializers import admin_user_json
from marketplace.api.support import auth_required, current_api_user, doc, json_body
from marketplace.services.admin import moderation

ADMIN_RESPONSES = {200: AdminUserOut}


def _body() -> dict[str, Any]:
    """These actions also accept an empty body; anything sent must be a JSON object."""
    return json_body() if request.get_data() else {}


@bp.post("/admin/users/<int:user_id>/verify")
@auth_required("admin")
@doc(
    "Set a KOL's verification level",
    body=VerifyIn,
    responses=ADMIN_RESPONSES,
)
def admin_verify(user_id: int):
    data = _body()
    row = moderation.verify_kol(
        current_api_user(), user_id, data.get("level", "verified"), data.get("reason")
    )
    return admin_user_json(row.user, row.kol)


@bp.post("/admin/users/<int:user_id>/suspend")
@auth_required("admin")
@doc(
    "Suspend a brand or KOL: sign-in, sessions and tokens stop working; their open "
    "contracts are flagged for review",
    body=SuspendIn,
    responses=ADMIN_RESPONSES,
)
def admin_suspend(user_id: int):
    row = moderation.suspend_user(current_api_user(), user_id, _body().get("reason"))
    return admin_user_json(row.user, row.kol)


@bp.post("/admin/users/<int:user_id>/unsuspend")
@auth_required("admin")
@doc(
    "Reinstate a suspended brand or KOL",
    body=UnsuspendIn,
    responses=ADMIN_RESPONSES,
)
def admin_unsuspend(user_id: int):
    row = moderation.unsuspend_user(current_api_user(), user_id, _body().get("reason"))
    return admin_user_json(row.user, row.kol)
