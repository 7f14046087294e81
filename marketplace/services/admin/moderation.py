"""Admin use cases on accounts: find users, verify KOLs, suspend and reinstate.

Every change is written to the audit log with the admin's reason, in the same unit of
work. Suspending a user flags their open contracts for review and alerts every admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select

from marketplace.domain.errors import NotAllowed, NotFound
from marketplace.extensions import db
from marketplace.models import KolProfile, User
from marketplace.models.user import ROLES
from marketplace.services import audit
from marketplace.services.accounts import users
from marketplace.services.admin.flags import flag_open_contracts
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


def _like_prefix(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def list_users(
    admin: User, q: Any = None, role: Any = None, page: Any = None, per_page: Any = 25
) -> Pagination:
    """Users found by exact email (a query with "@") or by name prefix, newest first.

    Both ignore case. The page's items are UserRow (the user with its KOL profile, if any).
    """
    _require_admin(admin)
    v = Validator()
    text = v.string("q", q, required=False, max_len=QUERY_MAX)
    clean_role = v.choice("role", role, ROLES, required=False)
    clean_page, clean_per_page = clean_paging(v, page, per_page)
    v.check()
    conditions = []
    if text and "@" in text:
        conditions.append(User.email == text.lower())
    elif text:
        conditions.append(func.lower(User.name).like(_like_prefix(text), escape="\\"))
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


def get_user(admin: User, user_id: int) -> UserRow:
    """One brand or KOL for an admin (the confirmation page of an action)."""
    _require_admin(admin)
    user = db.session.get(User, user_id)
    if user is None or user.is_admin:
        raise NotFound(str(_l("User not found.")))
    return _row(user)


def clean_reason(reason: Any, max_len: int = REASON_MAX) -> str:
    """The required reason of an admin action, or a ValidationFailed on `reason`.

    Pages call it before their confirmation step, so a missing reason is caught first."""
    v = Validator()
    clean = v.string("reason", reason, max_len=max_len)
    v.check()
    assert clean is not None
    return clean


@use_case
def verify_kol(admin: User, user_id: int, level: Any = "verified", reason: Any = None) -> UserRow:
    """Set a KOL's verification level; the note saying what was checked is required."""
    _require_admin(admin)
    if db.session.get(KolProfile, user_id) is None:
        raise NotFound(str(_l("KOL not found.")))
    clean_reason(reason, kol_profiles.REASON_MAX)
    profile = kol_profiles.set_verification(
        admin, user_id, "verified" if level is None else level, reason
    )
    audit.record(
        admin, "kol.verify", "user", profile.user_id, profile.verification_reason or "",
        level=profile.verification,
    )  # fmt: skip
    return UserRow(user=profile.user, kol=profile)


@use_case
def _suspension(admin: User, user_id: int, suspended: bool, reason: Any) -> UserRow:
    get_user(admin, user_id)
    clean = clean_reason(reason)
    user = users.set_suspension(admin, user_id, suspended, clean)
    if suspended:
        flagged = flag_open_contracts(admin, user, clean)
        audit.record(admin, "user.suspend", "user", user.id, clean, flagged_contracts=flagged)
    else:
        audit.record(admin, "user.unsuspend", "user", user.id, clean)
    return _row(user)


def suspend_user(admin: User, user_id: int, reason: Any) -> UserRow:
    """Suspend a brand or KOL (a reason is required); their sessions and tokens stop working,
    a KOL leaves search and matching, and their open contracts are flagged for review."""
    return _suspension(admin, user_id, True, reason)


def unsuspend_user(admin: User, user_id: int, reason: Any) -> UserRow:
    """Reinstate a suspended brand or KOL (a reason is required)."""
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
