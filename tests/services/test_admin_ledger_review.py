"""The reconciliation panel's checks, and balances page by page."""

import pytest

from marketplace.domain.errors import NotAllowed, ValidationFailed
from marketplace.extensions import db
from marketplace.models import LedgerEntry, LedgerLine
from marketplace.services.admin import ledger_review
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import Line, post
from tests.factories.contracts import make_contract


def test_a_busy_ledger_reconciles(admin, ctx):
    deals = {status: make_contract(status) for status in
             ("funded", "submitted", "disputed", "completed", "resolved", "cancelled")}  # fmt: skip
    check = ledger_review.review(admin)
    assert check.totals == {"cny": 0} and check.totals_zero and check.ok
    assert check.anomalies == []
    held = {row.contract_id: row for row in check.escrow}
    for status in ("funded", "submitted", "disputed"):
        row = held[deals[status].id]
        assert (row.status, row.held, row.anomaly) == (status, 300_000, None)
    for status in ("completed", "resolved", "cancelled"):
        assert deals[status].id not in held  # nothing held, nothing to show
    assert check.escrow_held == {"cny": 900_000}


def test_escrow_left_in_a_final_contract_is_an_anomaly(admin, ctx):
    done = make_contract("completed")
    post(
        "test:stray-escrow",
        "fund",
        [
            Line(accounts.escrow(done.id), "cny", 500),
            Line(accounts.external("sandbox"), "cny", -500),
        ],
        contract_id=done.id,
    )
    check = ledger_review.reconciliation()
    assert check.totals_zero and not check.ok
    (anomaly,) = check.anomalies
    assert (anomaly.kind, anomaly.contract_id, anomaly.status, anomaly.amount) == (
        ledger_review.ESCROW_IN_FINAL_STATUS, done.id, "completed", 500,
    )  # fmt: skip
    assert check.escrow[0].contract_id == done.id  # anomalies are listed first


def test_a_funded_contract_with_empty_escrow_is_an_anomaly(admin, ctx):
    deal = make_contract("funded")
    post(
        "test:drained",
        "refund",
        [Line(accounts.escrow(deal.id), "cny", -300_000),
         Line(accounts.external("sandbox"), "cny", 300_000)],
        contract_id=deal.id,
    )  # fmt: skip
    (anomaly,) = ledger_review.reconciliation().anomalies
    assert (anomaly.kind, anomaly.contract_id, anomaly.amount) == (
        ledger_review.ESCROW_MISSING, deal.id, 0,
    )  # fmt: skip


def test_negative_held_balances_and_unknown_escrows_are_anomalies(admin, ctx):
    entry = LedgerEntry(idempotency_key="test:raw", kind="test")
    entry.lines = [  # written around the ledger service, which would refuse it
        LedgerLine(account=accounts.kol_available(424242), currency="usd", amount=-70),
        LedgerLine(account=accounts.escrow(777777), currency="usd", amount=70),
    ]
    db.session.add(entry)
    db.session.flush()
    kinds = {(a.kind, a.account) for a in ledger_review.reconciliation().anomalies}
    assert kinds == {
        (ledger_review.NEGATIVE_BALANCE, accounts.kol_available(424242)),
        (ledger_review.ESCROW_WITHOUT_CONTRACT, accounts.escrow(777777)),
    }


def test_unbalanced_totals_are_reported(admin, monkeypatch):
    monkeypatch.setattr(ledger_review.balances, "totals", lambda: {"cny": 0, "usd": 12})
    check = ledger_review.reconciliation()
    assert not check.totals_zero and not check.ok
    assert [(a.kind, a.currency, a.amount) for a in check.anomalies] == [
        (ledger_review.UNBALANCED_CURRENCY, "usd", 12)
    ]


def test_balances_page_by_page(admin, ctx):
    for _ in range(2):
        make_contract("funded")
    first = ledger_review.balances_page(admin, page=1, per_page=2)
    assert first.total == 3  # two escrows and the gateway's mirror
    assert all(row.account.startswith("escrow:contract:") for row in first.items)
    rest = ledger_review.balances_page(admin, page=2, per_page=2)
    assert [row.account for row in rest.items] == ["external:sandbox"]
    assert rest.items[0].balance == -600_000
    with pytest.raises(ValidationFailed):
        ledger_review.balances_page(admin, page="x")


def test_only_admins_review_the_ledger(kol, brand):
    for actor in (kol, brand):
        with pytest.raises(NotAllowed):
            ledger_review.review(actor)
        with pytest.raises(NotAllowed):
            ledger_review.balances_page(actor)
