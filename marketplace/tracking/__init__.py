"""The tracked-link redirect `/r/<code>` at the site root (no session, no CSRF)."""

from flask import Blueprint

bp = Blueprint("tracking", __name__)

from marketplace.tracking import views  # noqa: E402,F401
