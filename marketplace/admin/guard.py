"""Admin-only areas answer 404 to everyone else, before any other check runs.

Every path under `/admin` (pages) and `/api/v1/admin` (the admin API) is checked here, as
an application-wide `before_request` registered ahead of CSRF protection: an anonymous
visitor, a brand or a KOL gets the same 404 as for a page that does not exist, on every
method, so a POST without a CSRF token learns nothing either. New admin routes are covered
without any decorator. Views still check the role (and services check it again).
"""

from __future__ import annotations

from flask import Flask, abort, request
from flask_login import current_user

from marketplace.models import User
from marketplace.services.accounts import users

PAGE_PREFIX = "/admin"
API_PREFIX = "/api/v1/admin"


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


def is_admin_path(path: str) -> bool:
    return _under(path, PAGE_PREFIX) or _under(path, API_PREFIX)


def _api_user() -> User | None:
    from marketplace.api.support import bearer_token

    token = bearer_token()
    return users.user_for_token(token) if token else None


def _page_user() -> User | None:
    user = current_user._get_current_object()  # the proxy's object, not the proxy
    return user if isinstance(user, User) else None


def require_admin_area() -> None:
    path = request.path
    if not is_admin_path(path):
        return
    user = _api_user() if _under(path, API_PREFIX) else _page_user()
    if user is None or not user.is_admin or user.is_suspended:
        abort(404)


def register(app: Flask) -> None:
    """Call before `csrf.init_app(app)`: before-request functions run in order."""
    app.before_request(require_admin_area)
