"""API endpoints: offering a contract, listing and reading contracts, negotiating an offer.

Every action on a contract first checks that the caller can see it (a party or an admin),
so a stranger gets 404 whatever the action; then the service decides: the wrong kind of
account 403, a move the status (or whose turn it is) does not allow 409.
"""

from __future__ import annotations

from typing import Any

from flask import request

from marketplace.api import bp
from marketplace.api.contract_serializers import contract_detail_json, contract_json
from marketplace.api.schemas.contracts import (
    ContractDetailOut,
    ContractListQuery,
    ContractPage,
    CounterIn,
    DeclineIn,
    OfferIn,
)
from marketplace.api.support import auth_required, current_api_user, doc, json_body, page_of
from marketplace.models import Contract
from marketplace.services.contracts import negotiation, offers, queries

OFFER_FIELDS = (
    "kol_id",
    "price",
    "currency",
    "deliverables",
    "due_date",
    "listing_id",
    "brief_id",
    "application_id",
    "revisions",
    "commission_bps",
    "commission_budget",
    "products",
    "title",
)
COUNTER_FIELDS = (
    "price",
    "due_date",
    "deliverables",
    "revisions",
    "commission_bps",
    "commission_budget",
    "products",
)
ANSWER = {200: ContractDetailOut}
ACTION_ERRORS = (403, 409)


def optional_body() -> dict[str, Any]:
    """Actions whose body is optional: nothing, or a JSON object."""
    return json_body() if request.get_data() else {}


def visible_contract(contract_id: int) -> Contract:
    """The caller's contract (or any, for an admin); NotFound before any other check."""
    return queries.get_contract(current_api_user(), contract_id)


def contract_answer(contract: Contract) -> dict[str, Any]:
    return contract_detail_json(current_api_user(), contract)


@bp.post("/contracts")
@auth_required("brand")
@doc(
    "Offer a KOL a contract on these terms (a brand); it waits for the KOL's answer",
    body=OfferIn,
    responses={201: ContractDetailOut},
    errors=(409,),
)
def create_contract():
    data = json_body()
    contract = offers.create_offer(
        current_api_user(),
        **{name: data.get(name) for name in OFFER_FIELDS},
        message=data.get("message", ""),
    )
    return contract_answer(contract), 201


@bp.get("/contracts")
@auth_required()
@doc(
    "Your contracts (all of them for an admin), latest activity first",
    query=ContractListQuery,
    responses={200: ContractPage},
)
def list_contracts():
    args = request.args
    result = queries.list_contracts(
        current_api_user(),
        status=args.get("status") or None,
        group=args.get("group") or None,
        page=args.get("page"),
        per_page=args.get("per_page"),
    )
    return page_of(
        [contract_json(c) for c in result.items], result.total, result.page, result.per_page
    )


@bp.get("/contracts/<int:contract_id>")
@auth_required()
@doc(
    "One contract: terms, timeline, offer rounds, proofs, money and what you may do now",
    responses=ANSWER,
)
def get_contract(contract_id: int):
    return contract_answer(visible_contract(contract_id))


@bp.post("/contracts/<int:contract_id>/accept")
@auth_required()
@doc(
    "Accept the offer's current terms (the party it waits for)",
    responses=ANSWER,
    errors=ACTION_ERRORS,
)
def accept_contract(contract_id: int):
    visible_contract(contract_id)
    return contract_answer(negotiation.accept_offer(current_api_user(), contract_id))


@bp.post("/contracts/<int:contract_id>/decline")
@auth_required()
@doc(
    "Decline the offer (the party it waits for)",
    body=DeclineIn,
    body_required=False,
    responses=ANSWER,
    errors=ACTION_ERRORS,
)
def decline_contract(contract_id: int):
    data = optional_body()
    visible_contract(contract_id)
    contract = negotiation.decline_offer(current_api_user(), contract_id, data.get("reason", ""))
    return contract_answer(contract)


@bp.post("/contracts/<int:contract_id>/counter")
@auth_required()
@doc(
    "Counter the offer with new terms (the party it waits for)",
    body=CounterIn,
    responses=ANSWER,
    errors=ACTION_ERRORS,
)
def counter_contract(contract_id: int):
    data = json_body()
    visible_contract(contract_id)
    contract = negotiation.counter_offer(
        current_api_user(),
        contract_id,
        **{name: data.get(name) for name in COUNTER_FIELDS},
        message=data.get("message", ""),
    )
    return contract_answer(contract)


@bp.post("/contracts/<int:contract_id>/withdraw")
@auth_required()
@doc("Withdraw your offer (the brand)", responses=ANSWER, errors=ACTION_ERRORS)
def withdraw_contract(contract_id: int):
    visible_contract(contract_id)
    return contract_answer(negotiation.withdraw_offer(current_api_user(), contract_id))
