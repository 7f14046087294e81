"""Admin console pages: dashboard, verification queue, flagged contracts, ledger, audit log."""

import csv
import io
import re

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import AuditEntry, Contract, KolProfile
from marketplace.services.admin import moderation
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import Line, post
from tests import factories
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import make_contract, offer_values


@pytest.fixture
def admin_client(admin, login_as):
    return login_as(admin)


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_dashboard_draws_server_side_svg_charts(admin_client, ctx):
    make_contract("completed")
    make_contract("disputed")
    page = _text(admin_client.get("/admin/"))
    assert 'data-testid="status-count-completed">1<' in page
    assert 'data-testid="status-count-disputed">1<' in page
    chart = re.search(r'<svg class="admin-chart".*?</svg>', page, re.S)
    assert chart and 'data-testid="chart-cny"' in chart.group(0)
    assert chart.group(0).count('class="chart-gmv"') == 12
    assert "<script" not in page.split("<main", 1)[-1].split("</main>")[0]
    assert "style=" not in chart.group(0)  # the CSP refuses inline styles
    assert re.search(r'data-testid="dispute-rate">\s*50', page)  # 1 disputed of 2 funded
    daily = _text(admin_client.get("/admin/?period=day"))
    assert daily.count('class="chart-gmv"') == 14


def test_dashboard_with_nothing_yet_and_a_bad_period(admin_client):
    page = _text(admin_client.get("/admin/"))
    assert 'data-testid="no-money"' in page and 'data-testid="dispute-rate">\n        —' in page
    assert admin_client.get("/admin/?period=year").status_code == 400


def test_admin_nav_links_every_console_page(admin_client):
    page = _text(admin_client.get("/dashboard"))
    for name in ("dashboard", "verification", "users", "flagged", "ledger", "audit"):
        assert f'data-testid="nav-admin-{name}"' in page


def test_verification_queue_verifies_with_a_required_note(admin_client, ctx):
    kol, _ = make_kol_with_listing(name="Queue Kol")
    page = _text(admin_client.get("/admin/verification"))
    assert f'data-testid="queue-row-{kol.id}"' in page and "48,000" in page
    assert f'data-testid="authenticity-{kol.id}"' in page
    missing = admin_client.post(f"/admin/verification/{kol.id}", data={"level": "verified"})
    assert missing.status_code == 400 and "This field is required." in _text(missing)
    assert db.session.get(KolProfile, kol.id).verification == "unverified"
    assert admin_client.post("/admin/verification/999999", data={"reason": "x"}).status_code == 404
    done = admin_client.post(
        f"/admin/verification/{kol.id}", data={"level": "invited_pro", "reason": "Agency"}
    )
    assert done.status_code == 302
    assert db.session.get(KolProfile, kol.id).verification == "invited_pro"
    assert f'queue-row-{kol.id}"' not in _text(admin_client.get("/admin/verification"))


def test_suspension_flags_contracts_listed_on_the_flagged_page(admin_client, admin, ctx):
    deal = make_contract("funded")
    asked = admin_client.post(f"/admin/users/{deal.brand.id}/suspend", data={"reason": "Fraud"})
    assert 'data-testid="confirm-suspend"' in _text(asked)
    assert 'name="confirm" value="yes"' in _text(asked)
    assert 'data-testid="flagged-empty"' in _text(admin_client.get("/admin/flagged"))
    admin_client.post(
        f"/admin/users/{deal.brand.id}/suspend", data={"reason": "Fraud", "confirm": "yes"}
    )
    page = _text(admin_client.get("/admin/flagged"))
    assert f'data-testid="flagged-{deal.id}"' in page and "Fraud" in page
    bad = admin_client.post(f"/admin/flagged/{deal.id}/clear", data={"reason": ""})
    assert bad.status_code == 400 and "This field is required." in _text(bad)
    assert admin_client.post("/admin/flagged/999999/clear", data={"reason": "x"}).status_code == 404
    cleared = admin_client.post(f"/admin/flagged/{deal.id}/clear", data={"reason": "Reviewed"})
    assert cleared.status_code == 302
    assert db.session.get(Contract, deal.id).flagged_at is None
    assert 'data-testid="flagged-empty"' in _text(admin_client.get("/admin/flagged"))


def test_a_suspended_brand_makes_no_offer_through_the_page(admin, client_for, ctx):
    brand = factories.make_brand()
    kol, listing = make_kol_with_listing()
    client = client_for(brand)
    moderation.suspend_user(admin, brand.id, "Fake store")
    response = client.post(
        "/contracts/new", data={**offer_values(kol, listing), "send": "Send offer"}
    )
    assert response.status_code == 302 and "/auth/login" in response.location
    assert db.session.scalar(select(func.count(Contract.id))) == 0


def test_ledger_page_shows_balances_and_a_balanced_reconciliation(admin_client, ctx):
    deal = make_contract("funded")
    page = _text(admin_client.get("/admin/ledger"))
    assert 'data-testid="reconciliation" data-ok="true"' in page
    assert 'data-testid="reconciliation-ok"' in page
    assert 'data-testid="total-value-cny">0<' in page
    assert f'data-testid="escrow-{deal.id}"' in page
    assert f'data-testid="balance-escrow:contract:{deal.id}-cny"' in page
    assert admin_client.get("/admin/ledger?page=abc").status_code == 400


def test_ledger_page_highlights_escrow_left_in_a_final_contract(admin_client, ctx):
    done = make_contract("completed")
    post(
        "test:stray",
        "fund",
        [
            Line(accounts.escrow(done.id), "cny", 900),
            Line(accounts.external("sandbox"), "cny", -900),
        ],
        contract_id=done.id,
    )
    page = _text(admin_client.get("/admin/ledger"))
    assert 'data-ok="false"' in page and 'data-testid="anomaly-escrow_in_final_status"' in page
    assert f"Contract #{done.id} is Completed but its escrow still holds" in page


def test_audit_page_filters_and_exports_the_same_rows(admin_client, admin, ctx):
    brand = factories.make_brand()
    moderation.suspend_user(admin, brand.id, "@risky reason")
    make_contract("funded")
    page = _text(admin_client.get("/admin/audit?action=user."))
    assert "user.suspend" in page and "money.fund" not in page
    assert 'data-testid="audit-total">1 entry<' in page
    link = re.search(r'href="([^"]+)" data-testid="audit-csv"', page).group(1)
    assert "action=user." in link
    export = admin_client.get(link.replace("&amp;", "&"))
    assert export.status_code == 200 and export.mimetype == "text/csv"
    assert "attachment" in export.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(export.get_data(as_text=True))))
    assert [row[5] for row in rows[1:]] == ["user.suspend"]
    assert rows[1][8] == "'@risky reason"
    everything = _text(admin_client.get("/admin/audit"))
    assert "money.fund" in everything and "user.suspend" in everything


def test_audit_bad_filters_are_a_clear_400(admin_client):
    response = admin_client.get("/admin/audit?date_from=2026-13-01&subject_id=x")
    assert response.status_code == 400
    page = _text(response)
    assert 'data-testid="form-errors"' in page and "Must be a date (YYYY-MM-DD)." in page
    reversed_range = admin_client.get("/admin/audit?date_from=2026-03-02&date_to=2026-03-01")
    assert reversed_range.status_code == 400
    assert admin_client.get("/admin/audit.csv?date_to=soon").status_code == 400


def test_admin_actions_leave_audit_rows(admin_client, admin, ctx):
    kol = factories.make_kol()
    admin_client.post(f"/admin/users/{kol.id}/verify", data={"level": "verified", "reason": "ok"})
    admin_client.post(f"/admin/users/{kol.id}/suspend", data={"reason": "x", "confirm": "yes"})
    admin_client.post(f"/admin/users/{kol.id}/unsuspend", data={"reason": "y", "confirm": "yes"})
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.actor_id == admin.id).order_by(AuditEntry.id)
    ).all()
    assert actions == ["kol.verify", "user.suspend", "user.unsuspend"]
