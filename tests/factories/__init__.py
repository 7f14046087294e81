"""Test data factories: rows made directly, with one precomputed password hash."""

from __future__ import annotations

import itertools
from functools import cache

from werkzeug.security import generate_password_hash

from marketplace.extensions import db
from marketplace.models import BrandProfile, KolProfile, User

PASSWORD = "correct-horse-9"
_counter = itertools.count(1)


@cache
def password_hash() -> str:
    return generate_password_hash(PASSWORD)


def make_user(
    role: str = "brand",
    *,
    email: str | None = None,
    name: str | None = None,
    suspended: bool = False,
) -> User:
    n = next(_counter)
    user = User(
        email=email or f"{role}{n}@example.com",
        password_hash=password_hash(),
        role=role,
        name=name or f"{role.title()} {n}",
        is_suspended=suspended,
    )
    db.session.add(user)
    db.session.flush()
    if role == "kol":
        db.session.add(KolProfile(user_id=user.id, display_name=user.name))
    elif role == "brand":
        db.session.add(BrandProfile(user_id=user.id, company_name=user.name))
    db.session.commit()
    return user


def make_kol(**kwargs) -> User:
    return make_user("kol", **kwargs)


def make_brand(**kwargs) -> User:
    return make_user("brand", **kwargs)


def make_admin(**kwargs) -> User:
    return make_user("admin", **kwargs)
