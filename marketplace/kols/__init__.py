from flask import Blueprint

bp = Blueprint("kols", __name__)

from marketplace.kols import listing_views, portfolio_views, views  # noqa: E402,F401
