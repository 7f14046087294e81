from urllib.parse import urlparse

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from marketplace.auth import bp
from marketplace.auth.forms import LoginForm, LogoutForm, SignupForm
from marketplace.domain.errors import Throttled, Unauthorized, ValidationFailed
from marketplace.services.accounts import users
from marketplace.web import apply_field_errors


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/"):
        return None
    return target


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = SignupForm()
    if request.method == "GET" and request.args.get("role") in ("brand", "kol"):
        form.role.data = request.args["role"]
    if form.validate_on_submit():
        try:
            user = users.register(
                form.email.data, form.password.data, form.role.data, form.name.data
            )
        except ValidationFailed as error:
            apply_field_errors(form, error)
        else:
            login_user(user)
            flash(_("Welcome! Your account is ready."), "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/signup.html", form=form), 400 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = users.authenticate(
                form.email.data, form.password.data, request.remote_addr or "unknown"
            )
        except Throttled as error:
            form.form_errors.append(error.message)
            status = 429
        except Unauthorized as error:
            form.form_errors.append(error.message)
            status = 401
        else:
            login_user(user, remember=bool(form.remember.data))
            flash(_("You are logged in."), "success")
            return redirect(_safe_next(request.args.get("next")) or url_for("main.dashboard"))
    elif form.errors:
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    form = LogoutForm()
    if form.validate_on_submit():
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("main.index"))
