"""The KOL's earnings: money per currency (escrow, available, paid out) and payouts."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from marketplace.contracts import bp
from marketplace.contracts.forms import ConfirmForm, PayoutForm
from marketplace.contracts.page import me
from marketplace.domain import money
from marketplace.domain.errors import DomainError, ValidationFailed
from marketplace.models import Payout
from marketplace.payments import uses_stripe
from marketplace.services.payments import earnings, payout_overview, payouts
from marketplace.services.payments.commission_earnings import commission_earnings
from marketplace.web import apply_field_errors, role_required

PAYOUT_STATUS_LABELS = {
    "pending": _l("On its way"),
    "paid": _l("Paid"),
    "failed": _l("Failed"),
}


def _render(form: PayoutForm, status: int = 200) -> tuple[str, int]:
    page = payouts.list_payouts(me(), request.args.get("page", 1))
    return (
        render_template(
            "contracts/earnings.html",
            balances=earnings.earnings(me()),
            commission=commission_earnings(me().id),
            form=form,
            page=page,
            status_labels=PAYOUT_STATUS_LABELS,
            stripe=payout_overview.stripe_payouts(me()) if uses_stripe() else None,
            onboard_form=ConfirmForm(),
        ),
        status,
    )


@bp.get("/kol/earnings")
@role_required("kol")
def earnings_page():
    form = PayoutForm(formdata=None)
    ready = [(c, f.available) for c, f in earnings.earnings(me()).items() if f.available > 0]
    if ready:
        currency, available = ready[0]
        form.process(data={"currency": currency, "amount": money.input_text(available, currency)})
    return _render(form)


@bp.post("/kol/earnings/payouts")
@role_required("kol")
def request_payout():
    form = PayoutForm()
    if not form.validate_on_submit():
        return _render(form, 400)
    try:
        payout = payouts.request_payout(me(), form.amount.minor, form.currency.data)
    except ValidationFailed as error:
        apply_field_errors(form, error)
        return _render(form, 400)
    except DomainError as error:
        flash(error.message, "danger")
    else:
        _flash_outcome(payout)
    return redirect(url_for("contracts.earnings_page"))


def _flash_outcome(payout: Payout) -> None:
    if payout.status == "paid":
        flash(_("Paid out. The money is on its way to your account."), "success")
    elif payout.status == "failed":
        flash(payout.failure_message or _("The payout failed."), "danger")
    else:
        flash(_("The payout is on its way; we will retry until the bank answers."), "info")
