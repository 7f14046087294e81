from flask import Blueprint

bp = Blueprint("briefs", __name__)

from marketplace.briefs import views  # noqa: E402,F401
