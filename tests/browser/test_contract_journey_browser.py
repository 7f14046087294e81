"""The whole contract happy path in Chromium, brand and KOL in two browser contexts.

Offer from the KOL's page, a counter-offer, acceptance, a declined card then a good one,
proof with a screenshot, a revision, the resubmission, approval, both reviews, the net on
/kol/earnings and a payout. Each step asserts what the user sees: the status badge, whose
turn it is and the money panel. Neither browser reports a console error or a CSP violation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from playwright.sync_api import Browser, Page, expect

from marketplace.extensions import db
from tests import factories
from tests.browser.test_content_security_policy import sign_in, watch
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import POST_URL
from tests.factories.kols import image_bytes

# The KOL counters the listing's CN¥3,000 with CN¥3,333.50; 10% fee is CN¥333.35.
COUNTER_PRICE = "3333.50"
PRICE = "CN¥3,333.50"
FEE = "CN¥333.35"
NET = "CN¥3,000.15"
NET_INPUT = "3000.15"
ZERO = "CN¥0"
SECOND_POST = "https://www.xiaohongshu.com/explore/65a1b2c3d4e5f6a7b8c9d0e2"


@dataclass(frozen=True)
class Seeded:
    kol_id: int
    listing_id: int
    kol_email: str
    brand_email: str


def seed(app: Flask) -> Seeded:
    with app.test_request_context():
        kol, listing = make_kol_with_listing(name="Mia Glow", rate=300_000)
        brand = factories.make_brand(name="Lumi Skin")
        db.session.commit()
        return Seeded(kol.id, listing.id, kol.email, brand.email)


def _party(browser: Browser, live_server: str, email: str) -> tuple[Page, list[str]]:
    context = browser.new_context(base_url=live_server, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = watch(page, live_server)
    sign_in(page, email)
    return page, problems


def _sees(page: Page, status: str, turn: str) -> None:
    expect(page.get_by_test_id("contract-status")).to_have_text(status)
    expect(page.get_by_test_id("whose-turn")).to_contain_text(turn)


def _flash(page: Page, text: str) -> None:
    expect(page.locator(".alert-success")).to_contain_text(text)


def _money(page: Page, **figures: str) -> None:
    for name, text in figures.items():
        expect(page.get_by_test_id(f"money-{name}")).to_have_text(text)


def test_offer_counter_fund_revise_approve_review_and_payout(
    app: Flask, browser: Browser, live_server: str, tmp_path: Path
) -> None:
    ids = seed(app)
    brand, brand_problems = _party(browser, live_server, ids.brand_email)
    kol, kol_problems = _party(browser, live_server, ids.kol_email)

    # 1. The brand hires from the KOL's page and sends the offer form.
    brand.goto(f"/kol/{ids.kol_id}")
    brand.get_by_test_id(f"hire-{ids.listing_id}").click()
    expect(brand.get_by_test_id("offer-heading")).to_have_text("Make an offer to Mia Glow")
    expect(brand.get_by_test_id("summary-net")).to_have_text("CN¥2,700")
    brand.get_by_label("Message to the KOL").fill("Two photos of the bottle, please.")
    brand.get_by_test_id("send-offer").click()
    _flash(brand, "Your offer is sent.")
    _sees(brand, "Offered", "Waiting for the KOL.")
    _money(brand, price="CN¥3,000", fee="CN¥300", net="CN¥2,700")
    contract_url = brand.url

    # 2. The KOL counters with a new price.
    kol.goto(contract_url)
    _sees(kol, "Offered", "Your turn. Accept the offer, propose other terms, or decline.")
    kol.locator("summary", has_text="Propose other terms").click()
    counter = kol.get_by_test_id("form-counter")
    counter.get_by_label("Price").fill(COUNTER_PRICE)
    counter.get_by_label("Message").fill("Six photos take a day more work.")
    counter.get_by_test_id("action-counter").click()
    _sees(kol, "Offered", "Waiting for the brand.")
    _money(kol, price=PRICE, fee=FEE, net=NET)
    expect(kol.get_by_test_id("offer-round-2")).to_contain_text(PRICE)
    expect(kol.get_by_test_id("action-accept")).to_have_count(0)

    # 3. The brand accepts the counter-offer.
    brand.reload()
    _sees(brand, "Offered", "Your turn.")
    expect(brand.get_by_test_id("offer-round-2")).to_contain_text("by the KOL")
    expect(brand.get_by_test_id("offer-round-2")).to_contain_text("Six photos")
    _money(brand, price=PRICE, net=NET)
    brand.get_by_test_id("action-accept").click()
    _sees(brand, "Accepted", "Your turn. Fund the escrow so the KOL can start.")

    # 4. The brand funds in test mode: a declined card first, then pm_card_visa.
    expect(brand.get_by_test_id("test-mode-badge")).to_be_visible()
    expect(brand.get_by_test_id("form-fund")).to_contain_text(f"Fund the escrow: {PRICE}")
    brand.get_by_label("Test card").select_option("pm_card_chargeDeclined")
    brand.get_by_test_id("action-fund").click()
    expect(brand.locator(".alert-danger")).to_contain_text("declined")
    _sees(brand, "Accepted", "Your turn.")
    _money(brand, funded=ZERO, escrow=ZERO)
    brand.get_by_label("Test card").select_option("pm_card_visa")
    brand.get_by_test_id("action-fund").click()
    _sees(brand, "Funded", "Waiting for the KOL.")
    _money(brand, funded=PRICE, escrow=PRICE, released=ZERO)

    # 5. The KOL submits the post URL, notes and a screenshot.
    shot = tmp_path / "proof.png"
    shot.write_bytes(image_bytes())
    kol.reload()
    _sees(kol, "Funded", "Your turn. Post the content, then submit the links as proof.")
    _money(kol, escrow=PRICE)
    proof = kol.get_by_test_id("form-submit")
    proof.get_by_label("Links to your posts").fill(POST_URL)
    proof.get_by_label("Notes for the brand").fill("Posted at 8pm, pinned.")
    proof.get_by_label("Screenshots (optional)").set_input_files(str(shot))
    proof.get_by_test_id("action-submit").click()
    _sees(kol, "Submitted", "Waiting for the brand.")
    expect(kol.get_by_test_id("submission-1")).to_contain_text("Posted at 8pm, pinned.")

    # 6. The brand sees the proof and asks for a revision.
    brand.reload()
    _sees(
        brand, "Submitted", "Your turn. Review the posted work: approve it or ask for a revision."
    )
    expect(brand.get_by_test_id("submission-1").get_by_test_id("post-link")).to_have_attribute(
        "href", POST_URL
    )
    expect(brand.get_by_test_id("screenshot")).to_be_visible()
    revision = brand.get_by_test_id("form-revision")
    revision.get_by_label("What should change?").fill("Please tag @lumiskin in the caption.")
    revision.get_by_test_id("action-request_revision").click()
    _sees(brand, "Revision requested", "Waiting for the KOL.")
    _money(brand, escrow=PRICE, released=ZERO)

    # 7. The KOL reads the request and resubmits.
    kol.reload()
    _sees(kol, "Revision requested", "Your turn.")
    expect(kol.get_by_test_id("submission-1")).to_contain_text("Please tag @lumiskin")
    proof = kol.get_by_test_id("form-submit")
    proof.get_by_label("Links to your posts").fill(SECOND_POST)
    proof.get_by_label("Notes for the brand").fill("Tag added.")
    proof.get_by_test_id("action-submit").click()
    _sees(kol, "Submitted", "Waiting for the brand.")
    expect(kol.get_by_test_id("submission-2")).to_contain_text("Tag added.")

    # 8. The brand approves; the escrow is released.
    brand.reload()
    _sees(brand, "Submitted", "Your turn.")
    expect(brand.get_by_test_id("submission-2").get_by_test_id("post-link")).to_have_attribute(
        "href", SECOND_POST
    )
    brand.get_by_test_id("action-approve").click()
    _sees(brand, "Completed", "This contract is closed")
    _money(brand, escrow=ZERO, released=PRICE, refunded=ZERO)

    # 9. Both review; a review stays hidden until the other side has written theirs.
    brand.get_by_test_id("form-review").get_by_label("★★★★★", exact=True).check()
    brand.get_by_test_id("form-review").get_by_label("Comment (optional)").fill("Great notes.")
    brand.get_by_test_id("action-review").click()
    _flash(brand, "Your review is shown once the other side writes theirs")
    expect(brand.get_by_test_id("review")).to_contain_text("hidden from the other side")

    kol.reload()
    _sees(kol, "Completed", "This contract is closed")
    _money(kol, released=PRICE, net=NET)
    expect(kol.get_by_test_id("review-waiting")).to_be_visible()
    expect(kol.get_by_test_id("review")).to_have_count(0)
    kol.get_by_test_id("form-review").get_by_label("★★★★", exact=True).check()
    kol.get_by_test_id("form-review").get_by_label("Comment (optional)").fill("Clear brief.")
    kol.get_by_test_id("action-review").click()
    _flash(kol, "Both reviews are now shown.")

    brand.reload()
    for party in (brand, kol):
        reviews = party.get_by_test_id("review")
        expect(reviews).to_have_count(2)
        expect(reviews.filter(has_text="by the brand")).to_contain_text("Great notes.")
        expect(reviews.filter(has_text="by the KOL")).to_contain_text("Clear brief.")
        expect(party.get_by_test_id("form-review")).to_have_count(0)
        expect(party.get_by_test_id("reviews")).not_to_contain_text("hidden from the other side")

    # 10. The KOL's net is available on /kol/earnings.
    kol.get_by_test_id("nav-earnings").click()
    expect(kol.get_by_test_id("test-mode-badge")).to_be_visible()
    expect(kol.get_by_test_id("available-cny")).to_have_text(NET)
    expect(kol.get_by_test_id("escrow-cny")).to_have_text(ZERO)
    expect(kol.get_by_test_id("paid-cny")).to_have_text(ZERO)

    # 11. The KOL is paid out: nothing left available, the net paid out.
    expect(kol.get_by_label("Amount")).to_have_value(NET_INPUT)
    kol.get_by_test_id("request-payout").click()
    _flash(kol, "Paid out.")
    expect(kol.get_by_test_id("available-cny")).to_have_text(ZERO)
    expect(kol.get_by_test_id("pending-cny")).to_have_text(ZERO)
    expect(kol.get_by_test_id("paid-cny")).to_have_text(NET)
    expect(kol.get_by_test_id("payouts")).to_contain_text("Paid")

    assert brand_problems == []
    assert kol_problems == []
