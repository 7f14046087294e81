"""Reported sales and returns: idempotency, accrual rules, the budget cap and the ledger."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.domain.errors import Conflict, NotFound, ValidationFailed
from marketplace.models import Conversion, Notification
from marketplace.models.base import utcnow
from marketplace.services.campaigns import conversions, csv_import
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from marketplace.services.notifications.texts import notification_text
from tests.factories import make_brand
from tests.factories.sales import (
    link_code,
    make_commission_deal,
    make_conversion,
    sale_payload,
)


def _budget_and_held(deal) -> tuple[int, int]:
    c = deal.contract
    return (
        balance(accounts.commission_escrow(c.id), c.currency),
        balance(accounts.commission_held(c.id), c.currency),
    )


def test_a_sale_accrues_its_commission_into_the_hold(ctx):
    deal = make_commission_deal(bps=1000, budget=50_000)
    conversion = make_conversion(deal, amount=12_345)
    assert (conversion.commission, conversion.status) == (1_234, "held")
    assert conversion.payable_at > utcnow() + timedelta(days=14)
    assert _budget_and_held(deal) == (50_000 - 1_234, 1_234)


def test_an_identical_repeat_books_nothing_twice_and_other_content_conflicts(ctx):
    deal = make_commission_deal()
    payload = sale_payload(deal, amount=10_000, order_id="TB-1")
    first = conversions.record_sale(deal.brand, payload)
    again = conversions.record_sale(deal.brand, dict(payload))
    assert first.created and not again.created
    assert again.conversion.id == first.conversion.id
    assert _budget_and_held(deal) == (49_000, 1_000)
    with pytest.raises(Conflict):
        conversions.record_sale(deal.brand, {**payload, "amount": 10_001})
    assert _budget_and_held(deal) == (49_000, 1_000)


def test_another_brands_link_is_not_found_and_books_nothing(ctx):
    deal = make_commission_deal()
    with pytest.raises(NotFound):
        conversions.record_sale(make_brand(), sale_payload(deal))
    assert _budget_and_held(deal) == (50_000, 0)


@pytest.mark.parametrize(
    "field, value",
    [
        ("currency", "usd"),
        ("amount", 0),
        ("amount", -5),
        ("amount", True),
        ("amount", 1.5),
        ("amount", "١٢٣"),
        ("amount", 10**30),
        ("ordered_at", "yesterday"),
        ("ordered_at", "0001-01-01T00:00:00+01:00"),
        ("ordered_at", "9999-12-31T23:59:59-23:59"),
        ("ordered_at", "1999-12-31T23:59:59Z"),
        ("ordered_at", 20260101),
        ("ordered_at", "2999-01-01T00:00:00Z"),
        ("order_id", ""),
        ("order_id", "x" * 65),
    ],
)
def test_bad_fields_are_refused_and_book_nothing(ctx, field, value):
    deal = make_commission_deal()
    with pytest.raises(ValidationFailed) as refused:
        conversions.record_sale(deal.brand, {**sale_payload(deal), field: value})
    assert field in refused.value.fields
    assert _budget_and_held(deal) == (50_000, 0)


def test_a_sale_beyond_the_budget_earns_only_what_is_left_then_nothing(ctx):
    deal = make_commission_deal(bps=1000, budget=1_500)
    assert make_conversion(deal, amount=10_000).commission == 1_000
    assert make_conversion(deal, amount=10_000).commission == 500
    last = make_conversion(deal, amount=10_000)
    assert (last.commission, last.status) == (0, "none")
    assert _budget_and_held(deal) == (0, 1_500)


def test_sales_before_funding_or_after_the_window_earn_nothing(ctx, app):
    deal = make_commission_deal("completed")
    contract = deal.contract
    before = make_conversion(deal, ordered_at=contract.funded_at - timedelta(hours=1))
    window = timedelta(seconds=app.config["COMMISSION_WINDOW_S"])
    contract.completed_at = utcnow() - window - timedelta(days=1)
    late = make_conversion(deal)
    assert (before.status, late.status) == ("none", "none")
    assert _budget_and_held(deal) == (50_000, 0)


def test_the_alert_at_80_percent_goes_to_both_sides_once(ctx):
    deal = make_commission_deal(bps=1000, budget=10_000)
    make_conversion(deal, amount=70_000)
    assert deal.contract.commission_alerted_at is None
    make_conversion(deal, amount=10_000)
    make_conversion(deal, amount=10_000)
    alerts = Notification.query.filter_by(kind="campaign.budget_mostly_used").all()
    assert sorted(n.user_id for n in alerts) == sorted([deal.brand.id, deal.kol.id])
    assert notification_text(alerts[0]).startswith("80% of the commission budget of")
    assert deal.contract.commission_alerted_at is not None


def test_a_return_within_the_hold_cancels_its_share_and_a_full_return_all(ctx):
    deal = make_commission_deal(bps=1000)
    conversion = make_conversion(deal, amount=10_001)  # commission 1,000
    part = conversions.record_return(deal.brand, conversion.order_id, {"amount": 3_333})
    assert part.conversion_return.commission_cancelled == 333
    assert _budget_and_held(deal) == (49_333, 667)
    rest = conversions.record_return(deal.brand, conversion.order_id, {"amount": 6_668})
    assert rest.conversion_return.commission_cancelled == 667
    assert (conversion.refunded, conversion.status) == (10_001, "cancelled")
    assert _budget_and_held(deal) == (50_000, 0)


def test_a_return_above_what_remains_is_refused(ctx):
    deal = make_commission_deal()
    conversion = make_conversion(deal, amount=10_000)
    conversions.record_return(deal.brand, conversion.order_id, {"amount": 4_000})
    with pytest.raises(ValidationFailed) as refused:
        conversions.record_return(deal.brand, conversion.order_id, {"amount": 6_001})
    assert "amount" in refused.value.fields
    assert conversion.refunded == 4_000


def test_a_return_after_the_hold_records_it_and_cancels_nothing(ctx):
    deal = make_commission_deal()
    conversion = make_conversion(deal, amount=10_000)
    conversion.payable_at = utcnow() - timedelta(seconds=1)
    result = conversions.record_return(deal.brand, conversion.order_id, {"amount": 10_000})
    assert not result.cancelled_commission
    assert conversion.refunded == 10_000
    assert _budget_and_held(deal) == (49_000, 1_000)


def test_an_unknown_or_foreign_order_is_not_found(ctx):
    deal = make_commission_deal()
    conversion = make_conversion(deal)
    with pytest.raises(NotFound):
        conversions.record_return(deal.brand, "nope", {"amount": 1})
    with pytest.raises(NotFound):
        conversions.record_return(make_brand(), conversion.order_id, {"amount": 1})


def _csv(deal, *lines: str) -> bytes:
    code = link_code(deal)
    header = "order_id,link_code,amount,currency,ordered_at"
    return ("\ufeff" + "\n".join([header, *lines]).replace("{code}", code)).encode()


def test_a_csv_import_books_good_rows_skips_repeats_and_reports_bad_ones(ctx):
    deal = make_commission_deal(bps=1000)
    now = utcnow().isoformat()
    make_conversion(deal, amount=5_000, order_id="TB-OLD", ordered_at=utcnow())
    old = conversions.find_conversion(deal.brand, "TB-OLD")
    raw = _csv(
        deal,
        f"TB-1,{{code}},199.00,cny,{now}",
        f"TB-OLD,{{code}},50,CNY,{old.ordered_at.isoformat()}",
        f"TB-2,{{code}},abc,cny,{now}",
        f"TB-3,nosuch,10,cny,{now}",
        f"TB-4,{{code}},10,usd,{now}",
        "TB-5,{code},10,cny,not-a-date",
        f"TB-1,{{code}},299.00,cny,{now}",
    )
    report = csv_import.import_sales(deal.brand, raw)
    outcomes = [(r.row, r.order_id, r.outcome) for r in report.rows]
    assert outcomes == [
        (2, "TB-1", "booked"),
        (3, "TB-OLD", "skipped"),
        (4, "TB-2", "error"),
        (5, "TB-3", "error"),
        (6, "TB-4", "error"),
        (7, "TB-5", "error"),
        (8, "TB-1", "error"),
    ]
    assert "amount" in report.rows[2].message and "currency" in report.rows[4].message
    assert Conversion.query.filter_by(brand_id=deal.brand.id).count() == 2
    assert _budget_and_held(deal) == (50_000 - 500 - 1_990, 500 + 1_990)


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"", "empty"),
        (b"order_id,amount\nA,1", "Missing columns"),
        ("order_id,link_code,amount,currency,ordered_at\n".encode("utf-16"), "UTF-8"),
        (b"order_id,link_code,amount,currency,ordered_at\n", "no rows"),
        (b"x" * (csv_import.MAX_BYTES + 1), "2 MB"),
    ],
)
def test_a_file_that_is_not_a_usable_export_is_refused_whole(ctx, raw, reason):
    deal = make_commission_deal()
    with pytest.raises(ValidationFailed) as refused:
        csv_import.import_sales(deal.brand, raw)
    assert reason in refused.value.message


def test_a_file_with_too_many_rows_is_refused_whole(ctx):
    deal = make_commission_deal()
    rows = [f"TB-{i},{{code}},1,cny,2026-01-01" for i in range(csv_import.MAX_ROWS + 1)]
    with pytest.raises(ValidationFailed):
        csv_import.import_sales(deal.brand, _csv(deal, *rows))
    assert Conversion.query.count() == 0


def test_a_sale_an_hour_ahead_is_refused_but_a_little_clock_skew_is_not(ctx):
    deal = make_commission_deal()
    ahead = {**sale_payload(deal), "ordered_at": (utcnow() + timedelta(hours=1)).isoformat()}
    with pytest.raises(ValidationFailed):
        conversions.record_sale(deal.brand, ahead)
    skewed = {**sale_payload(deal), "ordered_at": (utcnow() + timedelta(minutes=2)).isoformat()}
    assert conversions.record_sale(deal.brand, skewed).created
