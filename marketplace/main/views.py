from flask import (
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_login import current_user, login_required

from marketplace.domain.urls import safe_redirect_path
from marketplace.main import bp


@bp.route("/")
def index():
    return render_template("main/index.html")


@bp.route("/favicon.ico")
def favicon():
    """Browsers and bookmarks ask for /favicon.ico whatever the page's <link rel=icon> says."""
    return send_from_directory(
        current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=86400
    )


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
