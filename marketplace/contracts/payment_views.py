"""The Stripe payment pages: start the payment, confirm it in the browser, see the outcome.

Only with the Stripe provider (404 otherwise: the sandbox funds from the contract page and
loads nothing from Stripe). The pay page loads Stripe.js from `STRIPE_JS_URL`, and only it
widens the Content-Security-Policy to Stripe's hosts (`security.allow_stripe`).
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from marketplace.contracts import bp
from marketplace.contracts.forms import ConfirmForm
from marketplace.contracts.page import me
from marketplace.domain.errors import DomainError
from marketplace.payments import uses_stripe
from marketplace.payments.gateway import GatewayUnavailable
from marketplace.security import allow_stripe
from marketplace.services.contracts import funding
from marketplace.services.payments import stripe_funding_pages as pages
from marketplace.web import role_required


def _stripe_only() -> None:
    if not uses_stripe():
        abort(404)


def _back(contract_id: int) -> Any:
    return redirect(url_for("contracts.detail", contract_id=contract_id))


@bp.app_template_global()
def stripe_payment_failure(contract_id: int) -> str | None:
    """Why the brand's last payment on this contract failed (the contract page shows it)."""
    return pages.last_failure(me(), contract_id)


@bp.post("/contracts/<int:contract_id>/pay")
@role_required("brand")
def pay_start(contract_id: int) -> Any:
    """Create (or find again) the PaymentIntent, then show the payment page."""
    _stripe_only()
    pages.last_failure(me(), contract_id)  # someone else's contract: 404 before anything
    if not ConfirmForm().validate_on_submit():
        flash(str(_l("The form expired. Please try again.")), "danger")
        return _back(contract_id)
    try:
        funding.begin_funding(me(), contract_id, None)
    except DomainError as error:
        flash(error.message, "danger")
        return _back(contract_id)
    return redirect(url_for("contracts.pay", contract_id=contract_id))


@bp.get("/contracts/<int:contract_id>/pay")
@role_required("brand")
def pay(contract_id: int) -> Any:
    _stripe_only()
    try:
        page = pages.payment_page(me(), contract_id)
    except GatewayUnavailable:
        flash(str(_l("The payment service did not answer. Try again in a moment.")), "danger")
        return _back(contract_id)
    if page is None:
        flash(str(_l("There is no payment waiting on this contract.")), "info")
        return _back(contract_id)
    allow_stripe()
    return render_template(
        "contracts/pay.html",
        page=page,
        stripe_js_url=current_app.config["STRIPE_JS_URL"],
        return_url=url_for("contracts.pay_return", contract_id=contract_id, _external=True),
    )


@bp.get("/contracts/<int:contract_id>/pay/return")
@role_required("brand")
def pay_return(contract_id: int) -> Any:
    """Where Stripe sends the browser back; the outcome comes from Stripe, not the URL."""
    _stripe_only()
    intent_ref = request.args.get("payment_intent", "")[:120]
    if not intent_ref:
        abort(404)
    try:
        outcome = pages.payment_outcome(me(), contract_id, intent_ref)
    except GatewayUnavailable:
        outcome = None
    return render_template("contracts/pay_return.html", outcome=outcome, contract_id=contract_id)
