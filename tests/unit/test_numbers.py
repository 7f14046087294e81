"""The strict integer parser and the path-id pattern: ASCII digits, bounded, exact."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.domain.numbers import (
    INT32_MAX,
    INT64_MAX,
    INT64_MIN,
    NotAnInteger,
    parse_int,
    parse_int_or_none,
)
from marketplace.routing import positive_up_to


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0", 0), ("42", 42), ("-7", -7), (" 15 ", 15), ("007", 7), (str(INT64_MAX), INT64_MAX)],
)
def test_plain_ascii_integers_parse(text, expected):
    assert parse_int(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "²",  # str.isdigit() says yes, int() says no
        "١٢",  # int() reads Arabic-Indic digits as 12
        "１２",  # full-width digits
        "--5",
        "+5",
        "-",
        "",
        "   ",
        "1.0",
        "1e3",
        "1_000",
        "0x10",
        "9" * 20,  # longer than any 64-bit integer
        "9" * 5000,  # past Python's int-parsing limit (ValueError in int())
        "1\x00",
    ],
)
def test_anything_else_is_not_an_integer(text):
    with pytest.raises(NotAnInteger):
        parse_int(text)
    assert parse_int_or_none(text) is None


def test_non_text_is_not_an_integer():
    with pytest.raises(NotAnInteger):
        parse_int(12)  # type: ignore[arg-type]


@given(st.integers(min_value=INT64_MIN + 1, max_value=INT64_MAX))
def test_every_64_bit_integer_round_trips(number):
    assert parse_int(str(number)) == number


@given(st.text(min_size=1, max_size=25))
def test_a_parse_is_always_the_ascii_reading(text):
    stripped = text.strip()
    ascii_number = re.fullmatch(r"-?[0-9]{1,19}", stripped)
    if ascii_number:
        assert parse_int(text) == int(stripped)
    else:
        assert parse_int_or_none(text) is None


@pytest.mark.parametrize("maximum", [1, 9, 10, 57, 100, 999, 1000, 2024])
def test_path_id_pattern_matches_exactly_one_to_maximum(maximum):
    pattern = re.compile(positive_up_to(maximum))
    matched = [n for n in range(0, maximum * 11) if pattern.fullmatch(str(n))]
    assert matched == list(range(1, maximum + 1))


@given(st.integers(min_value=-10, max_value=10**12))
def test_path_id_pattern_for_32_bit_ids(number):
    pattern = re.compile(positive_up_to(INT32_MAX))
    assert bool(pattern.fullmatch(str(number))) == (1 <= number <= INT32_MAX)


@pytest.mark.parametrize("text", ["01", "١٢", "²", "-1", "1 ", "+1"])
def test_path_id_pattern_refuses_other_spellings(text):
    assert not re.fullmatch(positive_up_to(INT32_MAX), text)
