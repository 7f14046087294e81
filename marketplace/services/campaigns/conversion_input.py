"""Reading a reported sale or return: the same checks for the API, signed postbacks and CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.domain.money import EXPONENTS
from marketplace.models.base import utcnow
from marketplace.services.validation import Validator

ORDER_ID_MAX = 64
LINK_CODE_MAX = 16
# The largest single order accepted, in yuan or dollars.
MAX_ORDER_MAJOR = 100_000_000
# A store's clock may run a little ahead of ours.
FUTURE_SKEW = timedelta(minutes=5)
EARLIEST_ORDER = datetime(2000, 1, 1)


@dataclass(frozen=True)
class SaleInput:
    order_id: str
    link_code: str
    amount: int
    currency: str
    ordered_at: datetime  # naive UTC


def _moment(v: Validator, field: str, value: Any) -> datetime | None:
    """An ISO 8601 time as naive UTC (a time without an offset is taken as UTC)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        v.add(field, _l("This field is required."))
        return None
    if not isinstance(value, str) or len(value) > 40:
        v.add(field, _l("Must be an ISO 8601 date and time, e.g. 2026-05-01T12:30:00Z."))
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):  # year 1 or 9999 shifted past the calendar's edge
        v.add(field, _l("Must be an ISO 8601 date and time, e.g. 2026-05-01T12:30:00Z."))
        return None
    if moment > utcnow() + FUTURE_SKEW:
        v.add(field, _l("Must not be in the future."))
        return None
    if moment < EARLIEST_ORDER:
        v.add(field, _l("Must be in the year 2000 or later."))
        return None
    return moment


def _currency(v: Validator, value: Any) -> str | None:
    if isinstance(value, str):
        value = value.strip().lower()
    return v.choice("currency", value, tuple(EXPONENTS))


def read_sale(data: dict[str, Any]) -> SaleInput:
    """The sale's fields, checked; one ValidationFailed names every bad field."""
    v = Validator()
    order_id = v.string("order_id", data.get("order_id"), max_len=ORDER_ID_MAX)
    link_code = v.string("link_code", data.get("link_code"), max_len=LINK_CODE_MAX)
    currency = _currency(v, data.get("currency"))
    amount = v.amount(
        "amount", data.get("amount"), currency, minimum=1, maximum_major=MAX_ORDER_MAJOR
    )
    ordered_at = _moment(v, "ordered_at", data.get("ordered_at"))
    v.check()
    assert order_id and link_code and currency and amount and ordered_at
    return SaleInput(order_id, link_code, amount, currency, ordered_at)


def read_return_amount(value: Any, currency: str) -> int:
    """A returned amount: a positive whole number of the smallest unit."""
    v = Validator()
    amount = v.amount("amount", value, currency, minimum=1, maximum_major=MAX_ORDER_MAJOR)
    v.check()
    assert amount is not None
    return amount
