"""Signed postbacks: a brand's store reports sales server-to-server with an HMAC signature.

Headers (documented in README "Sales and commission" and the OpenAPI description):
- `X-Kol-Brand`: the brand's id;
- `X-Kol-Timestamp`: Unix seconds when the request was signed;
- `X-Kol-Signature`: `sha256=` + hex HMAC-SHA256(secret, f"{timestamp}.{raw body}").

A timestamp further than POSTBACK_TOLERANCE_S from now, an unknown brand or a signature
that no live secret of the brand makes is 401; a signature already accepted is a replay
(409). Rotating a secret keeps the old one working for ROTATION_GRACE so the store can
switch without losing sales, then it is revoked.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from marketplace.domain.errors import Conflict, Unauthorized
from marketplace.domain.numbers import NotAnInteger, is_storable_id, parse_int
from marketplace.extensions import db
from marketplace.models import ConversionSecret, SignedRequest, User
from marketplace.models.base import utcnow
from marketplace.services.batch_delete import DEFAULT_BATCH, delete_batch
from marketplace.services.unit_of_work import use_case

BRAND_HEADER = "X-Kol-Brand"
TIMESTAMP_HEADER = "X-Kol-Timestamp"
SIGNATURE_HEADER = "X-Kol-Signature"
SIGNATURE_PREFIX = "sha256="
ROTATION_GRACE = timedelta(hours=24)
MAX_NUMBER_LENGTH = 20
REPLAY_CONFLICT = _l("This signed request was already received (a replay).")


@dataclass(frozen=True)
class SignedHeaders:
    brand: str | None
    timestamp: str | None
    signature: str | None

    @property
    def present(self) -> bool:
        return self.signature is not None


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The X-Kol-Signature value for a body sent at `timestamp` (what a store computes)."""
    message = str(timestamp).encode() + b"." + body
    return SIGNATURE_PREFIX + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _refused() -> Unauthorized:
    return Unauthorized(str(_l("The request signature is not valid.")))


def live_secrets(brand_id: int) -> list[ConversionSecret]:
    """The brand's secrets that still sign: not revoked, or within a rotation's grace."""
    return list(
        db.session.scalars(
            select(ConversionSecret)
            .where(
                ConversionSecret.brand_id == brand_id,
                or_(ConversionSecret.revoked_at.is_(None), ConversionSecret.revoked_at > utcnow()),
            )
            .order_by(ConversionSecret.id.desc())
        )
    )


def _number(text: str | None) -> int:
    """A header's whole number; anything else (or absurdly long) refuses the request."""
    if not text or len(text) > MAX_NUMBER_LENGTH:
        raise _refused()
    try:
        return parse_int(text)
    except NotAnInteger:
        raise _refused() from None


def _brand(text: str | None) -> User:
    brand_id = _number(text)
    brand = db.session.get(User, brand_id) if is_storable_id(brand_id) else None
    if brand is None or brand.role != "brand" or brand.is_suspended:
        raise _refused()
    return brand


def tolerance_s() -> int:
    """How far a signed request's timestamp may be from now, in seconds."""
    return int(current_app.config["POSTBACK_TOLERANCE_S"])


def _fresh(text: str | None) -> None:
    sent = _number(text)
    now = utcnow().replace(tzinfo=UTC).timestamp()
    if abs(now - sent) > tolerance_s():
        raise Unauthorized(str(_l("The request timestamp is too old or in the future.")))


def verify(headers: SignedHeaders, body: bytes) -> User:
    """The brand that signed this request, after recording its signature against replays.

    Call inside the unit of work of the booking: a refused booking rolls the record back,
    so the store may retry; a second use of the signature trips the unique key (409).
    """
    brand = _brand(headers.brand)
    _fresh(headers.timestamp)
    given = headers.signature or ""
    if not given.isascii() or not any(
        hmac.compare_digest(sign(s.secret, headers.timestamp or "", body), given)
        for s in live_secrets(brand.id)
    ):
        raise _refused()
    digest = given.removeprefix(SIGNATURE_PREFIX)
    seen = db.session.scalar(select(SignedRequest.id).where(SignedRequest.signature == digest))
    if seen is not None:
        raise Conflict(str(REPLAY_CONFLICT))
    db.session.add(SignedRequest(signature=digest, at=utcnow()))
    db.session.flush()
    return brand


@use_case
def rotate_secret(brand: User) -> ConversionSecret:
    """A new secret for the brand; older ones keep signing for ROTATION_GRACE."""
    grace_ends = utcnow() + ROTATION_GRACE
    for old in live_secrets(brand.id):
        if old.revoked_at is None:
            old.revoked_at = grace_ends
    secret = ConversionSecret(brand_id=brand.id, secret=secrets.token_hex(32), created_at=utcnow())
    db.session.add(secret)
    db.session.flush()
    return secret


def current_secret(brand: User) -> ConversionSecret | None:
    """The newest secret that is not being rotated out."""
    return next((s for s in live_secrets(brand.id) if s.revoked_at is None), None)


def masked(secret: ConversionSecret) -> str:
    return "•" * 12 + secret.secret[-4:]


@use_case
def prune_signed_requests(now: datetime, limit: int = DEFAULT_BATCH) -> int:
    """Forget signatures that can no longer be replayed: a request is refused as stale
    once its timestamp is more than the tolerance away, so a record older than twice the
    tolerance guards nothing. Deletes at most `limit`; returns how many."""
    cutoff = now - timedelta(seconds=2 * tolerance_s())
    return delete_batch(SignedRequest, SignedRequest.at < cutoff, limit=limit)
