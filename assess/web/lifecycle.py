"""Guardrails of the lifecycle: confirming a submission (what is blank, per area) and an
acceptance, withdrawing a submission before its review starts, reopening an accepted assessment.

Each confirmation is a page of its own that works without scripts: the buttons of the overview
and of the review page lead to it (a post without `confirm=yes` is sent there), and its form
posts with `confirm=yes` to the view that acts (assess.web.review.submit and accept).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assess.extensions import db
from assess.models import Assessment
from assess.services import access, ministries
from assess.services import assessments as lifecycle
from assess.services.errors import InvalidInput, InvalidTransition
from assess.services.questionnaires import questionnaire_of
from assess.web.i18n import get_locale, said
from assess.web.policies import policy
from assess.web.review import FILL_ENDPOINT, ActionForm
from assess.words.texts import shown

bp = Blueprint("lifecycle", __name__)


def _user():
    return current_user._get_current_object()


def _overview(assessment: Assessment):
    return redirect(url_for("review.assessment", assessment_id=assessment.id), code=303)


def _not_now(assessment: Assessment, message: str) -> str:
    """The page of a step the assessment's status does not allow now, saying why."""
    return render_template("review/not_now.html", assessment=assessment, message=message)


def _areas(assessment: Assessment) -> list[dict]:
    """Each area: its title in the page's language, answered and blank counts, blank questions."""
    questionnaire = questionnaire_of(db.session, assessment)
    lang = get_locale()
    blank = lifecycle.blank_answers(db.session, assessment)
    return [
        {
            "id": p.area_id,
            "title": shown(questionnaire.node(p.area_id).title, lang),
            "answered": p.answered,
            "blank": [
                {"id": m.question_id, "text": shown(questionnaire.node(m.question_id).text, lang)}
                for m in blank
                if m.area_id == p.area_id
            ],
        }
        for p in lifecycle.area_progress(db.session, assessment)
    ]


@bp.get("/assessments/<int:assessment_id>/submit")
@policy("assessment")
def confirm_submit(assessment: Assessment):
    """What is blank per area, what still stops the sending, and the button that sends."""
    if not access.can_submit(_user(), assessment):
        abort(403)
    if assessment.status not in access.EDITABLE_STATUSES:
        return _not_now(
            assessment, _("This assessment is not open for changes: it cannot be sent now.")
        )
    questionnaire = questionnaire_of(db.session, assessment)
    lang = get_locale()
    stopping = {
        "missing": lifecycle.missing_answers(db.session, assessment),
        "evidence": lifecycle.missing_evidence(db.session, assessment),
        "unconfirmed": lifecycle.unconfirmed_answers(db.session, assessment),
    }
    texts = {
        m.question_id: shown(questionnaire.node(m.question_id).text, lang)
        for found in stopping.values()
        for m in found
    }
    return render_template(
        "review/confirm_submit.html",
        assessment=assessment,
        areas=_areas(assessment),
        stopping=stopping,
        texts=texts,
        blocked=any(stopping.values()),
        parts_not_done=ministries.not_done(ministries.parts(db.session, assessment)),
        fill_endpoint=FILL_ENDPOINT,
        form=ActionForm(),
    )


@bp.get("/assessments/<int:assessment_id>/accept")
@policy("assessment-review")
def confirm_accept(assessment: Assessment):
    """What accepting means, what is blank per area, and the button that accepts."""
    if assessment.status not in lifecycle.REVIEWED:
        return _not_now(
            assessment, _("Only a submitted or resubmitted assessment can be accepted.")
        )
    return render_template(
        "review/confirm_accept.html",
        assessment=assessment,
        areas=_areas(assessment),
        queries=lifecycle.open_queries(db.session, assessment),
        form=ActionForm(),
    )


@bp.post("/assessments/<int:assessment_id>/withdraw")
@policy("assessment")
def withdraw(assessment: Assessment):
    """The NFP takes the submission back, until the secretariat starts reviewing it."""
    if ActionForm().validate_on_submit():
        try:
            lifecycle.withdraw(db.session, _user(), assessment)
        except InvalidTransition as refusal:
            flash(said(refusal), "error")
        else:
            flash(_("The submission is withdrawn: you can change the answers again."), "success")
    return _overview(assessment)


@bp.route("/assessments/<int:assessment_id>/reopen", methods=["GET", "POST"])
@policy("assessment-review")
def reopen(assessment: Assessment):
    """Reopen an accepted assessment with a written reason (audited); its plans become stale."""
    form = ActionForm()
    reason = request.form.get("reason", "") if request.method == "POST" else ""
    error = None
    if form.validate_on_submit():
        try:
            lifecycle.reopen(db.session, _user(), assessment, reason)
        except InvalidInput as refusal:
            error = said(refusal)
        else:
            flash(
                _(
                    "The assessment is reopened and returned to the country; plans made from it "
                    "are marked as out of date."
                ),
                "success",
            )
            return _overview(assessment)
    if assessment.status != "accepted":
        return _not_now(assessment, _("Only an accepted assessment can be reopened."))
    page = render_template(
        "review/reopen.html",
        assessment=assessment,
        reason=reason,
        error=error,
        limit=lifecycle.REASON_LIMIT,
        form=form,
    )
    return page, 422 if error else 200
