"""What the contract page's dispute panel shows the viewer, and which of its forms."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marketplace.domain.contracts import WITHDRAW_ACTIONS
from marketplace.models import Contract, Dispute, DisputeEvidence, User
from marketplace.models.base import utcnow
from marketplace.services.contracts import queries
from marketplace.services.contracts.dispute_deadlines import default_outcome
from marketplace.services.contracts.dispute_evidence import evidence_of
from marketplace.services.contracts.dispute_queries import latest_dispute, outcome
from marketplace.services.ledger.contract_postings import fee_split

# The panel's forms, keyed as the page's forms are.
PANEL_FORMS = ("dispute_response", "evidence", "withdraw_dispute")


@dataclass(frozen=True)
class DisputePanel:
    dispute: Dispute
    evidence: list[DisputeEvidence]
    outcome: str | None
    default_outcome: str | None
    kol_net: int | None
    overdue: bool
    forms: set[str] = field(default_factory=set)


def offered_forms(actor: User, contract: Contract, dispute: Dispute | None) -> set[str]:
    """The panel forms the viewer may use now."""
    role = contract.party_role(actor.id)
    if dispute is None or dispute.status != "open" or role is None:
        return set()
    forms = {"evidence"}
    if actor.id != dispute.opened_by_id and dispute.responded_at is None:
        forms.add("dispute_response")
    if WITHDRAW_ACTIONS & set(queries.available_actions(actor, contract)):
        forms.add("withdraw_dispute")
    return forms


def offered(actor: User, contract: Contract, key: str) -> bool:
    return key in offered_forms(actor, contract, latest_dispute(contract))


def dispute_panel(actor: User, contract: Contract) -> DisputePanel | None:
    dispute = latest_dispute(contract)
    if dispute is None:
        return None
    now = utcnow()
    due = dispute.response_due_at
    kol_amount: Any = dispute.kol_amount
    return DisputePanel(
        dispute=dispute,
        evidence=evidence_of(dispute),
        outcome=outcome(dispute),
        default_outcome=default_outcome(dispute, now),
        kol_net=fee_split(contract, kol_amount).net if kol_amount is not None else None,
        overdue=due is not None and due <= now and dispute.responded_at is None,
        forms=offered_forms(actor, contract, dispute),
    )
