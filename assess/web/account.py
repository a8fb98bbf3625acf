"""One's own account (name, e-mail, language, notifications, password, API tokens) and
invitation links."""

from __future__ import annotations

import segno
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext, ngettext
from flask_login import current_user, login_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from assess.extensions import db
from assess.models import utcnow
from assess.services import accounts, second_factor, tokens
from assess.services.errors import BadCredentials, InvalidInput, NotFound, RateLimited
from assess.services.notifications import mail_is_set_up
from assess.web.auth import client_address, limits
from assess.web.i18n import LANGUAGES, get_locale, said
from assess.web.policies import policy
from assess.words.notices import KINDS, kind_name

bp = Blueprint("account", __name__)


class ProfileForm(FlaskForm):
    full_name = StringField(lazy_gettext("Full name"), validators=[Length(max=200)])
    email = StringField(
        lazy_gettext("E-mail address"),
        validators=[Length(max=254)],
        render_kw={"type": "email", "autocomplete": "email"},
    )
    language = SelectField(lazy_gettext("Language of the e-mail you receive"))
    notifications = SelectMultipleField(
        lazy_gettext("E-mail me when"),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class OwnPasswordForm(FlaskForm):
    current = PasswordField(
        lazy_gettext("Current password"),
        validators=[DataRequired(), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
    password = PasswordField(
        lazy_gettext("New password (at least 12 characters)"),
        validators=[DataRequired(), Length(max=256)],
        render_kw={"autocomplete": "new-password"},
    )
    again = PasswordField(
        lazy_gettext("The same password again"),
        validators=[DataRequired(), Length(max=256)],
        render_kw={"autocomplete": "new-password"},
    )


class TokenForm(FlaskForm):
    name = StringField(
        lazy_gettext("What the token is for"),
        validators=[DataRequired(), Length(max=tokens.NAME_LENGTH)],
    )
    days = SelectField(lazy_gettext("Works for"), coerce=int)


class ButtonForm(FlaskForm):
    """A button that changes something: carries only the CSRF token."""


class TotpCodeForm(FlaskForm):
    code = StringField(
        lazy_gettext("Code from your authenticator app"),
        validators=[DataRequired(), Length(max=12)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class InvitationForm(FlaskForm):
    password = OwnPasswordForm.password
    again = OwnPasswordForm.again


def _user():
    return current_user._get_current_object()


def _profile_form(person=None) -> ProfileForm:
    form = ProfileForm(obj=person, prefix="profile")
    lang = get_locale()
    form.language.choices = list(LANGUAGES.items())
    form.notifications.choices = [(kind, kind_name(kind, lang)) for kind in KINDS]
    if person is not None and not form.is_submitted():
        off = person.notifications_off or []
        form.notifications.data = [kind for kind in KINDS if kind not in off]
    return form


def _token_form() -> TokenForm:
    form = TokenForm(prefix="token")
    form.days.choices = [
        (days, ngettext("%(num)s day", "%(num)s days", days)) for days in tokens.LIFETIMES
    ]
    return form


def _page(profile=None, password=None, status: int = 200, token=None, secret=None):
    person = _user()
    page = render_template(
        "account/index.html",
        person=person,
        profile=profile or _profile_form(person),
        password=password or OwnPasswordForm(prefix="password"),
        mail=mail_is_set_up(db.session),
        token_form=token or _token_form(),
        tokens=tokens.owned(db.session, person),
        now=utcnow(),
        secret=secret,
        button=ButtonForm(),
    )
    return page, status


@bp.get("/account")
@policy("signed-in")
def index():
    return _page()


@bp.post("/account")
@policy("signed-in")
def update():
    form = _profile_form()
    if not form.validate_on_submit():
        return _page(profile=form, status=400)
    try:
        accounts.update_profile(
            db.session, _user(), form.full_name.data, form.email.data, form.language.data,
            form.notifications.data or (), LANGUAGES,
        )  # fmt: skip
    except InvalidInput as refusal:
        db.session.rollback()
        flash(said(refusal), "error")
        return _page(profile=form, status=400)
    flash(_("Your account is saved."), "success")
    return redirect(url_for(".index"), code=303)


@bp.post("/account/password")
@policy("signed-in")
def change_password():
    form = OwnPasswordForm(prefix="password")
    if not form.validate_on_submit():
        return _page(password=form, status=400)
    person = _user()
    try:
        accounts.change_own_password(
            db.session, person, form.current.data, form.password.data, form.again.data
        )
    except InvalidInput as refusal:
        db.session.rollback()
        flash(said(refusal), "error")
        return _page(password=form, status=400)
    login_user(person)  # this session goes on; every other one has ended
    flash(_("Your password is changed. Your other sessions are signed out."), "success")
    return redirect(url_for(".index"), code=303)


@bp.post("/account/tokens")
@policy("signed-in")
def create_token():
    form = _token_form()
    if not form.validate_on_submit():
        return _page(token=form, status=400)
    try:
        _token, secret = tokens.create(db.session, _user(), form.name.data, form.days.data)
    except InvalidInput as refusal:
        db.session.rollback()
        flash(said(refusal), "error")
        return _page(token=form, status=400)
    # Shown on this page once, never stored: no redirect carries it.
    return _page(secret=secret)


@bp.post("/account/tokens/<int:token_id>/revoke")
@policy("signed-in")
def revoke_token(token_id: int):
    if not ButtonForm().validate_on_submit():
        return _page(status=400)
    tokens.revoke(db.session, _user(), token_id)
    flash(_("The token no longer works."), "success")
    return redirect(url_for(".index", _anchor="tokens"), code=303)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@policy("public")
def invitation(token: str):
    try:
        person = accounts.invited(db.session, token)
    except NotFound as refusal:
        return render_template("errors/refused.html", status=404, message=said(refusal)), 404
    form = InvitationForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("account/invitation.html", person=person, form=form), status
    try:
        accounts.accept_invitation(db.session, token, form.password.data, form.again.data)
    except InvalidInput as refusal:
        db.session.rollback()
        flash(said(refusal), "error")
        return render_template("account/invitation.html", person=person, form=form), 400
    flash(_("Your password is set: sign in with it."), "success")
    return redirect(url_for("auth.login"), code=303)


# ------------------------------------------------------------------ the second factor

# What a person whose role must have a second factor may still open before enrolling.
BEFORE_ENROLMENT = frozenset(
    {
        "account.second_factor",
        "account.start_second_factor",
        "account.confirm_second_factor",
        "auth.logout",
        "auth.login",
        "i18n.switch_language",
        "static",
    }
)


@bp.before_app_request
def _second_factor_first():
    """Where ASSESS_REQUIRE_TOTP names a signed-in person's role and they have no second factor
    yet, every page sends them to enrol first (the API, which signs in by token, is not a page)."""
    if request.endpoint in BEFORE_ENROLMENT or request.blueprint == "api":
        return None
    if not current_user.is_authenticated:
        return None
    if second_factor.required(_user(), current_app.config.get("ASSESS_REQUIRE_TOTP")):
        return redirect(url_for("account.second_factor"))
    return None


def _qr_code(uri: str) -> str:
    """The otpauth address as a QR code, an SVG in a data: address (the page's CSP allows those
    for images, and nothing else leaves the page)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, dark="#000", light="#fff")


def _second_factor_page(status: int = 200, secret: str | None = None, form=None):
    person = _user()
    shown = None
    if secret is not None:
        uri = second_factor.provisioning_uri(person, secret)
        shown = {"secret": secret, "uri": uri, "qr": _qr_code(uri)}
    page = render_template(
        "account/second_factor.html",
        person=person,
        shown=shown,
        form=form or TotpCodeForm(),
        button=ButtonForm(),
        required=second_factor.required(person, current_app.config.get("ASSESS_REQUIRE_TOTP")),
    )
    return page, status


@bp.get("/account/second-factor", endpoint="second_factor")
@policy("signed-in")
def second_factor_view():
    return _second_factor_page()


@bp.post("/account/second-factor/start")
@policy("signed-in")
def start_second_factor():
    if not ButtonForm().validate_on_submit():
        return _second_factor_page(status=400)
    if _user().totp_enabled:
        flash(_("Your second factor is already on: turn it off first to change it."), "error")
        return _second_factor_page(status=409)
    secret = second_factor.start(db.session, _user())
    # Shown on this page once, never stored in a page again: no redirect carries it.
    return _second_factor_page(secret=secret)


def _code_refused(refusal, form):
    db.session.rollback()
    flash(said(refusal), "error")
    status = {RateLimited: 429, BadCredentials: 401}.get(type(refusal), 400)
    return _second_factor_page(status=status, form=form)


@bp.post("/account/second-factor/confirm")
@policy("signed-in")
def confirm_second_factor():
    form = TotpCodeForm()
    if not form.validate_on_submit():
        return _second_factor_page(status=400, form=form)
    try:
        second_factor.confirm(db.session, _user(), form.code.data, client_address(), **limits())
    except (RateLimited, BadCredentials, InvalidInput) as refusal:
        return _code_refused(refusal, form)
    flash(_("Your second factor is on: signing in now asks for a code."), "success")
    return redirect(url_for(".index"), code=303)


@bp.post("/account/second-factor/disable")
@policy("signed-in")
def disable_second_factor():
    form = TotpCodeForm()
    if not form.validate_on_submit():
        return _second_factor_page(status=400, form=form)
    try:
        second_factor.disable(db.session, _user(), form.code.data, client_address(), **limits())
    except (RateLimited, BadCredentials, InvalidInput) as refusal:
        return _code_refused(refusal, form)
    flash(_("Your second factor is off: signing in asks for your password only."), "success")
    return redirect(url_for(".index"), code=303)
