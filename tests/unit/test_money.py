"""domain.money: what people type becomes exact integers, and amounts read well per locale."""

from __future__ import annotations

import ast
import inspect
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.domain import money
from marketplace.domain.money import MoneyError

CURRENCIES = sorted(money.EXPONENTS)
LOCALES = ("en", "zh")
# Up to a trillion yuan or dollars: far past any cap and past the old 32-bit columns.
AMOUNTS = st.integers(min_value=0, max_value=10**14)
# Text made of what amounts are made of finds the edge cases sooner than any Unicode text.
AMOUNT_LIKE = st.text(alphabet="0123456789,.+-¥$元%￥１，． \u00a0usdcnyrmbe", max_size=20)


@given(amount=AMOUNTS, currency=st.sampled_from(CURRENCIES), locale=st.sampled_from(LOCALES))
def test_parse_reads_back_what_format_wrote(amount, currency, locale):
    assert money.parse(money.format_money(amount, currency, locale), currency) == amount


@given(amount=AMOUNTS, currency=st.sampled_from(CURRENCIES))
def test_parse_reads_back_an_edit_form_value(amount, currency):
    assert money.parse(money.input_text(amount, currency), currency) == amount


@given(text=st.one_of(st.text(max_size=60), AMOUNT_LIKE))
def test_any_text_is_a_percentage_or_a_money_error(text):
    try:
        bps = money.parse_percent(text)
    except MoneyError as error:
        assert error.code in {"empty", "too_long", "not_a_number", "negative", "too_many_decimals"}
    else:
        assert isinstance(bps, int) and bps >= 0


@given(bps=st.integers(min_value=0, max_value=10**6))
def test_percent_input_round_trips_in_basis_points(bps):
    assert money.parse_percent(money.percent_input_text(bps)) == bps
    assert money.parse_percent(money.format_bps(bps)) == bps


@given(
    text=st.one_of(st.text(max_size=60), AMOUNT_LIKE),
    currency=st.sampled_from([*CURRENCIES, None, "xyz"]),
)
def test_any_text_is_an_amount_or_a_money_error(text, currency):
    try:
        amount = money.parse(text, currency)
    except MoneyError as error:
        assert error.code in {
            "empty",
            "too_long",
            "not_a_number",
            "negative",
            "too_many_decimals",
            "other_currency",
        }
    else:
        assert isinstance(amount, int) and amount >= 0


@given(value=st.one_of(st.none(), st.booleans(), st.floats(), st.binary(), st.lists(st.integers())))
def test_values_that_are_not_text_are_refused(value):
    with pytest.raises(MoneyError):
        money.parse(value, "cny")


@pytest.mark.parametrize(
    "text,currency,expected",
    [
        ("1,234.5", "cny", 123_450),
        ("¥1234", "cny", 123_400),
        ("￥1234", "cny", 123_400),
        ("CN¥1,234.56", "cny", 123_456),
        ("1234.50", "usd", 123_450),
        ("US$12", "usd", 1_200),
        ("$ 12", "usd", 1_200),
        ("12 USD", "usd", 1_200),
        ("12元", "cny", 1_200),
        ("RMB 3 000", "cny", 300_000),
        ("１２３４．５", "cny", 123_450),  # full-width digits, as Chinese input methods type
        ("１，２３４", "cny", 123_400),
        (".5", "usd", 50),
        ("0", "cny", 0),
        ("-0", "cny", 0),
        ("+7", "cny", 700),
        (1234, "cny", 123_400),
    ],
)
def test_parse_what_people_type(text, currency, expected):
    assert money.parse(text, currency) == expected


@pytest.mark.parametrize(
    "text,code",
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        ("abc", "not_a_number"),
        ("¥", "not_a_number"),  # a symbol alone (found by hypothesis: it once crashed)
        ("元", "not_a_number"),
        ("-", "not_a_number"),
        ("-¥", "not_a_number"),
        ("NaN", "not_a_number"),
        ("inf", "not_a_number"),
        ("-Infinity", "not_a_number"),
        ("1e5", "not_a_number"),
        ("0x10", "not_a_number"),
        ("1,23", "not_a_number"),  # a decimal comma is ambiguous: refused, not guessed
        ("1.2.3", "not_a_number"),
        ("--5", "not_a_number"),
        ("١٢٣", "not_a_number"),  # Arabic-Indic digits are not normalised to 0-9
        ("१२३", "not_a_number"),
        ("-5", "negative"),
        ("-¥5", "negative"),
        ("¥-5", "negative"),
        ("1.001", "too_many_decimals"),
        ("US$5", "other_currency"),
        ("$5", "other_currency"),
        ("9" * 41, "too_long"),
        ("1" * 100_000, "too_long"),
    ],
)
def test_garbage_is_a_typed_error(text, code):
    with pytest.raises(MoneyError) as caught:
        money.parse(text, "cny")
    assert caught.value.code == code


def test_the_exponent_comes_from_the_currency_table(monkeypatch):
    monkeypatch.setitem(money.EXPONENTS, "jpy", 0)
    monkeypatch.setitem(money.MARKERS, "jpy", ("jp¥", "jpy", "円"))
    assert money.parse("1,234", "jpy") == 1234
    assert money.parse("1234円", "jpy") == 1234
    with pytest.raises(MoneyError) as caught:
        money.parse("12.5", "jpy")
    assert caught.value.params == {"places": 0}
    assert money.format_money(1234, "jpy", "en") == "¥1,234"
    assert money.to_major(1234, "jpy") == Decimal(1234)


@pytest.mark.parametrize(
    "amount,currency,locale,expected",
    [
        (300_000, "cny", "en", "CN¥3,000"),
        (300_000, "cny", "zh", "¥3,000"),
        (300_050, "cny", "en", "CN¥3,000.50"),
        (300_005, "usd", "en", "$3,000.05"),
        (500, "usd", "zh", "US$5"),
        (1_000_000_000, "cny", "zh", "¥10,000,000"),
        (0, "cny", "en", "CN¥0"),
        (None, "cny", "en", ""),
    ],
)
def test_format_money_drops_zero_decimals(amount, currency, locale, expected):
    assert money.format_money(amount, currency, locale) == expected


@pytest.mark.parametrize(
    "amount,currency,locale,expected",
    [
        (1_500_000, "cny", "zh", "¥1.5万"),
        (12_000_000_000, "cny", "zh", "¥1.2亿"),
        (1_500_000, "usd", "en", "$15K"),
        (250_000_000, "usd", "en", "$2.5M"),
        (999_999, "cny", "en", "CN¥9,999.99"),  # below 10,000 lists show the full amount
    ],
)
def test_compact_amounts_for_lists(amount, currency, locale, expected):
    assert money.format_money(amount, currency, locale, compact=True) == expected


@pytest.mark.parametrize(
    "bps,expected",
    [(1500, "15%"), (1250, "12.5%"), (1, "0.01%"), (10_000, "100%"), (None, "")],
)
def test_basis_points_as_percent(bps, expected):
    assert money.format_bps(bps, "en") == expected
    assert money.format_bps(bps, "zh") == expected


def test_percentages_as_typed():
    assert money.parse_percent("15") == 1500
    assert money.parse_percent("12.5%") == 1250
    assert money.parse_percent("１５％") == 1500
    for text, code in (
        ("12.345", "too_many_decimals"),
        ("-1", "negative"),
        ("lots", "not_a_number"),
    ):
        with pytest.raises(MoneyError) as caught:
            money.parse_percent(text)
        assert caught.value.code == code


def test_check_range_carries_the_limit_as_money():
    assert money.check_range(5, "cny", minimum=1, maximum=10) == 5
    with pytest.raises(MoneyError) as caught:
        money.check_range(11, "usd", minimum=1, maximum=10)
    assert (caught.value.code, caught.value.params) == (
        "above_maximum",
        {"limit": money.Money(10, "usd")},
    )


def test_input_text_is_plain_and_exact():
    assert money.input_text(300_050, "cny") == "3000.50"
    assert money.input_text(300_000, "usd") == "3000"
    assert money.input_text(None, "usd") == ""
    assert money.percent_input_text(1250) == "12.5"
    assert money.percent_input_text(1500) == "15"


def test_no_float_in_the_money_module():
    tree = ast.parse(inspect.getsource(money))
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    assert "float" not in names
    imports = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not any(module.startswith("flask") for module in imports)
