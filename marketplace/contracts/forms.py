"""Forms of the contract pages. Type checks only; the contract services own the rules."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional

from marketplace.contracts.product_fields import ProductsField
from marketplace.domain import money
from marketplace.form_fields import AmountField, PercentField, WholeNumberField
from marketplace.labels import choices
from marketplace.models import Contract
from marketplace.payments.sandbox import TEST_PAYMENT_METHODS
from marketplace.services.tracking.products import latest_offered_products


def _or_none(value: Any) -> Any:
    """What a form sends for an empty box: None, so the service applies its default."""
    return value if value not in ("", None) else None


class OfferForm(FlaskForm):
    """The brand's first offer; the price is typed in major units of `currency`."""

    kol_id = WholeNumberField(validators=[Optional(), NumberRange(min=1)])
    listing_id = WholeNumberField(validators=[Optional(), NumberRange(min=1)])
    brief_id = WholeNumberField(validators=[Optional(), NumberRange(min=1)])
    title = StringField(_l("Title"))
    price = AmountField(_l("Price"), description=_l("The fixed fee, e.g. 3000"))
    currency = SelectField(_l("Currency"), choices=choices("currency"))
    commission = PercentField(
        _l("Commission on sales"), description=_l("Optional: 15 means 15 percent of sales")
    )
    commission_budget = AmountField(
        _l("Commission budget"),
        description=_l("Prepaid with the fee; commission is paid from it. Needs a commission."),
    )
    products = ProductsField(_l("Products to promote"))
    deliverables = TextAreaField(_l("Deliverables"))
    due_date = DateField(_l("Due date"), validators=[Optional()])
    revisions = WholeNumberField(_l("Revisions included"), validators=[Optional()])
    message = TextAreaField(_l("Message to the KOL"))
    preview = SubmitField(_l("Update the summary"))
    send = SubmitField(_l("Send offer"))

    def load(self, defaults: dict[str, Any]) -> None:
        data = dict(defaults)
        data["price"] = money.input_text(defaults.get("price"), defaults.get("currency"))
        data["commission"] = money.percent_input_text(defaults.get("commission_bps"))
        self.process(data=data)

    def values(self) -> dict[str, Any]:
        return {
            "kol_id": self.kol_id.data,
            "listing_id": self.listing_id.data,
            "brief_id": self.brief_id.data,
            "title": self.title.data,
            "price": self.price.minor,
            "currency": self.currency.data,
            "commission_bps": self.commission.bps,
            "commission_budget": self.commission_budget.minor,
            "products": self.products.products,
            "deliverables": self.deliverables.data,
            "due_date": self.due_date.data,
            "revisions": self.revisions.data,
            "message": self.message.data or "",
        }


class CounterForm(FlaskForm):
    """New terms for an open offer, in the contract's currency (`currency` is set per page)."""

    price = AmountField(_l("Price"))
    due_date = DateField(_l("Due date"), validators=[Optional()])
    deliverables = TextAreaField(_l("Deliverables"))
    revisions = WholeNumberField(_l("Revisions included"), validators=[Optional()])
    commission = PercentField(_l("Commission on sales"))
    commission_budget = AmountField(_l("Commission budget"))
    products = ProductsField(_l("Products to promote"))
    message = TextAreaField(_l("Message"))

    def __init__(self, contract: Contract, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = contract.currency

    def load(self, contract: Contract) -> None:
        self.process(
            data={
                "price": money.input_text(contract.price, contract.currency),
                "due_date": contract.due_date,
                "deliverables": contract.deliverables,
                "revisions": contract.revisions_allowed,
                "commission": money.percent_input_text(contract.commission_bps),
                "commission_budget": money.input_text(
                    contract.commission_budget or None, contract.currency
                ),
                "products": ProductsField.text_of(
                    latest_offered_products(contract), contract.currency
                ),
            }
        )
        self.currency = contract.currency

    def values(self) -> dict[str, Any]:
        return {
            "price": self.price.minor,
            "due_date": self.due_date.data,
            "deliverables": _or_none(self.deliverables.data),
            "revisions": self.revisions.data,
            "commission_bps": self.commission.bps,
            "commission_budget": self.commission_budget.minor,
            # The box shows the proposed products: emptying it removes them.
            "products": self.products.products or [],
            "message": self.message.data or "",
        }


class ReasonForm(FlaskForm):
    """Decline or cancel, with an optional reason."""

    reason = TextAreaField(_l("Reason (optional)"))


class ConfirmForm(FlaskForm):
    """A button only (accept, withdraw, approve): the CSRF token is its one field."""


class FundForm(FlaskForm):
    payment_method = SelectField(
        _l("Test card"),
        choices=[(name, name) for name in TEST_PAYMENT_METHODS],
        description=_l("pm_card_visa succeeds; the pm_card_chargeDeclined cards are declined."),
    )


class SubmitProofForm(FlaskForm):
    post_urls = TextAreaField(
        _l("Links to your posts"), description=_l("One link per line, at most 5.")
    )
    notes = TextAreaField(_l("Notes for the brand"))
    screenshots = MultipleFileField(
        _l("Screenshots (optional)"), description=_l("Up to 3 PNG, JPEG or WebP images, 5 MB each.")
    )

    def files(self) -> list[Any]:
        return [item for item in (self.screenshots.data or []) if getattr(item, "filename", "")]


class RevisionForm(FlaskForm):
    message = TextAreaField(_l("What should change?"))


EVIDENCE_HELP = _l("Images (PNG, JPEG, WebP) or PDFs, 10 MB each.")


def _chosen(field: Any) -> list[Any]:
    return [item for item in (field.data or []) if getattr(item, "filename", "")]


class DisputeForm(FlaskForm):
    category = SelectField(_l("What went wrong?"), choices=choices("dispute_category"))
    reason = TextAreaField(_l("Explain the problem"))
    evidence = MultipleFileField(_l("Evidence (optional)"), description=EVIDENCE_HELP)

    def files(self) -> list[Any]:
        return _chosen(self.evidence)


class DisputeResponseForm(FlaskForm):
    statement = TextAreaField(_l("Your side of the story"))
    evidence = MultipleFileField(_l("Evidence (optional)"), description=EVIDENCE_HELP)

    def files(self) -> list[Any]:
        return _chosen(self.evidence)


class EvidenceForm(FlaskForm):
    file = FileField(_l("File"), description=EVIDENCE_HELP)
    note = StringField(_l("What it shows (optional)"))


class WithdrawDisputeForm(FlaskForm):
    confirm = BooleanField(
        _l("I want to withdraw my dispute; the contract carries on where it was."),
        validators=[InputRequired(_l("Tick the box to confirm."))],
    )


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Message"))


class ReviewForm(FlaskForm):
    rating = RadioField(
        _l("Rating"),
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        coerce=int,
        validators=[InputRequired(_l("Choose a rating from 1 to 5."))],
    )
    comment = TextAreaField(_l("Comment (optional)"))


class PayoutForm(FlaskForm):
    amount = AmountField(_l("Amount"), description=_l("At most what is available"))
    currency = SelectField(_l("Currency"), choices=choices("currency"))
