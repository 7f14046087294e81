"""The products box of the offer and counter forms: one product per line.

A line reads `name | product URL | price` (the price optional, in major units). The box
only splits lines; the contract services check names, URLs and prices, and their errors
(`products.<n>.<field>`) come back onto the box as "Line n: ...".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import ValidationError

from marketplace.domain import money
from marketplace.domain.errors import ValidationFailed
from marketplace.form_fields import AmountField
from marketplace.services.money_messages import money_message

R = TypeVar("R")
_PRODUCT_FIELD = re.compile(r"products\.(\d+)\.\w+")
SEPARATOR = "|"


class ProductsField(TextAreaField):
    """`products` holds [{name, url, price}] once validated, None when the box is empty."""

    def __init__(self, label: Any = None, validators: Any = None, **kw: Any) -> None:
        kw.setdefault(
            "description",
            _l("One product per line: name | Taobao or Tmall link | price (optional)"),
        )
        super().__init__(label, validators, **kw)
        self.products: list[dict[str, Any]] | None = None

    def pre_validate(self, form: Any) -> None:
        self.products = None
        lines = [line.strip() for line in (self.data or "").splitlines() if line.strip()]
        if not lines:
            return
        currency = getattr(form, "currency", None)
        currency = getattr(currency, "data", currency)
        products = []
        for number, line in enumerate(lines, start=1):
            parts = [part.strip() for part in line.split(SEPARATOR)]
            if len(parts) not in (2, 3):
                raise ValidationError(
                    _l(
                        "Line %(n)d: write name | link | price (the price may be left out).",
                        n=number,
                    )
                )
            price = None
            if len(parts) == 3 and parts[2]:
                try:
                    price = money.parse(parts[2], currency)
                except money.MoneyError as error:
                    message = money_message(error, currency)
                    line_error = _l("Line %(n)d: %(error)s", n=number, error=message)
                    raise ValidationError(line_error) from None
            products.append({"name": parts[0], "url": parts[1], "price": price})
        self.products = products

    @staticmethod
    def text_of(products: list[dict[str, Any]], currency: str) -> str:
        """The box's text for products already proposed."""
        lines = []
        for product in products:
            parts = [product["name"], product["url"]]
            if product.get("price") is not None:
                parts.append(money.input_text(product["price"], currency))
            lines.append(f" {SEPARATOR} ".join(parts))
        return "\n".join(lines)


def fold_product_errors(error: ValidationFailed) -> ValidationFailed:
    """The service's `products.<n>.<field>` messages as "Line n+1: ..." on `products`."""
    fields: dict[str, list[str]] = {}
    for name, messages in error.fields.items():
        match = _PRODUCT_FIELD.fullmatch(name)
        if match is None:
            fields.setdefault(name, []).extend(messages)
            continue
        line = int(match[1]) + 1
        fields.setdefault("products", []).extend(
            str(_l("Line %(n)d: %(error)s", n=line, error=m)) for m in messages
        )
    return ValidationFailed(error.message, fields)


def with_product_errors(call: Callable[[], R]) -> R:
    try:
        return call()
    except ValidationFailed as error:
        raise fold_product_errors(error) from error


class AddProductForm(FlaskForm):
    """The brand adds one product to a running commission contract (`currency` per page)."""

    name = StringField(_l("Product name"))
    url = StringField(_l("Product link"), description=_l("A Taobao or Tmall product page"))
    price = AmountField(_l("Price (optional)"))

    def __init__(self, currency: str = money.DEFAULT_CURRENCY, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = currency

    def values(self) -> dict[str, Any]:
        return {"name": self.name.data, "url": self.url.data, "price": self.price.minor}
