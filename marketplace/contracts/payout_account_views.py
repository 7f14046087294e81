"""A KOL's Stripe payout account: onboarding through account links, and its status.

Stripe mode only (404 otherwise). The onboarding button posts (CSRF) and redirects to a
fresh account link; Stripe sends the KOL back to `return` when done, or to `refresh` when
the link expired, which issues a new link. Readiness is whatever Stripe says when asked
again on return (and on each account.updated), never what the browser claims.
"""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from marketplace.contracts import bp
from marketplace.contracts.forms import ConfirmForm
from marketplace.contracts.page import me
from marketplace.domain.errors import DomainError
from marketplace.payments import uses_stripe
from marketplace.payments.gateway import GatewayDeclined, GatewayUnavailable
from marketplace.services.payments import connect_accounts
from marketplace.web import role_required


def _earnings() -> ResponseReturnValue:
    return redirect(url_for("contracts.earnings_page"))


def _to_stripe() -> ResponseReturnValue:
    if not uses_stripe():
        abort(404)
    try:
        link = connect_accounts.onboarding_link(
            me(),
            refresh_url=url_for("contracts.payout_account_refresh", _external=True),
            return_url=url_for("contracts.payout_account_return", _external=True),
        )
    except GatewayUnavailable:
        flash(_("Stripe is not reachable right now. Please try again in a minute."), "danger")
        return _earnings()
    except GatewayDeclined as declined:
        flash(declined.message, "danger")
        return _earnings()
    except DomainError as error:
        flash(error.message, "danger")
        return _earnings()
    return redirect(link, 303)


@bp.post("/kol/payout-account/onboard")
@role_required("kol")
def payout_account_onboard() -> ResponseReturnValue:
    if not uses_stripe():
        abort(404)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired. Please try again."), "danger")
        return _earnings()
    return _to_stripe()


@bp.get("/kol/payout-account/refresh")
@role_required("kol")
def payout_account_refresh() -> ResponseReturnValue:
    """Stripe's refresh URL: the link expired or was used; issue a new one."""
    return _to_stripe()


@bp.get("/kol/payout-account/return")
@role_required("kol")
def payout_account_return() -> ResponseReturnValue:
    """Stripe's return URL: ask Stripe how the account stands, and say so."""
    if not uses_stripe():
        abort(404)
    status = connect_accounts.refresh_status(me())
    if status.ready:
        flash(_("Your Stripe account is ready: released earnings are sent to it."), "success")
    elif status.state == connect_accounts.NO_ACCOUNT:
        flash(_("You have not started setting up your Stripe account yet."), "warning")
    else:
        flash(
            _("Your Stripe account is not ready yet: finish the steps Stripe asks for."),
            "warning",
        )
    return _earnings()
