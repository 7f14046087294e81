"""A KOL answers a brand's invitation: accept (apply, listing prefilled) or decline."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length

from marketplace.briefs import bp
from marketplace.briefs.views import me
from marketplace.domain.errors import Conflict, ValidationFailed
from marketplace.domain.urls import safe_redirect_path
from marketplace.services.briefs import invitations
from marketplace.web import role_required


class DeclineInvitationForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (optional)"), validators=[Length(max=invitations.MAX_MESSAGE)]
    )
    next = HiddenField()


@bp.route("/invitations/<int:invitation_id>/accept")
@role_required("kol")
def accept_invitation(invitation_id: int):
    """Accepting means applying: open the brief's application form with a listing chosen."""
    try:
        invitation = invitations.check_can_accept(me(), invitation_id)
    except Conflict as error:
        flash(error.message, "danger")
        return redirect(url_for("briefs.browse"))
    return redirect(
        url_for("briefs.detail", brief_id=invitation.brief_id, invitation=invitation.id) + "#apply"
    )


@bp.post("/invitations/<int:invitation_id>/decline")
@role_required("kol")
def decline_invitation(invitation_id: int):
    form = DeclineInvitationForm()
    back = safe_redirect_path(form.next.data) or url_for("briefs.browse")
    invitations.invitation_for_kol(me(), invitation_id)
    if not form.validate_on_submit():
        messages = [m for ms in form.errors.values() for m in ms]
        flash(" ".join(str(m) for m in messages) or _("Please try again."), "danger")
        return redirect(back)
    try:
        invitations.decline_invitation(me(), invitation_id, form.reason.data or "")
    except (Conflict, ValidationFailed) as error:
        flash(error.message, "danger")
    else:
        flash(_("Invitation declined. The brand will see your answer."), "success")
    return redirect(back)
