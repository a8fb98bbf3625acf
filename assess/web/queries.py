"""Query threads on the web: raise one while reviewing, reply to it, close or reopen it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from assess.extensions import db
from assess.services import queries
from assess.services.errors import InvalidInput, InvalidTransition, NotAllowed
from assess.services.questionnaires import questionnaire_of
from assess.web.i18n import said
from assess.web.policies import policy

bp = Blueprint("queries", __name__)
QUERY_URL = "/assessments/<int:assessment_id>/queries/<int:query_id>"


class ActionForm(FlaskForm):
    """A query's button: carries only the CSRF token (the message is read from the post)."""


def _user():
    return current_user._get_current_object()


def _back(assessment, question_id: str) -> str:
    """The page the post came from, at the question: its area page or the review page."""
    if request.form.get("back") == "area":
        area = questionnaire_of(db.session, assessment).area_of(question_id)
        if area is not None:
            return url_for("fill.area", assessment_id=assessment.id, area_id=area.id) + (
                f"#q-{question_id}"
            )
    if request.form.get("back") == "review":
        return url_for("review.review", assessment_id=assessment.id) + f"#q-{question_id}"
    return url_for("review.assessment", assessment_id=assessment.id) + f"#q-{question_id}"


def _refused(refusal, back: str):
    flash(said(refusal), "error")
    return redirect(back, code=303)


@bp.post("/assessments/<int:assessment_id>/queries")
@policy("assessment-review")
def raise_query(assessment):
    """The secretariat asks about one answer while reviewing."""
    question_id = request.form.get("question", "")
    back = url_for("review.review", assessment_id=assessment.id) + f"#q-{question_id}"
    if not ActionForm().validate_on_submit():
        return redirect(back, code=303)
    try:
        queries.raise_query(db.session, _user(), assessment, question_id, request.form.get("text"))
    except (InvalidInput, InvalidTransition) as refusal:
        return _refused(refusal, back)
    flash(_("Your query is raised: the country sees it on the question."), "success")
    return redirect(back, code=303)


@bp.post(QUERY_URL + "/messages")
@policy("assessment")
def reply(assessment, query_id: int):
    """A reply (the country) or a follow-up (the secretariat) in a query's thread."""
    query = queries.query_of(db.session, assessment, query_id)
    back = _back(assessment, query.question_id)
    if not ActionForm().validate_on_submit():
        return redirect(back, code=303)
    try:
        queries.reply(db.session, _user(), query, request.form.get(f"reply-{query.id}"))
    except (InvalidInput, InvalidTransition, NotAllowed) as refusal:
        return _refused(refusal, back)
    flash(_("Your message is sent."), "success")
    return redirect(back, code=303)


@bp.post(QUERY_URL + "/close")
@policy("assessment-review")
def close(assessment, query_id: int):
    """The secretariat settles a query."""
    return _settle(assessment, query_id, queries.close, _("The query is closed."))


@bp.post(QUERY_URL + "/reopen")
@policy("assessment-review")
def reopen(assessment, query_id: int):
    """The secretariat takes a closed query up again."""
    return _settle(assessment, query_id, queries.reopen, _("The query is open again."))


def _settle(assessment, query_id: int, change, done: str):
    query = queries.query_of(db.session, assessment, query_id)
    back = _back(assessment, query.question_id)
    if not ActionForm().validate_on_submit():
        return redirect(back, code=303)
    try:
        change(db.session, _user(), query)
    except InvalidTransition as refusal:
        return _refused(refusal, back)
    flash(done, "success")
    return redirect(back, code=303)
