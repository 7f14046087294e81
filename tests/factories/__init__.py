"""Test data, made one way: factory_boy factories on the per-test session.

Rows come from the factories (`KolFactory`, `BriefFactory`, `ListingFactory`, …); the
`make_*` functions are thin entry points kept because several hundred tests call them.
`*_payload` helpers are inputs for services and the API, not rows.
"""

from __future__ import annotations

from typing import Any

from marketplace.models import User
from tests.factories.users import (
    BY_ROLE,
    PASSWORD,
    AdminFactory,
    BrandFactory,
    KolFactory,
    UserFactory,
    password_hash,
)

__all__ = [
    "PASSWORD",
    "AdminFactory",
    "BrandFactory",
    "KolFactory",
    "UserFactory",
    "make_admin",
    "make_brand",
    "make_kol",
    "make_user",
    "password_hash",
]


def make_user(
    role: str = "brand",
    *,
    email: str | None = None,
    name: str | None = None,
    suspended: bool = False,
) -> User:
    fields: dict[str, Any] = {"role": role, "is_suspended": suspended}
    if email is not None:
        fields["email"] = email
    if name is not None:
        fields["name"] = name
    return BY_ROLE.get(role, UserFactory)(**fields)


def make_kol(**kwargs: Any) -> User:
    return make_user("kol", **kwargs)


def make_brand(**kwargs: Any) -> User:
    return make_user("brand", **kwargs)


def make_admin(**kwargs: Any) -> User:
    return make_user("admin", **kwargs)
