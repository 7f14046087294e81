"""The landing page shows the marketplace: live counts, featured KOLs, how it works."""

from __future__ import annotations

import re

import pytest

from marketplace.extensions import db
from marketplace.models import KolProfile
from marketplace.services.discovery import landing
from tests.factories.brands import make_brief
from tests.factories.search import make_tagged, unique_tag

pytestmark = pytest.mark.usefixtures("ctx")


@pytest.fixture(autouse=True)
def fresh_overview():
    landing.forget()
    yield
    landing.forget()


def counts(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-testid="count-([\w-]+)">([^<]*)<', html))


def test_live_counts_follow_the_catalogue(client, brand):
    before = counts(client.get("/").get_data(as_text=True))
    make_tagged(unique_tag(), categories=("pets",))
    make_tagged(unique_tag(), categories=("pets",))
    make_tagged(unique_tag(), suspended=True)  # not shown, not counted
    make_brief(brand, status="open")
    make_brief(brand, status="draft")
    db.session.commit()
    landing.forget()
    after = counts(client.get("/").get_data(as_text=True))
    assert int(after["kols"]) == int(before["kols"]) + 2
    assert int(after["open-briefs"]) == int(before["open-briefs"]) + 1
    assert int(after["categories"]) >= 1


def test_featured_kols_by_category_verified_and_well_rated_first(client):
    plain, _ = make_tagged(unique_tag(), name="Plain Pat", categories=("gaming",))
    star, _ = make_tagged(
        unique_tag(), name="Star Sam", categories=("gaming",), verification="verified"
    )
    profile = db.session.get(KolProfile, plain.id)
    profile.rating_avg, profile.rating_count = 4.9, 12
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    section = html[html.index('data-testid="featured-category-gaming"') :]
    assert section.index(f"featured-kol-{star.id}") < section.index(f"featured-kol-{plain.id}")
    assert 'href="/browse/?category=gaming"' in html


def test_how_it_works_has_three_steps_for_each_side(client):
    html = client.get("/").get_data(as_text=True)
    for side in ("brand", "kol"):
        steps = html[html.index(f'data-testid="steps-{side}"') :]
        assert steps[: steps.index("</ol>")].count("<li>") == 3


def test_the_overview_is_cached_briefly(client, app):
    make_tagged(unique_tag())
    first = landing.overview()
    make_tagged(unique_tag())
    assert landing.overview() is first
    app.config["LANDING_CACHE_SECONDS"] = 0
    try:
        assert landing.overview().kols == first.kols + 1
    finally:
        app.config.pop("LANDING_CACHE_SECONDS")
