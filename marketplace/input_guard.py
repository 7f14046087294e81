"""Refuse query strings and form fields holding text no database column can store.

Runs before every view, so a NUL byte in any parameter is a 400 naming the field (a page,
or the API's `validation_error`) on SQLite and PostgreSQL alike, instead of a 500 on one
and a silently stored NUL on the other. JSON bodies are checked by `api.support.json_body`
and every text field again by `Validator.string`.
"""

from __future__ import annotations

from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from marketplace.domain.errors import ValidationFailed
from marketplace.domain.text import is_storable_text


def printable_name(name: str) -> str:
    """A field name safe to echo back: unstorable characters shown as '?'."""
    return "".join(c if is_storable_text(c) else "?" for c in name)[:100] or "?"


def first_unstorable_field(values: MultiDict[str, str]) -> str | None:
    for name, value in values.items(multi=True):
        # Only text can hold such characters (a test client may hand over None).
        key = name if isinstance(name, str) else ""
        text = value if isinstance(value, str) else ""
        if not is_storable_text(key) or not is_storable_text(text):
            return printable_name(key)
    return None


def unstorable_field_error(field: str) -> ValidationFailed:
    message = _("The field %(field)s contains a character that cannot be stored.", field=field)
    return ValidationFailed(message, {field: [message]})


#: Health checks and metrics read no parameters: a probe never gets a 400.
UNGUARDED_BLUEPRINTS = frozenset({"ops"})


def reject_unstorable_parameters() -> None:
    if request.blueprint in UNGUARDED_BLUEPRINTS:
        return
    for values in (request.args, request.form):
        field = first_unstorable_field(values)
        if field is not None:
            raise unstorable_field_error(field)


def register(app: Flask) -> None:
    app.before_request(reject_unstorable_parameters)
