"""The stand-in's HTTP side: parse a request, hand it to `StandIn.handle`, answer or drop.

Dropping (no answer, connection closed) is how the stand-in plays a network failure; the
client (stripe-python over requests) sees a connection error, exactly as on a timeout.
"""

from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

import requests

if TYPE_CHECKING:
    from tests.stripe_support.standin import StandIn


def handler_for(standin: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _serve(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if url.path == "/_standin/webhooks":
                standin.receive_webhook(raw, self.headers.get("Stripe-Signature", ""))
                self._send(200, {"received": True})
                return
            text = raw.decode() if self.command == "POST" else url.query
            form = parse_qsl(text, keep_blank_values=True)
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                reply, replayed = standin.handle(self.command, url.path, form, headers)
            except requests.RequestException as exc:
                reply, replayed = (
                    (502, {"error": {"type": "api_error", "message": str(exc)}}),
                    False,
                )
            if reply is None:
                self.close_connection = True  # drop: the client sees a connection error
                return
            self._send(*reply, replayed=replayed)

        def _send(self, status: int, body: dict[str, Any], replayed: bool = False) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Request-Id", f"req_{time.time_ns()}")
            if replayed:
                self.send_header("Idempotent-Replayed", "true")
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_DELETE = _serve

    return Handler
