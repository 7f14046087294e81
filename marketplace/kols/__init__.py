from flask import Blueprint

bp = Blueprint("kols", __name__)

from marketplace.kols import listing_views, views  # noqa: E402,F401
