"""The contract page's commission top-up form: for the brand only, errors on the form."""

from __future__ import annotations

from marketplace.extensions import db
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from tests.factories.sales import make_commission_deal


def _text(response) -> str:
    return response.get_data(as_text=True)


def _budget_left(deal) -> int:
    return balance(accounts.commission_escrow(deal.id), deal.contract.currency)


def test_the_brand_tops_up_from_the_contract_page(login_as, ctx):
    deal = make_commission_deal(budget=1_000)
    client = login_as(deal.brand)
    page = _text(client.get(f"/contracts/{deal.id}"))
    assert 'data-testid="form-top-up"' in page
    answer = client.post(
        f"/contracts/{deal.id}/commission-budget",
        data={"amount": "50", "payment_method": "pm_card_visa"},
        follow_redirects=True,
    )
    assert answer.status_code == 200
    assert "added to the commission budget" in _text(answer)
    assert _budget_left(deal) == 1_000 + 5_000
    db.session.refresh(deal.contract)
    assert deal.contract.commission_budget == 6_000


def test_a_bad_amount_shows_on_the_form_and_books_nothing(login_as, ctx):
    deal = make_commission_deal(budget=1_000)
    client = login_as(deal.brand)
    answer = client.post(
        f"/contracts/{deal.id}/commission-budget",
        data={"amount": "lots", "payment_method": "pm_card_visa"},
    )
    assert answer.status_code == 400
    assert 'data-testid="form-top-up"' in _text(answer)
    assert _budget_left(deal) == 1_000


def test_a_declined_card_is_flashed_and_books_nothing(login_as, ctx):
    deal = make_commission_deal(budget=1_000)
    answer = login_as(deal.brand).post(
        f"/contracts/{deal.id}/commission-budget",
        data={"amount": "50", "payment_method": "pm_card_chargeDeclined"},
        follow_redirects=True,
    )
    assert "declined" in _text(answer)
    assert _budget_left(deal) == 1_000


def test_the_kol_sees_no_form_and_cannot_post_one(login_as, ctx):
    deal = make_commission_deal(budget=1_000)
    client = login_as(deal.kol)
    assert 'data-testid="form-top-up"' not in _text(client.get(f"/contracts/{deal.id}"))
    answer = client.post(
        f"/contracts/{deal.id}/commission-budget",
        data={"amount": "50", "payment_method": "pm_card_visa"},
    )
    assert answer.status_code == 403
    assert _budget_left(deal) == 1_000
