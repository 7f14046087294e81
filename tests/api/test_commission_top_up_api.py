"""POST /api/v1/contracts/{id}/commission-budget: the brand tops up; a decline books nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import CommissionTopUp, LedgerEntry, PaymentAttempt
from marketplace.models.base import utcnow
from marketplace.services.contracts.timers import run_due
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from tests.factories import make_brand
from tests.factories.contracts import make_contract
from tests.factories.sales import make_commission_deal, make_conversion

URL = "/api/v1/contracts/{}/commission-budget"


def _budget_left(deal) -> int:
    return balance(accounts.commission_escrow(deal.id), deal.contract.currency)


def test_a_top_up_is_charged_and_escrowed_and_sales_earn_again(client, auth_headers, ctx):
    deal = make_commission_deal(bps=1000, budget=1_000)
    make_conversion(deal, amount=10_000)  # uses the whole budget
    assert make_conversion(deal, amount=10_000).commission == 0
    answer = client.post(
        URL.format(deal.id),
        json={"amount": 5_000, "payment_method": "pm_card_visa"},
        headers=auth_headers(deal.brand),
    )
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["commission_budget"] == 6_000
    assert _budget_left(deal) == 5_000
    [top_up] = db.session.scalars(select(CommissionTopUp)).all()
    assert (top_up.status, top_up.idempotency_key) == ("succeeded", f"topup:{deal.id}:1")
    entry = db.session.scalar(
        select(LedgerEntry).where(LedgerEntry.idempotency_key == f"topup:{top_up.id}")
    )
    assert entry.kind == "commission_topup"
    assert make_conversion(deal, amount=10_000).commission == 1_000


def test_a_top_up_re_arms_the_80_percent_alert(client, auth_headers, ctx):
    deal = make_commission_deal(bps=1000, budget=1_000)
    make_conversion(deal, amount=9_000)  # 90% used: alerted
    db.session.refresh(deal.contract)
    assert deal.contract.commission_alerted_at is not None
    client.post(
        URL.format(deal.id),
        json={"amount": 9_000, "payment_method": "pm_card_visa"},
        headers=auth_headers(deal.brand),
    )
    db.session.refresh(deal.contract)
    assert deal.contract.commission_alerted_at is None


def test_a_declined_card_is_402_and_books_nothing(client, auth_headers, ctx):
    deal = make_commission_deal(budget=1_000)
    answer = client.post(
        URL.format(deal.id),
        json={"amount": 5_000, "payment_method": "pm_card_chargeDeclined"},
        headers=auth_headers(deal.brand),
    )
    assert answer.status_code == 402
    assert answer.get_json()["error"]
    assert _budget_left(deal) == 1_000
    db.session.refresh(deal.contract)
    assert deal.contract.commission_budget == 1_000
    assert [t.status for t in db.session.scalars(select(CommissionTopUp))] == ["failed"]


def test_refusals_book_nothing(client, auth_headers, ctx):
    deal = make_commission_deal(budget=1_000)
    url = URL.format(deal.id)
    brand = auth_headers(deal.brand)
    for body in ({"amount": 0, "payment_method": "pm_card_visa"}, {"amount": "x"}, {}):
        assert client.post(url, json=body, headers=brand).status_code == 400
    body = {"amount": 100, "payment_method": "pm_card_visa"}
    assert client.post(url, json=body, headers=auth_headers(make_brand())).status_code == 404
    assert client.post(url, json=body, headers=auth_headers(deal.kol)).status_code == 403
    done = make_commission_deal("completed", budget=1_000)
    run_due(utcnow() + timedelta(days=31))
    late = client.post(URL.format(done.id), json=body, headers=auth_headers(done.brand))
    assert late.status_code == 409
    assert _budget_left(deal) == 1_000
    assert db.session.scalars(select(CommissionTopUp)).all() == []


def test_a_contract_without_commission_cannot_be_topped_up(client, auth_headers, ctx):
    deal = make_contract("funded")
    body = {"amount": 100, "payment_method": "pm_card_visa"}
    answer = client.post(URL.format(deal.id), json=body, headers=auth_headers(deal.brand))
    assert answer.status_code == 409


def test_the_budget_return_gives_back_the_top_up_as_well(client, auth_headers, ctx):
    deal = make_commission_deal("completed", budget=1_000)
    client.post(
        URL.format(deal.id),
        json={"amount": 5_000, "payment_method": "pm_card_visa"},
        headers=auth_headers(deal.brand),
    )
    assert run_due(utcnow() + timedelta(days=31)).extra["commission_budgets_closed"] == 1
    refunds = db.session.scalars(
        select(PaymentAttempt).where(
            PaymentAttempt.contract_id == deal.id, PaymentAttempt.kind == "refund"
        )
    ).all()
    assert sum(r.amount for r in refunds) == 6_000
    assert {r.status for r in refunds} == {"succeeded"}
    assert _budget_left(deal) == 0
