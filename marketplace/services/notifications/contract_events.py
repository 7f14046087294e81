"""Turn a contract transition into a notification for the party that must act next."""

from __future__ import annotations

from marketplace.extensions import db
from marketplace.models import Contract, Notification, User


def notify_contract_event(contract: Contract, action: str, actor: User | None) -> None:
    """Notify the other party (both parties when the system or an admin acted)."""
    if actor is not None and actor.id in (contract.brand_id, contract.kol_id):
        recipients = [contract.kol_id if actor.id == contract.brand_id else contract.brand_id]
    else:
        recipients = [contract.brand_id, contract.kol_id]
    for user_id in recipients:
        db.session.add(
            Notification(
                user_id=user_id,
                kind=f"contract.{action}",
                contract_id=contract.id,
                payload={"status": contract.status},
            )
        )
