"""API endpoint: the brand tops up a commission deal's prepaid budget."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from marketplace.api import bp
from marketplace.api.contracts import ANSWER, contract_answer, visible_contract
from marketplace.api.schemas.base import In
from marketplace.api.support import auth_required, current_api_user, doc, json_body
from marketplace.domain.money import minor_ceiling
from marketplace.services.campaigns import top_ups
from marketplace.services.contracts.terms import MAX_CONTRACT_PRICE


class TopUpIn(In):
    amount: Annotated[int, Field(ge=1, le=minor_ceiling(MAX_CONTRACT_PRICE))] = Field(
        description="Added to the commission budget, smallest currency unit"
    )
    payment_method: Annotated[str, Field(min_length=1, max_length=top_ups.PAYMENT_METHOD_MAX)] = (
        Field(
            description="Sandbox: pm_card_visa succeeds, pm_card_chargeDeclined is declined (402)"
        )
    )


@bp.post("/contracts/<int:contract_id>/commission-budget")
@auth_required()
@doc(
    "Top up a funded commission deal's budget (the brand), charged at once; the answer is "
    "the contract with its new commission_budget. A declined card is 402 and books nothing; "
    "a closed commission window, or Stripe mode (top-ups by card arrive in a later "
    "release), is 409",
    body=TopUpIn,
    responses=ANSWER,
    errors=(402, 403, 409),
)
def top_up_commission_budget(contract_id: int):
    data = json_body()
    visible_contract(contract_id)
    contract = top_ups.top_up(
        current_api_user(), contract_id, data.get("amount"), data.get("payment_method")
    )
    return contract_answer(contract)
