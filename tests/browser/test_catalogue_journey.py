"""One end-to-end journey through the real pages, in Chromium against a live server.

A KOL signs up, fills in the profile and creates a listing; a brand finds the listing on
/browse/ by filters and by English and Chinese free text, posts a brief and sees the KOL
under Top matches; the KOL applies; the brand shortlists the KOL and compares the
shortlist. Every step asserts what the user sees on the page.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect

PASSWORD = "long-enough-1"
KOL_NAME = "Mia Glow"
KOL_EMAIL = "mia@example.com"
BRAND_NAME = "Lumi Skin"
BRAND_EMAIL = "lumi@example.com"
LISTING_TITLE = "Sunscreen review note"
BRIEF_TITLE = "Summer sunscreen launch"
SHORTLIST_NAME = "Sunscreen Q3"


def sign_up(page: Page, role_link: str, name: str, email: str) -> None:
    page.goto("/")
    page.get_by_role("link", name=role_link).click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text(f"Hello, {name}")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def log_in(page: Page, name: str, email: str) -> None:
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text(f"Hello, {name}")).to_be_visible()


def kol_card(page: Page, listing_id: str):
    return page.locator(f'[data-testid="kol-card"][data-listing-id="{listing_id}"]')


def test_kol_listing_is_found_matched_applied_and_shortlisted(page: Page) -> None:
    # 1. The KOL signs up, fills in the profile and creates a listing.
    sign_up(page, "I am a KOL", KOL_NAME, KOL_EMAIL)
    expect(page.get_by_test_id("role")).to_contain_text("You are signed in as a KOL.")

    page.get_by_test_id("nav-kol-profile").click()
    expect(page.get_by_role("heading", name="Edit profile")).to_be_visible()
    page.get_by_label("Display name").fill(KOL_NAME)
    page.get_by_label("Bio").fill("防晒测评 sunscreen reviews for oily skin")
    page.get_by_label("Main category").select_option(label="Beauty")
    page.get_by_label("Tags").fill("护肤, skincare, sunscreen")
    page.get_by_role("combobox", name="Platform").first.select_option(label="Xiaohongshu")
    page.get_by_role("textbox", name="Handle").first.fill("miaglow")
    page.get_by_label("Followers").first.fill("48000")
    page.get_by_label("Engagement %").first.fill("4.5")
    page.get_by_label("Female", exact=True).fill("70")
    page.get_by_label("Male", exact=True).fill("30")
    page.get_by_label("18-24", exact=True).fill("45")
    page.get_by_label("25-34", exact=True).fill("55")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_role("alert").filter(has_text="Your profile is saved.")).to_be_visible()
    expect(page.get_by_label("Display name")).to_have_value(KOL_NAME)
    expect(page.get_by_role("textbox", name="Handle").first).to_have_value("miaglow")
    expect(page.get_by_label("Female", exact=True)).to_have_value("70.00")
    public_href = page.get_by_role("link", name="View public page").get_attribute("href")
    kol_id = re.fullmatch(r"/kol/(\d+)", public_href or "").group(1)

    page.get_by_test_id("nav-kol-listings").click()
    page.get_by_role("link", name="New listing").click()
    page.get_by_label("Platform").select_option(label="Xiaohongshu")
    page.get_by_label("Collaboration type").select_option(label="Image-text post")
    page.get_by_label("Title").fill(LISTING_TITLE)
    page.get_by_label("Description").fill("One Xiaohongshu note with 6 photos.")
    page.get_by_label("Rate").fill("3000")
    page.get_by_label("Currency").select_option(label="CNY")
    page.get_by_label("Turnaround (days)").fill("5")
    page.get_by_label("Revisions included").fill("2")
    page.get_by_role("button", name="Save listing").click()

    expect(page.get_by_role("alert").filter(has_text="Your listing is live.")).to_be_visible()
    row = page.get_by_test_id("my-listings").get_by_role("row").filter(has_text=LISTING_TITLE)
    expect(row).to_contain_text("Xiaohongshu")
    expect(row).to_contain_text("3,000")
    expect(row).to_contain_text("Active")
    row_testid = row.get_attribute("data-testid") or ""
    listing_id = re.fullmatch(r"listing-row-(\d+)", row_testid).group(1)
    log_out(page)

    # 2. A brand signs up and finds the listing on /browse/.
    sign_up(page, "I am a brand", BRAND_NAME, BRAND_EMAIL)
    expect(page.get_by_test_id("role")).to_contain_text("You are signed in as a brand.")

    page.get_by_test_id("nav-browse").click()
    expect(page.get_by_role("heading", name="Find KOLs")).to_be_visible()
    page.get_by_label("Category").select_option(label="Beauty")
    page.get_by_label("Platform").select_option(label="Xiaohongshu")
    page.get_by_label("Currency").select_option(label="CNY")
    page.get_by_label("Min rate").fill("2000")
    page.get_by_label("Max rate").fill("4000")
    page.get_by_role("button", name="Apply filters").click()
    card = kol_card(page, listing_id)
    expect(card).to_contain_text(KOL_NAME)
    expect(card).to_contain_text(LISTING_TITLE)
    expect(card).to_contain_text("3,000")

    # A rate range that excludes the listing really filters it out.
    page.get_by_label("Min rate").fill("4000")
    page.get_by_label("Max rate").fill("9000")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_test_id("no-results")).to_be_visible()
    expect(kol_card(page, listing_id)).to_have_count(0)

    for query in ("sunscreen", "防晒"):
        page.get_by_role("link", name="Clear all").click()
        page.get_by_role("searchbox", name="Search").fill(query)
        page.get_by_role("button", name="Search", exact=True).click()
        expect(page).to_have_url(re.compile(r"/browse/\?.*q="))
        expect(kol_card(page, listing_id)).to_contain_text(KOL_NAME)

    # Free text that is not in the profile finds nothing.
    page.get_by_role("searchbox", name="Search").fill("猫粮")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_test_id("no-results")).to_be_visible()

    # 3. The brand posts a brief and sees the KOL under Top matches.
    page.get_by_test_id("nav-my-briefs").click()
    page.get_by_role("link", name="Post a brief").click()
    page.get_by_label("Title").fill(BRIEF_TITLE)
    page.get_by_label("Product and campaign description").fill(
        "Honest sunscreen reviews for oily skin on Xiaohongshu."
    )
    page.get_by_label("Category").select_option(label="Beauty")
    page.get_by_label("Xiaohongshu").check()
    page.get_by_label("Image-text post").check()
    page.get_by_label("Budget per KOL").fill("5000")
    page.get_by_label("Currency").select_option(label="CNY (yuan)")
    page.get_by_label("Deadline").fill((date.today() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("alert").filter(has_text="Your brief is published.")).to_be_visible()
    expect(page.get_by_role("heading", name=BRIEF_TITLE)).to_contain_text("Open")
    brief_url = page.url
    top_matches = page.get_by_test_id("top-matches")
    expect(top_matches.get_by_role("heading", name="Top matches")).to_be_visible()
    match = top_matches.get_by_test_id(f"match-{kol_id}")
    expect(match).to_contain_text(KOL_NAME)
    expect(match).to_contain_text(LISTING_TITLE)
    log_out(page)

    # 4. The KOL logs in, sees the brief for them and applies.
    log_in(page, KOL_NAME, KOL_EMAIL)
    for_you = page.get_by_test_id("briefs-for-you")
    expect(for_you.get_by_role("heading", name="Briefs for you")).to_be_visible()
    for_you.get_by_role("link").filter(has_text=BRIEF_TITLE).click()

    expect(page.get_by_role("heading", name=BRIEF_TITLE)).to_be_visible()
    expect(page.get_by_test_id("budget")).to_contain_text("5,000")
    apply_form = page.get_by_test_id("apply-form")
    apply_form.get_by_label("Listing").select_option(
        label=f"{LISTING_TITLE} · Xiaohongshu · Image-text post"
    )
    apply_form.get_by_label("Your price").fill("4500")
    apply_form.get_by_label("Pitch").fill("I review sunscreens for oily skin every week.")
    apply_form.get_by_role("button", name="Send application").click()

    expect(page.get_by_role("alert").filter(has_text="Your application is sent.")).to_be_visible()
    application_row = (
        page.get_by_test_id("my-applications").get_by_role("row").filter(has_text=BRIEF_TITLE)
    )
    expect(application_row).to_contain_text(BRAND_NAME)
    expect(application_row).to_contain_text("4,500")
    expect(application_row).to_contain_text("Pending")
    log_out(page)

    # 5. The brand opens the brief, shortlists the KOL and compares the shortlist.
    log_in(page, BRAND_NAME, BRAND_EMAIL)
    expect(page.get_by_test_id("pending-total")).to_have_text("1")
    page.get_by_role("link", name=BRIEF_TITLE).click()
    expect(page).to_have_url(brief_url)

    application = (
        page.get_by_test_id("applications")
        .locator('[data-testid^="application-"]')
        .filter(has_text=KOL_NAME)
    )
    expect(application).to_contain_text("Pending")
    expect(application).to_contain_text("I review sunscreens for oily skin every week.")
    application.get_by_role("button", name="Shortlist", exact=True).click()

    expect(page.get_by_role("alert").filter(has_text="Application shortlisted.")).to_be_visible()
    expect(application.get_by_test_id("status")).to_have_text("Shortlisted")
    expect(application.get_by_role("button", name="Shortlist", exact=True)).to_have_count(0)

    application.get_by_label("New list name").fill(SHORTLIST_NAME)
    application.get_by_role("button", name="Add to shortlist").click()
    # Saved without a reload (static/js/async-actions.js): the answer shows beside the button.
    expect(application.get_by_role("status")).to_have_text(f"Saved to {SHORTLIST_NAME}.")
    expect(application.get_by_role("button", name="Shortlisted ✓")).to_be_disabled()

    page.get_by_test_id("nav-shortlists").click()
    page.get_by_test_id("shortlists").get_by_role("link", name=SHORTLIST_NAME).click()
    expect(page.get_by_role("heading", name=SHORTLIST_NAME)).to_be_visible()
    comparison = page.get_by_test_id("comparison")
    expect(comparison.get_by_test_id(f"kol-{kol_id}")).to_contain_text(KOL_NAME)
    expect(comparison.get_by_role("row").filter(has_text="Xiaohongshu")).to_contain_text(
        "48K followers"
    )
    expect(comparison.get_by_role("row").filter(has_text="Lowest rate (CNY)")).to_contain_text(
        "3,000"
    )
