"""The portfolio in Chromium: a KOL uploads a sample image and links a post, reorders and
deletes (after confirming); visitors see the samples, the account links and the reviews,
at desktop and phone sizes, in English and Chinese, with nothing wider than the screen."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Browser, expect

from marketplace.extensions import db
from marketplace.services.catalogue import account_links
from tests.browser.main_pages import DESKTOP, PHONE, World, visitor
from tests.browser.test_content_security_policy import watch
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.kols import image_bytes

POST = "https://www.xiaohongshu.com/explore/64f1a2b3"


def _seed(app: Flask) -> tuple[World, int]:
    with app.test_request_context():
        kol, _listing = make_kol_with_listing(name="Mia Glow")
        account_links.set_account_links(
            kol, {"xiaohongshu": "https://www.xiaohongshu.com/user/profile/5f1"}
        )
        db.session.commit()
        return World(emails={"kol": kol.email}, pages={}), kol.id


@pytest.mark.parametrize(
    ("lang", "size"), [("en", DESKTOP), ("zh", PHONE)], ids=["desktop-en", "phone-zh"]
)
def test_kol_builds_a_portfolio_that_visitors_see(
    app: Flask, browser: Browser, live_server: str, lang: str, size: dict[str, int]
) -> None:
    world, kol_id = _seed(app)
    with visitor(browser, live_server, world, "kol", "en", size) as page:
        problems = watch(page, live_server)
        page.goto("/kol/portfolio")
        page.get_by_label("Sample image", exact=True).set_input_files(
            {"name": "post.png", "mimeType": "image/png", "buffer": image_bytes()}
        )
        page.get_by_label("Caption").first.fill("Launch day")
        page.get_by_role("button", name="Upload image").click()
        expect(page.locator(".alert-success")).to_contain_text("The sample image is added.")

        link_form = page.get_by_test_id("portfolio-link-form")
        link_form.get_by_label("Platform").select_option("xiaohongshu")
        link_form.get_by_label("Link to the post").fill("https://xiaohongshu.com.evil.example/x")
        link_form.get_by_role("button", name="Add link").click()
        expect(page.get_by_test_id("portfolio-link-form")).to_contain_text("Must be a link on")
        link_form = page.get_by_test_id("portfolio-link-form")
        link_form.get_by_label("Link to the post").fill(POST)
        link_form.get_by_role("button", name="Add link").click()
        items = page.get_by_test_id("portfolio-item")
        expect(items).to_have_count(2)

        items.nth(1).get_by_role("button", name="Move earlier").click()
        expect(page.get_by_test_id("portfolio-item").first).to_contain_text(POST)

        # By keyboard: Enter on Delete asks first, focus moves into the question, Esc cancels.
        # (After the reorder's reload, the item is parsed before the page's scripts run.)
        page.wait_for_load_state("load")
        page.get_by_test_id("portfolio-item").first.get_by_role("button", name="Delete").focus()
        page.keyboard.press("Enter")
        dialog = page.get_by_test_id("confirm-modal")
        expect(dialog).to_contain_text("Delete this sample?")
        expect(dialog.get_by_test_id("confirm-cancel")).to_be_focused()
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        expect(page.get_by_test_id("portfolio-item")).to_have_count(2)
        page.get_by_test_id("portfolio-item").first.get_by_role("button", name="Delete").click()
        page.get_by_test_id("confirm-ok").click()
        expect(page.locator(".alert-success")).to_contain_text("The sample is deleted.")
        expect(page.get_by_test_id("portfolio-item")).to_have_count(1)

        page.goto(f"/lang/{lang}?next=/kol/{kol_id}")
        samples = page.get_by_test_id("portfolio-sample")
        expect(samples).to_have_count(1)
        image = samples.first.locator("img")
        expect(image).to_be_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        account = page.get_by_test_id("account-links").get_by_role("link")
        expect(account).to_have_attribute("target", "_blank")
        expect(account).to_have_attribute("rel", "noopener nofollow ugc")
        expect(page.get_by_test_id("kol-reviews")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        # The refused link answers 400 with the form and its message, as it should.
        refused = (f"400 for {live_server}/kol/portfolio/links", "status of 400 (BAD REQUEST)")
        assert [p for p in problems if not p.endswith(refused)] == []
