"""Rendering an outbox email in the recipient's language, and handing it to the mail server.

Emails go out by SMTP (smtplib) when `MAIL_SERVER` is set; otherwise, the embedded
default, they are printed on the console (stderr) so a developer sees what would have been
sent.
"""

from __future__ import annotations

import logging
import re
import smtplib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from enum import Enum
from typing import Any, Protocol

from flask import current_app
from flask_babel import force_locale

from marketplace.models import Notification, OutboxMessage, User
from marketplace.services.notifications.texts import notification_text, notification_url

log = logging.getLogger(__name__)

SUBJECT_MAX = 200
_WHITESPACE = re.compile(r"\s+")


def email_locale(user: User) -> str:
    """The recipient's language if the site speaks it, else the default (English)."""
    languages = current_app.config["LANGUAGES"]
    return user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def message_id(message: OutboxMessage) -> str:
    """A Message-ID derived from the outbox row, the same on every attempt.

    If a worker stops after the server accepted an email but before the row was marked
    sent, the next attempt sends it again under the same Message-ID, so the receiving
    side can recognise and drop the duplicate. The creation time keeps ids distinct
    across databases that reuse row ids.
    """
    domain = parseaddr(current_app.config["MAIL_FROM"])[1].rpartition("@")[2] or "localhost"
    return f"<outbox.{message.id}.{message.created_at:%Y%m%d%H%M%S}@{domain}>"


def _one_line(text: str) -> str:
    """Header-safe: user text (a contract title) may hold line breaks."""
    line = _WHITESPACE.sub(" ", text).strip()
    return line if len(line) <= SUBJECT_MAX else line[: SUBJECT_MAX - 1] + "…"


def render_email(message: OutboxMessage, recipient: User, now: datetime) -> EmailMessage:
    """The email for an outbox row: plain text with an HTML alternative, in the
    recipient's language (subject and body rendered under `force_locale`)."""
    payload: dict[str, Any] = message.payload or {}
    notice = Notification(
        kind=message.template,
        contract_id=payload.get("contract_id"),
        payload=payload.get("notice") or {},
    )
    locale = email_locale(recipient)
    base_url = current_app.config["PUBLIC_BASE_URL"]
    env = current_app.jinja_env
    with force_locale(locale):
        sentence = notification_text(notice)
        context = {
            "locale": locale,
            "name": recipient.name,
            "sentence": sentence,
            "url": base_url + notification_url(notice),
            "notifications_url": base_url + "/notifications",
        }
        text = env.get_template("email/notification.txt").render(context)
        html = env.get_template("email/notification.html").render(context)
    email = EmailMessage()
    email["Subject"] = _one_line(sentence)
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = formataddr((_one_line(recipient.name), recipient.email))
    email["Date"] = format_datetime(now.replace(tzinfo=UTC))
    email["Message-ID"] = message_id(message)
    # RFC 3834: machine-sent, so vacation responders stay quiet.
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(text)
    email.add_alternative(html, subtype="html")
    email["Content-Language"] = locale  # after set_content, which drops Content-* headers
    return email


class Failure(Enum):
    """How a failed send is handled."""

    RETRY = "retry"  # this message, temporarily (4xx): try it again later
    REJECTED = "rejected"  # this message, for good (5xx for its recipient): give up
    SERVER = "server"  # the server or our settings: retry later, stop this batch


class SendError(Exception):
    """An email the server did not accept, and what to do about it."""

    def __init__(self, failure: Failure, reason: str) -> None:
        super().__init__(reason)
        self.failure = failure
        self.reason = reason


def classify(error: Exception) -> SendError:
    """Sort an smtplib/socket error into retry-this-message, rejected, or server trouble."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        permanent = bool(codes) and all(500 <= code < 600 for code in codes)
        reason = "; ".join(f"{code} {_decode(text)}" for code, text in error.recipients.values())
        return SendError(Failure.REJECTED if permanent else Failure.RETRY, reason)
    if isinstance(error, smtplib.SMTPDataError):
        permanent = 500 <= error.smtp_code < 600
        reason = f"{error.smtp_code} {_decode(error.smtp_error)}"
        return SendError(Failure.REJECTED if permanent else Failure.RETRY, reason)
    if isinstance(error, smtplib.SMTPResponseException):
        return SendError(Failure.SERVER, f"{error.smtp_code} {_decode(error.smtp_error)}")
    return SendError(Failure.SERVER, f"{type(error).__name__}: {error}")


def _decode(text: bytes | str) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)


class Mailer(Protocol):
    def send(self, email: EmailMessage) -> None:
        """Hand one email over; raises SendError when it was not accepted."""


class ConsoleMailer:
    """The embedded default: print the email instead of sending it.

    On stderr, so the output of commands that run a sweep (`flask jobs sweep` prints its
    report as JSON on stdout) stays machine-readable.
    """

    def send(self, email: EmailMessage) -> None:
        text = email.get_body(("plain",))
        body = text.get_content() if text is not None else ""
        headers = "\n".join(
            f"{name}: {email[name]}"
            for name in ("Message-ID", "From", "To", "Subject", "Content-Language")
        )
        sys.stderr.write(
            f"----- email (console; set MAIL_SERVER to send) -----\n{headers}\n\n{body}\n"
            "----- end of email -----\n"
        )
        sys.stderr.flush()
        log.info("email printed to the console", extra={"message_id": email["Message-ID"]})


class SmtpMailer:
    """One SMTP session reused for a batch; reopened after any error."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        cls = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
        connection = cls(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT_S"]
        )
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            connection.starttls()
        if config["MAIL_USERNAME"]:
            connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        return connection

    def send(self, email: EmailMessage) -> None:
        try:
            if self.connection is None:
                self.connection = self._connect()
            self.connection.send_message(email)
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise classify(error) from error

    def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()


@contextmanager
def open_mailer() -> Iterator[Mailer]:
    """SMTP to `MAIL_SERVER` when it is set, else the console."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        yield ConsoleMailer()
        return
    mailer = SmtpMailer(dict(config))
    try:
        yield mailer
    finally:
        mailer.close()
