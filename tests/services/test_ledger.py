"""Postings: balanced, idempotent by key, held accounts never negative; derived balances."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.domain.errors import Conflict
from marketplace.extensions import db
from marketplace.models import LedgerEntry, LedgerLine
from marketplace.services.contracts import disputes
from marketplace.services.ledger import accounts, balances
from marketplace.services.ledger.postings import Line, UnbalancedEntry, balance, post
from marketplace.services.unit_of_work import unit_of_work
from tests.factories import make_admin
from tests.factories.contracts import make_contract

EXTERNAL = accounts.external("sandbox")
ESCROW = accounts.escrow(999_001)


def _post(key: str, lines: list[Line]) -> LedgerEntry:
    with unit_of_work():
        return post(key, "test", lines)


def _fund_escrow(amount: int, key: str = "fund:test", currency: str = "cny") -> LedgerEntry:
    return _post(key, [Line(EXTERNAL, currency, -amount), Line(ESCROW, currency, amount)])


def _entry_count() -> int:
    return db.session.scalar(select(func.count()).select_from(LedgerEntry))


@pytest.mark.parametrize(
    "lines",
    [
        [Line(EXTERNAL, "cny", -100), Line(ESCROW, "cny", 99)],
        [Line(EXTERNAL, "cny", -100), Line(ESCROW, "usd", 100)],  # balanced only in sum
        [Line(ESCROW, "cny", 100)],
        [Line(EXTERNAL, "cny", 0), Line(ESCROW, "cny", 0)],
        [Line(EXTERNAL, "eur", -1), Line(ESCROW, "eur", 1)],
        [Line(EXTERNAL, "cny", -1.0), Line(ESCROW, "cny", 1.0)],  # type: ignore[arg-type]
    ],
)
def test_an_unbalanced_or_malformed_entry_is_refused_and_writes_nothing(ctx, lines):
    with pytest.raises(UnbalancedEntry):
        _post("bad", lines)
    assert _entry_count() == 0


def test_posting_the_same_key_again_returns_the_first_entry_and_books_once(ctx):
    first = _fund_escrow(10_000)
    again = _fund_escrow(10_000)
    assert again.id == first.id
    assert _entry_count() == 1
    assert balance(ESCROW, "cny") == 10_000


def test_the_same_key_with_other_lines_is_a_conflict(ctx):
    _fund_escrow(10_000)
    with pytest.raises(Conflict):
        _fund_escrow(20_000)
    assert balance(ESCROW, "cny") == 10_000


def test_a_held_account_is_never_taken_below_zero(ctx):
    _fund_escrow(10_000)
    payout = accounts.kol_available(1)
    with pytest.raises(Conflict):
        _post("too-much", [Line(ESCROW, "cny", -10_001), Line(payout, "cny", 10_001)])
    _post("all", [Line(ESCROW, "cny", -10_000), Line(payout, "cny", 10_000)])
    assert balance(ESCROW, "cny") == 0
    assert balance(payout, "cny") == 10_000


def test_external_accounts_may_go_negative(ctx):
    _fund_escrow(5)
    assert balance(EXTERNAL, "cny") == -5


def test_balances_are_signed_and_every_currency_totals_zero(ctx):
    _fund_escrow(10_000)
    _fund_escrow(300, key="fund:usd", currency="usd")
    _post("fee", [Line(ESCROW, "cny", -1_000), Line(accounts.PLATFORM_FEES, "cny", 1_000)])
    assert {(b.account, b.currency, b.balance) for b in balances.all_balances()} == {
        (EXTERNAL, "cny", -10_000),
        (EXTERNAL, "usd", -300),
        (ESCROW, "cny", 9_000),
        (ESCROW, "usd", 300),
        (accounts.PLATFORM_FEES, "cny", 1_000),
    }
    assert balances.totals() == {"cny": 0, "usd": 0}


def test_accounts_that_came_back_to_zero_are_left_out(ctx):
    _fund_escrow(10_000)
    _post("back", [Line(ESCROW, "cny", -10_000), Line(EXTERNAL, "cny", 10_000)])
    assert balances.all_balances() == []
    assert balances.totals() == {"cny": 0}


def test_contract_money_of_a_completed_contract(ctx):
    deal = make_contract("completed", price=300_000)
    money = balances.contract_money(deal.contract)
    assert money == balances.ContractMoney(
        currency="cny",
        funded=300_000,
        in_escrow=0,
        released=300_000,
        fee=30_000,
        kol_net_released=270_000,
        refunded=0,
    )


def test_contract_money_of_a_funded_contract(ctx):
    deal = make_contract("funded", price=300_000)
    money = balances.contract_money(deal.contract)
    assert (money.funded, money.in_escrow, money.released, money.refunded) == (
        300_000,
        300_000,
        0,
        0,
    )


def test_contract_money_of_a_split_resolution(ctx):
    deal = make_contract("disputed", price=300_000)
    dispute = disputes.open_dispute_of(deal.contract)
    disputes.resolve_dispute(
        make_admin(), dispute.id, kol_amount=100_000, brand_refund=200_000, note="Split"
    )
    money = balances.contract_money(deal.contract)
    assert money.funded == 300_000
    assert money.in_escrow == 0
    assert money.released == 100_000
    assert money.fee == 10_000
    assert money.kol_net_released == 90_000
    assert money.refunded == 200_000
    assert money.funded == money.in_escrow + money.released + money.refunded


def test_contract_money_ignores_other_contracts(ctx):
    make_contract("completed", price=500_000)
    deal = make_contract("accepted", price=300_000)
    assert balances.contract_money(deal.contract) == balances.ContractMoney("cny", 0, 0, 0, 0, 0, 0)
    lines = db.session.scalar(select(func.count()).select_from(LedgerLine))
    assert lines > 0
