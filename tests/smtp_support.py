"""A real SMTP server for the tests: aiosmtpd on a free local port, recording what it accepts.

It can answer `451` (try again later) to the next N messages, or `550` (no such user)
to chosen recipients, to exercise the outbox's retries and give-ups.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any, cast

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


@dataclass
class Received:
    """One email the server accepted: its envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class RecordingHandler:
    """aiosmtpd handler; the server runs it on its own thread, hence the lock."""

    received: list[Received] = field(default_factory=list)
    temporary_failures: int = 0  # answer 451 to this many more DATA commands
    refused: int = 0  # how many DATA commands got the 451
    unknown_recipients: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address in self.unknown_recipients:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            if self.temporary_failures > 0:
                self.temporary_failures -= 1
                self.refused += 1
                return "451 4.3.0 Mailbox busy, try again later"
            message = cast(EmailMessage, message_from_bytes(envelope.content, policy=default))
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 2.0.0 Message accepted for delivery"


@dataclass
class MailServer:
    host: str
    port: int
    handler: RecordingHandler

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)

    def messages_to(self, address: str) -> list[EmailMessage]:
        return [item.message for item in self.received if address in item.rcpt_tos]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_mail_server() -> Iterator[MailServer]:
    handler = RecordingHandler()
    port = _free_port()
    controller = Controller(handler, hostname=HOST, port=port, server_hostname="localhost")
    controller.start()
    try:
        yield MailServer(HOST, port, handler)
    finally:
        controller.stop()
