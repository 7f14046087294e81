"""API endpoints of a dispute's parties: add evidence, respond, withdraw.

Evidence files are served by the web app (`/disputes/evidence/<token>`, parties and admins).
"""

from __future__ import annotations

from flask import request

from marketplace.api import bp
from marketplace.api.contract_serializers import contract_detail_json, dispute_json, evidence_json
from marketplace.api.schemas.contracts import DisputeOut, EvidenceOut
from marketplace.api.schemas.disputes import DisputeWithContractOut, EvidenceIn, RespondIn
from marketplace.api.support import auth_required, current_api_user, doc, json_body
from marketplace.services.contracts import dispute_actions, dispute_evidence
from marketplace.services.contracts.dispute_queries import get_dispute

PARTY_ERRORS = (403, 409)


@bp.post("/disputes/<int:dispute_id>/evidence")
@auth_required()
@doc(
    "Add an evidence file to an open dispute (either party): an image or a PDF",
    body=EvidenceIn,
    body_media="multipart/form-data",
    responses={201: EvidenceOut},
    errors=PARTY_ERRORS,
)
def add_dispute_evidence(dispute_id: int):
    actor = current_api_user()
    get_dispute(actor, dispute_id)
    evidence = dispute_evidence.add_evidence(
        actor, dispute_id, request.files.get("file"), request.form.get("note", "")
    )
    return evidence_json(evidence), 201


@bp.post("/disputes/<int:dispute_id>/respond")
@auth_required()
@doc(
    "Respond to a dispute (the other party, once, until it is decided)",
    body=RespondIn,
    responses={200: DisputeOut},
    errors=PARTY_ERRORS,
)
def respond_to_dispute(dispute_id: int):
    data = json_body()
    actor = current_api_user()
    get_dispute(actor, dispute_id)
    return dispute_json(dispute_actions.respond(actor, dispute_id, data.get("statement")))


@bp.post("/disputes/<int:dispute_id>/withdraw")
@auth_required()
@doc(
    "Withdraw a dispute (the party that opened it): the contract returns to its prior status",
    responses={200: DisputeWithContractOut},
    errors=PARTY_ERRORS,
)
def withdraw_dispute(dispute_id: int):
    actor = current_api_user()
    get_dispute(actor, dispute_id)
    dispute = dispute_actions.withdraw(actor, dispute_id)
    return {**dispute_json(dispute), "contract": contract_detail_json(actor, dispute.contract)}
