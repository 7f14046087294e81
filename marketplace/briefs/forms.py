"""Forms of the KOL-facing brief pages."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired

from marketplace.form_fields import AmountField
from marketplace.labels import choices, label
from marketplace.models import Listing


class BriefFilterForm(FlaskForm):
    """The GET filters of the open-brief list (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    category = SelectField(_l("Category"), choices=[("", _l("Any category"))], default="")
    platform = SelectField(_l("Platform"), choices=[("", _l("Any platform"))], default="")
    collab_type = SelectField(_l("Collaboration type"), choices=[("", _l("Any type"))], default="")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("category", "platform", "collab_type"):
            field = self[name]
            field.choices = [field.choices[0], *choices(name)]

    def values(self) -> dict[str, str | None]:
        return {n: self[n].data or None for n in ("category", "platform", "collab_type")}


class ApplyForm(FlaskForm):
    listing_id = SelectField(_l("Listing"), choices=[])
    price = AmountField(_l("Your price"), currency_field="currency_code")
    pitch = TextAreaField(_l("Pitch"), validators=[DataRequired()])

    def __init__(self, *args: Any, currency: str, listings: list[Listing], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.currency_code = currency
        self.listing_id.choices = [("", str(_l("No listing")))] + [
            (
                str(li.id),
                f"{li.title} · {label('platform', li.platform)} · "
                f"{label('collab_type', li.collab_type)}",
            )
            for li in listings
        ]

    def values(self) -> dict[str, Any]:
        return {
            "listing_id": self.listing_id.data or None,
            "price": self.price.minor,
            "pitch": self.pitch.data,
        }
