"""Top matches, invitation answers and confirmations in Chromium, at desktop and phone
sizes, in English and Chinese.

Actions happen without a reload: a marker set on `window` survives the click and the page
does not scroll; the button takes its "done" label. Destructive actions ask first in a
modal, and Cancel (or Escape) leaves everything as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from marketplace.extensions import db
from tests import factories
from tests.browser.test_content_security_policy import sign_in, watch
from tests.factories.brands import make_brief, make_invitation, make_shortlist
from tests.factories.catalogue import make_kol_with_listing

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
CASES = [("desktop", "en"), ("phone", "zh")]
MATCHES = 24


@dataclass(frozen=True)
class Seeded:
    brand_email: str
    brief_id: int
    kol_ids: list[int]
    shortlist_id: int


def seed(app: Flask) -> Seeded:
    with app.test_request_context():
        kols = [
            make_kol_with_listing(name=f"Skin Lab {i}", followers=20_000 + i * 1_000)[0]
            for i in range(MATCHES)
        ]
        brand = factories.make_brand(name="Lumi Skin")
        brief = make_brief(brand, title="Sunscreen launch", budget=400_000)
        shortlist = make_shortlist(brand, name="Summer")
        db.session.commit()
        return Seeded(brand.email, brief.id, [k.id for k in kols], shortlist.id)


def open_as(browser: Browser, live_server: str, email: str, size: str, language: str):
    context = browser.new_context(base_url=live_server, viewport=SIZES[size])
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = watch(page, live_server)
    sign_in(page, email)
    page.goto(f"/lang/{language}?next=/dashboard")
    return context, page, problems


def same_page(page: Page) -> bool:
    return bool(page.evaluate("window.__stillHere === true"))


@pytest.mark.parametrize(("size", "language"), CASES)
def test_top_matches_act_without_a_reload(
    app: Flask, browser: Browser, live_server: str, size: str, language: str
) -> None:
    data = seed(app)
    context, page, problems = open_as(browser, live_server, data.brand_email, size, language)
    page.goto(f"/brand/briefs/{data.brief_id}/matches")
    rows = page.locator('[data-testid^="match-"][id^="kol-"]')
    expect(rows).to_have_count(20)
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"\nTop matches, 20 rows, {size} {language}: {height} px")
    expect(page.get_by_test_id("pager")).to_be_visible()

    row = rows.nth(5)
    kol_id = (row.get_attribute("id") or "").removeprefix("kol-")
    row.scroll_into_view_if_needed()
    page.evaluate("window.__stillHere = true")
    scrolled = page.evaluate("window.scrollY")

    shortlist = row.get_by_test_id(f"shortlist-{kol_id}")
    done = row.get_by_test_id("shortlist-button").get_attribute("data-done-label")
    shortlist.click()
    expect(shortlist).to_have_text(done or "")
    if language == "en":
        expect(shortlist).to_have_text("Shortlisted ✓")
    expect(shortlist).to_be_disabled()
    expect(row.get_by_test_id("async-status")).not_to_be_empty()

    invite = row.get_by_test_id(f"invite-{kol_id}")
    invite.click()
    expect(invite).to_be_disabled()
    invited_label = invite.locator("xpath=..").get_attribute("data-done-label")
    expect(invite).to_have_text(invited_label or "")
    assert same_page(page) and abs(page.evaluate("window.scrollY") - scrolled) < 2

    details = row.locator("details")
    expect(details.locator('[data-testid="match-reasons"]')).to_be_hidden()
    details.locator("summary").click()
    expect(details.locator('[data-testid="match-reasons"]')).to_be_visible()

    page.reload()
    expect(page.get_by_test_id(f"shortlisted-{kol_id}")).to_be_disabled()
    expect(page.get_by_test_id(f"invited-{kol_id}")).to_be_visible()

    page.get_by_test_id("pager").get_by_role("link", name="2", exact=True).click()
    expect(rows).to_have_count(MATCHES - 20)

    # Deleting the list asks first; Cancel and Escape leave it.
    page.goto(f"/brand/shortlists/{data.shortlist_id}")
    delete = page.locator("form[data-confirm] button.btn-outline-danger").first
    delete.click()
    modal = page.get_by_test_id("confirm-modal")
    expect(modal).to_be_visible()
    page.get_by_test_id("confirm-cancel").click()
    expect(modal).to_be_hidden()
    delete.click()
    expect(page.get_by_test_id("confirm-cancel")).to_be_focused()
    page.keyboard.press("Escape")
    expect(modal).to_be_hidden()
    page.reload()
    expect(page.get_by_test_id(f"remove-{kol_id}")).to_be_visible()
    context.close()
    assert problems == []


@dataclass(frozen=True)
class Invited:
    brand_email: str
    kol_email: str
    brief_id: int
    declined_id: int
    accepted_id: int
    kol_id: int
    listing_id: int


def seed_invitations(app: Flask) -> Invited:
    with app.test_request_context():
        kol, listing = make_kol_with_listing(name="Skin Lab")
        brand = factories.make_brand(name="Lumi Skin")
        first = make_brief(brand, title="Sunscreen launch", budget=400_000)
        second = make_brief(brand, title="Autumn serum", budget=400_000)
        declined = make_invitation(first, kol)
        accepted = make_invitation(second, kol)
        db.session.commit()
        return Invited(
            brand.email, kol.email, first.id, declined.id, accepted.id, kol.id, listing.id
        )


@pytest.mark.parametrize(("size", "language"), CASES)
def test_kol_answers_invitations_and_the_brand_sees_the_answers(
    app: Flask, browser: Browser, live_server: str, size: str, language: str
) -> None:
    data = seed_invitations(app)
    context, page, problems = open_as(browser, live_server, data.kol_email, size, language)
    page.goto("/briefs/")
    declined = page.get_by_test_id(f"invitation-{data.declined_id}")
    declined.get_by_test_id(f"decline-invitation-{data.declined_id}").click()
    declined.locator("textarea").fill("Booked until August")
    submit = declined.get_by_test_id(f"decline-submit-{data.declined_id}")
    submit.click()
    modal = page.get_by_test_id("confirm-modal")
    expect(modal).to_be_visible()
    page.get_by_test_id("confirm-cancel").click()
    expect(modal).to_be_hidden()
    expect(page.get_by_test_id(f"accept-invitation-{data.declined_id}")).to_be_visible()
    submit.click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(declined.get_by_test_id("invitation-status")).to_be_visible()
    expect(page.get_by_test_id(f"accept-invitation-{data.declined_id}")).to_have_count(0)

    page.get_by_test_id(f"accept-invitation-{data.accepted_id}").click()
    form = page.get_by_test_id("apply-form")
    expect(form.locator("select[name=listing_id]")).to_have_value(str(data.listing_id))
    form.locator("input[name=price]").fill("2000")
    form.locator("textarea[name=pitch]").fill("Happy to review it")
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    context.close()

    context, page, brand_problems = open_as(browser, live_server, data.brand_email, size, language)
    page.goto(f"/brand/briefs/{data.brief_id}")
    answer = page.get_by_test_id(f"invited-{data.kol_id}")
    expect(answer).to_have_attribute("data-invitation-status", "declined")
    expect(answer).to_contain_text("Booked until August")
    context.close()
    assert problems == [] and brand_problems == []
