"""Filling an assessment: a page per area, whole-area saves, one-answer autosaves, conflicts."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf
from werkzeug.exceptions import BadRequest

from assess.extensions import db
from assess.forms.builder import AreaForm, area_questions, build_area_form
from assess.forms.convert import (
    FieldError,
    Submitted,
    fingerprint,
    none_met,
    read_area,
    read_question,
    shown_answer,
    value_as_form,
)
from assess.models import Assessment
from assess.questionnaire.answers import applicable, area_progress, stored_value
from assess.questionnaire.model import Group, Question
from assess.services.answers import (
    AnswerState,
    Conflict,
    Saved,
    given_answers,
    save_answer,
)
from assess.services.carry_forward import confirm
from assess.services.errors import Locked, NotAllowed, ServiceError
from assess.services.questionnaires import question_in, questionnaire_of
from assess.services.text_input import parse_id
from assess.web.errors import STATUS_OF, http_error
from assess.web.evidence import attach, detach
from assess.web.fill_page import (
    Answers,
    answers_of,
    area_of,
    area_url,
    posted_page,
    readonly_reason,
    render,
    stored_page,
)
from assess.web.i18n import get_locale, said
from assess.web.policies import assessment_for, policy
from assess.words.answers import answer_parts, joined
from assess.words.texts import Text, refusal_text, translates

bp = Blueprint("fill", __name__)
AREA_URL = "/assessments/<int:assessment_id>/areas/<area_id>"

# A refusal of a value in general words, by answer error code, for a language that has these
# but not yet the detailed sentence (with its numbers): better than saying it in English.
VALUE_ERRORS: dict[str, Text] = {
    "A001": refusal_text("Choose one of the levels of the scale."),
    "A002": refusal_text("Choose among the options shown."),
    "A003": refusal_text("Enter a number, with a point for decimals (1.5)."),
    "A004": refusal_text("This number is outside the allowed range."),
    "A005": refusal_text("Enter a date as YYYY-MM-DD (for example 2024-03-31)."),
    "A006": refusal_text("This text is too long."),
    "A007": refusal_text("Give one value only."),
    "F001": refusal_text("This kind of answer is not offered for this question."),
    "F002": refusal_text("Too many evidence lines: at most 50."),
    "F003": refusal_text("Tick the items met or “None of these is met”, not both."),
    "F004": refusal_text("Choose an answer or “Not applicable” (or “Don't know”), not both."),
}
NO_LONGER_APPLIES = refusal_text(
    "Not saved: this question no longer applies, since another answer changed after this page "
    "was opened. What you typed is kept here; change that answer to make it apply again, then "
    "save."
)


@bp.get(AREA_URL)
@policy("assessment")
def area(assessment: Assessment, area_id: str):
    """An area page, filled with the stored answers."""
    answers = answers_of(assessment)
    return render(
        assessment, answers, stored_page(answers, area_of(answers.questionnaire, area_id))
    )


def _refuse_if_readonly(assessment: Assessment, area: Group) -> None:
    reason = readonly_reason(assessment, area)
    if reason == "status":
        raise Locked(_("This assessment is not open for changes."))
    if reason == "role":
        raise NotAllowed(_("You may not change the answers of this area."))


@bp.post("/assessments/<int:assessment_id>/carried/confirm")
@policy("assessment")
def confirm_carried(assessment: Assessment):
    """Confirm carried answers as they are: the one whose button was pressed, or an area's."""
    questionnaire = questionnaire_of(db.session, assessment)
    if "confirm" in request.form:
        question = question_in(questionnaire, request.form["confirm"])
        area, ids = questionnaire.area_of(question.id), [question.id]
        anchor = f"#q-{question.id}"
    else:
        area = area_of(questionnaire, request.form.get("confirm-area", ""))
        ids, anchor = [q.id for q in area_questions(area)], ""
    if area is None:
        raise BadRequest()
    confirmed = confirm(db.session, current_user._get_current_object(), assessment, ids)
    flash(
        ngettext(
            "%(num)s carried answer confirmed.",
            "%(num)s carried answers confirmed.",
            len(confirmed),
        ),
        "success",
    )
    return redirect(area_url(assessment, area.id) + anchor, code=303)


def _value_error(error: FieldError) -> str:
    lang = get_locale()
    if error.text is None:
        return error.message
    general = VALUE_ERRORS.get(error.code)
    if general and not translates(lang, error.text) and translates(lang, general):
        return said(general)
    return said(error.text)


def _save(
    assessment: Assessment, submitted: Submitted, *, read_given: bool = False
) -> Saved | Conflict:
    result = save_answer(
        db.session,
        current_user._get_current_object(),
        assessment,
        submitted.question_id,
        submitted.status,
        submitted.value,
        submitted.comment,
        submitted.version,
        submitted.evidence,
        read_given=read_given,
    )
    # Someone (often this very page, through a retried or overlapping save) already stored exactly
    # this answer: there is nothing to choose between.
    if isinstance(result, Conflict) and result.theirs.content() == result.yours.content():
        return Saved(result.theirs, changed=False)
    return result


def _show_as_stored(built: AreaForm, state: AnswerState) -> None:
    """Point a question's hidden fields at a stored state, so the next post builds on it."""
    sub = built.subform(state.question_id)
    sub["version"].data = state.version
    sub["seen"].data = fingerprint(state.status, state.value, state.comment, state.evidence)
    if "shown" in sub:
        sub["shown"].data = shown_answer(state.status, state.value)


def _changed(answers: Answers, submitted: Submitted) -> bool:
    """Whether a posted question differs from what the page showed."""
    qid = submitted.question_id
    if qid not in answers.states:
        return not submitted.blank
    return submitted.fingerprint(answers.questionnaire.node(qid)) != submitted.seen


def _files_posted(assessment: Assessment, answers: Answers, built: AreaForm) -> dict[str, str]:
    """Remove the ticked files and attach the chosen ones of a posted page; refusals by question."""
    ids = {view.id for view in built.views if view.id in answers.applies}
    shown = {e.id: qid for qid in ids for e in answers.files.get(qid, [])}
    refused: dict[str, str] = {}
    for raw in request.form.getlist("remove-file"):
        evidence_id = parse_id(raw)
        qid = shown.get(evidence_id) if evidence_id is not None else None
        if evidence_id is None or qid is None:
            continue  # gone already (removed by the page's script), or not on this page
        try:
            detach(assessment, evidence_id)
        except ServiceError as refusal:
            refused[qid] = said(refusal)
    for view in built.views:
        posted = request.files.get(f"{view.name}-file")
        if view.id not in ids or posted is None or not posted.filename:
            continue
        try:
            attach(assessment, view.id, posted)
        except ServiceError as refusal:
            refused[view.id] = said(refusal)
    return refused


@bp.post(AREA_URL)
@policy("assessment")
def save_area(assessment: Assessment, area_id: str):
    """Save what changed on an area page (the page's save button, with or without scripts)."""
    answers = answers_of(assessment)
    area = area_of(answers.questionnaire, area_id)
    _refuse_if_readonly(assessment, area)
    built = build_area_form(answers.questionnaire, area, get_locale(), {}, formdata=request.form)
    given, refused = read_area(built)
    conflicts, kept = {}, {}
    for qid, submitted in given.items():
        if not _changed(answers, submitted):
            continue
        if qid not in answers.applies:
            # Another answer changed since the page was drawn and this question stopped applying:
            # the edit is shown back as typed, with why it was not saved.
            kept[qid] = NO_LONGER_APPLIES
            continue
        result = _save(assessment, submitted)
        if isinstance(result, Conflict):
            conflicts[qid] = _conflict(answers.questionnaire.node(qid), result)
            _show_as_stored(built, result.theirs)
        else:
            _show_as_stored(built, result.answer)
    file_errors = _files_posted(assessment, answers, built)
    if not refused and not conflicts and not file_errors and not kept:
        flash(_("Your answers are saved."), "success")
        attached = request.form.get("attach", "")
        anchor = f"#q-{attached}" if attached in {v.id for v in built.views} else ""
        return redirect(area_url(assessment, area.id) + anchor, code=303)
    errors = {qid: _value_error(error) for qid, error in refused.items()}
    errors.update({qid: said(text) for qid, text in kept.items()})
    page = render(
        assessment,
        answers_of(assessment),
        posted_page(built),
        errors=errors,
        conflicts=conflicts,
        file_errors=file_errors,
        kept=set(kept),
    )
    return page, 409 if conflicts or kept else 422


def _side(question: Question, state: AnswerState) -> dict[str, Any]:
    """One side of a conflict: the answer as the form takes it, and in words."""
    value = value_as_form(question, state.value) if state.status == "answered" else ""
    given = None if state.value is None else stored_value(question, state.value)
    parts = answer_parts(question, state.status, given, get_locale())
    words = joined(parts) or _("(no answer)")
    if state.comment:
        words += "\n" + _("Comment: %(comment)s", comment=state.comment)
    return {
        "state": state.status,
        "value": value,
        "none": none_met(question, state.status, state.value),
        "comment": state.comment,
        "evidence": "\n".join(state.evidence),
        "version": state.version,
        "by": state.updated_by,
        "display": words,
    }


def _conflict(question: Question, conflict: Conflict) -> dict[str, Any]:
    return {"yours": _side(question, conflict.yours), "theirs": _side(question, conflict.theirs)}


def _json_refusal(code: str, message: str, status: int):
    return jsonify(error=code, message=message), status


@bp.post("/assessments/<int:assessment_id>/answers/<question_id>")
@policy("assessment")
def autosave(assessment: Assessment, question_id: str):
    """Save one answer sent as JSON; 409 with both answers when someone saved it meanwhile."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return _json_refusal("invalid-input", _("Send the answer as a JSON object."), 400)
    questionnaire = questionnaire_of(db.session, assessment)
    try:
        question = question_in(questionnaire, question_id)
        submitted = read_question(question, payload)
        if isinstance(submitted, FieldError):
            return _json_refusal(submitted.code, _value_error(submitted), 422)
        result = _save(assessment, submitted, read_given=True)
    except ServiceError as refusal:
        return _json_refusal(refusal.code, said(refusal), STATUS_OF.get(type(refusal), 400))
    if isinstance(result, Conflict):
        return jsonify(error="conflict", **_conflict(question, result)), 409
    # Only what conditions and progress need: one light read, in the save's own transaction
    # (read apart only when an overlapping save had already stored this very answer).
    given = result.given
    if given is None:
        given = given_answers(db.session, questionnaire, assessment)
    applies = applicable(questionnaire, given)
    return jsonify(
        version=result.answer.version,
        changed=result.changed,
        applicable=sorted(q.id for q in questionnaire.questions() if q.id in applies),
        progress=area_progress(questionnaire, given, applies),
    )


@bp.get("/csrf-token")
@policy("signed-in")
def csrf_token():
    """A fresh CSRF token for the page's script, when the one it holds was refused."""
    response = jsonify(token=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(CSRFError)
def csrf_refused(error: CSRFError):
    """A refused token: the script gets JSON to retry with; a posted page comes back as typed."""
    if request.endpoint == "fill.autosave":
        return _json_refusal("csrf", error.description, 400)
    if request.endpoint != "fill.save_area" or not current_user.is_authenticated:
        return http_error(error)
    args = request.view_args or {}
    assessment = assessment_for(current_user._get_current_object(), args["assessment_id"])
    answers = answers_of(assessment)
    area = area_of(answers.questionnaire, args["area_id"])
    built = build_area_form(answers.questionnaire, area, get_locale(), {}, formdata=request.form)
    flash(_("Nothing was saved: the page's security token had expired. Press Save again."), "error")
    return render(assessment, answers, posted_page(built)), 400
