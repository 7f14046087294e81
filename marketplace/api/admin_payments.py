"""API endpoint: an admin takes money back after release (a Stripe transfer reversal)."""

from __future__ import annotations

from marketplace.api import bp
from marketplace.api.schemas.admin_payments import RefundAfterReleaseIn, RefundAfterReleaseOut
from marketplace.api.support import auth_required, current_api_user, doc, json_body
from marketplace.services.payments import clawbacks


@bp.post("/admin/contracts/<int:contract_id>/refund")
@auth_required("admin")
@doc(
    "Take money back from the KOL after release (Stripe transfer reversal) and refund the brand;"
    " 409 when the KOL's Stripe balance does not cover it",
    body=RefundAfterReleaseIn,
    responses={200: RefundAfterReleaseOut, 202: RefundAfterReleaseOut},
    errors=(404, 409),
)
def admin_refund_after_release(contract_id: int):
    data = json_body()
    done = clawbacks.refund_after_release(
        current_api_user(), contract_id, data.get("amount"), data.get("reason")
    )
    body = {"id": done.attempt_id, "amount": done.amount, "currency": done.currency}
    return {**body, "status": done.status}, 200 if done.status == "succeeded" else 202
