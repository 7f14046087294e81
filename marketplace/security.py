"""Trusted proxies and the security headers every response carries.

One small `after_request` rather than Flask-Talisman: we need five fixed headers, and
Talisman would also redirect to HTTPS and rewrite cookie settings that config.py owns.
The Content-Security-Policy allows only the app's own origin (Bootstrap is served from
the Bootstrap-Flask package, never a CDN) and no inline script or style: templates use
classes from static/css and behaviour from static/js. Bootstrap's CSS draws a few icons
with `data:` SVG images, hence `img-src data:`.

Stripe's hosts are allowed only on the one page that asks for them (`allow_stripe()`,
the Stripe payment page), and only while the Stripe provider is on: Stripe.js from
`STRIPE_JS_URL`, its Payment Element frames, its API for the browser. The sandbox, and
every other page, stays on the app's own origin.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g
from werkzeug.middleware.proxy_fix import ProxyFix


def _policy(script: str = "", frame: str = "", connect: str = "", img: str = "") -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self'{script}",
            "style-src 'self'",
            f"img-src 'self' data:{img}",
            "font-src 'self'",
            f"connect-src 'self'{connect}",
            *([f"frame-src{frame}"] if frame else []),
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


CONTENT_SECURITY_POLICY = _policy()
# Stripe's documented hosts for Stripe.js and the Payment Element.
STRIPE_JS_HOSTS = ("https://js.stripe.com", "https://*.js.stripe.com")
STRIPE_FRAME_HOSTS = (*STRIPE_JS_HOSTS, "https://hooks.stripe.com")
STRIPE_API_HOSTS = ("https://api.stripe.com",)


def allow_stripe() -> None:
    """Let this response load Stripe.js and its frames (the Stripe payment page only)."""
    g.allow_stripe = True


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def stripe_policy() -> str:
    """The policy with Stripe's hosts (and the origin of STRIPE_JS_URL, when it is elsewhere)."""
    script = list(STRIPE_JS_HOSTS)
    origin = _origin(current_app.config.get("STRIPE_JS_URL", ""))
    if origin and origin not in script:
        script.append(origin)
    return _policy(
        script="".join(f" {host}" for host in script),
        frame="".join(f" {host}" for host in STRIPE_FRAME_HOSTS),
        connect="".join(f" {host}" for host in STRIPE_API_HOSTS),
        img=" https://*.stripe.com",
    )


def _content_security_policy() -> str:
    stripe_on = current_app.config.get("PAYMENTS_PROVIDER") == "stripe"
    return stripe_policy() if stripe_on and g.get("allow_stripe") else CONTENT_SECURITY_POLICY


HSTS = "max-age=31536000; includeSubDomains"


def trust_proxies(app: Flask) -> None:
    """Behind `TRUSTED_PROXIES` proxies, take the client's address and scheme from them.

    With 0 (the default) X-Forwarded-* headers are ignored: anyone could send them.
    """
    hops = app.config["TRUSTED_PROXIES"]
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def register(app: Flask) -> None:
    production = app.config["APP_ENV"] == "production"

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", _content_security_policy())
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if production:
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response
