"""The audit log: who did what, when and why, for admin actions and money movements.

`record` joins the caller's unit of work, so the row commits with the change it describes
or not at all. Money movements are recorded by the ledger itself (`postings.post` calls
`record_money`), so no posting can be missed. The actor is the signed-in user of the
current request, or the system (timers, provider webhooks) outside one.
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context
from flask_login import current_user

from marketplace.extensions import db
from marketplace.models import AuditEntry, LedgerEntry, User

REASON_MAX = 5000


def _request_user() -> User | None:
    if not has_request_context():
        return None
    user = current_user._get_current_object()  # the proxy's object, not the proxy
    return user if isinstance(user, User) else None


def record(
    actor: User | None,
    action: str,
    subject_type: str,
    subject_id: int | None,
    reason: str = "",
    **data: Any,
) -> AuditEntry:
    """Append one row: `action` such as "dispute.resolve" on `subject_type` #`subject_id`."""
    who = actor if actor is not None else _request_user()
    entry = AuditEntry(
        actor_id=who.id if who is not None else None,
        actor_role=who.role if who is not None else "system",
        action=action[:48],
        subject_type=subject_type[:24],
        subject_id=subject_id,
        reason=(reason or "")[:REASON_MAX],
        data=data,
    )
    db.session.add(entry)
    return entry


def record_money(entry: LedgerEntry) -> AuditEntry:
    """The audit row of a ledger entry: its kind, contract, memo and lines."""
    return record(
        None,
        f"money.{entry.kind}",
        "contract" if entry.contract_id is not None else "ledger",
        entry.contract_id,
        entry.memo or entry.idempotency_key,
        key=entry.idempotency_key,
        lines=[
            {"account": line.account, "currency": line.currency, "amount": line.amount}
            for line in entry.lines
        ],
    )
