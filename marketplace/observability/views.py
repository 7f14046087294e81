"""/healthz, /readyz and /metrics: for load balancers, orchestrators and Prometheus.

No login, no CSRF, no rate limit, no input guard: probes come often, from one address,
and read no parameters. /metrics answers only the addresses in `METRICS_ALLOW` (after
the trusted-proxy fix, so the client's own address counts); others get a plain 404.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST

from marketplace.observability.exposition import is_allowed, parse_networks, render_metrics
from marketplace.observability.readiness import OK, readiness

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    """The process is up and answering; touches nothing else (no database)."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    checks = readiness()
    failed = [name for name, result in checks.items() if result != OK]
    if failed:
        return {"status": "unavailable", "checks": checks, "failed": failed}, 503
    return {"status": "ok", "checks": checks}


@bp.get("/metrics")
def metrics():
    if not is_allowed(request.remote_addr, parse_networks(current_app.config["METRICS_ALLOW"])):
        abort(404)
    return Response(render_metrics(), content_type=CONTENT_TYPE_LATEST)


def register(app: Flask) -> None:
    """Call after the limiter exists (register_security)."""
    from marketplace.extensions import csrf
    from marketplace.limits import LIMITER_KEY

    parse_networks(app.config["METRICS_ALLOW"])  # a typo fails at start-up, not at scrape
    csrf.exempt(bp)
    app.extensions[LIMITER_KEY].exempt(bp)
    app.register_blueprint(bp)
