"""Forms for the KOL pages; the services do the real validation, forms parse the input."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    FieldList,
    Form,
    FormField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

from marketplace.domain import money
from marketplace.domain.taxonomy import (
    AGE_KEYS,
    CATEGORIES,
    COLLAB_TYPES,
    CURRENCIES,
    GENDER_KEYS,
    PLATFORMS,
    REGION_KEYS,
)
from marketplace.form_fields import AmountField, PercentField, PlainDecimalField, WholeNumberField
from marketplace.labels import (
    AUDIENCE_KEY_LABELS,
    CATEGORY_LABELS,
    COLLAB_TYPE_LABELS,
    PLATFORM_LABELS,
    PRICING_MODEL_LABELS,
)

AUDIENCE_KEYS = {"gender": GENDER_KEYS, "age": AGE_KEYS, "region": REGION_KEYS}
TAG_SEPARATORS = re.compile(r"[,，、]")


def audience_field_name(dimension: str, key: str) -> str:
    """Form field name for one share, e.g. age_45p for age "45+"."""
    return f"{dimension}_" + key.replace("+", "p").replace("-", "_")


class PlatformRowForm(Form):
    platform = SelectField(
        _l("Platform"),
        choices=[("", _l("(none)"))] + [(p, PLATFORM_LABELS[p]) for p in PLATFORMS],
        validate_choice=False,
    )
    handle = StringField(_l("Handle"))
    followers = WholeNumberField(_l("Followers"), validators=[Optional()])
    engagement_pct = PlainDecimalField(_l("Engagement %"), validators=[Optional()])

    def is_blank(self) -> bool:
        return not (self.platform.data or (self.handle.data or "").strip())

    def values(self) -> dict[str, Any]:
        pct = self.engagement_pct.data
        return {
            "platform": self.platform.data,
            "handle": self.handle.data,
            "followers": self.followers.data,
            "engagement_rate": float(pct) / 100 if pct is not None else None,
        }


class AudienceForm(Form):
    """Share inputs in percent; a dimension left entirely blank is not sent."""

    def values(self) -> dict[str, dict[str, float]]:
        audience: dict[str, dict[str, float]] = {}
        for dimension, keys in AUDIENCE_KEYS.items():
            shares = {}
            for key in keys:
                value = self[audience_field_name(dimension, key)].data
                if value is not None:
                    shares[key] = float(value) / 100
            if shares:
                audience[dimension] = shares
        return audience

    @staticmethod
    def initial(audience: dict[str, Any] | None) -> dict[str, Any]:
        data = {}
        for dimension, keys in AUDIENCE_KEYS.items():
            shares = (audience or {}).get(dimension) or {}
            for key in keys:
                if key in shares:
                    data[audience_field_name(dimension, key)] = round(
                        Decimal(str(shares[key])) * 100, 2
                    )
        return data


for _dimension, _keys in AUDIENCE_KEYS.items():
    for _key in _keys:
        setattr(
            AudienceForm,
            audience_field_name(_dimension, _key),
            PlainDecimalField(AUDIENCE_KEY_LABELS[_key], validators=[Optional()]),
        )


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Display name"))
    bio = TextAreaField(_l("Bio"), render_kw={"rows": 4})
    primary_category = SelectField(
        _l("Main category"),
        choices=[("", _l("Choose…"))] + [(c, CATEGORY_LABELS[c]) for c in CATEGORIES],
        validate_choice=False,
    )
    more_categories = SelectMultipleField(
        _l("More categories (up to 2)"),
        choices=[(c, CATEGORY_LABELS[c]) for c in CATEGORIES],
        validate_choice=False,
    )
    tags = StringField(_l("Tags"), description=_l("Separate tags with commas; at most 20."))
    platforms = FieldList(FormField(PlatformRowForm))
    audience = FormField(AudienceForm)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Service errors about the platform set as a whole, and per audience dimension.
        self.platform_errors: list[str] = []
        self.audience_errors: dict[str, list[str]] = {}

    def categories(self) -> list[str]:
        primary = [self.primary_category.data] if self.primary_category.data else []
        return primary + [c for c in self.more_categories.data or [] if c not in primary]

    def tag_list(self) -> list[str]:
        return [t.strip() for t in TAG_SEPARATORS.split(self.tags.data or "") if t.strip()]

    def platform_rows(self) -> tuple[list[dict[str, Any]], list[int]]:
        """Filled platform rows and, for each, its row index in the form."""
        rows, indexes = [], []
        for index, row in enumerate(self.platforms):
            if not row.form.is_blank():
                rows.append(row.form.values())
                indexes.append(index)
        return rows, indexes


class AvatarForm(FlaskForm):
    avatar = FileField(
        _l("Profile photo"),
        validators=[FileRequired(_l("Choose an image file to upload."))],
        description=_l("PNG, JPEG or WebP, at most 2 MB."),
    )


class ListingForm(FlaskForm):
    platform = SelectField(_l("Platform"), validate_choice=False)
    collab_type = SelectField(
        _l("Collaboration type"),
        choices=[(t, COLLAB_TYPE_LABELS[t]) for t in COLLAB_TYPES],
        validate_choice=False,
    )
    title = StringField(_l("Title"))
    description = TextAreaField(_l("Description"), render_kw={"rows": 4})
    pricing_model = SelectField(
        _l("Pricing"),
        choices=[("", _l("Usual for the type")), *PRICING_MODEL_LABELS.items()],
        validate_choice=False,
        description=_l(
            "Live streams can take a pit fee plus commission; affiliate is commission only."
        ),
    )
    rate = AmountField(_l("Rate"), description=_l("Leave empty for affiliate."))
    currency = SelectField(
        _l("Currency"), choices=[(c, c.upper()) for c in CURRENCIES], validate_choice=False
    )
    commission_pct = PercentField(
        _l("Commission %"),
        description=_l("Only for live-stream pit fee + commission and affiliate listings."),
    )
    turnaround_days = WholeNumberField(_l("Turnaround (days)"), validators=[Optional()], default=7)
    revisions = WholeNumberField(_l("Revisions included"), validators=[Optional()], default=2)

    def listing_values(self) -> dict[str, Any]:
        """The service's fields (rate in the smallest unit, commission in basis points)."""
        return {
            "platform": self.platform.data,
            "collab_type": self.collab_type.data,
            "title": self.title.data,
            "description": self.description.data,
            "pricing_model": self.pricing_model.data or None,
            "rate": self.rate.minor,
            "currency": self.currency.data,
            "commission_bps": self.commission_pct.bps,
            "turnaround_days": self.turnaround_days.data,
            "revisions": self.revisions.data,
        }

    @staticmethod
    def initial(listing: Any) -> dict[str, Any]:
        """Form data for editing an existing listing."""
        return {
            "platform": listing.platform,
            "collab_type": listing.collab_type,
            "title": listing.title,
            "description": listing.description,
            "pricing_model": listing.pricing_model,
            "rate": money.input_text(listing.rate, listing.currency),
            "currency": listing.currency,
            "commission_pct": money.percent_input_text(listing.commission_bps),
            "turnaround_days": listing.turnaround_days,
            "revisions": listing.revisions,
        }
