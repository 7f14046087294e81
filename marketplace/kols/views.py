"""KOL pages: edit the profile and avatar, and the public profile page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.domain.errors import ValidationFailed
from marketplace.domain.numbers import parse_int_or_none
from marketplace.domain.taxonomy import AGE_KEYS, GENDER_KEYS, PLATFORMS, REGION_KEYS
from marketplace.kols import bp
from marketplace.kols.charts import bar_rows, donut_segments, largest
from marketplace.kols.forms import AudienceForm, AvatarForm, ProfileForm
from marketplace.labels import label
from marketplace.models import KolProfile
from marketplace.services.catalogue import avatars, kol_page, kol_profiles
from marketplace.services.catalogue.audience import MAX_REGION_KEYS
from marketplace.services.matchmaking import matches
from marketplace.web import apply_field_errors, role_required, submit_form

ROW_FIELDS = {
    "platform": "platform",
    "handle": "handle",
    "followers": "followers",
    "engagement_rate": "engagement_pct",
}


@bp.app_context_processor
def kol_template_helpers() -> dict[str, Any]:
    """`kol_label` for vocabulary labels; `kol_dashboard()` for the dashboard include."""
    return {
        "kol_label": label,
        "kol_dashboard": lambda: kol_profiles.dashboard_summary(current_user),
    }


def _initial(profile: KolProfile) -> dict[str, Any]:
    categories = profile.category_names
    return {
        "display_name": profile.display_name,
        "bio": profile.bio,
        "primary_category": categories[0] if categories else "",
        "more_categories": categories[1:],
        "tags": ", ".join(profile.tags or []),
        "platforms": [
            {
                "platform": a.platform,
                "handle": a.handle,
                "followers": a.followers,
                "engagement_pct": round(Decimal(str(a.engagement_rate)) * 100, 2),
            }
            for a in profile.platforms
        ],
        "audience": AudienceForm.initial(profile.audience),
    }


def _pad_rows(form: ProfileForm) -> None:
    """Always offer a couple of empty platform rows (up to one per platform)."""
    filled = sum(1 for row in form.platforms if not row.form.is_blank())
    target = min(len(PLATFORMS), max(filled + 2, 3))
    while len(form.platforms) < target:
        form.platforms.append_entry()


def _apply_profile_errors(form: ProfileForm, error: ValidationFailed, rows: list[int]) -> None:
    """Put `platforms.<i>.<field>` and `audience.<dimension>` errors where they belong."""
    for name, messages in error.fields.items():
        parts = name.split(".")
        target = None
        if parts[0] == "platforms":
            index = parse_int_or_none(parts[1]) if len(parts) == 3 else None
            if index is not None and 0 <= index < len(rows):
                row = form.platforms[rows[index]].form
                target = getattr(row, ROW_FIELDS.get(parts[2], ""), None)
            if target is None:
                form.platform_errors.extend(messages)
                continue
        elif parts[0] == "audience":
            key = parts[1] if len(parts) > 1 else ""
            form.audience_errors.setdefault(key, []).extend(messages)
            continue
        elif parts[0] == "categories":
            target = form.primary_category
        elif parts[0] in ("display_name", "bio", "tags"):
            target = form[parts[0]]
        if target is None:
            form.form_errors.extend(messages)
        elif not target.errors:  # a field the form could not parse keeps its own message
            target.errors = list(messages)


def _render_profile(form: ProfileForm, avatar_form: AvatarForm, status: int = 200):
    profile = kol_profiles.get_own_profile(current_user)
    _pad_rows(form)
    return render_template(
        "kols/profile_edit.html",
        form=form,
        avatar_form=avatar_form,
        profile=profile,
        audience_keys={"gender": GENDER_KEYS, "age": AGE_KEYS, "region": REGION_KEYS},
    ), status


@bp.route("/profile", methods=["GET", "POST"])
@role_required("kol")
def edit_profile():
    if request.method == "GET":
        form = ProfileForm(data=_initial(kol_profiles.get_own_profile(current_user)))
        return _render_profile(form, AvatarForm(formdata=None))
    form = ProfileForm()
    rows, indexes = form.platform_rows()
    values = {
        "display_name": form.display_name.data,
        "bio": form.bio.data,
        "categories": form.categories(),
        "tags": form.tag_list(),
        "platforms": rows,
        "audience": form.audience.form.values(),
    }
    if submit_form(
        form,
        save=lambda: kol_profiles.update_kol_profile(current_user, **values),
        check=lambda: kol_profiles.check_kol_profile(current_user, **values),
        apply=lambda error: _apply_profile_errors(form, error, indexes),
    ):
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("kols.edit_profile"))
    return _render_profile(form, AvatarForm(formdata=None), 400)


@bp.post("/avatar")
@role_required("kol")
def upload_avatar():
    form = AvatarForm()
    if form.validate_on_submit():
        try:
            avatars.save_avatar(current_user, form.avatar.data.stream)
        except ValidationFailed as error:
            apply_field_errors(form, error)
        else:
            flash(_("Your photo is updated."), "success")
            return redirect(url_for("kols.edit_profile"))
    profile_form = ProfileForm(
        formdata=None, data=_initial(kol_profiles.get_own_profile(current_user))
    )
    return _render_profile(profile_form, form, 400)


@bp.get("/avatar/<int:kol_id>")
def avatar(kol_id: int):
    folder, name = avatars.avatar_file(kol_id)
    response = send_from_directory(folder, name, max_age=300)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/<int:kol_id>")
def public_profile(kol_id: int):
    public = kol_profiles.get_public_profile(kol_id)
    audience = public.profile.audience or {}
    charts = {
        "gender": donut_segments(audience.get("gender") or {}, GENDER_KEYS),
        "age": bar_rows(audience.get("age") or {}, AGE_KEYS),
        "region": bar_rows(largest(audience.get("region") or {}, MAX_REGION_KEYS), REGION_KEYS),
    }
    return render_template(
        "kols/public_profile.html",
        profile=public.profile,
        listings=public.listings,
        charts=charts,
        similar=matches.similar_kols(kol_id),
        showcase=kol_page.kol_showcase(kol_id, request.args.get("page")),
        is_owner=current_user.is_authenticated and current_user.id == kol_id,
    )
