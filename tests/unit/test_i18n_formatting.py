"""Counts and lists for people, per locale: compact reach and the locale's list punctuation."""

from __future__ import annotations

import pytest

from marketplace.i18n import format_count, format_list


@pytest.fixture
def in_locale(app):
    def _enter(lang: str):
        return app.test_request_context("/", headers={"Accept-Language": lang})

    return _enter


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("en", 3_487_466, "3.5M"),
        ("zh", 3_487_466, "348.7万"),
        ("zh", 1_101_672, "110.2万"),
        ("en", 48_000, "48K"),
        ("en", 950, "950"),
        ("zh", 9_500, "9500"),
        ("en", 3_000_000, "3M"),
        ("en", None, "0"),
    ],
)
def test_compact_counts_follow_the_locale(in_locale, lang, value, expected):
    with in_locale(lang):
        assert format_count(value, compact=True) == expected


def test_exact_counts_stay_exact(in_locale):
    with in_locale("en"):
        assert format_count(3_487_466) == "3,487,466"


@pytest.mark.parametrize(
    ("lang", "items", "expected"),
    [
        ("en", ["Beauty", "Food", "Travel"], "Beauty, Food, and Travel"),
        ("zh", ["美妆", "美食", "旅行"], "美妆、美食和旅行"),
        ("zh", ["美妆", "美食"], "美妆和美食"),
        ("en", ["Beauty"], "Beauty"),
        ("en", [], ""),
    ],
)
def test_lists_use_the_locale_punctuation(in_locale, lang, items, expected):
    with in_locale(lang):
        assert format_list(items) == expected
