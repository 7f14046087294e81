"""Form fields that parse numbers strictly (ASCII digits, bounded length, finite values).

WTForms' IntegerField and DecimalField accept Unicode digits ('١٢' is 12), 'NaN', 'sNaN'
and 'Infinity', and exponents such as '1e999999'; later arithmetic on those raised 500s.
The messages are WTForms' own, so its translations still apply.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from wtforms import DecimalField, IntegerField

from marketplace.domain.numbers import NotAnInteger, parse_int

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
