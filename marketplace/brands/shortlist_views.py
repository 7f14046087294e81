"""Brand pages: shortlists, the side-by-side comparison and the "add to shortlist" widget."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.async_answers import action_answer, wants_json
from marketplace.brands import bp
from marketplace.brands.forms import QuickShortlistForm, ShortlistForm, ShortlistKolForm
from marketplace.brands.views import me
from marketplace.domain.errors import Conflict, ValidationFailed
from marketplace.domain.urls import safe_redirect_path
from marketplace.services.discovery import shortlist_state, shortlists
from marketplace.web import apply_field_errors, role_required


@bp.app_template_global("brand_shortlist_choices")
def brand_shortlist_choices() -> list[tuple[int, str]]:
    """(id, name) of the signed-in brand's shortlists, for templates/brands/_shortlist_button."""
    if not (current_user.is_authenticated and current_user.is_brand):
        return []
    if "brand_shortlist_choices" not in g:
        g.brand_shortlist_choices = [(s.id, s.name) for s, _n in shortlists.list_shortlists(me())]
    return g.brand_shortlist_choices


@bp.app_template_global("brand_shortlisted_kol_ids")
def brand_shortlisted_kol_ids() -> set[int]:
    """KOLs already on one of the signed-in brand's lists: their buttons read "Shortlisted ✓"."""
    if not (current_user.is_authenticated and current_user.is_brand):
        return set()
    if "brand_shortlisted_kol_ids" not in g:
        g.brand_shortlisted_kol_ids = shortlist_state.shortlisted_kol_ids(me())
    return g.brand_shortlisted_kol_ids


def _detail(shortlist_id: int, rename: ShortlistForm, add: ShortlistKolForm, status: int = 200):
    result = shortlists.get_shortlist_with_comparison(me(), shortlist_id)
    if not rename.name.data:
        rename.name.data = result.shortlist.name
    return render_template(
        "brands/shortlist.html", result=result, rename_form=rename, add_form=add
    ), status


@bp.route("/shortlists")
@role_required("brand")
def shortlist_list():
    rows = shortlists.list_shortlists(me())
    return render_template("brands/shortlists.html", rows=rows, form=ShortlistForm())


@bp.route("/shortlists/new", methods=["GET", "POST"])
@role_required("brand")
def shortlist_new():
    form = ShortlistForm()
    if form.validate_on_submit():
        try:
            shortlist = shortlists.create_shortlist(me(), form.name.data)
        except ValidationFailed as error:
            apply_field_errors(form, error)
        else:
            flash(_("Shortlist created."), "success")
            return redirect(url_for("brands.shortlist_detail", shortlist_id=shortlist.id))
    return render_template("brands/shortlist_new.html", form=form), 400 if form.errors else 200


@bp.route("/shortlists/<int:shortlist_id>")
@role_required("brand")
def shortlist_detail(shortlist_id: int):
    return _detail(shortlist_id, ShortlistForm(), ShortlistKolForm())


@bp.post("/shortlists/<int:shortlist_id>/rename")
@role_required("brand")
def shortlist_rename(shortlist_id: int):
    form = ShortlistForm()
    if form.validate_on_submit():
        try:
            shortlists.rename_shortlist(me(), shortlist_id, form.name.data)
        except ValidationFailed as error:
            apply_field_errors(form, error)
        else:
            flash(_("Shortlist renamed."), "success")
            return redirect(url_for("brands.shortlist_detail", shortlist_id=shortlist_id))
    return _detail(shortlist_id, form, ShortlistKolForm(formdata=None), 400)


@bp.post("/shortlists/<int:shortlist_id>/delete")
@role_required("brand")
def shortlist_delete(shortlist_id: int):
    shortlists.delete_shortlist(me(), shortlist_id)
    flash(_("Shortlist deleted."), "success")
    return redirect(url_for("brands.shortlist_list"))


@bp.post("/shortlists/<int:shortlist_id>/kols")
@role_required("brand")
def shortlist_add(shortlist_id: int):
    form = ShortlistKolForm()
    status = 400
    if form.validate_on_submit():
        try:
            shortlists.add_to_shortlist(me(), shortlist_id, form.kol_id.data, form.note.data)
        except (ValidationFailed, Conflict) as error:
            apply_field_errors(form, error)
            status = error.status
        else:
            flash(_("KOL added to the shortlist."), "success")
            return redirect(url_for("brands.shortlist_detail", shortlist_id=shortlist_id))
    return _detail(shortlist_id, ShortlistForm(formdata=None), form, status)


@bp.post("/shortlists/<int:shortlist_id>/kols/<int:kol_id>/remove")
@role_required("brand")
def shortlist_remove(shortlist_id: int, kol_id: int):
    shortlists.remove_from_shortlist(me(), shortlist_id, kol_id)
    flash(_("KOL removed from the shortlist."), "success")
    return redirect(url_for("brands.shortlist_detail", shortlist_id=shortlist_id))


@bp.post("/shortlists/add")
@role_required("brand")
def shortlist_quick_add():
    """Target of the widget other pages include: JSON for the page's script, else a redirect."""
    form = QuickShortlistForm()
    back = safe_redirect_path(form.next.data) or url_for("brands.shortlist_list")
    if not form.validate_on_submit():
        return _quick_answer(False, _("Choose a KOL and a shortlist."), back)
    target = form.target()
    if shortlist_state.is_on_shortlist(me(), target, form.kol_id.data):
        name = dict(brand_shortlist_choices()).get(target, "")
        return _quick_answer(True, _("Already in %(name)s.", name=name), back, "info")
    try:
        entry = shortlists.add_to_shortlist(
            me(),
            target,
            form.kol_id.data,
            form.note.data or "",
            new_list_name=form.new_list_name.data,
        )
    except (ValidationFailed, Conflict) as error:
        messages = [m for ms in error.fields.values() for m in ms] or [error.message]
        return _quick_answer(False, " ".join(str(m) for m in messages), back, status=error.status)
    return _quick_answer(True, _("Saved to %(name)s.", name=entry.shortlist.name), back)


def _quick_answer(ok: bool, message: str, back: str, category: str = "", status: int = 400):
    if wants_json():
        return action_answer(ok, _("Shortlisted ✓") if ok else "", message, 200 if ok else status)
    flash(message, category or ("success" if ok else "danger"))
    return redirect(back)
