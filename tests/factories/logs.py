"""Rows of the append-only logs the sweep prunes: sign-in failures and sessions, postback
signatures, match index changes and the snapshots that decide which changes are needed."""

from __future__ import annotations

import hashlib

import factory

from marketplace.models import (
    LoginFailure,
    LoginSession,
    MatchIndexChange,
    MatchIndexSnapshot,
    SignedRequest,
)
from marketplace.models.base import utcnow
from tests.factories.base import SessionFactory
from tests.factories.users import BrandFactory


class LoginFailureFactory(SessionFactory):
    class Meta:
        model = LoginFailure

    email = "someone@example.test"
    ip = "203.0.113.7"
    at = factory.LazyFunction(utcnow)


class LoginSessionFactory(SessionFactory):
    """A signed-in browser; `token` is what its cookie carries (only the digest is kept)."""

    class Meta:
        model = LoginSession
        exclude = ("token", "user")

    token = factory.Sequence(lambda n: f"session-token-{n}")
    user = factory.SubFactory(BrandFactory)
    user_id = factory.SelfAttribute("user.id")
    token_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.token.encode()).hexdigest())
    created_at = factory.LazyFunction(utcnow)


class SignedRequestFactory(SessionFactory):
    class Meta:
        model = SignedRequest

    signature = factory.Sequence(lambda n: hashlib.sha256(f"postback-{n}".encode()).hexdigest())
    at = factory.LazyFunction(utcnow)


class MatchIndexChangeFactory(SessionFactory):
    class Meta:
        model = MatchIndexChange

    kol_id = factory.Sequence(lambda n: n + 1)
    at = factory.LazyFunction(utcnow)


class MatchIndexSnapshotFactory(SessionFactory):
    class Meta:
        model = MatchIndexSnapshot

    host = "web-1"
    path = "/srv/match_index/current"
    change_id = 0
    created_at = factory.LazyFunction(utcnow)
