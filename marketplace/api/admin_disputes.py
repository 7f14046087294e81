"""Admin API of disputes: the queue, one dispute with everything behind it, the resolution.

Everyone but an admin gets 404 here, as if these routes did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import request

from marketplace.api import bp
from marketplace.api.contract_serializers import contract_detail_json, dispute_json
from marketplace.api.contract_social import message_json
from marketplace.api.schemas.disputes import (
    AdminDisputeDetailOut,
    AdminDisputePage,
    AdminDisputeQuery,
    ResolveIn,
)
from marketplace.api.support import auth_required, current_api_user, doc, json_body, page_of
from marketplace.models import Dispute
from marketplace.services.contracts import disputes
from marketplace.services.contracts.dispute_queries import (
    dispute_case,
    dispute_not_found,
    list_disputes,
)
from marketplace.services.ledger.contract_postings import escrow_balance


def admin_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """A bearer token of an admin; any other account gets 404."""

    @auth_required()
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_api_user().role != "admin":
            raise dispute_not_found()
        return view(*args, **kwargs)

    return wrapped


def admin_dispute_json(dispute: Dispute) -> dict[str, Any]:
    contract = dispute.contract
    return {
        **dispute_json(dispute),
        "contract_title": contract.title,
        "currency": contract.currency,
        "in_escrow": escrow_balance(contract),
    }


@bp.get("/admin/disputes")
@admin_only
@doc(
    "The disputes, newest first, optionally by status (admins only)",
    query=AdminDisputeQuery,
    responses={200: AdminDisputePage},
    errors=(404,),
)
def admin_list_disputes():
    args = request.args
    result = list_disputes(
        current_api_user(),
        status=args.get("status"),
        page=args.get("page", 1),
        per_page=args.get("per_page", 20),
    )
    items = [admin_dispute_json(d) for d in result.items]
    return page_of(items, result.total or 0, result.page, result.per_page)


def _detail(dispute_id: int) -> dict[str, Any]:
    admin = current_api_user()
    case = dispute_case(admin, dispute_id)
    return {
        **admin_dispute_json(case.dispute),
        "contract": contract_detail_json(admin, case.contract),
        "messages": [message_json(m) for m in case.messages],
    }


@bp.get("/admin/disputes/<int:dispute_id>")
@admin_only
@doc(
    "One dispute with its contract, timeline, messages and both sides' evidence (admins only)",
    responses={200: AdminDisputeDetailOut},
)
def admin_get_dispute(dispute_id: int):
    return _detail(dispute_id)


@bp.post("/admin/disputes/<int:dispute_id>/resolve")
@admin_only
@doc(
    "Resolve a dispute: kol_amount + brand_refund must equal the escrow; note is the reason",
    body=ResolveIn,
    responses={200: AdminDisputeDetailOut},
    errors=(409,),
)
def admin_resolve_dispute(dispute_id: int):
    data = json_body()
    admin = current_api_user()
    dispute_case(admin, dispute_id)
    disputes.resolve_dispute(
        admin,
        dispute_id,
        kol_amount=data.get("kol_amount"),
        brand_refund=data.get("brand_refund"),
        note=data.get("note"),
    )
    return _detail(dispute_id)
