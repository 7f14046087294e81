"""Helpers shared by the page blueprints (not the API)."""

from __future__ import annotations

from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from marketplace.domain.errors import ValidationFailed


def apply_field_errors(form: FlaskForm, error: ValidationFailed) -> None:
    """Show a service's per-field messages on the matching form fields."""
    for name, messages in error.fields.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + list(messages)
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
