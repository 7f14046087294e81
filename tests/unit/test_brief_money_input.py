"""Amounts typed in major units become integers in the smallest unit, via Decimal."""

import pytest

from marketplace.briefs.money_input import to_major_text, to_minor


@pytest.mark.parametrize(
    "text,currency,expected",
    [
        ("3000.00", "cny", 300_000),
        ("3,000.5", "cny", 300_050),
        (" 0.10 ", "usd", 10),
        ("0.29", "usd", 29),
        ("12", "usd", 1200),
        ("-5", "cny", -500),
    ],
)
def test_to_minor(text, currency, expected):
    assert to_minor(text, currency) == expected


@pytest.mark.parametrize("text", ["", "abc", "1.001", "NaN", "Infinity", "1e20", "1e999999999"])
def test_not_an_amount(text):
    with pytest.raises(ValueError):
        to_minor(text, "cny")


def test_to_major_text_round_trips():
    assert to_major_text(300_050, "cny") == "3000.50"
    assert to_major_text(None, "usd") == ""
    assert to_minor(to_major_text(123_456, "usd"), "usd") == 123_456
