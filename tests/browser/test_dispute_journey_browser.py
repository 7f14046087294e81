"""A dispute from submission to a 60/40 split, in Chromium: brand, KOL and admin.

A funded contract; the KOL submits proof; the brand disputes it with a PNG as evidence;
the KOL answers with evidence of its own; the admin finds the dispute in the queue, reads
both sides and splits the escrow 60/40 with a reason, confirming the exact amounts. Both
parties then see the outcome and the reason, the KOL's earnings hold 60% less the fee,
the brand got 40% back, and the admin's reconciliation panel reads zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from playwright.sync_api import Browser, Page, expect

from marketplace.extensions import db
from marketplace.services.contracts import funding, negotiation, offers
from marketplace.services.ledger import accounts, balances
from marketplace.services.ledger.postings import balance
from tests import factories
from tests.browser.test_content_security_policy import sign_in, watch
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import POST_URL, offer_values
from tests.factories.kols import image_bytes

# CN¥3,000 in escrow, 10% fee: the KOL's 60% is CN¥1,800 gross, CN¥180 fee, CN¥1,620 net.
PRICE = "CN¥3,000"
KOL_GROSS = "CN¥1,800"
FEE = "CN¥180"
KOL_NET = "CN¥1,620"
BRAND_BACK = "CN¥1,200"
ZERO = "CN¥0"
REASON = "One of the two agreed posts is missing; the first one was on time."


@dataclass(frozen=True)
class Seeded:
    contract_id: int
    kol_id: int
    kol_email: str
    brand_email: str
    admin_email: str


def seed(app: Flask) -> Seeded:
    """A funded contract between a KOL and a brand, and an admin (through the services)."""
    with app.test_request_context():
        kol, listing = make_kol_with_listing(name="Mia Glow", rate=300_000)
        brand = factories.make_brand(name="Lumi Skin")
        admin = factories.make_admin(name="Ada Admin")
        contract = offers.create_offer(brand, **offer_values(kol, listing, price=300_000))
        negotiation.accept_offer(kol, contract.id)
        funding.fund(brand, contract.id, "pm_card_visa")
        db.session.commit()
        return Seeded(contract.id, kol.id, kol.email, brand.email, admin.email)


def _person(browser: Browser, live_server: str, email: str) -> tuple[Page, list[str]]:
    context = browser.new_context(base_url=live_server, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = watch(page, live_server)
    sign_in(page, email)
    return page, problems


def _png(tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(image_bytes())
    return str(path)


def test_dispute_with_evidence_split_60_40_by_an_admin(
    app: Flask, browser: Browser, live_server: str, tmp_path: Path
) -> None:
    ids = seed(app)
    contract_url = f"/contracts/{ids.contract_id}"
    brand, brand_problems = _person(browser, live_server, ids.brand_email)
    kol, kol_problems = _person(browser, live_server, ids.kol_email)
    admin, admin_problems = _person(browser, live_server, ids.admin_email)

    # 1. The KOL submits proof of posting.
    kol.goto(contract_url)
    proof = kol.get_by_test_id("form-submit")
    proof.get_by_label("Links to your posts").fill(POST_URL)
    proof.get_by_label("Notes for the brand").fill("First post live; second tomorrow.")
    proof.get_by_test_id("action-submit").click()
    expect(kol.get_by_test_id("contract-status")).to_have_text("Submitted")

    # 2. The brand disputes it, with a screenshot as evidence.
    brand.goto(contract_url)
    brand.locator("summary", has_text="Open a dispute").click()
    form = brand.get_by_test_id("form-dispute")
    form.get_by_label("What went wrong?").select_option("not_as_agreed")
    form.locator("textarea[name=reason]").fill("Only one of the two posts was published.")
    form.locator("input[type=file]").set_input_files(_png(tmp_path, "brand-proof.png"))
    form.get_by_test_id("action-dispute").click()
    expect(brand.get_by_test_id("contract-status")).to_have_text("Disputed")

    # 3. The KOL answers with evidence of its own.
    kol.goto(contract_url)
    answer = kol.get_by_test_id("form-dispute-response")
    answer.locator("textarea").fill("The second post was delayed by the platform's review.")
    answer.locator("input[type=file]").set_input_files(_png(tmp_path, "kol-proof.png"))
    answer.get_by_test_id("action-dispute-respond").click()
    expect(kol.get_by_test_id("dispute-response")).to_contain_text("delayed by the platform")

    # 4. The admin finds it in the queue, takes it on and reads both sides.
    admin.get_by_test_id("nav-admin-disputes").click()
    row = admin.locator("[data-testid^=dispute-row-]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(PRICE)
    expect(row).to_contain_text("Answered")
    row.locator("[data-testid^=assign-]").click()
    expect(admin.get_by_test_id("dispute-assignment")).to_contain_text("Assigned to Ada Admin")
    expect(admin.get_by_test_id("opener-statement")).to_contain_text("Only one of the two posts")
    expect(admin.get_by_test_id("response")).to_contain_text("delayed by the platform")
    for side, name in (("brand", "brand-proof.png"), ("kol", "kol-proof.png")):
        link = admin.get_by_test_id(f"evidence-{side}").get_by_role("link", name=name)
        expect(link).to_be_visible()
        response = admin.request.get(link.get_attribute("href") or "")
        assert response.status == 200 and response.headers["content-type"].startswith("image/")
    expect(admin.get_by_test_id("submissions")).to_contain_text("First post live")
    expect(admin.get_by_test_id("timeline")).to_contain_text("Dispute opened")
    expect(admin.get_by_test_id("held-amount")).to_have_text(PRICE)

    # 5. The admin splits 60/40 with a reason, sees the exact amounts and confirms.
    resolve = admin.get_by_test_id("form-resolve")
    resolve.get_by_label("Split by percentage").check()
    resolve.get_by_label("KOL's share (%)").fill("60")
    resolve.get_by_label("Reason").fill(REASON)
    resolve.get_by_test_id("action-resolve").click()
    expect(admin.get_by_test_id("plan-kol-gross")).to_have_text(KOL_GROSS)
    expect(admin.get_by_test_id("plan-fee")).to_have_text(FEE)
    expect(admin.get_by_test_id("plan-kol-net")).to_have_text(KOL_NET)
    expect(admin.get_by_test_id("plan-brand")).to_have_text(BRAND_BACK)
    confirm = admin.get_by_test_id("form-confirm-resolution")
    confirm.get_by_test_id("action-confirm-resolution").click()  # without the tick
    expect(admin.get_by_test_id("form-confirm-resolution")).to_contain_text("Tick the box")
    expect(admin.get_by_test_id("dispute-status")).to_have_text("Open")
    confirm = admin.get_by_test_id("form-confirm-resolution")
    confirm.get_by_label("I confirm these amounts and this reason").check()
    confirm.get_by_test_id("action-confirm-resolution").click()
    expect(admin.get_by_test_id("dispute-status")).to_have_text("Resolved")
    expect(admin.get_by_test_id("outcome-kol")).to_have_text(KOL_GROSS)
    expect(admin.get_by_test_id("outcome-brand")).to_have_text(BRAND_BACK)
    expect(admin.get_by_test_id("outcome-reason")).to_have_text(REASON)

    # 6. Both parties see the outcome and the reason; the money is where it should be.
    for party in (brand, kol):
        party.goto(contract_url)
        expect(party.get_by_test_id("contract-status")).to_have_text("Resolved")
        expect(party.get_by_test_id("outcome-reason")).to_have_text(REASON)
        expect(party.get_by_test_id("outcome-kol")).to_contain_text(f"{KOL_GROSS} released")
        expect(party.get_by_test_id("outcome-brand")).to_contain_text(f"{BRAND_BACK} refunded")
        expect(party.get_by_test_id("money-escrow")).to_have_text(ZERO)
    expect(brand.get_by_test_id("money-refunded")).to_have_text(BRAND_BACK)
    kol.goto("/kol/earnings")
    expect(kol.get_by_test_id("available-cny")).to_have_text(KOL_NET)
    expect(kol.get_by_test_id("escrow-cny")).to_have_text(ZERO)

    # The admin's reconciliation panel reads zero, and no contract holds escrow it should not.
    admin.get_by_test_id("nav-admin-ledger").click()
    expect(admin.get_by_test_id("reconciliation")).to_have_attribute("data-ok", "true")
    expect(admin.get_by_test_id("reconciliation-ok")).to_be_visible()
    expect(admin.get_by_test_id("total-value-cny")).to_have_text("0")
    expect(admin.get_by_test_id("anomaly-list")).to_have_count(0)

    # The books balance and the contract's escrow is empty.
    with app.app_context():
        assert all(total == 0 for total in balances.totals().values())
        assert balance(accounts.escrow(ids.contract_id), "cny") == 0
        assert balance(accounts.kol_available(ids.kol_id), "cny") == 162_000

    assert brand_problems == [] and kol_problems == []
    # The one refused confirmation (no tick) answered 400, as it should; nothing else failed.
    assert admin_problems and all("400" in problem for problem in admin_problems)
