"""Request latency by Flask endpoint, method and status class.

Labels come from small fixed sets (endpoint names, not raw paths; seven methods; five
status classes), so a crawler or a fuzzer cannot grow the series without bound.
"""

from __future__ import annotations

from prometheus_client import Histogram

KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
#: The endpoint label of requests no route matched (404s, mostly).
UNMATCHED = "unmatched"

REQUEST_LATENCY = Histogram(
    "kol_http_request_duration_seconds",
    "Time to answer an HTTP request, by endpoint, method and status class.",
    ["endpoint", "method", "status"],
)


def status_class(status: int) -> str:
    return f"{status // 100}xx" if 100 <= status < 600 else "other"


def method_label(method: str) -> str:
    return method if method in KNOWN_METHODS else "other"


def observe_request(endpoint: str | None, method: str, status: int, duration_s: float) -> None:
    REQUEST_LATENCY.labels(
        endpoint=endpoint or UNMATCHED, method=method_label(method), status=status_class(status)
    ).observe(duration_s)
