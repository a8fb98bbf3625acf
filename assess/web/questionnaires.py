"""Questionnaire versions for experts and admins: a page per version, its changes, area previews,
and drafts uploaded to be checked and previewed before they are published."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound

from assess.extensions import db
from assess.forms.builder import AreaForm, area_views, build_area_form
from assess.forms.convert import read_area
from assess.forms.fragments import BoundValues, StoredValues, request_parts
from assess.questionnaire.answers import Answer, applicable, area_progress
from assess.questionnaire.diff import diff_versions
from assess.questionnaire.model import Group, Questionnaire
from assess.services import access, drafts
from assess.services.errors import ServiceError
from assess.web.fill import _value_error
from assess.web.fill_page import Page, area_of, drawn_blocks
from assess.web.i18n import LANGUAGES, get_locale, said
from assess.web.policies import declare_policy, policy
from assess.web.version_words import change_rows, fate_rows, node_label
from assess.words.texts import shown

bp = Blueprint("questionnaires", __name__)
VERSION_URL = "/questionnaires/<any(published, drafts):shelf>/<questionnaire_id>/<version>"
AREA_URL = VERSION_URL + "/areas/<area_id>"


@declare_policy("questionnaires")
def _versions(user, args: dict[str, Any]) -> dict[str, Any]:
    """Experts and admins; 404 for the others (these pages are not theirs to know)."""
    if not access.studies_versions(user):
        raise NotFound()
    return args


def shelves() -> drafts.Shelves:
    """The published and draft folders of this application."""
    config = current_app.config
    return drafts.Shelves(Path(config["QUESTIONNAIRES_DIR"]), Path(config["DRAFTS_DIR"]))


def _found(shelf: str, questionnaire_id: str, version: str) -> drafts.Version:
    try:
        return drafts.checked(shelves(), shelf, questionnaire_id, version)
    except ServiceError:
        raise NotFound() from None


def _model(shelf: str, questionnaire_id: str, version: str) -> Questionnaire:
    """A version without errors (a version with errors has no tree to preview: 404)."""
    model = _found(shelf, questionnaire_id, version).model
    if model is None:
        raise NotFound()
    return model


def preview_languages(model: Questionnaire) -> list[str]:
    """The version's languages the interface speaks too, so a preview is wholly in one."""
    return [code for code in (*model.languages, *model.partial_languages) if code in LANGUAGES]


@bp.get(VERSION_URL)
@policy("questionnaires")
def version(shelf: str, questionnaire_id: str, version: str):
    """A version: its tree, its problems, and links to its changes and area previews."""
    found = _found(shelf, questionnaire_id, version)
    return render_template(
        "questionnaires/version.html",
        found=found,
        model=found.model,
        previous=drafts.previous(shelves(), found),
        languages_shown=preview_languages(found.model) if found.model else [],
        lang=get_locale(),
        shown=shown,
    )


@bp.get(VERSION_URL + "/changes")
@policy("questionnaires")
def changes(shelf: str, questionnaire_id: str, version: str):
    """What changed from the published version before, and what the migration does with it."""
    found = _found(shelf, questionnaire_id, version)
    after = _model(shelf, questionnaire_id, version)
    earlier = drafts.previous(shelves(), found)
    before = _model(drafts.PUBLISHED, questionnaire_id, earlier) if earlier else None
    result = diff_versions(before, after) if before else None
    return render_template(
        "questionnaires/changes.html",
        found=found,
        result=result,
        previous=earlier,
        node_label=node_label,
        before=before,
        after=after,
        changed=change_rows(result, after) if result else [],
        fates=fate_rows(result, before, after) if result else [],
    )


@dataclass(frozen=True)
class Typed:
    """Values typed anywhere in a preview (they travel from area to area in the address)."""

    answers: dict[str, Answer]
    errors: dict[str, str]
    forms: dict[str, AreaForm]  # by area id; empty when nothing was typed


def typed(model: Questionnaire) -> Typed:
    """What the preview's address holds: each area's values read as the area page reads a post."""
    if not request.args:
        return Typed({}, {}, {})
    answers: dict[str, Answer] = {}
    errors: dict[str, str] = {}
    forms = {}
    for area in model.areas():
        built = build_area_form(model, area, get_locale(), {}, formdata=request.args)
        given, refused = read_area(built)
        forms[area.id] = built
        answers.update(
            (qid, Answer(qid, s.status, s.value))  # type: ignore[arg-type]
            for qid, s in given.items()
            if not (s.status == "answered" and s.value is None)
        )
        errors.update((qid, _value_error(error)) for qid, error in refused.items())
    return Typed(answers, errors, forms)


def _page(model: Questionnaire, area: Group, values: Typed) -> Page:
    built = values.forms.get(area.id)
    if built is None:
        views = area_views(model, area, get_locale())
        return Page(area, views, {v.id: StoredValues({}) for v in views})
    return Page(area, built.views, {v.id: BoundValues(built.subform(v.id)) for v in built.views})


def _carried(page: Page) -> list[tuple[str, str]]:
    """The values typed on other areas, kept in the form so they travel on with this one."""
    own = {f"{view.name}-{name}" for view in page.views for name in view.fields}
    return [(k, v) for k, vs in request.args.lists() if k not in own for v in vs]


def _preview_url(model: Questionnaire, shelf: str, area_id: str) -> str:
    return url_for(
        ".preview", shelf=shelf, questionnaire_id=model.id, version=model.version, area_id=area_id
    )


@bp.get(AREA_URL)
@policy("questionnaires")
def preview(shelf: str, questionnaire_id: str, version: str, area_id: str):
    """An area as a national team sees it; typed values make conditions react; nothing is kept."""
    model = _model(shelf, questionnaire_id, version)
    area = area_of(model, area_id)
    values = typed(model)
    page = _page(model, area, values)
    applies = applicable(model, values.answers)
    url = _preview_url(model, shelf, area.id)
    blocks = [
        block.fill(
            page.values[view.id],
            request_parts(view.id in applies, "", url, values.errors.get(view.id), None, ""),
        )
        for view, block in zip(page.views, drawn_blocks(model, page, False), strict=True)
    ]
    lang = get_locale()
    progress = area_progress(model, values.answers, applies)
    query = f"?{request.query_string.decode()}" if request.query_string else ""
    areas = [
        {
            "id": item.id,
            "title": shown(item.title, lang),
            "url": _preview_url(model, shelf, item.id) + query,
            "current": item.id == area.id,
            "answered": progress[item.id][0],
            "applicable": progress[item.id][1],
        }
        for item in model.areas()
    ]
    return render_template(
        "questionnaires/preview.html",
        shelf=shelf,
        model=model,
        title=shown(model.title, lang),
        area_title=shown(area.title, lang),
        area_description=shown(area.description, lang),
        blocks=blocks,
        areas=areas,
        carried=_carried(page),
        page_url=url,
        errors={qid: e for qid, e in values.errors.items() if qid in page.values},
        languages_shown=preview_languages(model),
    )


@bp.get(AREA_URL + "/applicable")
@policy("questionnaires")
def preview_applicable(shelf: str, questionnaire_id: str, version: str, area_id: str):
    """Which questions apply to the typed values, for the preview's script (nothing is kept)."""
    model = _model(shelf, questionnaire_id, version)
    area_of(model, area_id)
    values = typed(model)
    applies = applicable(model, values.answers)
    return jsonify(
        applicable=sorted(q.id for q in model.questions() if q.id in applies),
        progress=area_progress(model, values.answers, applies),
    )


@bp.post("/questionnaires/drafts")
@policy("questionnaires")
def upload_draft():
    """Keep an uploaded questionnaire file among the drafts and show it with its problems."""
    posted = request.files.get("file")
    if posted is None or not posted.filename:
        return _refused(_("Choose a questionnaire file (.yaml) to upload."), (), 400)
    with posted.stream as stream:  # a large upload is spooled to a file: close it now
        data = stream.read(drafts.MAX_BYTES + 1)
    user = current_user._get_current_object()
    try:
        found = drafts.store_upload(db.session, user, shelves(), posted.filename, data)
    except drafts.UnreadableDraft as refusal:
        return _refused(said(refusal), refusal.problems, 422)
    except ServiceError as refusal:
        return _refused(said(refusal), (), 422)
    db.session.commit()
    flash(_("The draft is kept: it is never shown to countries."), "success")
    target = url_for(
        ".version",
        shelf=drafts.DRAFTS,
        questionnaire_id=found.questionnaire_id,
        version=found.version,
    )
    return redirect(target, code=303)


def _refused(message: str, problems: tuple, status: int):
    """The upload refused: why, and where in the file when it could not be read."""
    page = render_template("questionnaires/upload_refused.html", message=message, problems=problems)
    return page, status
