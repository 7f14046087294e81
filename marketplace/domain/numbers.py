"""The one strict integer parser for text that people and programs send us.

`str.isdigit()` followed by `int()` accepts Unicode digits ('²' passes isdigit and then
breaks int(); '١٢' parses as 12), raises ValueError past Python's 4,300-digit limit, and
`lstrip("-")` lets '--5' through. Here only ASCII digits with at most one leading '-' are
numbers, and the length is bounded before anything is converted.
"""

from __future__ import annotations

import re

# PostgreSQL INTEGER columns (ids, counts) are 32-bit signed; SQLite's are 64-bit.
INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1
# BIGINT columns and SQLite's INTEGER; a Python int outside this cannot be bound at all.
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
# 19 digits hold every 64-bit integer; anything longer is refused without converting it.
MAX_DIGITS = 19

_INTEGER = re.compile(rf"-?[0-9]{{1,{MAX_DIGITS}}}")


class NotAnInteger(ValueError):
    """The text is not a whole number written with ASCII digits (or is absurdly long)."""


def parse_int(text: str) -> int:
    """ASCII digits with one optional leading '-', surrounding whitespace ignored."""
    if not isinstance(text, str):
        raise NotAnInteger(repr(text))
    stripped = text.strip()
    if not _INTEGER.fullmatch(stripped):
        raise NotAnInteger(stripped[:40])
    return int(stripped)


def parse_int_or_none(text: str | None) -> int | None:
    """`parse_int`, with None for missing or malformed text (optional query parameters)."""
    if text is None:
        return None
    try:
        return parse_int(text)
    except NotAnInteger:
        return None


def is_storable_id(value: int) -> bool:
    """A row id that can exist: positive and within a 32-bit INTEGER column."""
    return 1 <= value <= INT32_MAX
