"""Trusted proxies and the security headers every response carries.

One small `after_request` rather than Flask-Talisman: we need five fixed headers, and
Talisman would also redirect to HTTPS and rewrite cookie settings that config.py owns.
The Content-Security-Policy allows only the app's own origin (Bootstrap is served from
the Bootstrap-Flask package, never a CDN) and no inline script or style: templates use
classes from static/css and behaviour from static/js. Bootstrap's CSS draws a few icons
with `data:` SVG images, hence `img-src data:`.
"""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
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
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if production:
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response
