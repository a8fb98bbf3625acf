"""Signing in and out."""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from assess import metrics
from assess.extensions import db, login_manager
from assess.models import User
from assess.services import people, second_factor
from assess.services.errors import BadCredentials, InvalidInput, RateLimited
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


class CodeForm(FlaskForm):
    code = StringField(
        lazy_gettext("Code from your authenticator app"),
        validators=[DataRequired(), Length(max=12)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


# The person who typed the right password and still owes a code: "user id:generation:time".
PENDING = "totp_pending"


def limits() -> dict:
    """The sign-in limits (per name and address, per address), for passwords and codes alike."""
    config = current_app.config
    return {
        "max_failures": config["LOGIN_MAX_FAILURES"],
        "window": config["LOGIN_WINDOW"],
        "max_address_failures": config["ASSESS_LOGIN_ADDRESS_FAILURES"],
    }


def client_address() -> str:
    """The client's address: the connection's, or behind ASSESS_TRUSTED_PROXIES the proxies'."""
    return request.remote_addr or "unknown"


def _refused(refusal: RateLimited | BadCredentials) -> tuple[int, dict[str, str]]:
    """A refused password or code: said to the reader, counted in the metrics."""
    flash(said(refusal), "error")
    if isinstance(refusal, RateLimited):
        metrics.sign_in_failed("too-many")
        return 429, {"Retry-After": str(int(current_app.config["LOGIN_WINDOW"].total_seconds()))}
    metrics.sign_in_failed("wrong")
    return 401, {}


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
                client_address(),
                **limits(),
            )
        except (RateLimited, BadCredentials) as refusal:
            status, headers = _refused(refusal)
        else:
            target = safe_next(request.args.get("next"), url_for("home.index"))
            if user.totp_enabled:
                session[PENDING] = f"{user.id}:{user.session_generation}:{int(time.time())}"
                return redirect(url_for(".code", next=target))
            login_user(user)
            return redirect(target)
    elif form.is_submitted():
        status = 400
    return render_template("auth/login.html", form=form), status, headers


def _pending_user() -> User | None:
    """Who typed the right password within PENDING_FOR and still owes a code, if anyone."""
    user_id, _sep, rest = str(session.get(PENDING, "")).partition(":")
    generation, _sep, at = rest.partition(":")
    if not (user_id.isdigit() and generation.isdigit() and at.isdigit()):
        return None
    if time.time() - int(at) > second_factor.PENDING_FOR.total_seconds():
        return None
    user = people.user_for_session(db.session, f"{user_id}:{generation}")
    return user if user is not None and user.totp_enabled else None


@bp.route("/login/code", methods=["GET", "POST"])
@policy("public")
def code():
    """The second step of signing in, for people with a second factor."""
    user = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        return redirect(url_for(".login"))
    form = CodeForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            second_factor.sign_in(db.session, user, form.code.data, client_address(), **limits())
        except (RateLimited, BadCredentials) as refusal:
            status, headers = _refused(refusal)
        except InvalidInput as refusal:
            flash(said(refusal), "error")
            status = 400
        else:
            session.pop(PENDING, None)
            login_user(user)
            return redirect(safe_next(request.args.get("next"), url_for("home.index")))
    elif form.is_submitted():
        status = 400
    return render_template("auth/code.html", form=form), status, headers


@bp.route("/logout", methods=["POST"])
@policy("signed-in")
def logout():
    people.end_sessions(db.session, current_user._get_current_object())
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
