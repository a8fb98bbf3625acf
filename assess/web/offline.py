"""Filling offline: download an assessment's areas as a workbook, upload it, preview, confirm."""

from __future__ import annotations

import io
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from assess.extensions import db
from assess.models import Assessment
from assess.questionnaire.answers import stored_value
from assess.services import offline
from assess.services.answers import AnswerState
from assess.services.questionnaires import questionnaire_of
from assess.web.i18n import get_locale, said
from assess.web.policies import policy
from assess.words.answers import answer_parts, joined
from assess.words.texts import shown

bp = Blueprint("offline", __name__)
PAGE = "/assessments/<int:assessment_id>/offline"
PREVIEW_SALT = "assess-offline-preview"
PREVIEW_AGE = 24 * 3600  # seconds a preview may wait for its confirmation
MAX_PREVIEW_CHARS = 4_000_000  # the signed changes carried by the preview's form


def _secret() -> str:
    return str(current_app.config["SECRET_KEY"])


def _page(assessment: Assessment, problems: list[dict[str, str]] | None = None, status: int = 200):
    questionnaire = questionnaire_of(db.session, assessment)
    areas = offline.editable_areas(current_user._get_current_object(), assessment, questionnaire)
    lang = get_locale()
    choices = [(a.id, shown(a.title, lang)) for a in areas]
    return render_template(
        "offline/page.html", assessment=assessment, areas=choices, problems=problems or []
    ), status


@bp.get(PAGE)
@policy("assessment")
def page(assessment: Assessment):
    """What filling offline is, the areas to download and the form to upload a workbook."""
    return _page(assessment)


@bp.get(PAGE + "/workbook")
@policy("assessment")
def download(assessment: Assessment):
    """The workbook of the chosen areas (every area the person may edit when none is chosen)."""
    user = current_user._get_current_object()
    data = offline.workbook(
        db.session, user, assessment, request.args.getlist("area"), get_locale(), _secret()
    )
    name = f"assess-{assessment.country.code}-{assessment.round_label}-{assessment.id}.xlsx"
    return send_file(
        io.BytesIO(data),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=name.replace(" ", "-"),
        max_age=0,
    )


def _words(question: Any, state: AnswerState) -> str:
    given = None if state.value is None else stored_value(question, state.value)
    words = joined(answer_parts(question, state.status, given, get_locale())) or _("(no answer)")
    if state.comment:
        words += "\n" + _("Comment: %(comment)s", comment=state.comment)
    return words


@bp.post(PAGE + "/upload")
@policy("assessment")
def upload(assessment: Assessment):
    """Check every cell of a workbook sent back and show what would change; nothing is saved."""
    user = current_user._get_current_object()
    sent = request.files.get("workbook")
    if sent is None or not sent.filename:
        return _page(assessment, [{"place": "", "text": _("Choose the workbook to upload.")}], 400)
    try:
        data = sent.stream.read(offline.MAX_BYTES + 1)
    finally:
        sent.close()  # a large upload is spooled to a temporary file: closed, not left to gc
    try:
        reading = offline.read(db.session, user, assessment, data, get_locale(), _secret())
    except offline.WorkbookRefused as refused:
        return _page(assessment, [{"place": "", "text": said(refused.text)}], 422)
    if reading.problems:
        problems = [{"place": p.place, "text": said(p.text)} for p in reading.problems]
        return _page(assessment, problems, 422)
    token = URLSafeTimedSerializer(_secret(), PREVIEW_SALT).dumps(
        {"a": assessment.id, "u": user.id, "c": offline.pending(reading)}
    )
    if len(token) > MAX_PREVIEW_CHARS:
        too_many = _("The workbook changes too much at once: upload fewer areas at a time.")
        return _page(assessment, [{"place": "", "text": too_many}], 413)
    lang = get_locale()
    changes = [
        {
            "id": c.question.id,
            "place": c.place,
            "question": shown(c.question.text, lang),
            "old": _words(c.question, c.current),
            "new": _words(c.question, c.wanted),
            "conflict": c.conflict,
        }
        for c in reading.changes
    ]
    return render_template(
        "offline/preview.html", assessment=assessment, changes=changes, token=token
    )


@bp.post(PAGE + "/confirm")
@policy("assessment")
def confirm(assessment: Assessment):
    """Save the previewed changes; a conflict only where the person chose to overwrite it."""
    user = current_user._get_current_object()
    try:
        signed = URLSafeTimedSerializer(_secret(), PREVIEW_SALT).loads(
            request.form.get("changes", ""), max_age=PREVIEW_AGE
        )
    except BadSignature:
        signed = None
    if not signed or signed.get("a") != assessment.id or signed.get("u") != user.id:
        message = _("This preview has expired or is not yours: upload the workbook again.")
        return _page(assessment, [{"place": "", "text": message}], 400)
    overwrite = set(request.form.getlist("overwrite"))
    outcome = offline.confirm(db.session, user, assessment, signed["c"], overwrite)
    flash(
        ngettext("%(num)s answer saved.", "%(num)s answers saved.", len(outcome.saved)), "success"
    )
    if outcome.kept:
        flash(
            ngettext(
                "%(num)s answer changed in the app since the download was kept as it is.",
                "%(num)s answers changed in the app since the download were kept as they are.",
                len(outcome.kept),
            ),
            "info",
        )
    if outcome.conflicts:
        flash(
            ngettext(
                "%(num)s answer was changed again meanwhile and was not saved.",
                "%(num)s answers were changed again meanwhile and were not saved.",
                len(outcome.conflicts),
            ),
            "error",
        )
    return redirect(url_for("review.assessment", assessment_id=assessment.id), code=303)
