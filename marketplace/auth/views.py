from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm

from marketplace.auth import bp
from marketplace.auth.forms import ChangePasswordForm, LoginForm, LogoutForm, SignupForm
from marketplace.domain.errors import Throttled, Unauthorized, ValidationFailed
from marketplace.domain.urls import safe_redirect_path
from marketplace.services.accounts import sessions
from marketplace.web import apply_field_errors


def _client_address() -> str:
    return request.remote_addr or "unknown"


def _form_page(template: str, form: FlaskForm, error: Exception | None = None):
    """The form again: 429 with Retry-After when throttled, 401 on bad credentials,
    400 with field errors, else 200."""
    if isinstance(error, Throttled | Unauthorized):
        form.form_errors.append(error.message)
    page = render_template(template, form=form)
    if isinstance(error, Throttled):
        return page, error.status, {"Retry-After": str(error.retry_after_s)}
    if isinstance(error, Unauthorized):
        return page, error.status
    return page, 400 if form.errors else 200


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = SignupForm()
    if request.method == "GET" and request.args.get("role") in ("brand", "kol"):
        form.role.data = request.args["role"]
    if form.validate_on_submit():
        try:
            user = sessions.sign_up(
                form.email.data,
                form.password.data,
                form.role.data,
                form.name.data,
                _client_address(),
            )
        except Throttled as error:
            return _form_page("auth/signup.html", form, error)
        except ValidationFailed as error:
            apply_field_errors(form, error)
        else:
            login_user(user)
            flash(_("Welcome! Your account is ready."), "success")
            return redirect(url_for("main.dashboard"))
    return _form_page("auth/signup.html", form)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = sessions.sign_in(form.email.data, form.password.data, _client_address())
        except (Throttled, Unauthorized) as error:
            return _form_page("auth/login.html", form, error)
        login_user(user, remember=bool(form.remember.data))
        flash(_("You are logged in."), "success")
        target = safe_redirect_path(request.args.get("next"))
        return redirect(target or url_for("main.dashboard"))
    return _form_page("auth/login.html", form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    form = LogoutForm()
    if form.validate_on_submit():
        sessions.sign_out(current_user._get_current_object())
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/logout-everywhere", methods=["POST"])
@login_required
def logout_everywhere():
    form = LogoutForm()
    if form.validate_on_submit():
        sessions.sign_out_everywhere(current_user._get_current_object())
        logout_user()
        flash(_("You are logged out on every device."), "info")
        return redirect(url_for("auth.login"))
    return redirect(url_for("auth.account"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Account security: change the password, log out every device."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            user = sessions.change_password(
                current_user._get_current_object(),
                form.current_password.data,
                form.new_password.data,
                form.repeat_password.data,
                _client_address(),
            )
        except Throttled as error:
            return _form_page("auth/account.html", form, error)
        except ValidationFailed as error:
            apply_field_errors(form, error)
        else:
            # The session (and the remember-me cookie, if this browser had one) must name
            # the new session row for this browser to stay signed in.
            remembered = current_app.config["REMEMBER_COOKIE_NAME"] in request.cookies
            login_user(user, remember=remembered)
            flash(_("Your password is changed. Other devices are logged out."), "success")
            return redirect(url_for("auth.account"))
    return _form_page("auth/account.html", form)
