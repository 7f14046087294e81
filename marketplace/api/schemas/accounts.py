"""Schemas of sign-up, tokens and /me."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from marketplace.api.schemas.base import Id, In, Out, enum
from marketplace.domain.taxonomy import BRAND_KINDS, CATEGORIES, VERIFICATION_LEVELS
from marketplace.models.user import ROLES
from marketplace.services.accounts.users import (
    MIN_PASSWORD,
    NAME_MAX,
    PASSWORD_MAX,
    PUBLIC_ROLES,
    TOKEN_NAME_MAX,
)
from marketplace.services.validation import EMAIL_MAX

Email = Annotated[str, Field(max_length=EMAIL_MAX, json_schema_extra={"format": "email"})]
Password = Annotated[str, Field(min_length=MIN_PASSWORD, max_length=PASSWORD_MAX)]


class RegisterIn(In):
    email: Email
    password: Password
    role: enum(PUBLIC_ROLES)  # type: ignore[valid-type]
    name: Annotated[str, Field(min_length=1, max_length=NAME_MAX)]


class TokenIn(In):
    email: Email
    password: Annotated[str, Field(max_length=PASSWORD_MAX)]
    name: Annotated[str | None, Field(description="A label for the token")] = Field(
        default=None, max_length=TOKEN_NAME_MAX
    )


class UserOut(Out):
    id: Id
    email: str
    role: enum(ROLES)  # type: ignore[valid-type]
    name: str


class RegisterOut(Out):
    user: UserOut
    token: str


class TokenOut(Out):
    token: str


class RevokeOut(Out):
    revoked: bool
    message: str


class SessionsEndedOut(Out):
    sessions_ended: Annotated[int, Field(ge=0, description="Browser sessions signed out")]


class KolProfileSummary(Out):
    kind: enum(("kol",))  # type: ignore[valid-type]
    display_name: str
    bio: str
    categories: list[enum(CATEGORIES)]  # type: ignore[valid-type]
    tags: list[str]
    verification: enum(VERIFICATION_LEVELS)  # type: ignore[valid-type]


class BrandProfileSummary(Out):
    kind: enum(BRAND_KINDS)  # type: ignore[valid-type]
    company_name: str
    store_url: str | None
    categories: list[enum(CATEGORIES)]  # type: ignore[valid-type]


class MeOut(Out):
    user: UserOut
    profile: KolProfileSummary | BrandProfileSummary | None = Field(
        description="The KOL's or brand's profile; null for admins"
    )
