"""What happens after a contract's escrow is released to the KOL.

The release itself is a ledger posting (the net to the KOL's available balance). With the
sandbox the KOL then asks for payouts. With Stripe the net is transferred to the KOL's
connected account, in three steps like payouts, so no lock is held while Stripe works:

1. record a transfer attempt (key `release:<contract>`) in the releasing unit of work,
   only if the KOL's account is ready; otherwise the net waits in the available balance
   and `send_waiting_releases` records it when `account.updated` says the account is ready;
2. after commit, ask Stripe to transfer, with `source_transaction` = the funding charge
   and `transfer_group` = the contract, holding no lock;
   Before the call `money_guards.check_release` refuses a transfer above the KOL's net
   that the ledger released and no other transfer took (nothing is sent, admins told);
3. settle: the ledger moves the net from available to paid out only when Stripe confirmed
   the transfer. A refusal moves nothing (the money stays available, the admins are told);
   a lost answer leaves the attempt pending for `retries.retry_pending`, which asks again
   with the same key, so Stripe makes one transfer.
"""

from __future__ import annotations

import logging
from functools import partial

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Contract, LedgerEntry, LedgerLine, PaymentAttempt, User
from marketplace.payments import current_gateway, uses_stripe
from marketplace.payments.gateway import GatewayDeclined, GatewayResult, GatewayUnavailable
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import Line, balance, post
from marketplace.services.notifications.admin_alerts import notify_admins, notify_user
from marketplace.services.payments import attempts
from marketplace.services.payments.commission_transfers import record_waiting_commission
from marketplace.services.payments.connect_accounts import account_of
from marketplace.services.payments.money_guards import OverRelease, check_release
from marketplace.services.unit_of_work import after_commit, use_case

log = logging.getLogger(__name__)
LIVE = ("pending", "succeeded")


def transfer_group(contract_id: int) -> str:
    """The group funding put on the contract's PaymentIntent (see the Stripe gateway)."""
    return f"contract_{contract_id}"


def release_transfers(contract_id: int) -> list[PaymentAttempt]:
    """The contract's release transfers, oldest first (not its commission transfers)."""
    return list(
        db.session.scalars(
            select(PaymentAttempt)
            .where(
                PaymentAttempt.contract_id == contract_id,
                PaymentAttempt.kind == "transfer",
                PaymentAttempt.idempotency_key.like("release:%"),
            )
            .order_by(PaymentAttempt.id)
        )
    )


def _released_nets(kol_id: int) -> list[tuple[int, str, int]]:
    """(contract, currency, net) of every release or dispute split that credited the KOL."""
    available = accounts.kol_available(kol_id)
    rows = db.session.execute(
        select(Contract.id, LedgerLine.currency, func.sum(LedgerLine.amount))
        .join(LedgerEntry, LedgerEntry.contract_id == Contract.id)
        .join(LedgerLine, LedgerLine.entry_id == LedgerEntry.id)
        .where(
            Contract.kol_id == kol_id,
            LedgerEntry.kind.in_(("release", "resolve")),
            LedgerLine.account == available,
        )
        .group_by(Contract.id, LedgerLine.currency)
        .order_by(Contract.id)
    )
    return [(cid, currency, int(net)) for cid, currency, net in rows if net > 0]


def waiting_releases(kol_id: int) -> list[tuple[int, str, int]]:
    """Released nets with no transfer pending or made: they wait in the available balance."""
    return [
        row
        for row in _released_nets(kol_id)
        if not any(t.status in LIVE for t in release_transfers(row[0]))
    ]


def _in_flight(kol_id: int, currency: str) -> int:
    """What pending release transfers will take from the KOL's available balance."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(PaymentAttempt.amount), 0))
        .join(Contract, Contract.id == PaymentAttempt.contract_id)
        .where(
            Contract.kol_id == kol_id,
            PaymentAttempt.kind == "transfer",
            PaymentAttempt.status == "pending",
            PaymentAttempt.currency == currency,
        )
    )
    return int(total or 0)


def _source_charge(contract_id: int) -> PaymentAttempt | None:
    charge = attempts.succeeded_charge(contract_id)
    return charge if charge is not None and charge.provider == "stripe" else None


def send_waiting_releases(kol_id: int) -> list[int]:
    """Record a transfer for each waiting release of a ready account; run them after commit.

    Joins the caller's unit of work. Under the KOL's row lock, so two callers (a release
    and an account.updated) never record one contract twice, and never more than the
    available balance holds.
    """
    account = account_of(kol_id)
    if not uses_stripe() or account is None or not account.ready:
        return []
    db.session.execute(select(User.id).where(User.id == kol_id).with_for_update())
    recorded: list[int] = []
    for contract_id, currency, net in waiting_releases(kol_id):
        if net > balance(accounts.kol_available(kol_id), currency) - _in_flight(kol_id, currency):
            log.error("release of contract %s: %s %s not available", contract_id, net, currency)
            continue
        tried = len(release_transfers(contract_id))
        charge = _source_charge(contract_id)
        attempt = PaymentAttempt(
            idempotency_key=f"release:{contract_id}" + (f":{tried + 1}" if tried else ""),
            kind="transfer",
            provider="stripe",
            contract_id=contract_id,
            charge_id=charge.id if charge is not None else None,
            amount=net,
            currency=currency,
            payment_method=account.reference,
        )
        db.session.add(attempt)
        db.session.flush()
        recorded.append(attempt.id)
    recorded.extend(
        record_waiting_commission(
            kol_id,
            account.reference,
            lambda currency: balance(accounts.kol_available(kol_id), currency)
            - _in_flight(kol_id, currency),
        )
    )
    for attempt_id in recorded:
        after_commit(partial(execute_release, attempt_id))
    return recorded


def on_release(contract: Contract, kol_net: int) -> None:
    """Called in the releasing unit of work, right after the release (or a commission
    settlement) was posted."""
    if not uses_stripe() or kol_net <= 0:
        return
    send_waiting_releases(contract.kol_id)


def execute_release(attempt_id: int) -> None:
    """Steps 2 and 3 for one recorded release transfer; safe to call again (same key)."""
    attempt = db.session.get(PaymentAttempt, attempt_id)
    if (
        attempt is None
        or attempt.status != "pending"
        or attempt.kind != "transfer"
        or attempt.contract_id is None
    ):
        return
    try:
        check_release(
            db.session.get_one(Contract, attempt.contract_id),
            attempt.amount,
            exclude_attempt=attempt.id,
        )
    except OverRelease as refused:
        log.error("release transfer %s refused before Stripe: %s", attempt_id, refused.message)
        _settle_declined(attempt_id, GatewayDeclined(OverRelease.code, refused.message))
        return
    charge = db.session.get(PaymentAttempt, attempt.charge_id) if attempt.charge_id else None
    source = charge.provider_ref if charge is not None else None
    try:
        result = current_gateway().transfer(
            destination=attempt.payment_method or "",
            amount=attempt.amount,
            currency=attempt.currency,
            idempotency_key=attempt.idempotency_key,
            source_transaction=source if source and not source.startswith("pi_") else None,
            transfer_group=transfer_group(attempt.contract_id),
        )
    except GatewayUnavailable:
        log.warning("release transfer %s: Stripe unavailable, left pending", attempt_id)
        return
    except GatewayDeclined as declined:
        log.error("release transfer %s refused by Stripe: %s", attempt_id, declined.code)
        _settle_declined(attempt_id, declined)
        return
    _settle_paid(attempt_id, result)


@use_case
def _settle_paid(attempt_id: int, result: GatewayResult) -> None:
    attempt = attempts.lock_attempt(attempt_id)
    if attempt.status != "pending" or attempt.contract_id is None:
        return
    attempts.record_success(attempt, result)
    contract = db.session.get_one(Contract, attempt.contract_id)
    post(
        f"transfer:{attempt.idempotency_key}",
        "payout",
        [
            Line(accounts.kol_available(contract.kol_id), attempt.currency, -attempt.amount),
            Line(accounts.kol_paid_out(contract.kol_id), attempt.currency, attempt.amount),
        ],
        contract_id=contract.id,
        memo=result.reference,
    )


@use_case
def _settle_declined(attempt_id: int, declined: GatewayDeclined) -> None:
    attempt = attempts.lock_attempt(attempt_id)
    if attempt.status != "pending" or attempt.contract_id is None:
        return
    attempts.record_decline(attempt, declined)
    contract = db.session.get_one(Contract, attempt.contract_id)
    notify_admins(
        "payments.release_failed_admin", contract.id, title=contract.title, code=declined.code
    )
    notify_user(contract.kol_id, "payments.release_failed", contract.id, title=contract.title)
