"""Form fields that parse what people type strictly: numbers, decimals, amounts, percents.

WTForms' IntegerField and DecimalField accept Unicode digits ('١٢' is 12), 'NaN', 'sNaN'
and 'Infinity', and exponents such as '1e999999'; later arithmetic on those raised 500s.
The number fields keep WTForms' own messages, so its translations still apply; amounts and
percentages are parsed by domain.money.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from wtforms import DecimalField, Field, IntegerField, StringField
from wtforms.validators import ValidationError

from marketplace.domain import money
from marketplace.domain.numbers import NotAnInteger, parse_int
from marketplace.services.money_messages import money_message, percent_message

# Plain decimal notation: sign, up to 12 whole digits, up to 6 decimals after a '.'.
_PLAIN_DECIMAL = re.compile(r"-?[0-9]{1,12}(?:\.[0-9]{0,6})?|-?\.[0-9]{1,6}")


class WholeNumberField(IntegerField):
    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or valuelist[0] in (None, ""):
            return
        try:
            self.data = parse_int(valuelist[0])
        except NotAnInteger as error:
            self.data = None
            raise ValueError(self.gettext("Not a valid integer value.")) from error


class PlainDecimalField(DecimalField):
    """A decimal typed the way people write it: no exponents, NaN or infinity."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or valuelist[0] in (None, ""):
            return
        text = str(valuelist[0]).strip()
        if not _PLAIN_DECIMAL.fullmatch(text):
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))
        self.data = Decimal(text)


class AmountField(StringField):
    """An amount typed in major units ("3,000.50", "¥3000") of the currency in `currency_field`.

    `minor` holds the parsed amount in the smallest unit, or None when the box is empty.
    """

    def __init__(
        self, label: Any = None, validators: Any = None, currency_field: str = "currency", **kw: Any
    ) -> None:
        super().__init__(label, validators, **kw)
        self.currency_field = currency_field
        self.minor: int | None = None

    def currency(self, form: Any) -> str:
        """The currency code: a form field's value, or a plain string attribute of the form."""
        source = getattr(form, self.currency_field, None)
        value = source.data if isinstance(source, Field) else source
        return (
            value if isinstance(value, str) and value in money.EXPONENTS else money.DEFAULT_CURRENCY
        )

    def pre_validate(self, form: Any) -> None:
        self.minor = None
        if not (self.data or "").strip():
            return
        currency = self.currency(form)
        try:
            self.minor = money.parse(self.data, currency)
        except money.MoneyError as error:
            raise ValidationError(money_message(error, currency)) from None


class PercentField(StringField):
    """A percentage typed as "15" or "12.5%"; `bps` holds it in basis points (1500, 1250)."""

    def __init__(self, label: Any = None, validators: Any = None, **kw: Any) -> None:
        super().__init__(label, validators, **kw)
        self.bps: int | None = None

    def pre_validate(self, form: Any) -> None:
        self.bps = None
        if not (self.data or "").strip():
            return
        try:
            self.bps = money.parse_percent(self.data)
        except money.MoneyError as error:
            raise ValidationError(percent_message(error)) from None
