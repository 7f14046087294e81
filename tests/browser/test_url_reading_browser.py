"""Our reading of addresses against Chromium's own URL parser (the WHATWG standard).

Every address `parse_web_url` accepts must name the same host in the browser, and every
redirect target `safe_redirect_path` accepts must stay on the site when the browser
resolves it. The refused ones include cases where urllib and the browser disagree.
"""

from __future__ import annotations

import itertools
from urllib.parse import urlsplit

import pytest

from marketplace.domain.urls import BadUrl, parse_web_url, safe_redirect_path

SCHEMES = ["https://", "HTTPS://", "https:/", "https:\\\\", "https:", " https://", "ht\ttps://"]
HOSTS = [
    "taobao.com",
    "ｔａｏｂａｏ.com",
    "tаobao.com",
    "TAOBAO.COM.",
    "taobao.com:443",
    "taobao.com:8080",
    "evil.com\\@taobao.com",
    "taobao.com@evil.com",
    "taobao%2Ecom",
    "127.0.0.1",
    "shop.taobao.com",
]
TAILS = ["", "/", "/a b", "/中文?q=1#x", "\\@evil.com", "/..//evil.com", "?next=//evil.com"]
REDIRECTS = [
    "/briefs",
    "/browse/?q=a%20b",
    "//evil.com",
    "/\\evil.com",
    "\\/evil.com",
    "/%2F%2Fevil.com",
    "/\t/evil.com",
    "/./evil.com",
    "/..//evil.com",
    "https://evil.com",
    "https:evil.com",
    "javascript:alert(1)",
]
SITE = "https://site.example"


@pytest.fixture
def blank_page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def test_accepted_addresses_name_the_same_host_in_chromium(blank_page):
    candidates = ["".join(parts) for parts in itertools.product(SCHEMES, HOSTS, TAILS)]
    readings = blank_page.evaluate(
        "texts => texts.map(t => { try { return new URL(t).hostname } catch (e) { return null } })",
        candidates,
    )
    accepted = disagreeing_with_urllib = 0
    for text, browser_host in zip(candidates, readings, strict=True):
        if browser_host is not None and browser_host != (urlsplit(text.strip()).hostname or ""):
            disagreeing_with_urllib += 1
        try:
            ours = parse_web_url(text)
        except BadUrl:
            continue
        accepted += 1
        assert browser_host == ours.host, text
        assert browser_host == urlsplit(ours.url).hostname, text
    assert accepted >= 20
    assert disagreeing_with_urllib >= 10  # the cases a urllib-only check got wrong


def test_accepted_redirect_targets_stay_on_the_site_in_chromium(blank_page):
    origins = blank_page.evaluate(
        """([targets, base]) => targets.map(t => {
            try { return new URL(t, base).origin } catch (e) { return null } })""",
        [REDIRECTS, SITE],
    )
    left_the_site = 0
    for target, origin in zip(REDIRECTS, origins, strict=True):
        if origin != SITE:
            left_the_site += 1
        if safe_redirect_path(target) is not None:
            assert origin == SITE, target
    assert left_the_site >= 5
