"""Every main page fits a 390 px wide phone in English and Chinese: no sideways scrolling,
even with a 300-character unbroken word in a KOL's bio, a caption and a review."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Browser

from tests.browser.main_pages import LONG_WORD, PHONE, seed_main_pages, visitor

WIDEST = """() => {
  const limit = document.documentElement.clientWidth;
  const scrolls = '.table-responsive, .offcanvas, .visually-hidden, .modal';
  return [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > limit + 1 && !el.closest(scrolls))
    .slice(0, 3)
    .map((el) => `${el.tagName} ${el.className} ${Math.round(el.getBoundingClientRect().right)}`);
}"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_main_pages_fit_390_px(app: Flask, browser: Browser, live_server: str, lang: str) -> None:
    world = seed_main_pages(app)
    too_wide: dict[str, object] = {}
    for role, paths in world.pages.items():
        with visitor(browser, live_server, world, role, lang, PHONE) as page:
            for path in paths:
                response = page.goto(path)
                assert response is not None and response.ok, (
                    f"{path}: {response and response.status}"
                )
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > PHONE["width"]:
                    too_wide[f"{role} {path}"] = (width, page.evaluate(WIDEST))
    assert not too_wide, too_wide


def test_the_long_word_is_really_on_the_kol_page(app: Flask, browser: Browser, live_server: str):
    """The walk above is only meaningful if the unbroken word is on the page and shown whole."""
    world = seed_main_pages(app)
    with visitor(browser, live_server, world, "anonymous", "en", PHONE) as page:
        page.goto(world.pages["anonymous"][2])
        assert page.get_by_text(LONG_WORD).first.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
