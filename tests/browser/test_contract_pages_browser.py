"""Contract pages in Chromium: hire from a listing, accept, a declined card then a good
one, proof with a screenshot, approval, payout; two browser contexts, no CSP violation."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import Browser, Page, expect

from marketplace.extensions import db
from tests import factories
from tests.browser.test_content_security_policy import sign_in, watch
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import POST_URL
from tests.factories.kols import image_bytes


def seed(app: Flask) -> dict[str, int | str]:
    with app.test_request_context():
        kol, listing = make_kol_with_listing(name="Mia Glow", rate=300_000)
        brand = factories.make_brand(name="Lumi Skin")
        db.session.commit()
        return {
            "kol": kol.id,
            "listing": listing.id,
            "kol_email": kol.email,
            "brand_email": brand.email,
        }


def _party(browser: Browser, live_server: str, email: str) -> tuple[Page, list[str]]:
    context = browser.new_context(base_url=live_server, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = watch(page, live_server)
    sign_in(page, email)
    return page, problems


def test_offer_to_approval_in_two_browsers(
    app: Flask, browser: Browser, live_server: str, tmp_path: Path
) -> None:
    ids = seed(app)
    brand, brand_problems = _party(browser, live_server, str(ids["brand_email"]))
    kol, kol_problems = _party(browser, live_server, str(ids["kol_email"]))

    brand.goto(f"/kol/{ids['kol']}")
    brand.get_by_test_id(f"hire-{ids['listing']}").click()
    expect(brand.get_by_test_id("summary-net")).to_have_text("CN¥2,700")
    brand.get_by_test_id("send-offer").click()
    expect(brand.get_by_test_id("contract-status")).to_have_text("Offered")
    contract_url = brand.url

    kol.goto(contract_url)
    expect(kol.get_by_test_id("whose-turn")).to_contain_text("Your turn.")
    kol.get_by_test_id("action-accept").click()
    expect(kol.get_by_test_id("contract-status")).to_have_text("Accepted")

    brand.goto(contract_url)
    expect(brand.get_by_test_id("test-mode-badge")).to_be_visible()
    brand.get_by_label("Test card").select_option("pm_card_chargeDeclined")
    brand.get_by_test_id("action-fund").click()
    expect(brand.locator(".alert-danger")).to_contain_text("declined")
    expect(brand.get_by_test_id("contract-status")).to_have_text("Accepted")
    brand.get_by_label("Test card").select_option("pm_card_visa")
    brand.get_by_test_id("action-fund").click()
    expect(brand.get_by_test_id("contract-status")).to_have_text("Funded")
    expect(brand.get_by_test_id("money-escrow")).to_have_text("CN¥3,000")

    shot = tmp_path / "proof.png"
    shot.write_bytes(image_bytes())
    kol.goto(contract_url)
    kol.get_by_label("Links to your posts").fill(POST_URL)
    kol.get_by_label("Screenshots (optional)").set_input_files(str(shot))
    kol.get_by_test_id("action-submit").click()
    expect(kol.get_by_test_id("contract-status")).to_have_text("Submitted")
    expect(kol.get_by_test_id("screenshot")).to_be_visible()

    brand.goto(contract_url)
    expect(brand.get_by_test_id("screenshot")).to_be_visible()
    brand.get_by_test_id("action-approve").click()
    expect(brand.get_by_test_id("contract-status")).to_have_text("Completed")
    expect(brand.get_by_test_id("money-released")).to_have_text("CN¥3,000")

    kol.get_by_test_id("nav-earnings").click()
    expect(kol.get_by_test_id("available-cny")).to_have_text("CN¥2,700")
    kol.get_by_test_id("request-payout").click()
    expect(kol.locator(".alert-success")).to_contain_text("Paid out.")
    expect(kol.get_by_test_id("paid-cny")).to_have_text("CN¥2,700")

    assert brand_problems == [] and kol_problems == []
