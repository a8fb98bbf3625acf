"""The national team page (its ministries and agencies, their members and areas) and each
ministry marking its part of an assessment done."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

from assess.extensions import db
from assess.forms.fields import CheckboxListField
from assess.models import Assessment, Country, Ministry
from assess.services import access
from assess.services import ministries as teams
from assess.services.errors import InvalidInput, InvalidTransition, NotAllowed
from assess.services.questionnaires import questionnaire_of
from assess.services.text_input import parse_id
from assess.web.form_errors import show_beside_fields
from assess.web.i18n import get_locale, said
from assess.web.policies import policy
from assess.web.review import FILL_ENDPOINT, ActionForm
from assess.words.texts import shown

bp = Blueprint("ministries", __name__)


class MinistryForm(FlaskForm):
    name = StringField(lazy_gettext("Name"), validators=[Length(max=teams.MAX_NAME)])
    short_name = StringField(
        lazy_gettext("Short name (optional)"), validators=[Length(max=teams.MAX_SHORT_NAME)]
    )
    areas = CheckboxListField(lazy_gettext("Areas it answers"), validate_choice=False)
    members = CheckboxListField(lazy_gettext("Members"), validate_choice=False)


def _user():
    return current_user._get_current_object()


def _form(country: Country, ministry: Ministry | None = None, posted: bool = False) -> MinistryForm:
    """The form of a new ministry (prefix "new") or of one ministry (prefix "m<id>"), holding
    what was posted or (`posted` false) what is stored."""
    prefix = f"m{ministry.id}" if ministry else "new"
    data = None
    if ministry is not None and not posted:
        data = {
            "name": ministry.name,
            "short_name": ministry.short_name,
            "areas": list(ministry.areas),
            "members": [str(u.id) for u in ministry.members],
        }
    form = MinistryForm(prefix=prefix, data=data, formdata=request.form if posted else None)
    lang = get_locale()
    titles = teams.area_titles(db.session)
    form.areas.choices = sorted(
        ((area, shown(title, lang).text) for area, title in titles.items()),
        key=lambda item: (item[1].casefold(), item[0]),
    )
    form.members.choices = [
        (str(u.id), f"{u.full_name} ({u.username})" if u.full_name else u.username)
        for u in teams.possible_members(db.session, country)
    ]
    return form


def _page(country: Country, refused: dict[int | None, MinistryForm] | None = None):
    """The national team page; `refused` holds the posted form (by ministry id, None for a new
    one) shown with its typed values and reasons."""
    refused = refused or {}
    found = teams.ministries_of(db.session, country)
    manages = access.can_manage_ministries(_user(), country)
    forms = {m.id: refused.get(m.id) or _form(country, m) for m in found} if manages else {}
    titles = teams.area_titles(db.session)
    lang = get_locale()
    page = render_template(
        "ministries/team.html",
        country=country,
        ministries=found,
        forms=forms,
        new_form=refused.get(None) or _form(country) if manages else None,
        area_title=lambda area: shown(titles[area], lang).text if area in titles else area,
        button=ActionForm(),
    )
    return page, 422 if refused else 200


def _member_ids(form: MinistryForm) -> list[int]:
    ids = [parse_id(value) for value in form.members.data or ()]
    # An id that names no account is refused by the service beside the field, as any unknown one.
    return [-1 if value is None else value for value in ids]


@bp.route("/countries/<country_code>/ministries", methods=["GET", "POST"])
@policy("ministries")
def team(country):
    if request.method == "GET":
        return _page(country)
    if not access.can_manage_ministries(_user(), country):
        abort(403)
    form = _form(country, posted=True)
    if not form.validate_on_submit():
        return _page(country, {None: form})
    try:
        values = form.areas.data or (), _member_ids(form)
        teams.create_ministry(
            db.session, _user(), country, form.name.data or "", form.short_name.data or "", *values
        )
    except InvalidInput as refusal:
        show_beside_fields(form, refusal)
        return _page(country, {None: form})
    flash(_("The ministry or agency %(name)s is added.", name=form.name.data.strip()), "success")
    return redirect(url_for("ministries.team", country_code=country.code), 303)


def _ministry(country: Country, ministry_id: int) -> Ministry:
    ministry = teams.ministry_of(db.session, country, ministry_id)
    if ministry is None:
        abort(404)
    if not access.can_manage_ministries(_user(), country):
        abort(403)
    return ministry


@bp.post("/countries/<country_code>/ministries/<int:ministry_id>")
@policy("ministries")
def change(country, ministry_id):
    ministry = _ministry(country, ministry_id)
    form = _form(country, ministry, posted=True)
    if not form.validate_on_submit():
        return _page(country, {ministry.id: form})
    try:
        teams.update_ministry(
            db.session,
            _user(),
            ministry,
            form.name.data or "",
            form.short_name.data or "",
            form.areas.data or (),
            _member_ids(form),
        )
    except InvalidInput as refusal:
        db.session.rollback()
        show_beside_fields(form, refusal)
        return _page(country, {ministry.id: form})
    flash(_("The ministry or agency %(name)s is saved.", name=ministry.name), "success")
    return redirect(url_for("ministries.team", country_code=country.code), 303)


@bp.post("/countries/<country_code>/ministries/<int:ministry_id>/remove")
@policy("ministries")
def remove(country, ministry_id):
    ministry = _ministry(country, ministry_id)
    if ActionForm().validate_on_submit():
        name = ministry.name
        teams.remove_ministry(db.session, _user(), ministry)
        flash(_("The ministry or agency %(name)s is removed.", name=name), "success")
    return redirect(url_for("ministries.team", country_code=country.code), 303)


def _part_page(assessment: Assessment, part: teams.Part, status: int = 200):
    lang = get_locale()
    questionnaire = questionnaire_of(db.session, assessment)
    ids = [*part.area_ids, *(m.question_id for m in part.blank)]
    nodes = [questionnaire.node(i) for i in ids]
    texts = {n.id: shown(n.title if n.is_group else n.text, lang) for n in nodes}
    page = render_template(
        "ministries/part.html",
        assessment=assessment,
        part=part,
        texts=texts,
        editable=assessment.status in access.EDITABLE_STATUSES,
        may_mark=access.can_mark_part(_user(), assessment, part.ministry),
        fill_endpoint=FILL_ENDPOINT,
        form=ActionForm(),
    )
    return page, status


@bp.route("/assessments/<int:assessment_id>/parts/<int:ministry_id>", methods=["GET", "POST"])
@policy("assessment")
def part(assessment, ministry_id):
    """A ministry's part: what is blank in its areas, and marking it done (asks first when
    questions are still blank) or not done."""
    ministry = teams.ministry_of(db.session, assessment.country, ministry_id)
    if ministry is None:
        abort(404)
    found = teams.part_of(db.session, assessment, ministry)
    if request.method == "GET":
        return _part_page(assessment, found)
    if not access.can_mark_part(_user(), assessment, ministry):
        abort(403)
    if not ActionForm().validate_on_submit():
        return _part_page(assessment, found, 400)
    done = request.form.get("done") == "yes"
    if done and found.blank and request.form.get("confirm") != "yes":
        return _part_page(assessment, found, 200)
    try:
        teams.mark_part(db.session, _user(), assessment, ministry, done)
    except (InvalidTransition, NotAllowed) as refusal:
        flash(said(refusal), "error")
        return _part_page(assessment, found, 409)
    flash(
        _("%(name)s's part is marked done.", name=ministry.name)
        if done
        else _("%(name)s's part is marked not done.", name=ministry.name),
        "success",
    )
    return redirect(url_for("review.assessment", assessment_id=assessment.id) + "#parts", 303)
