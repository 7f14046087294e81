"""Per request: an id, an access log line and a latency observation.

The id is the caller's `X-Request-ID` when it is short and made of safe characters (a
proxy or load balancer in front usually sets one), else a fresh random one. It goes back
in the `X-Request-ID` header, onto every log line of the request, onto error pages and
into the API's error body, so a user quoting it leads support to the right log lines.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

from marketplace.observability.http_metrics import observe_request
from marketplace.observability.logs import ACCESS_LOGGER

HEADER = "X-Request-ID"
PROBES_BLUEPRINT = "ops"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")

access_log = logging.getLogger(ACCESS_LOGGER)


def is_sane_request_id(value: str) -> bool:
    return SANE_REQUEST_ID.fullmatch(value) is not None


def current_request_id() -> str:
    """This request's id, taken on first use (even by a hook that runs before ours)."""
    if "request_id" not in g:
        incoming = request.headers.get(HEADER, "")
        g.request_id = incoming if is_sane_request_id(incoming) else uuid.uuid4().hex
    return g.request_id


def _access_level(status: int) -> int:
    """Probes succeed every few seconds per worker: their lines only at DEBUG."""
    return logging.DEBUG if request.blueprint == PROBES_BLUEPRINT and status < 400 else logging.INFO


def _start() -> None:
    g.request_started = time.perf_counter()
    current_request_id()


def _finish(response: Response) -> Response:
    request_id = current_request_id()
    response.headers[HEADER] = request_id
    started = g.get("request_started")
    duration_s = time.perf_counter() - started if started is not None else 0.0
    endpoint = request.url_rule.endpoint if request.url_rule is not None else None
    observe_request(endpoint, request.method, response.status_code, duration_s)
    access_log.log(
        _access_level(response.status_code),
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={
            "status": response.status_code,
            "duration_ms": round(duration_s * 1000, 2),
            "endpoint": endpoint,
        },
    )
    return response


def register(app: Flask) -> None:
    """Call before any other request hook: the clock starts first and stops last."""
    app.before_request(_start)
    app.after_request(_finish)
    app.add_template_global(current_request_id, "request_id")
