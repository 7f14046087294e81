"""The brand's Sales page: store integration with a once-shown secret, and the CSV import."""

from __future__ import annotations

import io
import re

from marketplace.models import Conversion
from marketplace.models.base import utcnow
from marketplace.services.campaigns import postback_auth
from tests.factories.contracts import make_contract
from tests.factories.sales import link_code, make_commission_deal, make_conversion


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_the_page_shows_the_postback_url_and_signing_headers(login_as, ctx):
    deal = make_commission_deal()
    page = _text(login_as(deal.brand).get("/brand/sales"))
    assert "/api/v1/conversions" in page and "X-Kol-Signature: sha256=" in page
    assert f"X-Kol-Brand: {deal.brand.id}" in page
    assert 'data-testid="nav-sales"' in page


def test_a_secret_is_shown_once_then_masked_and_rotation_keeps_the_old_one_a_while(login_as, ctx):
    deal = make_commission_deal()
    client = login_as(deal.brand)
    created = _text(client.post("/brand/sales/secret"))
    secret = postback_auth.current_secret(deal.brand).secret
    assert secret in created
    later = _text(client.get("/brand/sales"))
    assert secret not in later and secret[-4:] in later
    client.post("/brand/sales/secret")
    live = [s.secret for s in postback_auth.live_secrets(deal.brand.id)]
    assert secret in live and len(live) == 2
    assert postback_auth.current_secret(deal.brand).secret != secret


def test_rotation_needs_the_csrf_token(login_as, request, ctx):
    deal = make_commission_deal()
    client = login_as(deal.brand)
    request.getfixturevalue("csrf_on")
    page = _text(client.get("/brand/sales"))
    forms = re.findall(r"<form method=\"post\".*?</form>", page, re.S)
    assert len(forms) >= 2 and all('name="csrf_token"' in form for form in forms)
    assert client.post("/brand/sales/secret").status_code == 400
    assert postback_auth.current_secret(deal.brand) is None


def test_a_csv_import_reports_every_row(login_as, ctx):
    deal = make_commission_deal(bps=1000)
    now = utcnow().isoformat()
    code = link_code(deal)
    csv = (
        "order_id,link_code,amount,currency,ordered_at\n"
        f"TB-1,{code},199.00,cny,{now}\n"
        f"TB-2,{code},-5,cny,{now}\n"
    ).encode()
    client = login_as(deal.brand)
    upload = {"file": (io.BytesIO(csv), "orders.csv")}
    response = client.post("/brand/sales/import", data=upload, content_type="multipart/form-data")
    page = _text(response)
    assert response.status_code == 200
    assert 'data-outcome="booked"' in page and 'data-outcome="error"' in page
    assert "1 booked, 0 already imported, 1 with errors." in page
    again = {"file": (io.BytesIO(csv), "orders.csv")}
    page = _text(client.post("/brand/sales/import", data=again, content_type="multipart/form-data"))
    assert "0 booked, 1 already imported, 1 with errors." in page
    recent = page.split('data-testid="recent-sales"')[1]
    assert "TB-1" in recent and "In the settlement hold" in recent and "TB-2" not in recent
    assert Conversion.query.count() == 1


def test_a_file_that_is_not_an_export_is_a_form_error(login_as, ctx):
    deal = make_commission_deal()
    client = login_as(deal.brand)
    upload = {"file": (io.BytesIO(b"name,price\nA,1\n"), "orders.csv")}
    response = client.post("/brand/sales/import", data=upload, content_type="multipart/form-data")
    assert response.status_code == 400 and "Missing columns" in _text(response)
    missing = client.post("/brand/sales/import", data={}, content_type="multipart/form-data")
    assert missing.status_code == 400 and "Choose the CSV file" in _text(missing)


def test_the_latest_sales_are_only_the_brands_own(login_as, ctx):
    deal = make_commission_deal()
    other = make_commission_deal()
    make_conversion(deal, order_id="MINE-1")
    make_conversion(other, order_id="THEIRS-1")
    page = _text(login_as(deal.brand).get("/brand/sales"))
    assert "MINE-1" in page and "THEIRS-1" not in page


def test_kols_cannot_open_the_sales_page(login_as, ctx):
    deal = make_commission_deal()
    assert login_as(deal.kol).get("/brand/sales").status_code == 403


def test_the_kol_sees_the_budget_and_when_it_is_used_up(login_as, ctx):
    deal = make_commission_deal(bps=1000, budget=1_000)
    client = login_as(deal.kol)
    page = _text(client.get(f"/contracts/{deal.id}"))
    assert 'data-testid="commission-panel"' in page and "budget-used-up" not in page
    make_conversion(deal, amount=20_000)
    page = _text(client.get(f"/contracts/{deal.id}"))
    assert 'data-testid="budget-used-up"' in page
    assert "sales earn no commission until the brand tops up" in page
    assert "Budget used: 100%" in page


def test_a_contract_without_commission_has_no_budget_panel(login_as, ctx):
    deal = make_contract("funded")
    page = _text(login_as(deal.kol).get(f"/contracts/{deal.id}"))
    assert 'data-testid="commission-panel"' not in page
