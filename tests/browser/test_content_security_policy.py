"""Chromium enforces the Content-Security-Policy: pages with charts, bars, avatars, forms
and the sort-on-change select load with no CSP violation and nothing from another origin."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import ConsoleMessage, Page, Request, expect

from marketplace.extensions import db
from tests import factories
from tests.factories.brands import make_application, make_brief
from tests.factories.catalogue import make_kol_with_listing

VIOLATION_WORDS = ("Content Security Policy", "Refused to")


def seed(app: Flask) -> dict[str, int | str]:
    with app.test_request_context():
        kol, _listing = make_kol_with_listing(name="Mia Glow")
        brand = factories.make_brand(name="Lumi Skin")
        brief = make_brief(brand, title="Summer sunscreen launch")
        make_application(kol, brief)
        make_kol_with_listing(name="Lin Sun")  # not applied yet: shows under Top matches
        db.session.commit()
        return {
            "kol": kol.id,
            "kol_email": kol.email,
            "brand_email": brand.email,
            "brief": brief.id,
        }


def watch(page: Page, base_url: str) -> list[str]:
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if any(word in message.text for word in VIOLATION_WORDS) or message.type == "error":
            problems.append(f"console {message.type}: {message.text}")

    def on_request(request: Request) -> None:
        if not request.url.startswith((base_url, "data:")):
            problems.append(f"request to another origin: {request.url}")

    page.on("console", on_console)
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and problems.append(f"{response.status} for {response.url}")
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("request", on_request)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', (e) =>"
        " console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return problems


def sign_in(page: Page, email: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("role")).to_be_visible()


def test_pages_load_without_csp_violations(app: Flask, page: Page, live_server: str) -> None:
    ids = seed(app)
    problems = watch(page, live_server)

    for path in ("/", "/browse/", f"/kol/{ids['kol']}", "/auth/signup", "/lang/zh?next=/browse/"):
        page.goto(path)
    # The sort select submits itself through static/js/app.js, not an inline handler.
    page.goto("/browse/")
    with page.expect_navigation():
        page.locator("select[data-submit-on-change]").select_option(index=1)
    assert "sort=" in page.url
    page.goto("/lang/en?next=/")

    sign_in(page, str(ids["brand_email"]))
    page.goto(f"/brand/briefs/{ids['brief']}")
    expect(page.get_by_test_id("match-top-reasons").first).to_be_visible()
    for path in ("/dashboard", "/auth/account"):
        page.goto(path)
    page.get_by_role("button", name="Log out", exact=True).click()

    sign_in(page, str(ids["kol_email"]))
    for path in ("/dashboard", "/kol/profile", f"/briefs/{ids['brief']}"):
        page.goto(path)
    page.get_by_role("button", name="Log out", exact=True).click()

    assert problems == []


def test_an_inline_script_would_be_reported(page: Page, live_server: str) -> None:
    """The watcher above can fail: Chromium reports what the policy refuses."""
    problems = watch(page, live_server)
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = 1'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.ran === undefined")
    assert any("Content Security Policy" in p or "CSP violation" in p for p in problems)
