"""axe-core over the main pages: no serious or critical accessibility violation.

axe is vendored in tests/browser/vendor (a test tool, never served by the app) and
injected by Playwright; the contexts bypass the CSP only so that injection can run.
Desktop in English and phone in Chinese keep the run short while covering both sizes
and both languages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from tests.browser.main_pages import DESKTOP, PHONE, seed_main_pages, visitor

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING = ("serious", "critical")
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary),
  }));
}"""


def axe_violations(page: Page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


@pytest.mark.parametrize(
    ("lang", "size"), [("en", DESKTOP), ("zh", PHONE)], ids=["desktop-en", "phone-zh"]
)
def test_main_pages_have_no_serious_violations(
    app: Flask, browser: Browser, live_server: str, lang: str, size: dict[str, int]
) -> None:
    world = seed_main_pages(app)
    found: dict[str, list[dict]] = {}
    for role, paths in world.pages.items():
        with visitor(browser, live_server, world, role, lang, size, bypass_csp=True) as page:
            for path in paths:
                page.goto(path)
                violations = axe_violations(page)
                for violation in violations:
                    print(f"{lang} {role} {path}: {violation}")
                blocking = [v for v in violations if v["impact"] in BLOCKING]
                if blocking:
                    found[f"{role} {path}"] = blocking
    assert not found, "\n".join(f"{page}: {v}" for page, vs in found.items() for v in vs)


def test_open_filter_panel_on_a_phone_has_no_serious_violations(
    app: Flask, browser: Browser, live_server: str
) -> None:
    """The off-canvas filters are only in the page's flow once opened: check them open."""
    world = seed_main_pages(app)
    with visitor(browser, live_server, world, "anonymous", "zh", PHONE, bypass_csp=True) as page:
        page.goto("/browse/")
        page.get_by_test_id("filters-button").click()
        panel = page.get_by_test_id("filter-panel")
        page.wait_for_function("document.querySelector('#browse-filters.show') !== null")
        assert panel.is_visible()
        page.wait_for_timeout(400)  # the slide-in transition; axe reads final colours
        blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
        assert not blocking, blocking


def test_keyboard_users_can_skip_to_the_content(app: Flask, browser: Browser, live_server: str):
    world = seed_main_pages(app)
    with visitor(browser, live_server, world, "anonymous", "en", DESKTOP) as page:
        page.goto(world.pages["anonymous"][2])
        page.keyboard.press("Tab")
        skip = page.get_by_test_id("skip-link")
        expect(skip).to_be_focused()
        expect(skip).to_be_visible()
        page.keyboard.press("Enter")
        assert page.url.endswith("#main")
