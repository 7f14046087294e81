"""The contract workflow: the status table bound to rows, guards, words and side effects.

`transition()` is the only way a contract's status changes. Inside the caller's unit of
work it locks the contract row, checks the table and the guards, writes the status and a
`ContractEvent`, then lets the caller post ledger entries in the same transaction, and
tells the other party (a notification) about what they now have to act on.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select

from marketplace.domain.contracts import CONTRACT_TRANSITIONS
from marketplace.domain.errors import Conflict, DomainError, NotAllowed, NotFound
from marketplace.extensions import db
from marketplace.models import Contract, ContractEvent, Dispute, User
from marketplace.models.base import utcnow
from marketplace.services.transitions import (
    Guard,
    Move,
    Workflow,
    apply_transition,
    lock_subject,
)


def status_label(status: str) -> str:
    """The translated status word (imported late: the labels live with the pages)."""
    from marketplace.labels import label

    return label("contract_status", status).lower()


def _scope(stmt: Select[Any], actor: User) -> Select[Any]:
    """Parties reach their own contracts; admins reach every contract."""
    if actor.role == "admin":
        return stmt
    return stmt.where(or_(Contract.brand_id == actor.id, Contract.kol_id == actor.id))


def contract_not_found() -> DomainError:
    return NotFound(str(_l("Contract not found.")))


def _refusal(contract: Contract, wanted: str) -> str:
    return str(
        _l(
            "This contract is %(status)s, so that cannot be done now.",
            status=status_label(contract.status),
        )
    )


def _awaiting_actor(move: Move[Contract]) -> bool:
    return move.subject.awaiting == move.role


def _awaiting_refusal(move: Move[Contract]) -> DomainError:
    return Conflict(str(_l("The offer is waiting for the other party's answer.")))


def _offer_open(move: Move[Contract]) -> bool:
    expires = move.subject.offer_expires_at
    return expires is None or expires > utcnow()


def _offer_expired(move: Move[Contract]) -> DomainError:
    return Conflict(str(_l("This offer has expired.")))


def funding_open(contract: Contract) -> bool:
    """True while the brand may still fund an accepted contract."""
    return contract.funding_due_at is None or contract.funding_due_at > utcnow()


def _funding_open(move: Move[Contract]) -> bool:
    return funding_open(move.subject)


def _funding_closed(move: Move[Contract]) -> DomainError:
    return Conflict(str(_l("The time to fund this contract has passed.")))


def _revisions_left(move: Move[Contract]) -> bool:
    return move.subject.revisions_left > 0


def _revisions_refusal(move: Move[Contract]) -> DomainError:
    return Conflict(
        str(
            _l(
                "All %(n)d agreed revisions have been used; approve or open a dispute.",
                n=move.subject.revisions_allowed,
            )
        )
    )


def _review_open(move: Move[Contract]) -> bool:
    due = move.subject.review_due_at
    return due is None or due > utcnow()


def _review_closed(move: Move[Contract]) -> DomainError:
    return Conflict(
        str(_l("The review window has passed, so the work is approved; it cannot be reopened."))
    )


def _overdue_unsubmitted(move: Move[Contract]) -> bool:
    contract = move.subject
    return contract.first_submitted_at is None and contract.due_date < utcnow().date()


def _overdue_refusal(move: Move[Contract]) -> DomainError:
    return Conflict(
        str(
            _l(
                "A funded contract can be cancelled alone only after the due date has passed "
                "with nothing submitted. Ask the KOL to agree to cancel, or open a dispute."
            )
        )
    )


def _cancel_agreed(move: Move[Contract]) -> bool:
    requested_by = move.subject.cancel_requested_by
    return requested_by is not None and requested_by != move.role


def _cancel_agreed_refusal(move: Move[Contract]) -> DomainError:
    return Conflict(str(_l("The other party has not asked to cancel this contract.")))


def _dispute_opener(move: Move[Contract]) -> bool:
    """The actor opened the contract's open dispute, and the move returns to its prior status."""
    contract, actor = move.subject, move.actor
    if actor is None or contract.disputed_from != move.transition.target:
        return False
    opener = db.session.scalar(
        select(Dispute.opened_by_id).where(
            Dispute.contract_id == contract.id, Dispute.status == "open"
        )
    )
    return opener == actor.id


def _dispute_opener_refusal(move: Move[Contract]) -> DomainError:
    return NotAllowed(str(_l("Only the party that opened a dispute can withdraw it.")))


CONTRACT_WORKFLOW: Workflow[Contract] = Workflow(
    table=CONTRACT_TRANSITIONS,
    model=Contract,
    event_model=ContractEvent,
    scope=_scope,
    not_found=contract_not_found,
    refusal=_refusal,
    guards={
        "awaiting_actor": Guard(_awaiting_actor, _awaiting_refusal),
        "offer_open": Guard(_offer_open, _offer_expired),
        "funding_open": Guard(_funding_open, _funding_closed),
        "revisions_left": Guard(_revisions_left, _revisions_refusal),
        "review_open": Guard(_review_open, _review_closed),
        "overdue_unsubmitted": Guard(_overdue_unsubmitted, _overdue_refusal),
        "cancel_agreed": Guard(_cancel_agreed, _cancel_agreed_refusal),
        "dispute_opener": Guard(_dispute_opener, _dispute_opener_refusal),
    },
)


def transition(
    actor: User | None,
    contract_id: int,
    action: str,
    payload: Mapping[str, Any] | None = None,
) -> Contract:
    """Apply `action` to the contract as `actor` (None: the system), inside the caller's unit.

    Raises NotFound (not the actor's contract), NotAllowed (wrong kind of account),
    InvalidTransition (409, not in this status) or a guard's refusal; nothing is written
    then. The caller posts the ledger entries that belong to the move afterwards, in the
    same unit of work.
    """
    from marketplace.services.notifications import notify_contract_event

    contract = apply_transition(
        CONTRACT_WORKFLOW, contract_id, actor, action=action, payload=payload
    )
    if contract.status != "offered":
        contract.awaiting = None
    if action != "request_cancel":
        contract.cancel_requested_by = None
    notify_contract_event(contract, action, actor)
    return contract


def seconds_setting(name: str) -> timedelta:
    """A timer setting (OFFER_TTL_S, FUNDING_TTL_S, REVIEW_WINDOW_S) as a timedelta."""
    return timedelta(seconds=int(current_app.config[name]))


def lock_contract(actor: User | None, contract_id: int) -> Contract:
    """The contract, row-locked, when `actor` is a party or an admin; else NotFound."""
    return lock_subject(CONTRACT_WORKFLOW, contract_id, actor)
