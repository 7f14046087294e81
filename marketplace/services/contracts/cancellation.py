"""Cancelling a contract, and what happens to the money.

- Before funding (accepted): either party cancels at once; nothing was paid.
- Funded, the due date passed and nothing submitted: the brand cancels alone, refunded.
- Otherwise, while money is in escrow: one party asks (`request_cancel`), the other
  confirms (`confirm_cancel`), and the brand is refunded in full. Anything else goes
  through a dispute.
"""

from __future__ import annotations

from typing import Any

from marketplace.domain.contracts import BRAND, DISPUTABLE_STATUSES
from marketplace.models import Contract, User
from marketplace.models.base import utcnow
from marketplace.services.campaigns.budget_return import close_if_done
from marketplace.services.contracts.reputation import refresh_kol_reputation
from marketplace.services.contracts.workflow import lock_contract, transition
from marketplace.services.ledger.contract_postings import escrow_balance
from marketplace.services.payments.refunds import refund_escrow
from marketplace.services.payments.stripe_settlement import abandon_payments
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

REASON_MAX = 500


def _overdue_and_unsubmitted(contract: Contract) -> bool:
    return contract.first_submitted_at is None and contract.due_date < utcnow().date()


def _choose_action(actor: User, contract: Contract) -> str:
    """Which row of the table this cancel request is, from the status and who asks."""
    if contract.status != "funded" and contract.status not in DISPUTABLE_STATUSES:
        return "cancel"
    role = contract.party_role(actor.id)
    if contract.status == "funded" and role == BRAND and _overdue_and_unsubmitted(contract):
        return "cancel"
    if contract.cancel_requested_by is not None and contract.cancel_requested_by != role:
        return "confirm_cancel"
    return "request_cancel"


def refund_all(contract: Contract) -> None:
    """Give the whole escrow back to the brand (ledger now, gateway after commit), and the
    unused commission budget once no accrual is left in its hold (see budget_return)."""
    held = escrow_balance(contract)
    if held > 0:
        refund_escrow(contract, held)
    close_if_done(contract, utcnow())


@use_case
def cancel(actor: User, contract_id: int, reason: Any = "") -> Contract:
    """Cancel, or ask to cancel, as the rules above allow (see the module docstring).

    Returns the contract: `cancelled`, or still in its status with `cancel_requested_by`
    set when this was a request the other party must confirm.
    """
    v = Validator()
    clean_reason = v.string("reason", reason, required=False, max_len=REASON_MAX) or ""
    v.check()
    contract = lock_contract(actor, contract_id)
    action = _choose_action(actor, contract)
    contract = transition(actor, contract_id, action, {"reason": clean_reason})
    if action == "request_cancel":
        contract.cancel_requested_by = contract.party_role(actor.id)
        contract.cancel_reason = clean_reason or None
        return contract
    if action == "cancel" and contract.funded_at is None:
        abandon_payments(contract.id)  # an unpaid Stripe PaymentIntent is cancelled too
    now = utcnow()
    contract.closed_at = now
    contract.funding_due_at = None
    contract.review_due_at = None
    refund_all(contract)
    refresh_kol_reputation(contract.kol_id)
    return contract
