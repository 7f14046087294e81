"""Forms of the brand pages. Type checks only; the services own the business rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace.domain import money
from marketplace.domain.errors import ValidationFailed
from marketplace.domain.numbers import parse_int_or_none
from marketplace.domain.taxonomy import AGE_KEYS, GENDER_KEYS, REGION_KEYS
from marketplace.form_fields import AmountField, PlainDecimalField, WholeNumberField
from marketplace.labels import LABELS, choices, label
from marketplace.models import BrandProfile, Brief
from marketplace.web import apply_field_errors


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class BrandProfileForm(FlaskForm):
    company_name = StringField(_l("Company name"))
    kind = RadioField(_l("We are"), choices=choices("brand_kind"), default="brand")
    store_url = StringField(
        _l("Taobao / Tmall store link"),
        description=_l("Required for merchants, e.g. https://yourshop.taobao.com"),
    )
    categories = CheckboxesField(_l("Categories"), choices=choices("category"))
    description = TextAreaField(_l("About the company"))

    def load(self, profile: BrandProfile) -> None:
        self.process(
            data={
                "company_name": profile.company_name,
                "kind": profile.kind,
                "store_url": profile.store_url or "",
                "categories": list(profile.categories or []),
                "description": profile.description or "",
            }
        )

    def values(self) -> dict[str, Any]:
        return {
            "company_name": self.company_name.data,
            "kind": self.kind.data,
            "store_url": self.store_url.data,
            "categories": self.categories.data or [],
            "description": self.description.data,
        }


AUDIENCE_KEYS: list[tuple[str, str]] = (
    [("gender", k) for k in GENDER_KEYS]
    + [("age", k) for k in AGE_KEYS]
    + [("region", k) for k in REGION_KEYS]
)


def audience_field_name(dimension: str, key: str) -> str:
    return "aud_{}_{}".format(dimension, "".join(c if c.isalnum() else "_" for c in key))


class BriefForm(FlaskForm):
    title = StringField(_l("Title"))
    description = TextAreaField(_l("Product and campaign description"))
    product_url = StringField(_l("Product link"), description=_l("e.g. your Tmall item page"))
    category = SelectField(_l("Category"), choices=choices("category"))
    platforms = CheckboxesField(_l("Platforms"), choices=choices("platform"))
    collab_types = CheckboxesField(_l("Collaboration types"), choices=choices("collab_type"))
    budget = AmountField(_l("Budget per KOL"), description=_l("In yuan or dollars, e.g. 3000"))
    currency = SelectField(_l("Currency"), choices=choices("currency"))
    kols_wanted = WholeNumberField(_l("KOLs wanted"), default=1, validators=[Optional()])
    min_followers = WholeNumberField(_l("Minimum followers"), validators=[Optional()])
    max_followers = WholeNumberField(_l("Maximum followers"), validators=[Optional()])
    deadline = DateField(_l("Deadline"), validators=[Optional()])
    publish = SubmitField(_l("Publish"))
    save_draft = SubmitField(_l("Save as draft"))
    save = SubmitField(_l("Save changes"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.audience_errors: list[str] = []

    def audience_fields(self, dimension: str) -> list[Any]:
        return [self[audience_field_name(d, k)] for d, k in AUDIENCE_KEYS if d == dimension]

    def audience(self) -> dict[str, dict[str, float]]:
        """Percentages typed on the page as shares (0.8 for 80%); empty boxes are left out."""
        result: dict[str, dict[str, float]] = {}
        for dimension, key in AUDIENCE_KEYS:
            value = self[audience_field_name(dimension, key)].data
            if value:
                result.setdefault(dimension, {})[key] = float(Decimal(value) / 100)
        return result

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.data,
            "description": self.description.data,
            "product_url": self.product_url.data,
            "category": self.category.data,
            "platforms": self.platforms.data or [],
            "collab_types": self.collab_types.data or [],
            "budget": self.budget.minor,
            "currency": self.currency.data,
            "kols_wanted": self.kols_wanted.data,
            "target_audience": self.audience(),
            "min_followers": self.min_followers.data,
            "max_followers": self.max_followers.data,
            "deadline": self.deadline.data,
        }

    def apply_errors(self, error: ValidationFailed) -> None:
        """Field errors onto fields; audience errors into their own box, labelled."""
        self.audience_errors = []
        fields = dict(error.fields)
        for name in [n for n in fields if n.startswith("target_audience")]:
            dimension = name.partition(".")[2]
            prefix = f"{label('audience_dimension', dimension)}: " if dimension else ""
            self.audience_errors += [prefix + m for m in fields.pop(name)]
        if fields or not self.audience_errors:
            apply_field_errors(self, ValidationFailed(error.message, fields))


for _dimension, _key in AUDIENCE_KEYS:
    setattr(
        BriefForm,
        audience_field_name(_dimension, _key),
        PlainDecimalField(
            LABELS[_dimension].get(_key, _key),
            places=None,
            validators=[Optional(), NumberRange(min=0, max=100)],
        ),
    )


def brief_initial(brief: Brief) -> dict[str, Any]:
    """Form data for editing a stored brief (amounts back in major units, shares in %)."""
    data: dict[str, Any] = {
        name: getattr(brief, name)
        for name in (
            "title",
            "description",
            "product_url",
            "category",
            "platforms",
            "collab_types",
            "currency",
            "kols_wanted",
            "min_followers",
            "max_followers",
            "deadline",
        )
    }
    data["budget"] = money.input_text(brief.budget, brief.currency)
    for dimension, shares in (brief.target_audience or {}).items():
        for key, share in shares.items():
            # 0.8 -> 80 (six significant digits hide float noise such as 80.00000000000001)
            data[audience_field_name(dimension, key)] = Decimal(f"{share * 100:g}")
    return data


class ShortlistForm(FlaskForm):
    name = StringField(_l("Name"))


class ShortlistKolForm(FlaskForm):
    kol_id = WholeNumberField(_l("KOL id"), validators=[NumberRange(min=1)])
    note = StringField(_l("Note"))


class QuickShortlistForm(FlaskForm):
    """The "add to shortlist" widget other pages include (templates/brands/_shortlist_button)."""

    kol_id = WholeNumberField(validators=[NumberRange(min=1)])
    shortlist_id = StringField()
    new_list_name = StringField(_l("New list name"))
    note = StringField(_l("Note"))
    next = HiddenField()

    def target(self) -> int | None:
        raw = (self.shortlist_id.data or "").strip()
        return parse_int_or_none(raw)
