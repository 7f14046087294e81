"""Users with their role's profile: brands, KOLs and admins."""

from __future__ import annotations

from functools import cache
from typing import Any

import factory
from werkzeug.security import generate_password_hash

from marketplace.models import BrandProfile, KolCategory, KolProfile, User
from marketplace.services.catalogue.audience import majority_keys
from tests.factories.base import SessionFactory

PASSWORD = "correct-horse-9"


@cache
def password_hash() -> str:
    """Hashed once per run: hashing is deliberately slow."""
    return generate_password_hash(PASSWORD)


class KolProfileFactory(SessionFactory):
    class Meta:
        model = KolProfile
        exclude = ("category_names",)

    class Params:
        category_names: tuple[str, ...] = ()

    display_name = "KOL"
    bio = ""
    tags = factory.LazyFunction(list)
    verification = "unverified"
    audience = factory.LazyFunction(dict)
    audience_gender_major = factory.LazyAttribute(lambda p: majority_keys(p.audience)[0])
    audience_age_major = factory.LazyAttribute(lambda p: majority_keys(p.audience)[1])
    audience_region_major = factory.LazyAttribute(lambda p: majority_keys(p.audience)[2])
    categories = factory.LazyAttribute(
        lambda p: [KolCategory(category=c, position=i) for i, c in enumerate(p.category_names)]
    )


class BrandProfileFactory(SessionFactory):
    class Meta:
        model = BrandProfile

    company_name = "Brand"


class UserFactory(SessionFactory):
    """A user without a profile (see the role factories below)."""

    class Meta:
        model = User

    role = "brand"
    email = factory.LazyAttributeSequence(lambda u, n: f"{u.role}{n}@example.com")
    name = factory.LazyAttributeSequence(lambda u, n: f"{u.role.title()} {n}")
    password_hash = factory.LazyFunction(password_hash)
    is_suspended = False


class KolFactory(UserFactory):
    """A KOL and its (empty unless `profile__…` says otherwise) profile."""

    role = "kol"

    @factory.post_generation
    def profile(user: User, create: bool, extracted: Any, **fields: Any) -> None:
        if create:
            fields.setdefault("display_name", user.name)
            KolProfileFactory(user_id=user.id, **fields)


class BrandFactory(UserFactory):
    role = "brand"

    @factory.post_generation
    def profile(user: User, create: bool, extracted: Any, **fields: Any) -> None:
        if create:
            fields.setdefault("company_name", user.name)
            BrandProfileFactory(user_id=user.id, **fields)


class AdminFactory(UserFactory):
    role = "admin"


BY_ROLE: dict[str, type[UserFactory]] = {
    "kol": KolFactory,
    "brand": BrandFactory,
    "admin": AdminFactory,
}
