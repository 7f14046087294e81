"""Stripe mode: each settled commission net goes to the KOL's connected account.

One transfer per settled conversion, key `commission:<conversion>` (then
`commission:<conversion>:<n>` after a refusal), recorded under the KOL's row lock by
`releases.send_waiting_releases` beside the release transfers and executed the same way
(`releases.execute_release`: `money_guards.check_release` first, which counts every net
the ledger credited the KOL for the contract, commission included; `source_transaction` =
the contract's funding charge; `transfer_group` = the contract). Until the KOL's account
is ready the nets wait in the available balance, like released prices.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Contract, LedgerEntry, LedgerLine, PaymentAttempt
from marketplace.services.ledger import accounts
from marketplace.services.payments import attempts

LIVE = ("pending", "succeeded")
SETTLE_PREFIX = "settle:conversion:"


def transfer_key(conversion_id: int) -> str:
    return f"commission:{conversion_id}"


def _transfers(conversion_id: int) -> list[PaymentAttempt]:
    key = transfer_key(conversion_id)
    return list(
        db.session.scalars(
            select(PaymentAttempt).where(
                PaymentAttempt.kind == "transfer",
                (PaymentAttempt.idempotency_key == key)
                | PaymentAttempt.idempotency_key.like(key + ":%"),
            )
        )
    )


def _settled_nets(kol_id: int) -> list[tuple[int, int, str, int]]:
    """(conversion, contract, currency, net) of every commission settled to the KOL."""
    rows = db.session.execute(
        select(
            LedgerEntry.idempotency_key,
            LedgerEntry.contract_id,
            LedgerLine.currency,
            LedgerLine.amount,
        )
        .join(LedgerLine, LedgerLine.entry_id == LedgerEntry.id)
        .join(Contract, Contract.id == LedgerEntry.contract_id)
        .where(
            Contract.kol_id == kol_id,
            LedgerEntry.kind == "commission_settle",
            LedgerLine.account == accounts.kol_available(kol_id),
            LedgerLine.amount > 0,
        )
        .order_by(LedgerEntry.id)
    )
    return [
        (int(key.removeprefix(SETTLE_PREFIX)), contract_id, currency, int(net))
        for key, contract_id, currency, net in rows
    ]


def waiting_commission(kol_id: int) -> list[tuple[int, str, int]]:
    """(contract, currency, net) of settled commission with no transfer pending or made."""
    return [
        (contract_id, currency, net)
        for conversion_id, contract_id, currency, net in _settled_nets(kol_id)
        if not any(t.status in LIVE for t in _transfers(conversion_id))
    ]


def record_waiting_commission(
    kol_id: int, destination: str, room: Callable[[str], int]
) -> list[int]:
    """Record a transfer for each waiting commission net that `room(currency)` (what the
    available balance still holds beyond transfers in flight) can pay; the caller holds the
    KOL's row lock and runs them after commit."""
    recorded: list[int] = []
    for conversion_id, contract_id, currency, net in _settled_nets(kol_id):
        tried = _transfers(conversion_id)
        if any(t.status in LIVE for t in tried) or net > room(currency):
            continue
        charge = attempts.succeeded_charge(contract_id)
        attempt = PaymentAttempt(
            idempotency_key=transfer_key(conversion_id)
            + (f":{len(tried) + 1}" if tried else ""),
            kind="transfer",
            provider="stripe",
            contract_id=contract_id,
            charge_id=charge.id if charge is not None and charge.provider == "stripe" else None,
            amount=net,
            currency=currency,
            payment_method=destination,
        )
        db.session.add(attempt)
        db.session.flush()
        recorded.append(attempt.id)
    return recorded
