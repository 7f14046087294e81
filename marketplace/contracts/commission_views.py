"""The contract page's commission budget top-up (templates/contracts/_commission.html)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import InputRequired

from marketplace.contracts import bp
from marketplace.contracts.page import me, render_contract
from marketplace.domain.errors import DomainError, NotFound, ValidationFailed
from marketplace.domain.money import format_money
from marketplace.form_fields import AmountField
from marketplace.models import Contract, User
from marketplace.payments import uses_stripe
from marketplace.payments.sandbox import TEST_PAYMENT_METHODS
from marketplace.services.campaigns import top_ups
from marketplace.services.contracts import queries
from marketplace.web import apply_field_errors, role_required


class TopUpForm(FlaskForm):
    amount = AmountField(_l("Add to the budget"), validators=[InputRequired()])
    payment_method = SelectField(
        _l("Test card"),
        choices=[(name, name) for name in TEST_PAYMENT_METHODS],
        description=_l("pm_card_visa succeeds; the pm_card_chargeDeclined cards are declined."),
    )

    def __init__(self, contract: Contract, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = contract.currency


def _offers_top_up(actor: User, contract: Contract) -> bool:
    return (
        contract.party_role(actor.id) == "brand"
        and not uses_stripe()
        and top_ups.can_top_up(contract)
    )


@bp.app_template_global("commission_top_up_form")
def commission_top_up_form(contract: Contract) -> TopUpForm | None:
    """A blank top-up form when the viewer is the brand and the budget is open, else None."""
    if not _offers_top_up(me(), contract):
        return None
    return TopUpForm(contract, formdata=None)


def _back(contract_id: int) -> Any:
    return redirect(url_for("contracts.detail", contract_id=contract_id))


@bp.post("/contracts/<int:contract_id>/commission-budget")
@role_required("brand")
def top_up_budget(contract_id: int):
    contract = queries.get_contract(me(), contract_id)  # someone else's: 404
    form = TopUpForm(contract)
    if not form.validate_on_submit():
        if _offers_top_up(me(), contract):
            return render_contract(contract_id, {"top_up": form}, 400)
        flash(str(_l("That cannot be done on this contract now.")), "danger")
        return _back(contract_id)
    try:
        top_ups.top_up(me(), contract_id, form.amount.minor, form.payment_method.data)
    except NotFound:
        raise
    except ValidationFailed as error:
        apply_field_errors(form, error)
        return render_contract(contract_id, {"top_up": form}, 400)
    except DomainError as error:
        flash(error.message, "danger")
        return _back(contract_id)
    amount = format_money(form.amount.minor, contract.currency)
    flash(str(_l("%(amount)s was added to the commission budget.", amount=amount)), "success")
    return _back(contract_id)
