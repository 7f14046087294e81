"""Gateway calls that did not get an answer, asked again with their own keys.

`run_due` calls `retry_pending(now)` outside any unit of work (it calls the gateway).
Refunds, transfers (payouts and releases) and reversals are recorded before the call,
so a pending one older than `RETRY_AFTER` is one whose answer was lost or whose process
stopped; asking again with the same key makes the provider answer with what it did,
or do it now, once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import PaymentAttempt
from marketplace.models.base import utcnow
from marketplace.services.payments.clawbacks import execute_reversal
from marketplace.services.payments.payouts import execute_transfer
from marketplace.services.payments.refunds import execute_refund
from marketplace.services.payments.releases import execute_release

# A younger pending attempt may still be in flight in the request that made it.
RETRY_AFTER = timedelta(minutes=1)
_KINDS = ("refund", "transfer", "reversal")


def _execute(attempt_id: int, kind: str, payout_id: int | None) -> None:
    if kind == "refund":
        execute_refund(attempt_id)
    elif kind == "reversal":
        execute_reversal(attempt_id)
    elif payout_id is not None:
        execute_transfer(attempt_id)  # a payout the KOL asked for
    else:
        execute_release(attempt_id)  # a contract's release to a connected account


def retry_pending(now: datetime | None = None) -> int:
    """Ask the gateway again for every stale pending refund, transfer and reversal.

    Returns how many of them are settled now (succeeded or failed).
    """
    cutoff = (now or utcnow()) - RETRY_AFTER
    stale = db.session.execute(
        select(PaymentAttempt.id, PaymentAttempt.kind, PaymentAttempt.payout_id)
        .where(
            PaymentAttempt.status == "pending",
            PaymentAttempt.kind.in_(_KINDS),
            PaymentAttempt.created_at <= cutoff,
        )
        .order_by(PaymentAttempt.id)
    ).all()
    settled = 0
    for attempt_id, kind, payout_id in stale:
        _execute(attempt_id, kind, payout_id)
        attempt = db.session.get(PaymentAttempt, attempt_id, populate_existing=True)
        settled += attempt is not None and attempt.status != "pending"
    return settled
