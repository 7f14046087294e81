"""Field validation shared by every service, so pages and the API give the same errors."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from marketplace.domain import money
from marketplace.domain.errors import ValidationFailed
from marketplace.domain.numbers import (
    INT32_MAX,
    INT32_MIN,
    NotAnInteger,
    parse_int,
)
from marketplace.domain.text import is_storable_text
from marketplace.domain.urls import MAX_URL_LENGTH, BadUrl, parse_web_url
from marketplace.services.money_messages import locale_name, money_message

MISSING = object()
UNSTORABLE_TEXT = _l("Must not contain NUL or unpaired surrogate characters.")
# Followers live in 32-bit integer columns; every accepted count stays storable.
MAX_FOLLOWERS = 2_000_000_000
EMAIL_MAX = 254


class Validator:
    """Collects per-field messages; `check()` raises one ValidationFailed with all of them."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: Any) -> None:
        self.errors.setdefault(field, []).append(str(message))

    def check(self) -> None:
        if self.errors:
            raise ValidationFailed(str(_l("Some fields are not valid.")), self.errors)

    def _missing(self, field: str, value: Any, required: bool) -> bool:
        if value is None or value is MISSING or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(field, _l("This field is required."))
            return True
        return False

    def string(
        self, field: str, value: Any, *, required: bool = True, max_len: int = 200, min_len: int = 0
    ) -> str | None:
        if self._missing(field, value, required):
            return None
        if not isinstance(value, str):
            self.add(field, _l("Must be text."))
            return None
        if not is_storable_text(value):
            self.add(field, UNSTORABLE_TEXT)
            return None
        value = value.strip()
        if len(value) > max_len:
            self.add(field, _l("Must be at most %(n)d characters.", n=max_len))
            return None
        if len(value) < min_len:
            self.add(field, _l("Must be at least %(n)d characters.", n=min_len))
            return None
        return value

    def integer(
        self,
        field: str,
        value: Any,
        *,
        required: bool = True,
        minimum: int | None = INT32_MIN,
        maximum: int | None = INT32_MAX,
    ) -> int | None:
        """A whole number (int, or text of ASCII digits) within the bounds.

        The default bounds are a 32-bit INTEGER column's, so no unchecked value reaches one;
        None leaves a bound to the caller's own rule (amounts and rates word theirs).
        """
        if self._missing(field, value, required):
            return None
        if isinstance(value, str):
            try:
                value = parse_int(value)
            except NotAnInteger:
                self.add(field, _l("Must be a whole number."))
                return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(field, _l("Must be a whole number."))
            return None
        if minimum is not None and value < minimum:
            self.add(field, _l("Must be at least %(n)s.", n=minimum))
            return None
        if maximum is not None and value > maximum:
            self.add(field, _l("Must be at most %(n)s.", n=maximum))
            return None
        return value

    def number(
        self,
        field: str,
        value: Any,
        *,
        required: bool = True,
        minimum: float = 0.0,
        maximum: float = 1.0,
    ) -> float | None:
        if self._missing(field, value, required):
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            self.add(field, _l("Must be a number."))
            return None
        try:
            number = float(value)
        except ValueError:
            self.add(field, _l("Must be a number."))
            return None
        if math.isnan(number) or number < minimum or number > maximum:
            self.add(field, _l("Must be between %(a)s and %(b)s.", a=minimum, b=maximum))
            return None
        return number

    def choice(
        self, field: str, value: Any, choices: Sequence[str], *, required: bool = True
    ) -> str | None:
        if self._missing(field, value, required):
            return None
        if not isinstance(value, str) or value not in choices:
            self.add(field, _l("Must be one of: %(choices)s.", choices=", ".join(choices)))
            return None
        return value

    def choices(
        self,
        field: str,
        value: Any,
        choices: Sequence[str],
        *,
        required: bool = False,
        max_items: int = 20,
    ) -> list[str]:
        if value is None or value == []:
            if required:
                self.add(field, _l("Choose at least one."))
            return []
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            self.add(field, _l("Must be a list of values."))
            return []
        unknown = [v for v in value if v not in choices]
        if unknown:
            self.add(field, _l("Unknown values: %(values)s.", values=", ".join(unknown[:5])))
            return []
        if len(value) > max_items:
            self.add(field, _l("At most %(n)d values.", n=max_items))
            return []
        return list(dict.fromkeys(value))

    def string_list(
        self, field: str, value: Any, *, max_items: int = 30, max_len: int = 40
    ) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            self.add(field, _l("Must be a list of text values."))
            return []
        if not all(is_storable_text(v) for v in value):
            self.add(field, UNSTORABLE_TEXT)
            return []
        cleaned = list(dict.fromkeys(v.strip() for v in value if v.strip()))
        if len(cleaned) > max_items:
            self.add(field, _l("At most %(n)d values.", n=max_items))
            return []
        if any(len(v) > max_len for v in cleaned):
            self.add(field, _l("Each value must be at most %(n)d characters.", n=max_len))
            return []
        return cleaned

    def ordered(self, low_field: str, low: Any, high_field: str, high: Any) -> None:
        """A range whose upper bound is below its lower bound is an error on the upper one."""
        if low is not None and high is not None and low > high:
            self.add(high_field, _l("Must not be below the minimum."))

    def follower_range(
        self, low: Any, high: Any, *, prefix: str = ""
    ) -> tuple[int | None, int | None]:
        """Optional `min_followers`/`max_followers` (each 0..MAX_FOLLOWERS, min <= max)."""
        low_field, high_field = f"{prefix}min_followers", f"{prefix}max_followers"
        clean_low = self.integer(low_field, low, required=False, minimum=0, maximum=MAX_FOLLOWERS)
        clean_high = self.integer(
            high_field, high, required=False, minimum=0, maximum=MAX_FOLLOWERS
        )
        self.ordered(low_field, clean_low, high_field, clean_high)
        return clean_low, clean_high

    def email(self, field: str, value: Any) -> str | None:
        text = self.string(field, value, max_len=EMAIL_MAX)
        if text is None:
            return None
        try:
            return validate_email(text, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            self.add(field, _l("Enter a valid email address."))
            return None

    def url(
        self,
        field: str,
        value: Any,
        *,
        required: bool = False,
        hosts: Iterable[str] | None = None,
    ) -> str | None:
        """An http(s) address read as browsers read it, returned normalised (see domain.urls)."""
        text = self.string(field, value, required=required, max_len=MAX_URL_LENGTH)
        if text is None:
            return None
        try:
            web_url = parse_web_url(text)
        except BadUrl:
            self.add(field, _l("Enter a full web address starting with http:// or https://."))
            return None
        if hosts is not None and not web_url.is_on(tuple(hosts)):
            self.add(field, _l("Must be a link on %(hosts)s.", hosts=", ".join(hosts)))
            return None
        return web_url.url

    def iso_date(self, field: str, value: Any, *, required: bool = False) -> date | None:
        if self._missing(field, value, required):
            return None
        if isinstance(value, date):
            return value
        if not isinstance(value, str):
            self.add(field, _l("Must be a date (YYYY-MM-DD)."))
            return None
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            self.add(field, _l("Must be a date (YYYY-MM-DD)."))
            return None

    def amount(
        self,
        field: str,
        value: Any,
        currency: str | None,
        *,
        required: bool = True,
        minimum: int = 0,
        maximum_major: int,
    ) -> int | None:
        """An amount in the smallest unit; limits are checked and worded in major units.

        `minimum` is in the smallest unit (0: free is fine, 1: at least one fen/cent),
        `maximum_major` in yuan or dollars, so one cap reads the same in every currency.
        """
        # The business cap below (far inside BIGINT) words the limit in the user's unit.
        number = self.integer(field, value, required=required, minimum=None, maximum=None)
        if number is None:
            return None
        try:
            return money.check_range(
                number,
                currency,
                minimum=minimum,
                maximum=money.to_minor(maximum_major, currency),
            )
        except money.MoneyError as error:
            self.add(field, money_message(error, currency))
            return None

    def basis_points(
        self, field: str, value: Any, *, required: bool = True, minimum: int, maximum: int
    ) -> int | None:
        """A rate in basis points (1500 = 15%); out-of-range messages speak percent."""
        bps = self.integer(field, value, required=required, minimum=None, maximum=None)
        if bps is None:
            return None
        if not minimum <= bps <= maximum:
            self.add(
                field,
                _l(
                    "Must be between %(low)s and %(high)s.",
                    low=money.format_bps(minimum, locale_name()),
                    high=money.format_bps(maximum, locale_name()),
                ),
            )
            return None
        return bps

    def share(
        self, field: str, value: Any, *, required: bool = True, in_percent: bool = False
    ) -> float | None:
        """A fraction between 0 and 1 (engagement); `in_percent` takes 0-100 instead.

        Either way the error speaks percent, the unit people think in.
        """
        if self._missing(field, value, required):
            return None
        try:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise InvalidOperation
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.add(field, _l("Must be a number."))
            return None
        scale = 100 if in_percent else 1
        if not number.is_finite() or not 0 <= number <= scale:
            self.add(field, _l("Must be between %(low)s and %(high)s.", low="0%", high="100%"))
            return None
        return float(number / scale)
