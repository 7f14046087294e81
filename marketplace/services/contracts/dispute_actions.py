"""What the parties do with an open dispute: the other side responds, the opener withdraws.

A response is the other party's one written answer (with evidence files), accepted until
the dispute is decided, even after its deadline: the deadline only makes the dispute
eligible for a default outcome (`dispute_deadlines`). Withdrawing returns the contract to
the status the dispute froze through the `withdraw_to_<status>` transition, and restarts
the timer that status runs on: a submitted contract gets a fresh review window.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.domain.contracts import withdraw_action
from marketplace.domain.errors import Conflict, NotAllowed
from marketplace.models import Dispute, User
from marketplace.models.base import utcnow
from marketplace.services.contracts.dispute_evidence import MAX_FILES, attach
from marketplace.services.contracts.dispute_queries import lock_dispute, party_role
from marketplace.services.contracts.workflow import seconds_setting, transition
from marketplace.services.images import reject
from marketplace.services.notifications.admin_alerts import notify_user
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

STATEMENT_MAX = 5000


def _require_open(dispute: Dispute) -> None:
    if dispute.status != "open":
        raise Conflict(str(_l("This dispute has already been decided or withdrawn.")))


@use_case
def respond(actor: User, dispute_id: int, statement: Any, files: Sequence[Any] = ()) -> Dispute:
    """The other party answers once, with a statement and optional evidence files."""
    dispute = lock_dispute(actor, dispute_id)
    role = party_role(actor, dispute)
    if role is None or actor.id == dispute.opened_by_id:
        raise NotAllowed(str(_l("Only the other party can respond to this dispute.")))
    _require_open(dispute)
    if dispute.responded_at is not None:
        raise Conflict(str(_l("You have already responded to this dispute.")))
    v = Validator()
    clean = v.string("statement", statement, max_len=STATEMENT_MAX)
    v.check()
    if len(files) > MAX_FILES:
        raise reject("file", _l("A dispute holds at most %(n)d files.", n=MAX_FILES))
    dispute.response = clean
    dispute.responded_at = utcnow()
    for upload in files:
        attach(dispute, actor, role, upload)
    if dispute.opened_by_id is not None:
        notify_user(
            dispute.opened_by_id,
            "dispute.responded",
            dispute.contract_id,
            title=dispute.contract.title,
            by=actor.name,
        )
    return dispute


@use_case
def withdraw(actor: User, dispute_id: int) -> Dispute:
    """The opener withdraws; the contract returns to the status the dispute froze."""
    dispute = lock_dispute(actor, dispute_id)
    _require_open(dispute)
    contract = transition(actor, dispute.contract_id, withdraw_action(dispute.prior_status))
    now = utcnow()
    dispute.status = "withdrawn"
    dispute.withdrawn_at = now
    contract.disputed_from = None
    if contract.status == "submitted":
        contract.review_due_at = now + seconds_setting("REVIEW_WINDOW_S")
    other = contract.kol_id if actor.id == contract.brand_id else contract.brand_id
    notify_user(other, "dispute.withdrawn", contract.id, title=contract.title, by=actor.name)
    return dispute
