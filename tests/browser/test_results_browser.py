"""The brand's results dashboard in Chromium: from the nav to a contract's results, its
figures, and the SVG charts drawing the days with data; no console error or CSP report."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from playwright.sync_api import Page, expect

from marketplace.extensions import db
from marketplace.models.base import utcnow
from tests.browser.test_content_security_policy import sign_in, watch
from tests.factories.results import make_clicks
from tests.factories.sales import make_commission_deal, make_conversion


def seed(app: Flask) -> tuple[int, str]:
    with app.test_request_context():
        deal = make_commission_deal(bps=1000, budget=50_000, title="Sunscreen launch")
        deal.contract.funded_at = utcnow() - timedelta(days=10)
        for days_ago, clicks in ((6, 30), (3, 20), (0, 10)):
            make_clicks(deal, clicks, unique=clicks - 5, at=utcnow() - timedelta(days=days_ago))
        make_conversion(deal, amount=25_000, ordered_at=utcnow() - timedelta(days=6))
        make_conversion(deal, amount=15_000, ordered_at=utcnow() - timedelta(days=3))
        db.session.commit()
        return deal.id, deal.brand.email


def test_brand_sees_contract_results_with_charts(app: Flask, page: Page, live_server: str):
    contract_id, brand_email = seed(app)
    problems = watch(page, live_server)
    sign_in(page, brand_email)
    page.get_by_test_id("nav-results").first.click()
    expect(page.get_by_test_id(f"results-row-{contract_id}")).to_contain_text("Sunscreen launch")
    page.get_by_role("link", name="Sunscreen launch").click()
    expect(page.get_by_test_id("figure-clicks")).to_have_text("60")
    expect(page.get_by_test_id("figure-unique_clicks")).to_have_text("45")
    expect(page.get_by_test_id("figure-orders")).to_have_text("2")
    expect(page.get_by_test_id("figure-gmv")).to_have_text("CN¥400")
    expect(page.get_by_test_id("figure-commission_accrued")).to_have_text("CN¥40")
    traffic = page.get_by_test_id("chart-traffic")
    expect(traffic).to_be_visible()
    # Three days with clicks: a column for all clicks and one for unique clicks each.
    expect(traffic.locator("rect")).to_have_count(6)
    heights = traffic.locator("rect").evaluate_all(
        "rects => rects.map(r => r.getBoundingClientRect().height)"
    )
    assert all(height > 0 for height in heights)
    expect(page.get_by_test_id("chart-orders").locator("rect")).to_have_count(2)
    gmv = page.get_by_test_id("chart-gmv").locator('rect[data-series="gmv"]')
    expect(gmv).to_have_count(2)
    assert sorted(gmv.evaluate_all("rs => rs.map(r => +r.dataset.value)")) == [15_000, 25_000]
    expect(page.locator("#chart-traffic-title")).to_have_text("Clicks per day")
    page.get_by_text("The figures as a table").click()
    expect(page.get_by_test_id("results-series").locator("tbody tr").first).to_be_visible()
    assert problems == []
