"""Accounts: users, signed-in browser sessions, API tokens and the login-failure log."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import utcnow

ROLES = ("brand", "kol", "admin")


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        # The few suspended users, so browse can leave their listings out cheaply.
        Index(
            "ix_users_suspended",
            "id",
            postgresql_where=text("is_suspended"),
            sqlite_where=text("is_suspended = 1"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(120))
    locale: Mapped[str | None] = mapped_column(String(8))
    is_suspended: Mapped[bool] = mapped_column(default=False)
    suspended_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")

    # Not a column: the token of the browser session this object was loaded or signed in for.
    signed_in_token = None

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember-me cookie.

        It names one `LoginSession` row, so deleting the row revokes copies of both cookies.
        """
        if self.signed_in_token:
            return f"{self.id}:{self.signed_in_token}"
        return str(self.id)

    @property
    def is_active(self) -> bool:  # Flask-Login: suspended users cannot hold a session
        return not self.is_suspended

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_kol(self) -> bool:
        return self.role == "kol"

    @property
    def is_brand(self) -> bool:
        return self.role == "brand"


class LoginSession(db.Model):
    """One signed-in browser; only the SHA-256 digest of its cookie token is stored."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(80), default="api")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")


class LoginFailure(db.Model):
    """One failed sign-in; recent rows per email or address throttle further attempts."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_email_at", "email", "at"),
        Index("ix_login_failures_ip_at", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
