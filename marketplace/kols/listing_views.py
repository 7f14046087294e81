"""KOL pages for the KOL's own listings: list, create, edit, pause, reactivate, delete."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.domain.errors import ValidationFailed
from marketplace.kols import bp
from marketplace.kols.forms import ListingForm
from marketplace.labels import PLATFORM_LABELS
from marketplace.models import KolProfile
from marketplace.services.catalogue import kol_profiles, listings
from marketplace.web import apply_field_errors, role_required, submit_form

LISTINGS_PER_PAGE = 50


@bp.get("/listings")
@role_required("kol")
def my_listings():
    result = listings.list_own_listings(
        current_user,
        include_deleted=False,
        page=request.args.get("page"),
        per_page=LISTINGS_PER_PAGE,
    )
    return render_template("kols/listings.html", listings=result.items, result=result)


def _listing_form(form: ListingForm, profile: KolProfile) -> ListingForm:
    form.platform.choices = [(a.platform, PLATFORM_LABELS[a.platform]) for a in profile.platforms]
    return form


def _save_listing(form: ListingForm, listing_id: int | None) -> bool | None:
    """True when saved, False on bad input (errors on the form), None when not submitted."""
    if not form.is_submitted():
        return None
    saved = submit_form(
        form,
        save=lambda: (
            listings.create_listing(current_user, **form.listing_values())
            if listing_id is None
            else listings.update_listing(current_user, listing_id, form.listing_values())
        ),
        check=lambda: listings.check_listing(current_user, listing_id, form.listing_values()),
        apply=lambda error: apply_field_errors(form, _renamed(error)),
    )
    return saved is not None


def _renamed(error: ValidationFailed) -> ValidationFailed:
    """The form asks for commission in percent; show basis-point errors on that field."""
    fields = {
        ("commission_pct" if k == "commission_bps" else k): v for k, v in error.fields.items()
    }
    return ValidationFailed(error.message, fields)


@bp.route("/listings/new", methods=["GET", "POST"])
@role_required("kol")
def new_listing():
    profile = kol_profiles.get_own_profile(current_user)
    form = _listing_form(ListingForm(), profile)
    saved = _save_listing(form, None)
    if saved:
        flash(_("Your listing is live."), "success")
        return redirect(url_for("kols.my_listings"))
    return render_template("kols/listing_form.html", form=form, profile=profile, listing=None), (
        400 if saved is False else 200
    )


@bp.route("/listings/<int:listing_id>/edit", methods=["GET", "POST"])
@role_required("kol")
def edit_listing(listing_id: int):
    listing = listings.get_own_listing(current_user, listing_id)
    profile = kol_profiles.get_own_profile(current_user)
    if request.method == "GET":
        form = ListingForm(data=ListingForm.initial(listing))
    else:
        form = ListingForm()
    _listing_form(form, profile)
    saved = _save_listing(form, listing_id)
    if saved:
        flash(_("Your listing is saved."), "success")
        return redirect(url_for("kols.my_listings"))
    return render_template("kols/listing_form.html", form=form, profile=profile, listing=listing), (
        400 if saved is False else 200
    )


@bp.post("/listings/<int:listing_id>/status")
@role_required("kol")
def listing_status(listing_id: int):
    listing = listings.set_listing_status(current_user, listing_id, request.form.get("status"))
    if listing.status == "paused":
        flash(_("The listing is paused; brands no longer see it."), "info")
    else:
        flash(_("The listing is active again."), "success")
    return redirect(url_for("kols.my_listings"))


@bp.post("/listings/<int:listing_id>/delete")
@role_required("kol")
def delete_listing(listing_id: int):
    listings.delete_listing(current_user, listing_id)
    flash(_("The listing is deleted."), "info")
    return redirect(url_for("kols.my_listings"))
