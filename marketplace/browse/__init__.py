from flask import Blueprint

bp = Blueprint("browse", __name__)

from marketplace.browse import actions, views  # noqa: E402,F401
