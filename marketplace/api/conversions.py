"""API endpoints: sales reported by a brand's store, and their returns.

Both accept the brand's bearer token, or a server-to-server call signed with the brand's
postback secret (`services/campaigns/postback_auth.py`: X-Kol-Brand, X-Kol-Timestamp,
X-Kol-Signature). The signature is checked and recorded in the same unit of work as the
booking, so a refused booking can be retried and an accepted one cannot be replayed.
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _

from marketplace.api import bp
from marketplace.api.schemas.conversions import ConversionIn, ConversionOut, RefundIn, RefundOut
from marketplace.api.serializers import iso
from marketplace.api.support import bearer_token, doc, json_body
from marketplace.domain.errors import NotAllowed, Unauthorized
from marketplace.models import Conversion, User
from marketplace.services.accounts import users
from marketplace.services.campaigns import conversions, postback_auth
from marketplace.services.ledger.commission_accruals import commission_remaining
from marketplace.services.unit_of_work import unit_of_work

SIGNING = (
    "Authenticate with the brand's bearer token, or sign server-to-server: headers "
    "`X-Kol-Brand: <brand id>`, `X-Kol-Timestamp: <unix seconds>` and "
    '`X-Kol-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>` with the '
    "postback secret from the brand's Store integration page. A timestamp more than "
    "POSTBACK_TOLERANCE_S (300 s) away or a bad signature is 401; a signature seen before "
    "is 409 (replay)."
)


def _caller() -> tuple[User, str]:
    """The brand calling, and how: "signed" (HMAC postback) or "api" (bearer token)."""
    headers = postback_auth.SignedHeaders(
        brand=request.headers.get(postback_auth.BRAND_HEADER),
        timestamp=request.headers.get(postback_auth.TIMESTAMP_HEADER),
        signature=request.headers.get(postback_auth.SIGNATURE_HEADER),
    )
    if headers.present:
        return postback_auth.verify(headers, request.get_data(cache=True)), "signed"
    token = bearer_token()
    user = users.user_for_token(token) if token else None
    if user is None:
        raise Unauthorized(_("A valid bearer token or request signature is required."))
    if user.role != "brand":
        raise NotAllowed(_("This action is not available to your account type."))
    return user, "api"


def _documented_as_brand_only(view: Any) -> Any:
    view.api_auth = True
    view.api_roles = ("brand",)
    return view


def conversion_json(conversion: Conversion) -> dict[str, Any]:
    return {
        "id": conversion.id,
        "order_id": conversion.order_id,
        "link_code": conversion.product.link_code,
        "contract_id": conversion.contract_id,
        "amount": conversion.amount,
        "currency": conversion.currency,
        "ordered_at": iso(conversion.ordered_at),
        "source": conversion.source,
        "refunded": conversion.refunded,
        "commission": conversion.commission,
        "commission_left": commission_remaining(conversion),
        "status": conversion.status,
        "payable_at": iso(conversion.payable_at),
        "returns": [
            {"amount": r.amount, "commission_cancelled": r.commission_cancelled, "at": iso(r.at)}
            for r in conversion.returns
        ],
        "created_at": iso(conversion.created_at),
    }


@bp.post("/conversions")
@_documented_as_brand_only
@doc(
    "Report a sale through a tracked link (201; an identical repeat 200)",
    description=SIGNING,
    body=ConversionIn,
    responses={200: ConversionOut, 201: ConversionOut},
    errors=(404, 409),
)
def report_conversion():
    with unit_of_work():
        brand, source = _caller()
        booking = conversions.record_sale(brand, json_body(), source)
    return conversion_json(booking.conversion), 201 if booking.created else 200


@bp.post("/conversions/<order_id>/refund")
@_documented_as_brand_only
@doc(
    "Record a return of (part of) an order; within the hold it cancels its commission share",
    description=SIGNING,
    body=RefundIn,
    responses={200: RefundOut},
    errors=(409,),
)
def refund_conversion(order_id: str):
    with unit_of_work():
        brand, _source = _caller()
        result = conversions.record_return(brand, order_id, json_body())
    if result.cancelled_commission:
        message = _("The return cancelled its share of the commission.")
    elif result.conversion.status == "settled":
        message = _("The commission was already settled; the return is recorded only.")
    elif result.conversion.commission == 0:
        message = _("The sale earned no commission; the return is recorded only.")
    else:
        message = _("The settlement hold had ended; the return is recorded only.")
    return {**conversion_json(result.conversion), "message": message}
