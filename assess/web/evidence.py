"""Evidence files: upload to an answer, download through the access checks, remove."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

from assess.extensions import db, file_store
from assess.models import Assessment, Evidence
from assess.services.errors import InvalidInput, NotFound, ServiceError, refusal_text
from assess.services.evidence_files import (
    FileRefused,
    FileTooLarge,
    add_file,
    file_key,
    file_of,
    remove_file,
    size_text,
)
from assess.services.file_store import Missing
from assess.services.questionnaires import question_in, questionnaire_of
from assess.web.errors import STATUS_OF, http_error
from assess.web.i18n import said
from assess.web.policies import policy

bp = Blueprint("evidence", __name__)
FILE_URL = "/assessments/<int:assessment_id>/evidence/<int:evidence_id>"


def max_upload_bytes() -> int:
    """The size limit of one evidence file."""
    return int(current_app.config["MAX_UPLOAD_BYTES"])


def shown_size(size: int) -> str:
    """A file size in the reader's language: '1.5 KB', '1,5 Ko'."""
    return said(size_text(size))


def status_of(refusal: ServiceError) -> int:
    """The HTTP status of a refused upload or removal."""
    if isinstance(refusal, FileTooLarge):
        return 413
    if isinstance(refusal, FileRefused):
        return 415
    return STATUS_OF.get(type(refusal), 400)


def file_view(assessment: Assessment, evidence: Evidence) -> dict[str, Any]:
    """One evidence file as pages and the page's script show it."""
    return {
        "id": evidence.id,
        "name": evidence.filename,
        "size": shown_size(evidence.size or 0),
        "url": url_for("evidence.download", assessment_id=assessment.id, evidence_id=evidence.id),
        "remove_url": url_for(
            "evidence.remove", assessment_id=assessment.id, evidence_id=evidence.id
        ),
    }


def attach(assessment: Assessment, question_id: str, upload: Any) -> Evidence:
    """Store one uploaded file (a werkzeug FileStorage) on the question's answer."""
    return add_file(
        db.session,
        current_user._get_current_object(),
        assessment,
        question_id,
        upload.filename or "",
        upload.stream,
        file_store(),
        max_upload_bytes(),
    )


def detach(assessment: Assessment, evidence_id: int) -> str:
    """Remove one evidence file; the id of the question it supported."""
    user = current_user._get_current_object()
    return remove_file(db.session, user, assessment, evidence_id, file_store())


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _back_to(assessment: Assessment, question_id: str):
    questionnaire = questionnaire_of(db.session, assessment)
    area = questionnaire.area_of(question_in(questionnaire, question_id).id)
    target = url_for("fill.area", assessment_id=assessment.id, area_id=area.id if area else "")
    return redirect(f"{target}#q-{question_id}", code=303)


def _refused(refusal: ServiceError):
    if _wants_json():
        return jsonify(error=refusal.code, message=said(refusal)), status_of(refusal)
    status = status_of(refusal)
    message = None if status == 404 else said(refusal)
    return render_template("errors/refused.html", status=status, message=message), status


@bp.post("/assessments/<int:assessment_id>/answers/<question_id>/evidence")
@policy("assessment")
def upload(assessment: Assessment, question_id: str):
    """Attach the posted file (field `file`) to a question's answer."""
    posted = request.files.get("file")
    try:
        if posted is None or not posted.filename:
            raise InvalidInput(_("Choose a file to attach."))
        evidence = attach(assessment, question_id, posted)
    except ServiceError as refusal:
        return _refused(refusal)
    if _wants_json():
        return jsonify(file=file_view(assessment, evidence)), 201
    flash(_("The file %(name)s is attached.", name=evidence.filename), "success")
    return _back_to(assessment, question_id)


@bp.get(FILE_URL)
@policy("assessment")
def download(assessment: Assessment, evidence_id: int):
    """An evidence file, always as a download, with the type it was checked to be."""
    store = file_store()
    try:
        evidence = file_of(db.session, assessment, evidence_id, store)
        content = store.open(file_key(evidence))
    except ServiceError as refusal:
        return _refused(refusal)
    except Missing:  # removed a moment ago
        return _refused(NotFound(refusal_text("No such file.")))
    response = send_file(
        content,
        mimetype=evidence.content_type,
        as_attachment=True,
        download_name=evidence.filename,
        max_age=0,
    )
    response.content_length = evidence.size
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post(FILE_URL + "/delete")
@policy("assessment")
def remove(assessment: Assessment, evidence_id: int):
    """Remove an evidence file from its answer."""
    try:
        question_id = detach(assessment, evidence_id)
    except ServiceError as refusal:
        return _refused(refusal)
    if _wants_json():
        return jsonify(removed=evidence_id)
    flash(_("The file is removed."), "success")
    return _back_to(assessment, question_id)


@bp.errorhandler(CSRFError)
def csrf_refused(error: CSRFError):
    """A refused token: the page's script gets JSON, renews its token and sends the file again
    (as autosave does); a posted page gets the error page."""
    if _wants_json():
        return jsonify(error="csrf", message=error.description), 400
    return http_error(error)


@bp.app_errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    """A request over the size limit, refused before it is read."""
    limit = shown_size(max_upload_bytes())
    message = _("The file is too large: at most %(limit)s.", limit=limit)
    if _wants_json():
        return jsonify(error="file-too-large", message=message), 413
    return render_template("errors/refused.html", status=413, message=message), 413
