"""Strict reading of JSON request bodies: every malformed or hostile body is one 400.

Flask's `get_json` lets a RecursionError (deep nesting) and Python's 4,300-digit integer
limit escape as 500s, accepts `NaN`, and hands lone surrogates ("\\ud800") and NUL to the
database. Here the body is bounded in size and depth, and every key and value is checked
before a service sees it; problems are named by their path, e.g. `platforms.0.handle`.
"""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext as _

from marketplace.domain.errors import ValidationFailed
from marketplace.domain.numbers import INT64_MAX, INT64_MIN
from marketplace.domain.text import is_storable_text

# The largest legitimate body (a brief or a profile at every cap) is well under 64 KiB.
MAX_JSON_BODY_BYTES = 256 * 1024
# Objects and lists nested deeper than this are refused; real bodies nest three levels.
MAX_JSON_DEPTH = 32


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _invalid(message: str, field: str | None = None) -> ValidationFailed:
    return ValidationFailed(message, {field: [message]} if field else {})


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object whose every string and number can be stored."""
    if len(raw) > MAX_JSON_BODY_BYTES:
        raise _invalid(_("The request body is larger than %(n)d bytes.", n=MAX_JSON_BODY_BYTES))
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        raise _invalid(_("The request body is not valid JSON (UTF-8).")) from error
    if not isinstance(data, dict):
        raise _invalid(_("The request body must be a JSON object."))
    _check_values(data)
    return data


def _check_values(data: dict[str, Any]) -> None:
    """Walk the document without recursion; raise on the first value that cannot be used."""
    pending: list[tuple[str, Any, int]] = [("", data, 1)]
    while pending:
        path, value, depth = pending.pop()
        field = path or None
        if isinstance(value, dict | list) and depth > MAX_JSON_DEPTH:
            raise _invalid(_("Nested deeper than %(n)d levels.", n=MAX_JSON_DEPTH), field)
        if isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else key
                if not is_storable_text(key):
                    raise _invalid(_("Contains a character that cannot be stored."), field)
                pending.append((child, item, depth + 1))
        elif isinstance(value, list):
            pending.extend((f"{path}.{i}", item, depth + 1) for i, item in enumerate(value))
        elif isinstance(value, str) and not is_storable_text(value):
            raise _invalid(_("Contains a character that cannot be stored."), field)
        elif isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
            raise _invalid(_("This number is too large."), field)
