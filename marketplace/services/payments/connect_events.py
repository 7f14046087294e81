"""Connect events: connected accounts and their bank payouts (see webhook_events).

`account.updated` is only a hint: the account is fetched again, so a late or repeated
event never stores an old state. `payout.paid` / `payout.failed` are Stripe paying the
KOL's connected balance to its bank on the account's schedule; we record them to show
the KOL, and a failed one alerts the KOL.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from marketplace.domain import money
from marketplace.extensions import db
from marketplace.models import BankPayout
from marketplace.payments import browser_gateway
from marketplace.services.notifications.admin_alerts import notify_user
from marketplace.services.payments.connect_accounts import account_by_reference, store_state
from marketplace.services.payments.webhook_events import Handler, IncomingEvent, ignore, remember
from marketplace.services.unit_of_work import unit_of_work


def _account_updated(event: IncomingEvent) -> str:
    reference = event.account or event.object_id or ""
    account = account_by_reference(reference)
    if account is None:
        return ignore(event, f"unknown connected account {reference}")
    state = browser_gateway().account_state(reference)
    with unit_of_work():
        remember(event, "handled")
        store_state(account.user_id, state)
    return "handled"


def _arrival(value: object) -> datetime | None:
    if not isinstance(value, int):
        return None
    return datetime.fromtimestamp(value, UTC).replace(tzinfo=None)


def _payout(event: IncomingEvent) -> str:
    reference = event.account or ""
    account = account_by_reference(reference)
    payout_id = event.object_id
    if account is None or payout_id is None:
        return ignore(event, f"payout on unknown connected account {reference}")
    data = event.object
    status = "paid" if event.type == "payout.paid" else "failed"
    with unit_of_work():
        remember(event, "handled")
        row = db.session.scalar(
            select(BankPayout).where(BankPayout.reference == payout_id).with_for_update()
        )
        if row is None:
            row = BankPayout(reference=payout_id, account_ref=reference, kol_id=account.user_id)
            db.session.add(row)
        elif row.status == "failed":
            return "handled"  # a failed payout stays failed; a late payout.paid is older news
        row.amount = int(data.get("amount") or 0)
        row.currency = str(data.get("currency") or "usd")[:3]
        row.status = status
        row.arrival_at = _arrival(data.get("arrival_date"))
        if status == "failed":
            row.failure_code = str(data.get("failure_code") or "")[:64] or None
            row.failure_message = str(data.get("failure_message") or "")[:300] or None
            shown = money.format_money(row.amount, row.currency, "en")
            notify_user(account.user_id, "payments.bank_payout_failed", None, amount=shown)
    return "handled"


HANDLERS: dict[str, Handler] = {
    "account.updated": _account_updated,
    "payout.paid": _payout,
    "payout.failed": _payout,
}
