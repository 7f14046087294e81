"""Forms for the admin pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

from marketplace.domain.taxonomy import VERIFICATION_LEVELS
from marketplace.labels import VERIFICATION_LABELS

ROLE_CHOICES = [
    ("", _l("All roles")),
    ("brand", _l("Brands")),
    ("kol", _l("KOLs")),
    ("admin", _l("Admins")),
]


class UserSearchForm(FlaskForm):
    """GET search on the users page (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Email or name"))
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validate_choice=False)


class VerifyForm(FlaskForm):
    level = SelectField(
        _l("Verification"),
        choices=[(level, VERIFICATION_LABELS[level]) for level in VERIFICATION_LEVELS],
        default="verified",
        validate_choice=False,
    )
    reason = StringField(_l("Reason"))


class ReasonForm(FlaskForm):
    """Suspend and reinstate take a reason (required to suspend; the service checks)."""

    reason = StringField(_l("Reason"))
