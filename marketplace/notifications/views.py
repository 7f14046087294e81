"""Notification pages: the list, opening one (marks it read), marking all read; the nav badge."""

from __future__ import annotations

from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.domain.errors import ValidationFailed
from marketplace.extensions import db
from marketplace.models import Notification, User
from marketplace.notifications import bp
from marketplace.services.notifications import (
    list_notifications,
    mark_read,
    notification_text,
    notification_url,
    unread_count,
)

PER_PAGE = 30


def me() -> User:
    return current_user._get_current_object()


def unread_notifications() -> int:
    """The signed-in user's unread count, counted once per request (0 when signed out)."""
    if not current_user.is_authenticated:
        return 0
    if "unread_notifications" not in g:
        g.unread_notifications = unread_count(me())
    return g.unread_notifications


@bp.app_context_processor
def notification_helpers() -> dict[str, Any]:
    return {
        "unread_notifications": unread_notifications,
        "notification_text": notification_text,
        "notification_url": notification_url,
    }


@bp.get("")
@login_required
def index():
    try:
        page = list_notifications(me(), request.args.get("page", 1), PER_PAGE)
    except ValidationFailed:
        return redirect(url_for("notifications.index"))
    return render_template("notifications/index.html", page=page)


@bp.post("/read")
@login_required
def read_all():
    marked = mark_read(me())
    if marked:
        flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


@bp.post("/<int:notification_id>/open")
@login_required
def open_one(notification_id: int):
    """Mark one notification read and go where it leads (someone else's: back to the list)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        return redirect(url_for("notifications.index"))
    mark_read(me(), [notification_id])
    return redirect(notification_url(notification))
