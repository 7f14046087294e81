"""Browse in Chromium at desktop and phone sizes, in English and Chinese.

One card per KOL with compact follower counts; on a phone the filters wait behind a
"Filters" button (an off-canvas panel) so the first result is near the top; on a desktop
they are a sidebar. A brand invites a KOL to a brief from the card's menu. No page logs a
console error or a CSP violation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from marketplace.extensions import db
from tests import factories
from tests.browser.test_content_security_policy import sign_in, watch
from tests.factories.brands import make_brief
from tests.factories.catalogue import add_listing, make_kol_with_listing

SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
LOCALES = {"en": ("en-US", "3.5M", "Filters"), "zh": ("zh-CN", "348.7万", None)}


@dataclass(frozen=True)
class Seeded:
    big: int
    small: int
    brand_email: str
    brief_title: str


def seed(app: Flask) -> Seeded:
    with app.test_request_context():
        big, _ = make_kol_with_listing(name="Big Reach", followers=3_487_466, rate=500_000)
        add_listing(big, title="Short video", collab_type="short_video", rate=800_000)
        add_listing(big, title="Live stream slot", collab_type="live_stream", rate=1_200_000)
        small, _ = make_kol_with_listing(name="Small Niche", followers=12_000, rate=90_000)
        brand = factories.make_brand(name="Lumi Skin")
        make_brief(brand, title="Sunscreen launch", status="open")
        db.session.commit()
        return Seeded(big.id, small.id, brand.email, "Sunscreen launch")


def open_page(browser: Browser, live_server: str, size: str, lang: str) -> tuple[Page, list[str]]:
    width, height = SIZES[size]
    context = browser.new_context(
        base_url=live_server, locale=LOCALES[lang][0], viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page, watch(page, live_server)


@pytest.mark.parametrize("lang", sorted(LOCALES))
@pytest.mark.parametrize("size", sorted(SIZES))
def test_one_card_per_kol_compact_numbers_and_filters_by_screen(
    app: Flask, browser: Browser, live_server: str, size: str, lang: str
) -> None:
    ids = seed(app)
    page, problems = open_page(browser, live_server, size, lang)
    page.goto("/browse/?sort=-followers")

    cards = page.get_by_test_id("kol-card")
    expect(cards).to_have_count(2)
    big = page.locator(f'[data-testid="kol-card"][data-kol-id="{ids.big}"]')
    expect(big).to_have_count(1)  # three listings, one card
    expect(big.get_by_test_id("kol-platforms")).to_contain_text(LOCALES[lang][1])
    expect(big).not_to_contain_text("3,487,466")

    panel = page.get_by_test_id("filter-panel")
    button = page.get_by_test_id("filters-button")
    if size == "phone":
        expect(panel.locator("select[name=category]")).to_be_hidden()
        first_top = cards.first.bounding_box()["y"]
        print(f"phone {lang}: first result {first_top:.0f}px down")
        assert first_top < 2 * SIZES["phone"][1], f"first result {first_top}px down"
        button.click()
        expect(panel).to_be_visible()
        expect(panel.locator("select[name=category]")).to_be_visible()
        panel.locator("select[name=category]").select_option("beauty")
        panel.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"category=beauty"))
    else:
        expect(button).to_be_hidden()
        expect(panel.locator("select[name=category]")).to_be_visible()
        panel_box, first_box = panel.bounding_box(), cards.first.bounding_box()
        assert panel_box["x"] + panel_box["width"] <= first_box["x"] + 1  # a sidebar
    assert problems == []


def test_a_brand_invites_a_kol_from_its_card(app: Flask, browser: Browser, live_server: str):
    ids = seed(app)
    page, problems = open_page(browser, live_server, "desktop", "en")
    sign_in(page, ids.brand_email)
    page.goto("/browse/")
    actions = page.get_by_test_id(f"kol-actions-{ids.small}")
    expect(actions.get_by_role("button", name="Add to shortlist")).to_be_visible()
    actions.get_by_test_id(f"invite-menu-{ids.small}").click()
    actions.get_by_role("button", name=ids.brief_title).click()
    expect(page.get_by_text(re.compile("Invitation sent|Invited")).first).to_be_visible()
    hire = page.get_by_test_id(f"kol-actions-{ids.big}").get_by_test_id(f"hire-menu-{ids.big}")
    hire.click()
    expect(page.get_by_role("link", name=re.compile("Live stream slot"))).to_be_visible()
    assert problems == []
