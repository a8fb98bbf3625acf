"""Administration: regions, countries and accounts, and a secretariat's national team accounts."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import NotFound
from wtforms import PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional

from assess.extensions import db
from assess.models import ROLES, Country, Region, User
from assess.services import access, accounts, people, second_factor
from assess.services.errors import InvalidInput
from assess.services.notifications import mail_is_set_up
from assess.services.questionnaires import questionnaires
from assess.web.form_errors import show_beside_fields
from assess.web.i18n import get_locale, said
from assess.web.policies import declare_policy, policy
from assess.words.people import event_sentence, role_name

bp = Blueprint("admin", __name__, url_prefix="/admin")


@declare_policy("person")
def _person(user: User | None, args: dict[str, Any]) -> dict[str, Any]:
    """`user_id` -> `person`: admins, and the secretariat of a national account's region."""
    person = db.session.get(User, args.pop("user_id"))
    if person is None or not access.can_manage(user, person):
        raise NotFound()
    args["person"] = person
    return args


class ButtonForm(FlaskForm):
    """A button that changes something: carries only the CSRF token."""


class UserForm(FlaskForm):
    username = StringField(lazy_gettext("User name"), validators=[DataRequired(), Length(max=80)])
    full_name = StringField(lazy_gettext("Full name"), validators=[Length(max=200)])
    email = StringField(
        lazy_gettext("E-mail address (an invitation is sent to it when e-mail is set up)"),
        validators=[Length(max=254)],
        render_kw={"type": "email", "autocomplete": "off"},
    )
    # Chosen every time: the first choice is no role, so nobody is made an admin by default.
    role = SelectField(
        lazy_gettext("Role"), validators=[DataRequired(lazy_gettext("Choose the account's role."))]
    )
    place = SelectField(lazy_gettext("Region or country"), validators=[Optional()])
    areas = SelectMultipleField(lazy_gettext("Areas (team members; none means every area)"))


class RegionForm(FlaskForm):
    code = StringField(lazy_gettext("Code"), validators=[DataRequired(), Length(max=16)])
    name = StringField(lazy_gettext("Name"), validators=[DataRequired(), Length(max=200)])


class CountryForm(RegionForm):
    region = SelectField(lazy_gettext("Region"), validators=[DataRequired()])


class PasswordForm(FlaskForm):
    password = PasswordField(
        lazy_gettext("New password (empty: generate one)"), validators=[Length(max=256)]
    )
    again = PasswordField(lazy_gettext("The same password again"), validators=[Length(max=256)])


def _user() -> User:
    return current_user._get_current_object()


def _area_titles() -> dict[str, str]:
    """Every area of the published questionnaires by id, titled in the reader's language (as
    the newest version calls it)."""
    lang = get_locale()
    return {
        area.id: area.title.get(lang)
        for model in questionnaires(db.session).loadable()
        for area in model.areas()
    }


def _area_choices() -> list[tuple[str, str]]:
    """Every area of the published questionnaires, once each, by title."""
    return sorted(_area_titles().items(), key=lambda item: (item[1].casefold(), item[0]))


@bp.context_processor
def _area_words() -> dict[str, Any]:
    # Accounts limited to areas list them by title, never by id.
    titles = _area_titles()
    return {"area_title": lambda area_id: titles.get(area_id, area_id)}


def _user_form(roles: tuple[str, ...], regions: list[Region], countries: list[Country]):
    form = UserForm()
    lang = get_locale()
    form.role.choices = [("", _("Choose a role"))]
    form.role.choices += [(role, role_name(role, lang)) for role in roles]
    form.place.choices = [("", _("none"))]
    form.place.choices += [(f"region:{r.code}", f"{r.name} ({r.code})") for r in regions]
    form.place.choices += [(f"country:{c.code}", f"{c.name} ({c.code})") for c in countries]
    form.areas.choices = _area_choices()
    return form


def _regions() -> list[Region]:
    query = select(Region).options(selectinload(Region.countries)).order_by(Region.code)
    return list(db.session.scalars(query))


def _users(query: Select[tuple[User]]) -> list[User]:
    query = query.order_by(User.username).options(selectinload(User.region))
    return list(db.session.scalars(query))


def _index(user_form=None, region_form=None, country_form=None, status: int = 200):
    regions = _regions()
    countries = [c for r in regions for c in r.countries]
    country_form = country_form or CountryForm(prefix="country")
    country_form.region.choices = [(r.code, f"{r.name} ({r.code})") for r in regions]
    page = render_template(
        "admin/index.html",
        regions=regions,
        users=_users(select(User)),
        user_form=user_form or _user_form(ROLES, regions, countries),
        region_form=region_form or RegionForm(prefix="region"),
        country_form=country_form,
        button=ButtonForm(),
        role_name=_role_word,
    )
    return page, status


@bp.route("/")
@policy("admin")
def index():
    return _index()


def _place(form: UserForm, regions: list[Region]) -> tuple[Region | None, Country | None]:
    kind, _sep, code = (form.place.data or "").partition(":")
    region = next((r for r in regions if kind == "region" and r.code == code), None)
    countries = (c for r in regions for c in r.countries)
    return region, next((c for c in countries if kind == "country" and c.code == code), None)


def _created(form: UserForm, regions: list[Region]):
    """Create the form's account; the page saying the invitation was sent or showing its
    one-time password (no e-mail address, or no e-mail set up), or None if refused."""
    region, country = _place(form, regions)
    inviting = bool(form.email.data and form.email.data.strip()) and mail_is_set_up(db.session)
    password = None if inviting else people.generated_password()
    try:
        person = people.create_user(
            db.session, _user(), form.username.data, form.role.data, password,
            region, country, form.areas.data or (),
            full_name=form.full_name.data or "", email=form.email.data,
        )  # fmt: skip
    except InvalidInput as refusal:
        db.session.rollback()
        show_beside_fields(form, refusal)
        return None
    if inviting:
        accounts.invite(db.session, _user(), person)
    return render_template(
        "admin/password.html",
        person=person,
        password=password,
        invited=inviting,
        days=accounts.INVITATION_LIFETIME.days,
        back=_back(person),
    )


@bp.route("/users", methods=["POST"])
@policy("admin")
def create_user():
    regions = _regions()
    form = _user_form(ROLES, regions, [c for r in regions for c in r.countries])
    shown = _created(form, regions) if form.validate_on_submit() else None
    return shown or _index(user_form=form, status=400)


@bp.route("/regions", methods=["POST"])
@policy("admin")
def create_region():
    form = RegionForm(prefix="region")
    if not form.validate_on_submit():
        return _index(region_form=form, status=400)
    try:
        people.create_region(db.session, _user(), form.code.data, form.name.data)
    except InvalidInput as refusal:
        db.session.rollback()
        show_beside_fields(form, refusal)
        return _index(region_form=form, status=400)
    flash(_("Region %(code)s created.", code=form.code.data), "success")
    return redirect(url_for(".index"), code=303)


@bp.route("/countries", methods=["POST"])
@policy("admin")
def create_country():
    form = CountryForm(prefix="country")
    form.region.choices = [(r.code, r.code) for r in _regions()]
    if not form.validate_on_submit():
        return _index(country_form=form, status=400)
    region = db.session.scalar(select(Region).where(Region.code == form.region.data))
    try:
        people.create_country(db.session, _user(), form.code.data, form.name.data, region)
    except InvalidInput as refusal:
        db.session.rollback()
        show_beside_fields(form, refusal)
        return _index(country_form=form, status=400)
    flash(_("Country %(code)s created.", code=form.code.data), "success")
    return redirect(url_for(".index"), code=303)


def _back(person: User) -> str:
    """Where the account's manager lists it: the admin page, or the secretariat's region page."""
    if access.can_administer(_user()):
        return url_for(".index")
    return url_for(".region_people", region_code=person.country.region.code)


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@policy("person")
def deactivate(person):
    return _set_active(person, False)


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@policy("person")
def reactivate(person):
    return _set_active(person, True)


def _set_active(person: User, active: bool):
    if not ButtonForm().validate_on_submit():
        return render_template("errors/refused.html", status=400, message=None), 400
    try:
        people.set_active(db.session, _user(), person, active)
    except InvalidInput as refusal:
        flash(said(refusal), "error")
    else:
        done = _("%(name)s reactivated.") if active else _("%(name)s deactivated.")
        flash(done % {"name": person.username}, "success")
    return redirect(_back(person), code=303)


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
@policy("person")
def password(person):
    if not access.can_administer(_user()):
        return render_template("errors/refused.html", status=403, message=None), 403
    form = PasswordForm()
    if not form.validate_on_submit():
        return render_template("admin/reset.html", person=person, form=form)
    typed = form.password.data or ""
    try:
        if typed or form.again.data:
            people.check_password(typed, form.again.data or "")
        new = typed or people.generated_password()
        people.reset_password(db.session, _user(), person, new)
    except InvalidInput as refusal:
        show_beside_fields(form, refusal)
        return render_template("admin/reset.html", person=person, form=form), 400
    shown = None if typed else new
    return render_template("admin/password.html", person=person, password=shown, back=_back(person))


@bp.route("/users/<int:user_id>/second-factor/reset", methods=["POST"])
@policy("person")
def reset_second_factor(person):
    if not ButtonForm().validate_on_submit():
        return render_template("errors/refused.html", status=400, message=None), 400
    second_factor.reset(db.session, _user(), person)
    flash(_("The second factor of %(name)s is reset.", name=person.username), "success")
    return redirect(_back(person), code=303)


@bp.route("/events")
@policy("admin")
def events():
    lang = get_locale()
    titles = _area_titles()
    said_events = [
        (
            event,
            event_sentence(event.action, _who(event.user), event.new or event.old, lang, titles),
        )
        for event in people.people_events(db.session)
    ]
    return render_template("admin/events.html", events=said_events)


def _role_word(role: str) -> str:
    return role_name(role, get_locale())


def _who(person: User | None) -> str | None:
    if person is None:
        return None
    return f"{person.full_name} ({person.username})" if person.full_name else person.username


def _region_page(region: Region, form: UserForm, status: int = 200):
    managed = _users(access.managed_accounts(region))
    page = render_template(
        "admin/region.html",
        region=region,
        users=managed,
        user_form=form,
        button=ButtonForm(),
        role_name=_role_word,
    )
    return page, status


@bp.route("/regions/<region_code>/people", methods=["GET", "POST"])
@policy("region")
def region_people(region):
    form = _user_form(access.NATIONAL_ROLES, [], list(region.countries))
    if not form.is_submitted():
        return _region_page(region, form)
    shown = _created(form, [region]) if form.validate() else None
    return shown or _region_page(region, form, 400)
