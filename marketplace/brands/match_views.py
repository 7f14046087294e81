"""Top matches for a brief, and inviting a matched KOL to apply."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from marketplace.async_answers import action_answer, wants_json
from marketplace.brands import bp
from marketplace.brands.views import me
from marketplace.domain.errors import Conflict, NotFound, ValidationFailed
from marketplace.domain.urls import safe_redirect_path
from marketplace.services.briefs import invitations, lifecycle
from marketplace.services.matchmaking import matches
from marketplace.services.matchmaking.matches import MAX_K
from marketplace.services.paging import clean_paging, paginate_list
from marketplace.services.validation import Validator
from marketplace.web import role_required

RANKED = MAX_K
PER_PAGE = 20


@bp.app_template_global("brief_top_matches")
def brief_top_matches(brief_id: int, k: int = 10) -> dict:
    """Template data for the Top matches section: the ranking and each KOL's invitation."""
    return {
        "matches": matches.top_matches(me(), brief_id, k),
        "invited": invitations.invitations_by_kol(me(), brief_id),
    }


@bp.route("/briefs/<int:brief_id>/matches")
@role_required("brand")
def brief_matches(brief_id: int):
    """The full ranking, PER_PAGE rows a page; rank numbers continue across pages."""
    brief = lifecycle.brief_for_owner(me(), brief_id).brief
    v = Validator()
    page, _per_page = clean_paging(v, request.args.get("page"), None)
    v.check()
    pagination = paginate_list(matches.ranked_matches(me(), brief_id, RANKED), page, PER_PAGE)
    return render_template(
        "brands/matches.html",
        brief=brief,
        matches=matches.with_rows(pagination.items),
        invited=invitations.invitations_by_kol(me(), brief_id),
        pagination=pagination,
        first_rank=(pagination.page - 1) * PER_PAGE + 1,
    )


@bp.post("/briefs/<int:brief_id>/invite")
@role_required("brand")
def invite_kol(brief_id: int):
    """Invite from Top matches: JSON for the page's script, else back to the same page."""
    try:
        invitations.invite_kol(me(), brief_id, request.form.get("kol_id"), "")
    except NotFound:
        raise
    except (Conflict, ValidationFailed) as error:
        ok, message, status = False, error.message, error.status
    else:
        ok, message, status = True, _("Invitation sent. The KOL will see it in their briefs."), 200
    if wants_json():
        return action_answer(ok, _("Invited") if ok else "", message, status)
    flash(message, "success" if ok else "danger")
    back = safe_redirect_path(request.form.get("next"))
    return redirect(back or url_for("brands.brief_detail", brief_id=brief_id))
