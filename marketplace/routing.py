"""URL converters: an `<int:...>` path segment is a row id that can exist, or the URL is 404.

Werkzeug's own converter matches any Unicode digit and converts without a length bound, so
'/kols/99999999999' reached PostgreSQL's 32-bit INTEGER columns (an error) and 5,000 digits
raised ValueError. This one matches ASCII digits from 1 to the 32-bit INTEGER maximum in
its regular expression itself: a converter that refused values only after matching would
make Werkzeug answer 405 instead of 404 when another method shares the URL's shape.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from marketplace.domain.numbers import INT32_MAX


def positive_up_to(maximum: int) -> str:
    """A regular expression matching exactly the decimal numbers 1..maximum, no leading 0."""
    digits = str(maximum)
    shorter = f"[1-9][0-9]{{0,{len(digits) - 2}}}" if len(digits) > 1 else None
    same_length = []
    for position, digit in enumerate(digits):
        lowest = "1" if position == 0 else "0"
        if digit > lowest:
            rest = len(digits) - position - 1
            same_length.append(f"{digits[:position]}[{lowest}-{int(digit) - 1}][0-9]{{{rest}}}")
    alternatives = [shorter, *same_length, digits]
    return "(?:" + "|".join(a for a in alternatives if a) + ")"


class StorableIntConverter(IntegerConverter):
    regex = positive_up_to(INT32_MAX)


def register_converters(app: Flask) -> None:
    """Must run before any blueprint adds its rules."""
    app.url_map.converters["int"] = StorableIntConverter
