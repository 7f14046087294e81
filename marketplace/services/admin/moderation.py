"""Admin use cases on accounts: find users, verify KOLs, suspend and reinstate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_, select

from marketplace.domain.errors import NotAllowed
from marketplace.extensions import db
from marketplace.models import KolProfile, User
from marketplace.models.user import ROLES
from marketplace.services.accounts import users
from marketplace.services.catalogue import kol_profiles
from marketplace.services.paging import clean_paging, paginate
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

REASON_MAX = 500
QUERY_MAX = 100


@dataclass
class UserRow:
    """A user as admins see it; `kol` is the KOL profile when the user is a KOL."""

    user: User
    kol: KolProfile | None


@dataclass
class AdminDashboard:
    suspended: int
    unverified_kols: int


def _require_admin(actor: User) -> None:
    if not actor.is_admin:
        raise NotAllowed(str(_l("Only administrators can do this.")))


def _row(user: User) -> UserRow:
    return UserRow(user=user, kol=db.session.get(KolProfile, user.id) if user.is_kol else None)


def list_users(
    admin: User, q: Any = None, role: Any = None, page: Any = None, per_page: Any = 25
) -> Pagination:
    """Users matching a search on email or name and an optional role, newest first.

    The page's items are UserRow (the user with its KOL profile, if any).
    """
    _require_admin(admin)
    v = Validator()
    text = v.string("q", q, required=False, max_len=QUERY_MAX)
    clean_role = v.choice("role", role, ROLES, required=False)
    clean_page, clean_per_page = clean_paging(v, page, per_page)
    v.check()
    conditions = []
    if text:
        pattern = "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern += "%"
        conditions.append(
            or_(
                func.lower(User.email).like(pattern, escape="\\"),
                func.lower(User.name).like(pattern, escape="\\"),
            )
        )
    if clean_role:
        conditions.append(User.role == clean_role)
    result = paginate(
        select(User).where(*conditions).order_by(User.id.desc()), clean_page, clean_per_page
    )
    kol_ids = [user.id for user in result.items if user.is_kol]
    profiles = {
        p.user_id: p
        for p in db.session.scalars(select(KolProfile).where(KolProfile.user_id.in_(kol_ids)))
    }
    result.items = [UserRow(user=user, kol=profiles.get(user.id)) for user in result.items]
    return result


@use_case
def verify_kol(admin: User, user_id: int, level: Any = "verified", reason: Any = "") -> UserRow:
    profile = kol_profiles.set_verification(
        admin, user_id, "verified" if level is None else level, reason
    )
    return UserRow(user=profile.user, kol=profile)


@use_case
def _suspension(admin: User, user_id: int, suspended: bool, reason: Any) -> UserRow:
    _require_admin(admin)
    v = Validator()
    clean = v.string("reason", reason, required=suspended, max_len=REASON_MAX)
    v.check()
    user = users.set_suspension(admin, user_id, suspended, clean or "")
    return _row(user)


def suspend_user(admin: User, user_id: int, reason: Any) -> UserRow:
    """Suspend a brand or KOL (a reason is required); their sessions and tokens stop working."""
    return _suspension(admin, user_id, True, reason)


def unsuspend_user(admin: User, user_id: int, reason: Any = "") -> UserRow:
    return _suspension(admin, user_id, False, reason)


def dashboard_counts(admin: User) -> AdminDashboard:
    _require_admin(admin)
    suspended = db.session.scalar(select(func.count(User.id)).where(User.is_suspended)) or 0
    unverified = (
        db.session.scalar(
            select(func.count(KolProfile.user_id)).where(KolProfile.verification == "unverified")
        )
        or 0
    )
    return AdminDashboard(suspended=suspended, unverified_kols=unverified)
