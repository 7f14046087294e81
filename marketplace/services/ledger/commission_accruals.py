"""The postings of a sale's commission: its accrual into the hold and a return's cancellation.

An accrual moves the commission a sale earned from the contract's prepaid budget
(`commission_escrow`) into `commission_held`, where it waits out the settlement hold; a
return within the hold sends its share back. Keys name the conversion or the return, so a
retried request books once. Callers hold the contract's row lock, so two sales never
overdraw the budget.
"""

from __future__ import annotations

from marketplace.domain.money import BPS_PER_WHOLE
from marketplace.models import Contract, Conversion, ConversionReturn
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import Line, balance, post


def budget_left(contract: Contract) -> int:
    """The commission budget not yet accrued (what further sales can still earn)."""
    return balance(accounts.commission_escrow(contract.id), contract.currency)


def commission_for(contract: Contract, amount: int) -> int:
    """What a sale of `amount` earns at the contract's rate, capped by the budget left."""
    earned = amount * (contract.commission_bps or 0) // BPS_PER_WHOLE
    return max(0, min(earned, budget_left(contract)))


def commission_remaining(conversion: Conversion) -> int:
    """The accrual still held for a conversion after its returns' cancellations."""
    return conversion.commission - sum(r.commission_cancelled for r in conversion.returns)


def return_share(conversion: Conversion, returned: int) -> int:
    """The commission a return of `returned` cancels: its proportional share, floored; the
    return that completes a full refund takes exactly what is left."""
    remaining = commission_remaining(conversion)
    if conversion.refunded + returned >= conversion.amount:
        return remaining
    return min(remaining, conversion.commission * returned // conversion.amount)


def post_accrual(contract: Contract, conversion: Conversion) -> None:
    """The sale's commission leaves the budget for the hold (nothing to post when 0)."""
    earned = conversion.commission
    if not earned:
        return
    post(
        f"accrue:conversion:{conversion.id}",
        "commission_accrue",
        [
            Line(accounts.commission_escrow(contract.id), contract.currency, -earned),
            Line(accounts.commission_held(contract.id), contract.currency, earned),
        ],
        contract_id=contract.id,
    )


def post_return(contract: Contract, conversion_return: ConversionReturn) -> None:
    """A return within the hold sends its share of the accrual back to the budget."""
    share = conversion_return.commission_cancelled
    if not share:
        return
    post(
        f"return:conversion_return:{conversion_return.id}",
        "commission_return",
        [
            Line(accounts.commission_held(contract.id), contract.currency, -share),
            Line(accounts.commission_escrow(contract.id), contract.currency, share),
        ],
        contract_id=contract.id,
    )
