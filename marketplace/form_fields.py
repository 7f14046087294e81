"""Form fields for amounts and percentages as people type them; parsing is domain.money's."""

from __future__ import annotations

from typing import Any

from wtforms import Field, StringField
from wtforms.validators import ValidationError

from marketplace.domain import money
from marketplace.services.money_messages import money_message, percent_message


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
