"""The KOL's earnings page: what is in escrow, available and paid out; payouts."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Payout
from tests.factories.contracts import make_contract
from tests.web.test_contract_pages import _text


def test_earnings_show_escrow_available_and_paid_out(client_for):
    deal = make_contract("completed")
    make_contract("funded", kol=deal.kol, listing=deal.listing)
    client = client_for(deal.kol)
    page = _text(client.get("/kol/earnings"))
    assert 'data-testid="available-cny">CN¥2,700<' in page
    assert 'data-testid="escrow-cny">CN¥2,700<' in page
    assert 'data-testid="test-mode-badge"' in page
    assert 'name="amount" type="text" value="2700"' in page
    assert 'data-testid="nav-earnings"' in page


def test_kol_is_paid_out(client_for):
    deal = make_contract("completed")
    client = client_for(deal.kol)
    response = client.post(
        "/kol/earnings/payouts", data={"amount": "2000", "currency": "cny"}, follow_redirects=True
    )
    html = _text(response)
    assert "Paid out." in html
    assert 'data-testid="available-cny">CN¥700<' in html
    assert 'data-testid="paid-cny">CN¥2,000<' in html
    assert 'data-testid="payouts"' in html and "CN¥2,000" in html


def test_a_payout_above_the_balance_is_refused(client_for):
    deal = make_contract("completed")
    response = client_for(deal.kol).post(
        "/kol/earnings/payouts", data={"amount": "5000", "currency": "cny"}, follow_redirects=True
    )
    assert 'class="alert alert-danger' in _text(response)
    assert db.session.scalar(select(func.count(Payout.id))) == 0


def test_a_bad_amount_is_a_field_error(client_for):
    deal = make_contract("completed")
    response = client_for(deal.kol).post(
        "/kol/earnings/payouts", data={"amount": "1e9", "currency": "cny"}
    )
    assert response.status_code == 400
    assert "Enter an amount like 3000.50." in _text(response)
    assert db.session.scalar(select(func.count(Payout.id))) == 0


def test_only_kols_have_earnings(client_for, brand, client):
    assert client_for(brand).get("/kol/earnings").status_code == 403
    assert client_for(brand).post("/kol/earnings/payouts", data={"amount": "1"}).status_code == 403
    assert client.get("/kol/earnings").status_code == 302


def test_earnings_render_in_chinese(client_for, kol):
    client = client_for(kol)
    client.get("/lang/zh")
    response = client.get("/kol/earnings")
    assert response.status_code == 200 and 'lang="zh-Hans"' in _text(response)
