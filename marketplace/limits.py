"""Rate limits (Flask-Limiter) per client address: sign-up, token creation and the whole API.

The limits are settings (`RATELIMIT_*`), read on each request, and live in one table here.
A Limiter is built per application rather than shared at import time, because
Flask-Limiter keeps its storage and switches on the instance: two apps (tests, scripts)
would otherwise share one store and overwrite each other's settings.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

LIMITER_KEY = "rate_limiter"

#: endpoint -> (shared bucket, setting); endpoints sharing a bucket share one count.
ENDPOINT_LIMITS = {
    "auth.signup": ("signup", "RATELIMIT_SIGNUP"),
    "api.register": ("signup", "RATELIMIT_SIGNUP"),
    "api.token": ("token", "RATELIMIT_TOKEN"),
}
#: A bucket for the API as a whole, on top of the endpoint limits above.
API_BLUEPRINT = "api"


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def _message() -> str:
    return str(_l("Too many requests. Wait a moment and try again."))


def register(app: Flask) -> None:
    limiter = Limiter(key_func=get_remote_address, enabled=app.config["RATELIMIT_ENABLED"])
    limiter.init_app(app)
    app.extensions[LIMITER_KEY] = limiter
    for endpoint, (bucket, setting) in ENDPOINT_LIMITS.items():
        limit = limiter.shared_limit(
            _setting(setting),
            scope=bucket,
            methods=["POST"],
            override_defaults=False,
            error_message=_message,
        )
        app.view_functions[endpoint] = limit(app.view_functions[endpoint])
    limiter.shared_limit(_setting("RATELIMIT_API"), scope="api", error_message=_message)(
        app.blueprints[API_BLUEPRINT]
    )
    # Tracked links are followed by many visitors behind one carrier NAT: never throttled.
    limiter.exempt(app.blueprints["tracking"])


def retry_after_seconds(error: RateLimitExceeded) -> int:
    """Seconds until the breached window resets (at least 1), for the Retry-After header."""
    limiter: Limiter = current_app.extensions[LIMITER_KEY]
    breached = limiter.current_limit
    if breached is None:
        return int(error.limit.limit.get_expiry())
    reset_at, _remaining = breached.window
    return max(1, math.ceil(reset_at - time.time()))
