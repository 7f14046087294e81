"""Forms of the admin's dispute pages: the queue's filters, assigning, resolving."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, TextAreaField

from marketplace.form_fields import AmountField, PercentField, WholeNumberField
from marketplace.labels import choices

STATUS_CHOICES = [
    ("open", _l("Open")),
    ("resolved", _l("Resolved")),
    ("withdrawn", _l("Withdrawn")),
]
ASSIGNMENT_CHOICES = [
    ("", _l("Anyone")),
    ("me", _l("Assigned to me")),
    ("unassigned", _l("Unassigned")),
]
OUTCOME_CHOICES = [
    ("release", _l("Release everything to the KOL")),
    ("refund", _l("Refund everything to the brand")),
    ("amounts", _l("Split by amounts")),
    ("percent", _l("Split by percentage")),
]


class QueueFilterForm(FlaskForm):
    """GET filters of the queue (no CSRF: they change nothing)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=STATUS_CHOICES, validate_choice=False)
    category = SelectField(
        _l("Category"),
        choices=[("", _l("All categories")), *choices("dispute_category")],
        validate_choice=False,
    )
    currency = SelectField(
        _l("Currency"),
        choices=[("", _l("All currencies")), *choices("currency")],
        validate_choice=False,
    )
    assignment = SelectField(_l("Assigned"), choices=ASSIGNMENT_CHOICES, validate_choice=False)
    eligible = BooleanField(_l("Eligible for a default outcome"))


class AssignForm(FlaskForm):
    """Take a dispute on (the CSRF token is all it carries)."""


class ResolveForm(FlaskForm):
    """Step one: what the admin decides; amounts in major units of the contract's currency."""

    outcome = RadioField(_l("Outcome"), choices=OUTCOME_CHOICES, validate_choice=False)
    kol_amount = AmountField(_l("To the KOL (before the fee)"))
    brand_refund = AmountField(_l("Refund to the brand"))
    kol_percent = PercentField(_l("KOL's share (%)"), description=_l("e.g. 60"))
    note = TextAreaField(
        _l("Reason"), description=_l("Shown to both parties with the outcome. Required.")
    )

    def __init__(self, currency: str, *args: Any, **kwargs: Any) -> None:
        # AmountField reads the currency from this attribute (see form_fields.AmountField).
        self.currency = currency
        super().__init__(*args, **kwargs)


class ConfirmResolutionForm(FlaskForm):
    """Step two: the exact amounts shown to the admin, confirmed with a tick."""

    kol_amount = WholeNumberField()
    brand_refund = WholeNumberField()
    note = HiddenField()
    confirm = BooleanField(_l("I confirm these amounts and this reason"))
