"""JSON API v1 (see shared/specs/api-v1.md); CSRF-exempt because it takes no cookies."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from marketplace.api import (  # noqa: E402,F401
    accounts,
    admin,
    brands,
    briefs,
    contract_social,
    kols,
    listings,
    listings_search,
    matches,
    openapi,
)
