"""Forms for the admin pages (the services validate again and own the rules)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField

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

    q = StringField(_l("Exact email or start of the name"))
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validate_choice=False)


class VerifyForm(FlaskForm):
    level = SelectField(
        _l("Verification"),
        choices=[(level, VERIFICATION_LABELS[level]) for level in VERIFICATION_LEVELS],
        default="verified",
        validate_choice=False,
    )
    reason = StringField(_l("Note (what you checked)"))


class ReasonForm(FlaskForm):
    """A destructive action: a reason (the service requires it), then a confirmation.

    The first post (without `confirm`) shows a confirmation page; only its own post, with
    `confirm=yes`, acts.
    """

    reason = TextAreaField(_l("Reason"))
    confirm = HiddenField()

    @property
    def confirmed(self) -> bool:
        return self.confirm.data == "yes"


class AuditFilterForm(FlaskForm):
    """GET filters of the audit log (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    actor = StringField(_l("Actor (email, user id or “system”)"))
    action = StringField(_l("Action (e.g. user.suspend, or money. for all)"))
    subject_type = StringField(_l("Subject type"))
    subject_id = StringField(_l("Subject id"))
    date_from = StringField(_l("From"))
    date_to = StringField(_l("To"))
