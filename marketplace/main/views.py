from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from marketplace.domain.urls import safe_redirect_path
from marketplace.main import bp


@bp.route("/")
def index():
    return render_template("main/index.html")


@bp.route("/lang/<code>")
def set_language(code: str):
    """Remember the chosen language in the session; unknown codes are ignored."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_redirect_path(request.args.get("next")) or url_for("main.index"))


@bp.route("/dashboard")
@login_required
def dashboard():
    return render_template("main/dashboard.html", user=current_user)
