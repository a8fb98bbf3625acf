"""Signing in and out."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from assess import metrics
from assess.extensions import db, login_manager
from assess.services import people
from assess.services.errors import BadCredentials, RateLimited
from assess.web.i18n import said
from assess.web.policies import policy
from assess.web.security import safe_next

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    username = StringField(
        lazy_gettext("User name"),
        validators=[DataRequired(), Length(max=80)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        lazy_gettext("Password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


@login_manager.user_loader
def load_user(session_id: str):
    """The user behind a session cookie, unless they have signed out since it was issued."""
    return people.user_for_session(db.session, session_id)


@bp.route("/login", methods=["GET", "POST"])
@policy("public")
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            user = people.authenticate(
                db.session,
                form.username.data.strip(),
                form.password.data,
                request.remote_addr or "unknown",
                max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                window=current_app.config["LOGIN_WINDOW"],
            )
        except RateLimited as refusal:
            metrics.sign_in_failed("too-many")
            flash(said(refusal), "error")
            status = 429
            headers["Retry-After"] = str(int(current_app.config["LOGIN_WINDOW"].total_seconds()))
        except BadCredentials as refusal:
            metrics.sign_in_failed("wrong")
            flash(said(refusal), "error")
            status = 401
        else:
            login_user(user)
            return redirect(safe_next(request.args.get("next"), url_for("home.index")))
    elif form.is_submitted():
        status = 400
    return render_template("auth/login.html", form=form), status, headers


@bp.route("/logout", methods=["POST"])
@policy("signed-in")
def logout():
    people.end_sessions(db.session, current_user._get_current_object())
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
