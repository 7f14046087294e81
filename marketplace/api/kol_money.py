"""API endpoints: a KOL's earnings per currency and payouts of the available balance."""

from __future__ import annotations

from typing import Any

from flask import request

from marketplace.api import bp
from marketplace.api.schemas.contracts import (
    EarningsOut,
    PayoutIn,
    PayoutListQuery,
    PayoutOut,
    PayoutPage,
)
from marketplace.api.serializers import iso
from marketplace.api.support import auth_required, current_api_user, doc, json_body, page_of
from marketplace.models import Payout
from marketplace.services.payments import payouts
from marketplace.services.payments.earnings import earnings


def payout_json(payout: Payout) -> dict[str, Any]:
    return {
        "id": payout.id,
        "amount": payout.amount,
        "currency": payout.currency,
        "status": payout.status,
        "failure_message": payout.failure_message,
        "created_at": iso(payout.created_at),
        "paid_at": iso(payout.paid_at),
    }


@bp.get("/kol/earnings")
@auth_required("kol")
@doc(
    "Your earnings per currency: in escrow, available, being paid out, paid out",
    responses={200: EarningsOut},
)
def kol_earnings():
    figures = earnings(current_api_user())
    return {
        "balances": {
            currency: {
                "in_escrow": row.in_escrow,
                "available": row.available,
                "pending_payout": row.pending_payout,
                "paid_out": row.paid_out,
                "commission_held": row.commission_held,
                "commission_settled": row.commission_settled,
            }
            for currency, row in figures.items()
        }
    }


@bp.post("/kol/payouts")
@auth_required("kol")
@doc(
    "Pay out part of your available balance (409 above it)",
    body=PayoutIn,
    responses={201: PayoutOut},
    errors=(409,),
)
def request_payout():
    data = json_body()
    payout = payouts.request_payout(current_api_user(), data.get("amount"), data.get("currency"))
    return payout_json(payout), 201


@bp.get("/kol/payouts")
@auth_required("kol")
@doc("Your payouts, newest first", query=PayoutListQuery, responses={200: PayoutPage})
def list_payouts():
    args = request.args
    result = payouts.list_payouts(current_api_user(), args.get("page"), args.get("per_page"))
    items = [payout_json(p) for p in result.items]
    return page_of(items, result.total, result.page, result.per_page)
