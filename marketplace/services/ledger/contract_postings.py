"""The postings of a contract's life: fund, release, refund and a dispute's split.

Each has a deterministic idempotency key per contract, so a repeated approve, a
double-clicked fund button or a timer racing a person books the money once. Callers hold
the contract's row lock (they run inside `contracts.workflow.transition`).
"""

from __future__ import annotations

from sqlalchemy import select

from marketplace.domain.fees import FeeSplit, split
from marketplace.extensions import db
from marketplace.models import Contract, LedgerEntry, LedgerLine
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import Line, balance, post


def funded_total(contract: Contract) -> int:
    """What funding charges: the fixed price plus any commission budget."""
    return contract.price + contract.commission_budget


def fee_split(contract: Contract, gross: int | None = None) -> FeeSplit:
    """The platform fee and the KOL's net of `gross` (default: the price) at the contract's rate."""
    return split(contract.price if gross is None else gross, contract.fee_bps)


def escrow_balance(contract: Contract) -> int:
    return balance(accounts.escrow(contract.id), contract.currency)


def funding_account(contract: Contract) -> str:
    """The external account that funded the contract (refunds go back there)."""
    account = db.session.scalar(
        select(LedgerLine.account)
        .join(LedgerEntry, LedgerEntry.id == LedgerLine.entry_id)
        .where(
            LedgerEntry.idempotency_key == f"fund:contract:{contract.id}",
            LedgerLine.account.like("external:%"),
        )
    )
    if account is None:
        raise LookupError(f"contract {contract.id} was never funded")
    return account


def post_funding(contract: Contract, provider: str) -> LedgerEntry:
    """The gateway's money arrives in escrow: the price in the contract's, any commission
    budget in its commission escrow."""
    lines = [
        Line(accounts.external(provider), contract.currency, -funded_total(contract)),
        Line(accounts.escrow(contract.id), contract.currency, contract.price),
    ]
    if contract.commission_budget:
        lines.append(
            Line(
                accounts.commission_escrow(contract.id),
                contract.currency,
                contract.commission_budget,
            )
        )
    return post(f"fund:contract:{contract.id}", "fund", lines, contract_id=contract.id)


def _release_lines(contract: Contract, gross: int) -> list[Line]:
    parts = fee_split(contract, gross)
    lines = [Line(accounts.escrow(contract.id), contract.currency, -gross)]
    if parts.net:
        lines.append(Line(accounts.kol_available(contract.kol_id), contract.currency, parts.net))
    if parts.fee:
        lines.append(Line(accounts.PLATFORM_FEES, contract.currency, parts.fee))
    return lines


def post_release(contract: Contract) -> LedgerEntry:
    """On completion the price leaves escrow: the fee to the platform, the net to the KOL."""
    return post(
        f"release:contract:{contract.id}",
        "release",
        _release_lines(contract, contract.price),
        contract_id=contract.id,
    )


def post_refund(contract: Contract, amount: int, key: str) -> LedgerEntry:
    """`amount` of the escrow goes back to where it came from (the brand's payment)."""
    return post(
        key,
        "refund",
        [
            Line(accounts.escrow(contract.id), contract.currency, -amount),
            Line(funding_account(contract), contract.currency, amount),
        ],
        contract_id=contract.id,
    )


def post_resolution(contract: Contract, kol_amount: int, brand_refund: int) -> LedgerEntry:
    """An admin's split of a disputed escrow: `kol_amount` released less the fee, the rest back."""
    lines: list[Line] = []
    if kol_amount:
        lines.extend(_release_lines(contract, kol_amount))
    if brand_refund:
        lines.extend(
            [
                Line(accounts.escrow(contract.id), contract.currency, -brand_refund),
                Line(funding_account(contract), contract.currency, brand_refund),
            ]
        )
    return post(f"resolve:contract:{contract.id}", "resolve", lines, contract_id=contract.id)
