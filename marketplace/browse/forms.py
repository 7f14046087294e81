"""The browse filter form.

It is a GET form with CSRF turned off: searching changes nothing on the server, and
results must live at a plain URL that can be bookmarked, shared and paged through, which
a per-session CSRF token in the query string would break.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Length, Optional

from marketplace.domain.taxonomy import (
    AGE_KEYS,
    CATEGORIES,
    COLLAB_TYPES,
    CURRENCIES,
    GENDER_KEYS,
    PLATFORMS,
    REGION_KEYS,
)
from marketplace.form_fields import WholeNumberField
from marketplace.labels import (
    AUDIENCE_KEY_LABELS,
    CATEGORY_LABELS,
    COLLAB_TYPE_LABELS,
    PLATFORM_LABELS,
)
from marketplace.services.discovery.search_filters import MAX_QUERY_LEN

SORT_CHOICES = [
    ("relevance", _l("Best match")),
    ("-followers", _l("Most followers")),
    ("followers", _l("Fewest followers")),
    ("engagement", _l("Highest engagement")),
    ("rating", _l("Best rated")),
    ("rate", _l("Lowest rate")),
    ("-rate", _l("Highest rate")),
]


def _choices(keys: tuple[str, ...], labels: dict[str, Any]) -> list[tuple[str, Any]]:
    return [("", _l("Any"))] + [(key, labels.get(key, key)) for key in keys]


class BrowseForm(FlaskForm):
    """Types and choices are checked here; ranges and combinations by the search service."""

    class Meta:
        csrf = False  # see the module docstring

    q = StringField(
        _l("Search"),
        validators=[Optional(), Length(max=MAX_QUERY_LEN)],
        render_kw={"placeholder": _l("Name, topic or tag, e.g. 防晒 or skincare")},
    )
    category = SelectField(
        _l("Category"), choices=_choices(CATEGORIES, CATEGORY_LABELS), default=""
    )
    platform = SelectField(_l("Platform"), choices=_choices(PLATFORMS, PLATFORM_LABELS), default="")
    collab_type = SelectField(
        _l("Collaboration type"), choices=_choices(COLLAB_TYPES, COLLAB_TYPE_LABELS), default=""
    )
    currency = SelectField(
        _l("Currency"),
        choices=[("", _l("Any"))] + [(c, c.upper()) for c in CURRENCIES],
        default="",
    )
    min_rate = StringField(
        _l("Min rate"), description=_l("In yuan or dollars, e.g. 1,500; choose a currency.")
    )
    max_rate = StringField(_l("Max rate"))
    min_followers = WholeNumberField(_l("Min followers"), validators=[Optional()])
    max_followers = WholeNumberField(_l("Max followers"), validators=[Optional()])
    min_engagement = StringField(_l("Min engagement (%)"))
    audience_gender = SelectField(
        _l("Audience mostly"), choices=_choices(GENDER_KEYS, AUDIENCE_KEY_LABELS), default=""
    )
    audience_age = SelectField(
        _l("Largest age group"), choices=_choices(AGE_KEYS, AUDIENCE_KEY_LABELS), default=""
    )
    audience_region = SelectField(
        _l("Largest region"), choices=_choices(REGION_KEYS, AUDIENCE_KEY_LABELS), default=""
    )
    verified = BooleanField(_l("Verified KOLs only"))
    sort = SelectField(_l("Sort by"), choices=SORT_CHOICES, default="relevance")

    def filters(self) -> dict[str, Any]:
        """The filter values for the search service (empty choices mean "any")."""
        return {
            name: (None if field.data in ("", None) else field.data)
            for name, field in self._fields.items()
        }
