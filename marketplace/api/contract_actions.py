"""API endpoints: funding, proof of posting, review, cancellation and disputes of a contract."""

from __future__ import annotations

from marketplace.api import bp
from marketplace.api.contract_serializers import dispute_json
from marketplace.api.contracts import (
    ACTION_ERRORS,
    ANSWER,
    contract_answer,
    optional_body,
    visible_contract,
)
from marketplace.api.schemas.contracts import (
    CancelIn,
    DisputeIn,
    FundIn,
    FundStartedOut,
    OpenedDisputeOut,
    RevisionIn,
    SubmitIn,
)
from marketplace.api.support import auth_required, current_api_user, doc, json_body
from marketplace.services.contracts import cancellation, disputes, funding, work


@bp.post("/contracts/<int:contract_id>/fund")
@auth_required()
@doc(
    "Fund the escrow (the brand); a declined card is 402 and changes nothing. With Stripe "
    "the answer is 202 with the PaymentIntent's client secret; the contract is funded when "
    "Stripe confirms the payment",
    body=FundIn,
    responses={**ANSWER, 202: FundStartedOut},
    errors=(402, *ACTION_ERRORS),
)
def fund_contract(contract_id: int):
    data = json_body()
    visible_contract(contract_id)
    outcome = funding.begin_funding(current_api_user(), contract_id, data.get("payment_method"))
    answer = contract_answer(outcome.contract)
    if outcome.client_secret is None:
        return answer
    payment = {"client_secret": outcome.client_secret, "intent": outcome.intent_ref}
    return {**answer, "payment": payment}, 202


@bp.post("/contracts/<int:contract_id>/submit")
@auth_required()
@doc(
    "Submit proof of posting (the KOL): the post's link(s) and notes",
    body=SubmitIn,
    responses=ANSWER,
    errors=ACTION_ERRORS,
)
def submit_contract(contract_id: int):
    data = json_body()
    visible_contract(contract_id)
    contract = work.submit_proof(
        current_api_user(),
        contract_id,
        post_urls=data.get("post_url"),
        notes=data.get("notes", ""),
    )
    return contract_answer(contract)


@bp.post("/contracts/<int:contract_id>/request-revision")
@auth_required()
@doc(
    "Ask for a revision of the submitted work (the brand, while revisions remain)",
    body=RevisionIn,
    responses=ANSWER,
    errors=ACTION_ERRORS,
)
def request_contract_revision(contract_id: int):
    data = json_body()
    visible_contract(contract_id)
    contract = work.request_revision(current_api_user(), contract_id, data.get("message"))
    return contract_answer(contract)


@bp.post("/contracts/<int:contract_id>/approve")
@auth_required()
@doc(
    "Approve the submitted work (the brand): the escrow is released",
    responses=ANSWER,
    errors=ACTION_ERRORS,
)
def approve_contract(contract_id: int):
    visible_contract(contract_id)
    return contract_answer(work.approve(current_api_user(), contract_id))


@bp.post("/contracts/<int:contract_id>/cancel")
@auth_required()
@doc(
    "Cancel, or ask to cancel (a funded contract needs the other party to confirm)",
    body=CancelIn,
    body_required=False,
    responses=ANSWER,
    errors=ACTION_ERRORS,
)
def cancel_contract(contract_id: int):
    data = optional_body()
    visible_contract(contract_id)
    contract = cancellation.cancel(current_api_user(), contract_id, data.get("reason", ""))
    return contract_answer(contract)


@bp.post("/contracts/<int:contract_id>/dispute")
@auth_required()
@doc(
    "Open a dispute (a party, while money is in escrow): the escrow stays frozen",
    body=DisputeIn,
    responses={201: OpenedDisputeOut},
    errors=ACTION_ERRORS,
)
def dispute_contract(contract_id: int):
    data = json_body()
    visible_contract(contract_id)
    dispute = disputes.open_dispute(
        current_api_user(), contract_id, data.get("reason"), data.get("category")
    )
    return {**dispute_json(dispute), "contract": contract_answer(dispute.contract)}, 201
