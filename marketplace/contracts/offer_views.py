"""Offers: the brand's new offer, then counter, accept, decline and withdraw."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from marketplace.contracts import bp
from marketplace.contracts.forms import ConfirmForm, CounterForm, OfferForm, ReasonForm
from marketplace.contracts.page import act, me
from marketplace.contracts.product_fields import with_product_errors
from marketplace.domain import fees, money
from marketplace.domain.errors import NotFound, ValidationFailed
from marketplace.domain.numbers import is_storable_id, parse_int_or_none
from marketplace.services.catalogue import kol_profiles
from marketplace.services.contracts import negotiation, offers, queries
from marketplace.services.contracts.terms import MAX_CONTRACT_PRICE
from marketplace.web import apply_field_errors, role_required


def _query_id(name: str) -> int | None:
    """An id from the query string; a malformed one is a page that does not exist."""
    raw = request.args.get(name)
    if raw in (None, ""):
        return None
    value = parse_int_or_none(raw)
    if value is None or not is_storable_id(value):
        raise NotFound(_("Page not found."))
    return value


def _hiring(kol_id: int | None) -> str | None:
    """The display name of the KOL the offer is for, when it names one that can be hired."""
    if kol_id is None or not is_storable_id(kol_id):
        return None
    try:
        return kol_profiles.get_public_profile(kol_id).profile.display_name
    except NotFound:
        return None


def _split(form: OfferForm) -> fees.FeeSplit | None:
    """Price, platform fee and the KOL's net for the price in the form, if it is plausible."""
    ceiling = money.minor_ceiling(MAX_CONTRACT_PRICE)
    if form.price.minor is None or not 0 < form.price.minor <= ceiling:
        return None
    return fees.split(form.price.minor, int(current_app.config["PLATFORM_FEE_BPS"]))


@bp.route("/contracts/new", methods=["GET", "POST"])
@role_required("brand")
def new_offer():
    form = OfferForm()
    if request.method == "GET":
        form.load(
            offers.offer_defaults(
                me(),
                listing_id=_query_id("listing_id"),
                kol_id=_query_id("kol_id"),
                brief_id=_query_id("brief_id"),
            )
        )
        form.price.pre_validate(form)
    elif form.validate_on_submit() and form.send.data:
        try:
            contract = with_product_errors(lambda: offers.create_offer(me(), **form.values()))
        except ValidationFailed as error:
            apply_field_errors(form, error)
        else:
            flash(_("Your offer is sent. The KOL has a few days to answer."), "success")
            return redirect(url_for("contracts.detail", contract_id=contract.id))
    failed = bool(form.errors or form.form_errors)
    page = render_template(
        "contracts/new.html",
        form=form,
        split=_split(form),
        kol_name=_hiring(form.kol_id.data),
        fee_bps=int(current_app.config["PLATFORM_FEE_BPS"]),
    )
    return page, 400 if failed else 200


@bp.post("/contracts/<int:contract_id>/counter")
@role_required("brand", "kol")
def counter(contract_id: int):
    form = CounterForm(queries.get_contract(me(), contract_id))
    return act(
        contract_id,
        "counter",
        form,
        lambda: with_product_errors(
            lambda: negotiation.counter_offer(me(), contract_id, **form.values())
        ),
        _l("Your counter-offer is sent."),
    )


@bp.post("/contracts/<int:contract_id>/accept")
@role_required("brand", "kol")
def accept(contract_id: int):
    return act(
        contract_id,
        "accept",
        ConfirmForm(),
        lambda: negotiation.accept_offer(me(), contract_id),
        _l("Offer accepted."),
    )


@bp.post("/contracts/<int:contract_id>/decline")
@role_required("brand", "kol")
def decline(contract_id: int):
    form = ReasonForm()
    return act(
        contract_id,
        "decline",
        form,
        lambda: negotiation.decline_offer(me(), contract_id, form.reason.data or ""),
        _l("Offer declined."),
    )


@bp.post("/contracts/<int:contract_id>/withdraw")
@role_required("brand", "kol")
def withdraw(contract_id: int):
    return act(
        contract_id,
        "withdraw",
        ConfirmForm(),
        lambda: negotiation.withdraw_offer(me(), contract_id),
        _l("Offer withdrawn."),
    )
