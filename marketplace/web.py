"""Helpers shared by the page blueprints (not the API)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from marketplace.domain.errors import ValidationFailed

T = TypeVar("T")


def submit_form(
    form: FlaskForm,
    save: Callable[[], T],
    check: Callable[[], None],
    apply: Callable[[ValidationFailed], None],
) -> T | None:
    """On submission, run `save` if the form parsed, else only the service's `check`.

    Returns what `save` returned, or None when nothing was saved.

    Either way the service's field errors are applied with `apply`, so a person sees every
    field's error in one round, not the form's first and the service's after fixing those.
    """
    if not form.is_submitted():
        return None
    parsed = form.validate()
    try:
        if parsed:
            return save()
        check()
    except ValidationFailed as error:
        apply(error)
    return None


def apply_field_errors(form: FlaskForm, error: ValidationFailed) -> None:
    """Show a service's per-field messages on the matching form fields.

    A field the form could not parse keeps only its own message: the service saw no value.
    """
    for name, messages in error.fields.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            if not field.errors:
                field.errors = list(messages)
        else:
            form.form_errors.extend(messages)
    if not error.fields and error.message:
        form.form_errors.append(error.message)


def role_required(*roles: str):
    """Pages for one role; other signed-in users get a 403 page."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
