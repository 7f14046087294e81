"""Forms of the portfolio page; the portfolio service does the real validation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField

from marketplace.domain.taxonomy import PLATFORMS
from marketplace.labels import PLATFORM_LABELS


class PortfolioImageForm(FlaskForm):
    image = FileField(
        _l("Sample image"),
        validators=[FileRequired(_l("Choose an image file to upload."))],
        description=_l("PNG, JPEG or WebP, at most 5 MB."),
    )
    caption = StringField(_l("Caption"))


class PortfolioLinkForm(FlaskForm):
    platform = SelectField(
        _l("Platform"),
        choices=[("", _l("Choose…"))] + [(p, PLATFORM_LABELS[p]) for p in PLATFORMS],
        validate_choice=False,
    )
    url = StringField(
        _l("Link to the post"), description=_l("An https:// link on the platform you chose.")
    )
    caption = StringField(_l("Caption"))


class AccountLinksForm(FlaskForm):
    """One `link-<platform>` input per platform account, read by the view."""


class PortfolioActionForm(FlaskForm):
    """Move or delete one item (CSRF only, plus the direction for a move)."""

    direction = HiddenField()
