"""Alerts for every admin (a chargeback, a suspended party's open contract, ...).

Written in the caller's transaction like any notification, with its email; the sentence
for each `kind` lives in `texts_payments.TEXTS` or `texts_disputes.TEXTS`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import User
from marketplace.services.notifications.records import add_notification


def notify_admins(kind: str, contract_id: int | None, **payload: Any) -> int:
    """Add one notification of `kind` per active admin; returns how many."""
    admin_ids = db.session.scalars(
        select(User.id).where(User.role == "admin", User.is_suspended.is_(False))
    ).all()
    for admin_id in admin_ids:
        add_notification(admin_id, kind, contract_id, payload)
    return len(admin_ids)


def notify_user(user_id: int, kind: str, contract_id: int | None, **payload: Any) -> None:
    """One notification of `kind` for one user (a dispute response due, a payout failed)."""
    add_notification(user_id, kind, contract_id, payload)
