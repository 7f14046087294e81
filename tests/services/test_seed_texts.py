"""Demo data reads naturally in both interface languages: no internal platform codes."""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import select

from marketplace.domain.taxonomy import PLATFORMS
from marketplace.extensions import db
from marketplace.labels import label
from marketplace.models import Brief
from marketplace.seed.generate import generate_kols
from marketplace.seed.vocab import PLATFORM_NAMES


def test_platform_names_in_titles_are_the_interface_labels(ctx):
    assert set(PLATFORM_NAMES) == set(PLATFORMS)
    for code, (english, chinese) in PLATFORM_NAMES.items():
        with force_locale("en"):
            assert label("platform", code) == english
        with force_locale("zh"):
            assert label("platform", code) == chinese


def test_listing_titles_never_show_a_platform_code():
    titles = [item["title"] for kol in generate_kols(60) for item in kol.listings]
    assert titles
    assert not [t for t in titles if any(code in t for code in PLATFORMS if "_" in code)]
    assert not [t for t in titles if any(f" {code} " in f" {t} " for code in PLATFORMS)]
    assert any("淘宝直播" in t or "小红书" in t for t in titles)


def test_seeded_brief_titles_read_in_chinese_too(app, ctx):
    result = app.test_cli_runner().invoke(args=["seed", "demo", "--kols", "5"])
    assert result.exit_code == 0, result.output
    titles = db.session.scalars(select(Brief.title)).all()
    assert titles and all(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in titles)
