"""Plain-dict views of contracts, their timeline, offer rounds, submissions and disputes."""

from __future__ import annotations

from typing import Any

from marketplace.api.product_serializers import contract_products_json, proposed_product_json
from marketplace.api.serializers import iso
from marketplace.models import (
    Contract,
    ContractEvent,
    ContractOffer,
    ContractSubmission,
    Dispute,
    DisputeEvidence,
    User,
)
from marketplace.models.base import utcnow
from marketplace.services.contracts import queries
from marketplace.services.contracts.dispute_deadlines import default_outcome
from marketplace.services.contracts.dispute_evidence import evidence_of
from marketplace.services.contracts.dispute_queries import latest_dispute, outcome
from marketplace.services.ledger.contract_postings import fee_split

# The table's action names as the API's action endpoints; "resolve" (an admin's, through
# the disputes endpoints) and the system's timers have none here.
ENDPOINT_OF_ACTION = {
    "accept": "accept",
    "counter": "counter",
    "decline": "decline",
    "withdraw": "withdraw",
    "fund": "fund",
    "submit": "submit",
    "request_revision": "request-revision",
    "approve": "approve",
    "cancel": "cancel",
    "request_cancel": "cancel",
    "confirm_cancel": "cancel",
    "dispute": "dispute",
}


def contract_json(contract: Contract) -> dict[str, Any]:
    """The contract's terms, parties, timers and whose move it is."""
    parts = fee_split(contract)
    return {
        "id": contract.id,
        "status": contract.status,
        "brand_id": contract.brand_id,
        "kol_id": contract.kol_id,
        "listing_id": contract.listing_id,
        "brief_id": contract.brief_id,
        "application_id": contract.application_id,
        "title": contract.title,
        "platform": contract.platform,
        "collab_type": contract.collab_type,
        "price": contract.price,
        "fee": parts.fee,
        "kol_net": parts.net,
        "fee_bps": contract.fee_bps,
        "currency": contract.currency,
        "commission_bps": contract.commission_bps,
        "commission_budget": contract.commission_budget,
        "products": contract_products_json(contract),
        "deliverables": contract.deliverables,
        "due_date": iso(contract.due_date),
        "revisions_allowed": contract.revisions_allowed,
        "revisions_left": contract.revisions_left,
        "awaiting": queries.awaiting(contract),
        "cancel_requested_by": contract.cancel_requested_by,
        "cancel_reason": contract.cancel_reason,
        "offer_expires_at": iso(contract.offer_expires_at),
        "funding_due_at": iso(contract.funding_due_at),
        "review_due_at": iso(contract.review_due_at),
        "accepted_at": iso(contract.accepted_at),
        "funded_at": iso(contract.funded_at),
        "completed_at": iso(contract.completed_at),
        "closed_at": iso(contract.closed_at),
        "created_at": iso(contract.created_at),
        "updated_at": iso(contract.updated_at),
    }


def event_json(event: ContractEvent) -> dict[str, Any]:
    return {
        "at": iso(event.at),
        "type": event.action,
        "actor": event.actor_role,
        "actor_id": event.actor_id,
        "from_status": event.from_status,
        "to_status": event.to_status,
    }


def offer_round_json(offer: ContractOffer) -> dict[str, Any]:
    return {
        "round": offer.round,
        "by": offer.by_role,
        "by_id": offer.by_id,
        "price": offer.price,
        "currency": offer.currency,
        "commission_bps": offer.commission_bps,
        "commission_budget": offer.commission_budget,
        "products": [proposed_product_json(p) for p in offer.products or []],
        "deliverables": offer.deliverables,
        "due_date": iso(offer.due_date),
        "revisions": offer.revisions,
        "message": offer.message,
        "at": iso(offer.at),
    }


def submission_json(submission: ContractSubmission) -> dict[str, Any]:
    return {
        "round": submission.round,
        "post_urls": list(submission.post_urls or []),
        "notes": submission.notes,
        "screenshot_count": len(submission.screenshots or []),
        "revision_message": submission.revision_message,
        "at": iso(submission.at),
    }


def evidence_json(evidence: DisputeEvidence) -> dict[str, Any]:
    return {
        "id": evidence.id,
        "dispute_id": evidence.dispute_id,
        "kind": evidence.kind,
        "content_type": evidence.content_type,
        "name": evidence.original_name,
        "size_bytes": evidence.size_bytes,
        "note": evidence.note,
        "uploaded_by": evidence.uploaded_by_role,
        "uploaded_by_id": evidence.uploaded_by_id,
        "url": f"/disputes/evidence/{evidence.token}",
        "created_at": iso(evidence.created_at),
    }


def dispute_json(dispute: Dispute) -> dict[str, Any]:
    """The dispute with both statements, the deadline, the evidence and the decision."""
    kol_net = (
        fee_split(dispute.contract, dispute.kol_amount).net
        if dispute.kol_amount is not None
        else None
    )
    return {
        "id": dispute.id,
        "contract_id": dispute.contract_id,
        "status": dispute.status,
        "category": dispute.category,
        "reason": dispute.reason,
        "opened_by": dispute.opened_by_role,
        "opened_by_id": dispute.opened_by_id,
        "prior_status": dispute.prior_status,
        "response": dispute.response,
        "response_due_at": iso(dispute.response_due_at),
        "responded_at": iso(dispute.responded_at),
        "default_outcome": default_outcome(dispute, utcnow()),
        "evidence": [evidence_json(e) for e in evidence_of(dispute)],
        "outcome": outcome(dispute),
        "kol_amount": dispute.kol_amount,
        "kol_net": kol_net,
        "brand_refund": dispute.brand_refund,
        "resolution_note": dispute.resolution_note,
        "created_at": iso(dispute.created_at),
        "resolved_at": iso(dispute.resolved_at),
        "withdrawn_at": iso(dispute.withdrawn_at),
    }


def money_json(view: queries.MoneyView) -> dict[str, Any]:
    """The money panel: the terms, then where the money is (from the ledger)."""
    return {
        "currency": view.currency,
        "price": view.price,
        "fee": view.fee,
        "kol_net": view.kol_net,
        "to_fund": view.to_fund,
        "funded": view.funded,
        "in_escrow": view.in_escrow,
        "released": view.released,
        "refunded": view.refunded,
    }


def endpoint_actions(viewer: User, contract: Contract) -> list[str]:
    """The action endpoints the viewer may call now (several table rows share `cancel`)."""
    names = (ENDPOINT_OF_ACTION.get(a) for a in queries.available_actions(viewer, contract))
    return list(dict.fromkeys(name for name in names if name is not None))


def contract_detail_json(viewer: User, contract: Contract) -> dict[str, Any]:
    """The contract page as JSON: terms, timeline, rounds, proofs, money and the viewer's moves."""
    dispute = latest_dispute(contract)
    return {
        **contract_json(contract),
        "events": [event_json(e) for e in contract.events],
        "offers": [offer_round_json(o) for o in contract.offers],
        "submissions": [submission_json(s) for s in contract.submissions],
        "money": money_json(queries.money_view(contract)),
        "actions": endpoint_actions(viewer, contract),
        "dispute": dispute_json(dispute) if dispute is not None else None,
    }
