from flask import Blueprint

bp = Blueprint("brands", __name__)

from marketplace.brands import match_views, sales_views, shortlist_views, views  # noqa: E402,F401
