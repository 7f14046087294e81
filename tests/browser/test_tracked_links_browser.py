"""The KOL copies a tracked link from the contract page and a visitor following it lands
on the product with the tracking parameter; no console error or CSP violation."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Browser, expect

from marketplace.extensions import db
from tests.browser.test_content_security_policy import sign_in, watch
from tests.factories.campaigns import link_code, make_commission_contract


def test_kol_copies_the_tracked_link(app: Flask, browser: Browser, live_server: str):
    with app.test_request_context():
        deal = make_commission_contract("funded")
        contract_id, kol_email, code = deal.id, deal.kol.email, link_code(deal)
        db.session.commit()
    context = browser.new_context(base_url=live_server, locale="en-US")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = watch(page, live_server)
    sign_in(page, kol_email)
    page.goto(f"/contracts/{contract_id}")
    link = page.get_by_test_id("product-link")
    expect(link).to_have_value(f"{live_server}/r/{code}")
    page.get_by_test_id("copy-link").click()
    expect(page.get_by_test_id("copy-link")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == f"{live_server}/r/{code}"
    answer = page.request.get(f"/r/{code}", max_redirects=0)
    assert answer.status == 302
    assert answer.headers["location"].endswith(f"&kol_ref={code}")
    assert problems == []
    context.close()
