"""Accounts: sign-up and sign-in with throttling, API tokens, admin creation, suspension."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from marketplace.domain.errors import NotFound, Throttled, Unauthorized, ValidationFailed
from marketplace.extensions import db
from marketplace.models import (
    ApiToken,
    BrandProfile,
    KolProfile,
    LoginFailure,
    LoginSession,
    User,
)
from marketplace.models.base import utcnow
from marketplace.services.catalogue import events
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

PUBLIC_ROLES = ("brand", "kol")
MIN_PASSWORD = 8
PASSWORD_MAX = 128
NAME_MAX = 80
TOKEN_NAME_MAX = 80


@cache
def _dummy_hash() -> str:
    """Checked against when the email is unknown, so both paths cost one scrypt."""
    return generate_password_hash("not-a-real-password")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def _validate_credentials(
    v: Validator, email: object, password: object
) -> tuple[str | None, str | None]:
    clean_email = v.email("email", email)
    clean_password = v.string("password", password, max_len=PASSWORD_MAX, min_len=MIN_PASSWORD)
    return clean_email, clean_password


TAKEN_EMAIL = _l("This email cannot be used to sign up. Try logging in.")


def register(email: object, password: object, role: object, name: object, ip: str) -> User:
    """Create a brand or KOL account with its empty profile.

    Sign-up must not be a cheap oracle for which emails exist: a taken email counts as a
    failed sign-in for that email and address (so the sign-in throttle applies), the
    message does not say the account exists, and both paths compute one password hash.
    Not a use case itself: the failure is committed on its own, before the refusal.
    """
    v = Validator()
    clean_email, clean_password = _validate_credentials(v, email, password)
    clean_role = v.choice("role", role, PUBLIC_ROLES)
    clean_name = v.string("name", name, max_len=NAME_MAX)
    v.check()
    assert clean_email and clean_password and clean_role and clean_name
    check_throttle(clean_email, ip)
    password_hash = hash_password(clean_password)
    if db.session.scalar(select(User.id).where(User.email == clean_email)) is not None:
        record_failure(clean_email, ip)
        raise ValidationFailed(str(_l("Some fields are not valid.")), {"email": [TAKEN_EMAIL]})
    return _create_account(clean_email, password_hash, clean_role, clean_name)


@use_case(conflict=TAKEN_EMAIL)
def _create_account(email: str, password_hash: str, role: str, name: str) -> User:
    user = User(email=email, password_hash=password_hash, role=role, name=name)
    db.session.add(user)
    db.session.flush()
    if role == "kol":
        db.session.add(KolProfile(user_id=user.id, display_name=name))
    else:
        db.session.add(BrandProfile(user_id=user.id, company_name=name))
    return user


def _recent_failures(column, value: str) -> int:
    window = timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_S"])
    since = utcnow() - window
    return (
        db.session.scalar(
            select(func.count(LoginFailure.id)).where(column == value, LoginFailure.at >= since)
        )
        or 0
    )


def check_throttle(email: str, ip: str) -> None:
    """Refuse after repeated failures for this email, or many more from this address."""
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    if (
        _recent_failures(LoginFailure.email, email) >= limit
        or _recent_failures(LoginFailure.ip, ip) >= limit * 4
    ):
        raise Throttled(
            str(_l("Too many failed attempts. Wait a few minutes and try again.")),
            retry_after_s=current_app.config["LOGIN_FAILURE_WINDOW_S"],
        )


def authenticate(email: object, password: object, ip: str) -> User:
    """Check credentials; after repeated failures the email and the address are throttled.

    Every failure answers the same message, so nobody learns which emails exist. Not a
    use case itself: the failure is committed on its own, before the refusal is raised.
    """
    clean_email = email.strip().lower() if isinstance(email, str) else ""
    check_throttle(clean_email, ip)
    user = db.session.scalar(select(User).where(User.email == clean_email)) if clean_email else None
    candidate = password if isinstance(password, str) else ""
    valid = check_password_hash(user.password_hash if user else _dummy_hash(), candidate)
    if not valid or user is None:
        record_failure(clean_email, ip)
        raise Unauthorized(str(_l("Invalid email or password.")))
    if user.is_suspended:
        raise Unauthorized(str(_l("This account is suspended. Contact support.")))
    return user


@use_case
def record_failure(email: str, ip: str) -> None:
    """Log a failed attempt in its own transaction: the caller then refuses the request."""
    db.session.add(LoginFailure(email=email[:254], ip=ip[:64]))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@use_case
def issue_token(user: User, name: str = "api") -> str:
    """Return a new bearer token; only its digest is kept."""
    token = "kol_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=_digest(token), name=name[:TOKEN_NAME_MAX]))
    return token


def user_for_token(token: str) -> User | None:
    """The active user a bearer token belongs to, or None when unknown or revoked."""
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.revoked_at.is_(None))
    )
    if row is None or row.user.is_suspended:
        return None
    return row.user


@use_case
def revoke_token(user: User, token: str) -> None:
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.user_id == user.id)
    )
    if row is None:
        raise NotFound(str(_l("Token not found.")))
    if row.revoked_at is None:
        row.revoked_at = utcnow()


@use_case
def create_admin(email: object, password: object, name: str = "Admin") -> User:
    v = Validator()
    clean_email, clean_password = _validate_credentials(v, email, password)
    v.check()
    assert clean_email and clean_password
    user = db.session.scalar(select(User).where(User.email == clean_email))
    if user is None:
        user = User(email=clean_email, name=name, role="admin", password_hash="")
        db.session.add(user)
    elif user.role != "admin":
        raise ValidationFailed(
            str(_l("Some fields are not valid.")),
            {"email": [str(_l("This email belongs to a brand or KOL account."))]},
        )
    user.password_hash = hash_password(clean_password)
    return user


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


@use_case
def set_suspension(actor: User, user_id: int, suspended: bool, reason: str = "") -> User:
    """Admin use case: suspend or reinstate a brand or KOL."""
    if not actor.is_admin:
        raise NotFound(str(_l("User not found.")))
    user = db.session.get(User, user_id)
    if user is None or user.is_admin:
        raise NotFound(str(_l("User not found.")))
    user.is_suspended = suspended
    user.suspended_reason = reason[:500] if suspended else None
    if suspended:  # their browsers are signed out; API tokens are refused while suspended
        db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    if user.is_kol:
        events.kol_changed(user.id)
    return user


def get_profile(user: User) -> KolProfile | BrandProfile | None:
    """The role's own profile row (admins have none)."""
    if user.is_kol:
        return db.session.get(KolProfile, user.id)
    if user.is_brand:
        return db.session.get(BrandProfile, user.id)
    return None
