"""Browser sessions that the server can end: sign-in, logout, log out everywhere, password change.

Flask's signed cookie session cannot be revoked, and neither can Flask-Login's remember-me
cookie. Each sign-in therefore gets a row in `login_sessions`; both cookies carry its id as
"<user id>:<token>" (`User.get_id`), and the user loader accepts only a token whose row
still exists. Deleting rows ends sessions: one for logout, all of a user's for "log out
everywhere", a suspension or a password change (which then opens a new one for the browser
that made the change).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from werkzeug.security import check_password_hash

from marketplace.extensions import db
from marketplace.models import LoginSession, User
from marketplace.models.base import utcnow
from marketplace.services.accounts import users
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

TOKEN_BYTES = 32


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _oldest_valid() -> datetime:
    return utcnow() - timedelta(seconds=current_app.config["SESSION_LIFETIME_S"])


@use_case
def _open(user: User) -> None:
    """Add a session row for this browser and attach its token to `user`."""
    db.session.execute(
        delete(LoginSession).where(
            LoginSession.user_id == user.id, LoginSession.created_at < _oldest_valid()
        )
    )
    token = secrets.token_urlsafe(TOKEN_BYTES)
    db.session.add(LoginSession(user_id=user.id, token_hash=_digest(token)))
    user.signed_in_token = token


def _end_all(user_id: int) -> int:
    result = db.session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
    return result.rowcount or 0


def sign_in(email: object, password: object, ip: str) -> User:
    """Check credentials (throttled, see `users.authenticate`) and open a session.

    Two transactions on purpose: a failed check commits its failure record on its own.
    """
    user = users.authenticate(email, password, ip)
    _open(user)
    return user


def sign_up(email: object, password: object, role: object, name: object, ip: str) -> User:
    """Create the account (see `users.register`) and sign this browser in."""
    user = users.register(email, password, role, name, ip)
    _open(user)
    return user


def user_for_session(session_id: str) -> User | None:
    """The user loader: the active user whose live session `session_id` names, else None."""
    user_id, _sep, token = session_id.partition(":")
    if not (user_id.isascii() and user_id.isdigit() and token):
        return None
    user = db.session.scalar(
        select(User)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(
            LoginSession.token_hash == _digest(token),
            LoginSession.created_at >= _oldest_valid(),
        )
    )
    # The id is checked here, not in SQL: the token alone is unique, and an id beyond the
    # column's range must not reach the database.
    if user is None or str(user.id) != user_id or user.is_suspended:
        return None
    user.signed_in_token = token
    return user


@use_case
def sign_out(user: User) -> None:
    """End this browser's session; the user's other browsers stay signed in."""
    if user.signed_in_token:
        db.session.execute(
            delete(LoginSession).where(
                LoginSession.user_id == user.id,
                LoginSession.token_hash == _digest(user.signed_in_token),
            )
        )
    user.signed_in_token = None


@use_case
def sign_out_everywhere(user: User) -> int:
    """End every browser session of the user (API tokens are revoked separately)."""
    ended = _end_all(user.id)
    user.signed_in_token = None
    return ended


def change_password(user: User, current: object, new: object, repeat: object, ip: str) -> User:
    """Set a new password, end every session, and open a fresh one for this browser.

    A wrong current password counts as a failed sign-in (committed on its own), so a
    stolen session cannot be used to guess the password faster than sign-in allows.
    """
    users.check_throttle(user.email, ip)
    v = Validator()
    new_password = v.string("new_password", new, max_len=128, min_len=users.MIN_PASSWORD)
    if new != repeat:
        v.add("repeat_password", _l("Passwords must match."))
    if not check_password_hash(user.password_hash, current if isinstance(current, str) else ""):
        users.record_failure(user.email, ip)
        v.add("current_password", _l("This is not your current password."))
    v.check()
    assert new_password
    return _replace_password(user, users.hash_password(new_password))


@use_case
def _replace_password(user: User, password_hash: str) -> User:
    user.password_hash = password_hash
    _end_all(user.id)
    _open(user)
    return user
