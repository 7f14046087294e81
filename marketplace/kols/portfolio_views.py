"""The KOL's portfolio page: sample images and post links, and links to its accounts."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.domain.errors import Conflict, ValidationFailed
from marketplace.kols import bp
from marketplace.kols.portfolio_forms import (
    AccountLinksForm,
    PortfolioActionForm,
    PortfolioImageForm,
    PortfolioLinkForm,
)
from marketplace.services.catalogue import account_links, kol_profiles, portfolio
from marketplace.web import apply_field_errors, role_required


def _render(
    image_form: PortfolioImageForm | None = None,
    link_form: PortfolioLinkForm | None = None,
    link_errors: dict[str, list[str]] | None = None,
    link_values: dict[str, str] | None = None,
    status: int = 200,
):
    profile = kol_profiles.get_own_profile(current_user)
    items = portfolio.own_portfolio(current_user)
    return render_template(
        "kols/portfolio_edit.html",
        profile=profile,
        items=items,
        max_items=portfolio.MAX_ITEMS,
        image_form=image_form or PortfolioImageForm(formdata=None),
        link_form=link_form or PortfolioLinkForm(formdata=None),
        accounts_form=AccountLinksForm(formdata=None),
        action_form=PortfolioActionForm(formdata=None),
        link_errors=link_errors or {},
        link_values=link_values
        if link_values is not None
        else {a.platform: a.url or "" for a in profile.platforms},
    ), status


def _saved(message: str):
    flash(message, "success")
    return redirect(url_for("kols.edit_portfolio"))


@bp.get("/portfolio")
@role_required("kol")
def edit_portfolio():
    return _render()


@bp.post("/portfolio/images")
@role_required("kol")
def add_portfolio_image():
    form = PortfolioImageForm()
    if form.validate_on_submit():
        try:
            portfolio.add_image(current_user, form.image.data.stream, form.caption.data)
        except (ValidationFailed, Conflict) as error:
            apply_field_errors(form, error)
        else:
            return _saved(_("The sample image is added."))
    return _render(image_form=form, status=400)


@bp.post("/portfolio/links")
@role_required("kol")
def add_portfolio_link():
    form = PortfolioLinkForm()
    if form.validate_on_submit():
        try:
            portfolio.add_link(current_user, form.platform.data, form.url.data, form.caption.data)
        except (ValidationFailed, Conflict) as error:
            apply_field_errors(form, error)
        else:
            return _saved(_("The link is added."))
    return _render(link_form=form, status=400)


@bp.post("/portfolio/accounts")
@role_required("kol")
def save_account_links():
    form = AccountLinksForm()
    prefix = "link-"
    values = {
        key.removeprefix(prefix): value
        for key, value in request.form.items()
        if key.startswith(prefix)
    }
    if form.validate_on_submit():
        try:
            account_links.set_account_links(current_user, values)
        except ValidationFailed as error:
            errors = {name.removeprefix("links."): msgs for name, msgs in error.fields.items()}
            return _render(link_errors=errors, link_values=values, status=400)
        return _saved(_("Your account links are saved."))
    return _render(status=400)


@bp.post("/portfolio/<int:item_id>/move")
@role_required("kol")
def move_portfolio_item(item_id: int):
    form = PortfolioActionForm()
    if form.validate_on_submit():
        portfolio.move_item(current_user, item_id, form.direction.data)
    return redirect(url_for("kols.edit_portfolio"))


@bp.post("/portfolio/<int:item_id>/delete")
@role_required("kol")
def delete_portfolio_item(item_id: int):
    form = PortfolioActionForm()
    if form.validate_on_submit():
        portfolio.delete_item(current_user, item_id)
        return _saved(_("The sample is deleted."))
    return redirect(url_for("kols.edit_portfolio"))


@bp.get("/portfolio/image/<int:item_id>")
def portfolio_image(item_id: int):
    folder, name = portfolio.image_file(item_id)
    response = send_from_directory(folder, name, max_age=300)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
