"""An admin's round of the console in Chromium: dashboard charts, the verification queue,
a suspension with its confirmation step, the flagged contract, a balanced ledger and the
audit log, with no console error, CSP violation or request to another origin."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, expect

from marketplace.extensions import db
from tests import factories
from tests.browser.test_content_security_policy import sign_in, watch
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import make_contract


def seed(app: Flask) -> dict[str, object]:
    with app.test_request_context():
        admin = factories.make_admin(email="ops@example.com")
        waiting, _ = make_kol_with_listing(name="Waiting Wen")
        deal = make_contract("funded")
        make_contract("completed")
        db.session.commit()
        return {
            "admin": admin.email,
            "kol": waiting.id,
            "brand": deal.brand.id,
            "brand_email": deal.brand.email,
            "contract": deal.id,
        }


def test_admin_console_round(app: Flask, page: Page, live_server: str) -> None:
    ids = seed(app)
    problems = watch(page, live_server)
    sign_in(page, str(ids["admin"]))

    page.get_by_test_id("nav-admin-dashboard").click()
    expect(page.get_by_test_id("chart-cny")).to_be_visible()
    expect(page.get_by_test_id("status-count-funded")).to_have_text("1")

    page.get_by_test_id("nav-admin-verification").click()
    row = page.get_by_test_id(f"queue-row-{ids['kol']}")
    row.get_by_label("Note (what you checked)").fill("Checked the platform insights")
    row.get_by_test_id(f"verify-{ids['kol']}").click()
    expect(page.locator(".alert-success")).to_contain_text("Verification updated.")
    expect(page.get_by_test_id(f"queue-row-{ids['kol']}")).to_have_count(0)

    page.get_by_test_id("nav-admin-users").click()
    page.get_by_label("Exact email or start of the name").fill(str(ids["brand_email"]))
    page.get_by_role("button", name="Search").click()
    user_row = page.get_by_test_id(f"user-row-{ids['brand']}")
    user_row.get_by_placeholder("Reason").fill("Stolen card")
    user_row.get_by_test_id(f"suspend-{ids['brand']}").click()
    expect(page.get_by_test_id("confirm-suspend")).to_be_visible()
    expect(page.get_by_label("Reason")).to_have_value("Stolen card")
    page.get_by_test_id("confirm-button").click()
    expect(page.locator(".alert-success")).to_contain_text("The account is suspended")

    page.get_by_test_id("nav-admin-flagged").click()
    expect(page.get_by_test_id(f"flagged-{ids['contract']}")).to_contain_text("Stolen card")

    page.get_by_test_id("nav-admin-ledger").click()
    expect(page.get_by_test_id("reconciliation-ok")).to_be_visible()
    expect(page.get_by_test_id("total-value-cny")).to_have_text("0")
    expect(page.get_by_test_id(f"escrow-{ids['contract']}")).to_contain_text("CN¥3,000")

    page.get_by_test_id("nav-admin-audit").click()
    page.get_by_label("Action (e.g. user.suspend, or money. for all)").fill("user.suspend")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("audit-total")).to_have_text("1 entry")
    expect(page.get_by_test_id("audit-entries")).to_contain_text("Stolen card")
    with page.expect_download() as download:
        page.get_by_test_id("audit-csv").click()
    assert "Stolen card" in Path(download.value.path()).read_text(encoding="utf-8")
    assert problems == []
