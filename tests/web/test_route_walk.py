"""Walk every GET page reachable from each role's start page, in English and Chinese, and
fail on any server error.

Links are followed breadth-first within the site. URLs that differ only in query values
(page 2, 3, ... or another sort) count as one shape, so the walk stays bounded; language
links are not followed, since the walk's language comes from Accept-Language.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from flask.testing import FlaskClient

from marketplace.services.briefs import invitations
from tests import factories
from tests.conftest import login
from tests.factories.brands import make_application, make_brief, make_shortlist
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import make_contract

MAX_PAGES = 150
#: Fewest pages each walk must reach, so a broken start page cannot pass as an empty walk.
MIN_PAGES = {"anonymous": 5, "brand": 10, "kol": 10, "admin": 6}
SKIPPED_PREFIXES = ("/static/", "/bootstrap/static/", "/lang/", "/api/")
LANGUAGES = {"en": "en-US,en;q=0.9", "zh": "zh-CN,zh;q=0.9"}
HTML_LANG = {"en": 'lang="en"', "zh": 'lang="zh-Hans"'}


class LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


@dataclass
class Walk:
    statuses: dict[str, int] = field(default_factory=dict)
    server_errors: list[str] = field(default_factory=list)
    html_pages: list[str] = field(default_factory=list)


def _shape(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted({key for key, _value in parse_qsl(parts.query, keep_blank_values=True)})
    return parts.path + ("?" + "&".join(keys) if keys else "")


def _same_site(base: str, href: str) -> str | None:
    target = urlsplit(urljoin(base, href))
    if target.scheme not in ("", "http") or target.netloc not in ("", "localhost"):
        return None
    if target.path.startswith(SKIPPED_PREFIXES):
        return None
    return target.path + ("?" + target.query if target.query else "")


def walk(client: FlaskClient, start: str) -> Walk:
    result = Walk()
    queue, seen = deque([start]), {_shape(start)}
    while queue and len(result.statuses) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        result.statuses[url] = response.status_code
        if response.status_code >= 500:
            result.server_errors.append(f"{response.status_code} {url}")
        found: list[str] = []
        if response.location:
            found.append(response.location)
        if response.mimetype == "text/html" and not response.location:  # not a redirect stub
            page = response.get_data(as_text=True)
            result.html_pages.append(page)
            parser = LinkParser()
            parser.feed(page)
            found.extend(parser.links)
        for href in found:
            target = _same_site("http://localhost" + url, href)
            if target and _shape(target) not in seen:
                seen.add(_shape(target))
                queue.append(target)
    return result


@pytest.fixture
def marketplace_data(ctx):
    """Enough rows that every kind of page has something to link to."""
    kol, listing = make_kol_with_listing(name="Mia Glow", verification="verified")
    other_kol, other_listing = make_kol_with_listing(name="Lin Sun")
    brand = factories.make_brand(name="Lumi Skin")
    open_brief = make_brief(brand, title="Summer sunscreen launch")
    make_brief(brand, title="Autumn draft", status="draft")
    make_application(kol, open_brief)
    invitations.invite_kol(brand, open_brief.id, other_kol.id, "Would you like to apply?")
    make_shortlist(brand, kols=(kol, other_kol))
    make_contract("offered", brand=brand, kol=kol, listing=listing)
    make_contract("submitted", brand=brand, kol=other_kol, listing=other_listing)
    make_contract("completed", brand=brand, kol=other_kol, listing=other_listing)
    factories.make_brand(name="Suspended shop", suspended=True)
    return {"brand": brand, "kol": other_kol, "admin": factories.make_admin()}


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("role", ["anonymous", "brand", "kol", "admin"])
def test_every_reachable_page_answers_without_a_server_error(
    app, client, marketplace_data, role, language
):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = LANGUAGES[language]
    start = "/"
    if role != "anonymous":
        assert login(client, marketplace_data[role]).status_code == 302
        start = "/dashboard"

    result = walk(client, start)

    assert result.server_errors == []
    ok_pages = [url for url, status in result.statuses.items() if status == 200]
    assert len(ok_pages) >= MIN_PAGES[role], result.statuses
    assert all(HTML_LANG[language] in page for page in result.html_pages)


def test_the_walk_reports_a_server_error(app, client, ctx):
    """The walker can fail: a page that raises is reported, not skipped."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = LANGUAGES["en"]
    broken = app.view_functions["main.index"]

    def crashing_index():
        raise RuntimeError("boom")

    app.view_functions["main.index"] = crashing_index
    try:
        result = walk(client, "/auth/login")
    finally:
        app.view_functions["main.index"] = broken
    assert "500 /" in result.server_errors
