"""The platform fee split: whole minor units, nothing created or lost."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.domain.fees import split

GROSS = st.integers(min_value=0, max_value=10**15)
BPS = st.integers(min_value=0, max_value=10_000)


@given(gross=GROSS, fee_bps=BPS)
def test_fee_and_net_add_up_to_the_gross_and_stay_within_it(gross, fee_bps):
    parts = split(gross, fee_bps)
    assert parts.fee + parts.net == parts.gross == gross
    assert 0 <= parts.fee <= gross
    assert 0 <= parts.net <= gross


@given(gross=GROSS, fee_bps=BPS)
def test_the_fee_is_the_rate_rounded_to_the_nearest_minor_unit(gross, fee_bps):
    exact = gross * fee_bps / 10_000
    assert abs(split(gross, fee_bps).fee - exact) <= 0.5


@pytest.mark.parametrize(
    ("gross", "fee_bps", "fee"),
    [
        (100_000, 1000, 10_000),  # 10% of 1,000.00
        (5, 1000, 1),  # 0.5 fen rounds half up
        (4, 1000, 0),
        (1, 10_000, 1),
        (12_345, 0, 0),
        (0, 1000, 0),
    ],
)
def test_examples(gross, fee_bps, fee):
    assert split(gross, fee_bps).fee == fee
    assert split(gross, fee_bps).net == gross - fee


@pytest.mark.parametrize(("gross", "fee_bps"), [(-1, 1000), (100, -1), (100, 10_001)])
def test_out_of_range_inputs_are_refused(gross, fee_bps):
    with pytest.raises(ValueError):
        split(gross, fee_bps)
