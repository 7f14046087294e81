"""The response deadline: a default outcome for the side that answered, admins told once.

When the responding side lets `response_due_at` pass without answering, the dispute is
eligible for a default outcome in favour of the side that did answer, the opener. Nothing
is decided automatically: the admin queue shows the flag and an admin confirms. The
sweep (`flag_missed_responses`, run by `timers.run_due`) alerts the admins once per
dispute; the audit row it writes is what marks the dispute as already announced.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import ColumnElement, Exists, exists, select

from marketplace.extensions import db
from marketplace.models import AuditEntry, Dispute
from marketplace.services import audit
from marketplace.services.notifications.admin_alerts import notify_admins
from marketplace.services.unit_of_work import use_case

log = logging.getLogger(__name__)

MISSED = "dispute.response_missed"
BATCH = 500


def response_missed(dispute: Dispute, now: datetime) -> bool:
    """The dispute is open, unanswered, and its response deadline has passed at `now`."""
    due = dispute.response_due_at
    return (
        dispute.status == "open" and dispute.responded_at is None and due is not None and due <= now
    )


def default_outcome(dispute: Dispute, now: datetime) -> str | None:
    """ "brand" or "kol": the side a default outcome favours, once the other missed its deadline.

    That is the opener, the side that answered; None while no default outcome applies
    (still in time, answered, decided, or a chargeback with no party opener).
    """
    if not response_missed(dispute, now) or dispute.opened_by_id is None:
        return None
    return dispute.opened_by_role


def _announced() -> Exists:
    return exists().where(
        AuditEntry.action == MISSED,
        AuditEntry.subject_type == "dispute",
        AuditEntry.subject_id == Dispute.id,
    )


def _missed(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (
        Dispute.status == "open",
        Dispute.responded_at.is_(None),
        Dispute.response_due_at.is_not(None),
        Dispute.response_due_at <= now,
        ~_announced(),
    )


@use_case
def _announce(dispute_id: int, now: datetime) -> bool:
    dispute = db.session.scalar(
        select(Dispute)
        .where(Dispute.id == dispute_id, *_missed(now))
        .with_for_update(of=Dispute, skip_locked=True)
        .execution_options(populate_existing=True)
    )
    if dispute is None or default_outcome(dispute, now) is None:
        return False
    side = dispute.opened_by_role
    audit.record(None, MISSED, "dispute", dispute.id, "", contract_id=dispute.contract_id)
    notify_admins(
        MISSED, dispute.contract_id, title=dispute.contract.title, dispute=dispute.id, side=side
    )
    return True


def flag_missed_responses(now: datetime) -> int:
    """Alert the admins about each dispute whose response deadline passed; returns how many."""
    ids = db.session.scalars(
        select(Dispute.id)
        .where(*_missed(now))
        .order_by(Dispute.response_due_at, Dispute.id)
        .limit(BATCH)
    ).all()
    flagged = 0
    for dispute_id in ids:
        try:
            flagged += _announce(dispute_id, now)
        except Exception:
            log.exception("run_due: flagging dispute %s failed", dispute_id)
    return flagged
