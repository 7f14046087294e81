from flask import Blueprint

bp = Blueprint("admin", __name__)

import marketplace.admin.dispute_views  # noqa: E402,F401
from marketplace.admin import views  # noqa: E402,F401
