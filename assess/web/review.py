"""Regions, assessment overviews, the review of a submission and the audit trail of a question."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired

from assess.extensions import db
from assess.forms.fields import CheckboxListField
from assess.models import Assessment, Country
from assess.questionnaire.answers import stored_value
from assess.questionnaire.model import Question, Questionnaire
from assess.services import access, audit, carry_forward, ministries, rounds
from assess.services import assessments as lifecycle
from assess.services.errors import InvalidInput, MissingAnswers
from assess.services.questionnaires import question_in, questionnaire_of, questionnaires
from assess.web.home import query_links
from assess.web.i18n import get_locale, said
from assess.web.policies import policy
from assess.web.review_page import review_view
from assess.words.answers import ANSWERED, answer_parts
from assess.words.numbers import word_list
from assess.words.texts import Shown, shown

bp = Blueprint("review", __name__)
# The filling pages (another blueprint) are linked from the overview when this endpoint exists.
FILL_ENDPOINT = "fill.area"


class ActionForm(FlaskForm):
    """A button that changes something: carries only the CSRF token."""


class OpenRoundForm(FlaskForm):
    countries = CheckboxListField(lazy_gettext("Countries"))
    questionnaire = SelectField(lazy_gettext("Questionnaire version"), validators=[DataRequired()])
    year = StringField(lazy_gettext("Year"), render_kw={"inputmode": "numeric"})
    period = SelectField(
        lazy_gettext("Period"),
        default="",
        choices=[
            SelectChoice("", lazy_gettext("The whole year")),
            SelectChoice("H1", lazy_gettext("First half (H1)")),
            SelectChoice("H2", lazy_gettext("Second half (H2)")),
            SelectChoice("Q1", lazy_gettext("First quarter (Q1)")),
            SelectChoice("Q2", lazy_gettext("Second quarter (Q2)")),
            SelectChoice("Q3", lazy_gettext("Third quarter (Q3)")),
            SelectChoice("Q4", lazy_gettext("Fourth quarter (Q4)")),
        ],
    )
    deadline = DateField(lazy_gettext("Deadline"), validators=[InputRequired()])
    # Answers carried from the last accepted round must each be confirmed before submission.
    confirm_carried = BooleanField(lazy_gettext("Carried answers need confirming"), default=True)


class ShareForm(FlaskForm):
    shares = BooleanField(lazy_gettext("Share our answers with the region in the regional plan"))


def _user():
    return current_user._get_current_object()


def _open_round_form(region) -> OpenRoundForm:
    # Every country is ticked at first: a round is usually opened for the whole region.
    form = OpenRoundForm(data={"countries": [c.code for c in region.countries]})
    form.countries.choices = [
        SelectChoice(c.code, f"{c.name} ({c.code})") for c in region.countries
    ]
    # Newest version first: a new round is usually opened on it.
    form.questionnaire.choices = [
        SelectChoice(f"{qid}|{version}", f"{qid} {version}")
        for qid, version in reversed(questionnaires(db.session).published())
    ]
    return form


def _region_page(region, form: OpenRoundForm, status: int = 200):
    rows = db.session.scalars(
        select(Assessment)
        .join(Assessment.country)
        .where(Country.region_id == region.id)
        .order_by(Country.code, Assessment.round_year, Assessment.id)
    ).all()
    page = render_template("review/region.html", region=region, assessments=rows, form=form)
    return page, status


@bp.route("/regions/<region_code>")
@policy("region")
def region(region):
    return _region_page(region, _open_round_form(region))


def _refused_beside_field(form: OpenRoundForm, check):
    """What `check` returns, or None with its refusal shown beside the field it names."""
    try:
        return check()
    except rounds.RoundRefused as refusal:
        form[refusal.field].errors.append(said(refusal))
        return None


@bp.route("/regions/<region_code>/rounds", methods=["POST"])
@policy("region")
def open_round(region):
    form = _open_round_form(region)
    valid = form.validate_on_submit()
    # Checked even when another field is wrong, so every problem is said at once.
    name = _refused_beside_field(
        form, lambda: rounds.round_name(form.year.data or "", form.period.data)
    )
    if form.deadline.data is not None:
        _refused_beside_field(form, lambda: rounds.checked_deadline(form.deadline.data))
    if not valid or any(field.errors for field in form):
        return _region_page(region, form, 422)
    chosen = [c for c in region.countries if c.code in form.countries.data]
    qid, version = form.questionnaire.data.split("|", 1)
    result = _refused_beside_field(
        form,
        lambda: rounds.open_rounds(
            db.session,
            _user(),
            chosen,
            qid,
            version,
            name,
            form.deadline.data,
            form.confirm_carried.data,
        ),
    )
    if result is None:
        return _region_page(region, form, 422)
    names = word_list([a.country.name for a in result.opened], get_locale())
    flash(_("Round %(round)s opened for %(country)s.", round=name.label, country=names), "success")
    if result.already:
        flash(said(rounds.already_text(result.already, qid, name)), "warning")
    return redirect(url_for("review.region", region_code=region.code))


@bp.route("/assessments/<int:assessment_id>")
@policy("assessment")
def assessment(assessment):
    user = _user()
    editable = assessment.status in access.EDITABLE_STATUSES
    questionnaire = questionnaire_of(db.session, assessment)
    return render_template(
        "review/assessment.html",
        assessment=assessment,
        questionnaire=questionnaire,
        texts=_texts(questionnaire),
        shown_title=shown(questionnaire.title, get_locale()),
        progress=lifecycle.area_progress(db.session, assessment),
        parts=ministries.parts(db.session, assessment),
        editable=editable,
        queries=query_links([assessment]),
        history=[e for e in audit.trail(db.session, assessment) if e.question_id is None],
        missing=lifecycle.missing_answers(db.session, assessment) if editable else [],
        missing_evidence=lifecycle.missing_evidence(db.session, assessment) if editable else [],
        unconfirmed=lifecycle.unconfirmed_answers(db.session, assessment) if editable else [],
        not_carried=_not_carried(assessment),
        can_submit=editable and access.can_submit(user, assessment),
        can_review=access.can_review(user, assessment),
        can_withdraw=assessment.status in lifecycle.REVIEWED
        and access.can_withdraw(user, assessment),
        can_reopen=assessment.status == "accepted" and access.can_reopen(user, assessment),
        fill_endpoint=FILL_ENDPOINT if FILL_ENDPOINT in current_app.view_functions else None,
        may_see_plan=access.works_on_national_plan(user, assessment),
        may_share=access.can_share_answers(user, assessment),
        share_form=ShareForm(shares=assessment.shares_answers),
        form=ActionForm(),
    )


@bp.route("/assessments/<int:assessment_id>/sharing", methods=["POST"])
@policy("assessment")
def sharing(assessment):
    form = ShareForm()
    if form.validate_on_submit():
        lifecycle.share_with_region(db.session, _user(), assessment, form.shares.data)
        shared = assessment.shares_answers
        flash(
            _("Your answers will be printed in the regional plan.")
            if shared
            else _("Your answers will not be printed in the regional plan."),
            "success",
        )
    return redirect(url_for("review.assessment", assessment_id=assessment.id))


# Why an earlier answer did not carry, by assess.questionnaire.carry's reason code.
NOT_CARRIED_WORDS = {
    "dropped": lazy_gettext("the question was removed"),
    "afresh": lazy_gettext("the question must be answered afresh"),
    "unaccounted": lazy_gettext("the new version says nothing about this question"),
    "no_value": lazy_gettext("the answer has no equivalent in the new version"),
    "not_offered": lazy_gettext("the new question does not offer this answer"),
    "invalid": lazy_gettext("the answer is not valid for the new question"),
}


def _not_carried(assessment: Assessment) -> dict | None:
    """The answers of the last accepted round that did not carry into this one, and why."""
    carrying = carry_forward.starting_point(db.session, assessment)
    if carrying is None:
        return None
    earlier = questionnaire_of(db.session, carrying.source)
    lang = get_locale()
    lost = [
        {
            "id": n.question_id,
            "text": shown(earlier.node(n.question_id).text, lang),
            "why": NOT_CARRIED_WORDS[n.reason],
        }
        for n in carrying.result.not_carried
    ]
    return {"round": carrying.source.round_label, "answers": lost}


def _texts(questionnaire: Questionnaire) -> dict[str, Shown | None]:
    """Area titles and question texts by id, in the page's language or marked as a fallback."""
    lang = get_locale()
    return {
        node.id: shown(node.title if node.is_group else node.text, lang)
        for node in questionnaire.walk()
    }


@bp.route("/assessments/<int:assessment_id>/submit", methods=["POST"])
@policy("assessment")
def submit(assessment):
    if request.form.get("confirm") != "yes":
        # Sent only from its confirmation page, which says what is still blank.
        return redirect(url_for("lifecycle.confirm_submit", assessment_id=assessment.id), 303)
    if ActionForm().validate_on_submit():
        send = lifecycle.resubmit if assessment.status == "returned" else lifecycle.submit
        try:
            send(db.session, _user(), assessment)
        except MissingAnswers:
            # Its confirmation page lists what stops it by title, each linked to its question:
            # the refusal's own list of titles can outgrow the session cookie a flash goes in.
            flash(_("It cannot be sent yet"), "error")
            return redirect(url_for("lifecycle.confirm_submit", assessment_id=assessment.id))
        else:
            flash(_("The assessment is sent to the secretariat for review."), "success")
    return redirect(url_for("review.assessment", assessment_id=assessment.id))


@bp.route("/assessments/<int:assessment_id>/review")
@policy("assessment-review")
def review(assessment):
    # Opening this page starts the review: the NFP can no longer withdraw the submission.
    lifecycle.start_review(db.session, _user(), assessment)
    questionnaire = questionnaire_of(db.session, assessment)
    args = request.args
    view = review_view(assessment, questionnaire, args.get("area"), args.getlist("show"))
    return render_template(
        "review/review.html",
        assessment=assessment,
        questionnaire=questionnaire,
        texts=_texts(questionnaire),
        show_value=shown_value,
        form=ActionForm(),
        **view,
    )


@bp.route("/assessments/<int:assessment_id>/return", methods=["POST"])
@policy("assessment-review")
def return_(assessment):
    if ActionForm().validate_on_submit():
        queries = {
            key.removeprefix("query-"): value
            for key, value in request.form.items()
            if key.startswith("query-")
        }
        try:
            lifecycle.return_with_queries(db.session, _user(), assessment, queries)
        except InvalidInput as refusal:
            flash(said(refusal), "error")
            return redirect(url_for("review.review", assessment_id=assessment.id))
        flash(_("The assessment is returned to the country with your queries."), "success")
    return redirect(url_for("review.assessment", assessment_id=assessment.id))


@bp.route("/assessments/<int:assessment_id>/accept", methods=["POST"])
@policy("assessment-review")
def accept(assessment):
    if request.form.get("confirm") != "yes":
        return redirect(url_for("lifecycle.confirm_accept", assessment_id=assessment.id), 303)
    if ActionForm().validate_on_submit():
        lifecycle.accept(db.session, _user(), assessment)
        flash(_("The assessment is accepted. It is now read-only."), "success")
    return redirect(url_for("review.assessment", assessment_id=assessment.id))


@bp.route("/assessments/<int:assessment_id>/audit/<question_id>")
@policy("assessment")
def question_audit(assessment, question_id):
    try:
        question = question_in(questionnaire_of(db.session, assessment), question_id)
    except InvalidInput:
        abort(404)
    return render_template(
        "review/audit.html",
        assessment=assessment,
        question=question,
        question_text=shown(question.text, get_locale()),
        events=audit.trail(db.session, assessment, question_id),
        show=shown_value,
    )


def shown_value(question: Question, value: object) -> tuple[Shown, ...]:
    """A stored answer in words in the page's language (see assess.words.answers)."""
    if value is None:
        return ()
    return answer_parts(question, ANSWERED, stored_value(question, value), get_locale())
