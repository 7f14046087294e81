from flask import Blueprint

bp = Blueprint("contracts", __name__)

from marketplace.contracts import offer_views, social_views, views, work_views  # noqa: E402,F401
