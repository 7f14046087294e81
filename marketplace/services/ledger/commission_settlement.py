"""The postings that end a commission accrual's life, and the budget's top-ups and return.

- settlement (`settle:conversion:<id>`): the conversion's accrual left after returns leaves
  `commission_held`; the KOL's net goes to its available earnings, the fee to the platform,
  split at the contract's fee rate like a release of the price;
- top-up (`topup:<top-up id>`): the brand's payment arrives in the commission escrow;
- budget return (`commission_return:contract:<id>`): what the commission escrow still holds
  goes back to the account that funded the contract, once per contract.

Callers hold the contract's row lock, so the balances these read cannot move underneath.
"""

from __future__ import annotations

from marketplace.models import CommissionTopUp, Contract, Conversion, LedgerEntry
from marketplace.services.ledger import accounts
from marketplace.services.ledger.commission_accruals import commission_remaining
from marketplace.services.ledger.contract_postings import fee_split, funding_account
from marketplace.services.ledger.postings import Line, balance, post


def settlement_key(conversion_id: int) -> str:
    return f"settle:conversion:{conversion_id}"


def budget_return_key(contract_id: int) -> str:
    return f"commission_return:contract:{contract_id}"


def held_commission(contract: Contract) -> int:
    """Commission accrued on the contract's sales and still waiting out its hold."""
    return balance(accounts.commission_held(contract.id), contract.currency)


def unaccrued_budget(contract: Contract) -> int:
    """What the commission escrow still holds: budget no sale has earned yet."""
    return balance(accounts.commission_escrow(contract.id), contract.currency)


def post_settlement(contract: Contract, conversion: Conversion) -> LedgerEntry | None:
    """Pay out a conversion's accrual after the hold (nothing to post when returns took it all)."""
    gross = commission_remaining(conversion)
    if gross <= 0:
        return None
    parts = fee_split(contract, gross)
    lines = [Line(accounts.commission_held(contract.id), contract.currency, -gross)]
    if parts.net:
        lines.append(Line(accounts.kol_available(contract.kol_id), contract.currency, parts.net))
    if parts.fee:
        lines.append(Line(accounts.PLATFORM_FEES, contract.currency, parts.fee))
    return post(
        settlement_key(conversion.id), "commission_settle", lines, contract_id=contract.id
    )


def post_top_up(contract: Contract, top_up: CommissionTopUp, provider: str) -> LedgerEntry:
    """The brand's top-up payment lands in the contract's commission escrow."""
    return post(
        f"topup:{top_up.id}",
        "commission_topup",
        [
            Line(accounts.external(provider), contract.currency, -top_up.amount),
            Line(accounts.commission_escrow(contract.id), contract.currency, top_up.amount),
        ],
        contract_id=contract.id,
    )


def post_budget_return(contract: Contract, amount: int) -> LedgerEntry:
    """The unused budget goes back to where the funding came from."""
    return post(
        budget_return_key(contract.id),
        "commission_close",
        [
            Line(accounts.commission_escrow(contract.id), contract.currency, -amount),
            Line(funding_account(contract), contract.currency, amount),
        ],
        contract_id=contract.id,
    )
