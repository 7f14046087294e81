from flask import Blueprint

bp = Blueprint("briefs", __name__)

from marketplace.briefs import invitation_views, views  # noqa: E402,F401
