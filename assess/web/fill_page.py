"""Drawing an area page: the stored or posted answers, each question's block, the areas nav."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound

from assess.extensions import db
from assess.forms.builder import AreaForm, QuestionView, area_questions, area_views
from assess.forms.convert import form_data
from assess.forms.fragments import (
    Block,
    BoundValues,
    FieldValues,
    StoredValues,
    area_blocks,
    request_parts,
)
from assess.models import Assessment, Evidence
from assess.questionnaire.answers import Answer, applicable, area_progress, stored_value
from assess.questionnaire.model import Group, Question, Questionnaire
from assess.services import access, carry_forward, queries
from assess.services.answers import AnswerState, records_of, state_of
from assess.services.answers import typed_answers as stored_answers
from assess.services.evidence_files import files_by_question
from assess.services.questionnaires import questionnaire_of
from assess.web.evidence import file_view, max_upload_bytes, shown_size
from assess.web.i18n import get_locale
from assess.words.answers import answer_text
from assess.words.texts import shown


@dataclass(frozen=True)
class Answers:
    """An assessment's questionnaire, stored answers, and which questions apply now."""

    questionnaire: Questionnaire
    states: dict[str, AnswerState]
    given: dict[str, Answer]
    applies: frozenset[str]
    files: dict[str, list[Evidence]]


def answers_of(assessment: Assessment) -> Answers:
    """The assessment's questionnaire, its stored answers and which questions apply now."""
    questionnaire = questionnaire_of(db.session, assessment)
    records = records_of(db.session, assessment)
    given = stored_answers(questionnaire, records)
    states = {qid: state_of(record) for qid, record in records.items()}
    applies = applicable(questionnaire, given)
    return Answers(questionnaire, states, given, applies, files_by_question(records))


def area_of(questionnaire: Questionnaire, area_id: str) -> Group:
    """The questionnaire's area called `area_id`; 404 if there is none."""
    area = questionnaire.area(area_id)
    if area is None:
        raise NotFound()
    return area


def readonly_reason(assessment: Assessment, area: Group) -> str | None:
    """Why the page is read-only: 'status' (not open for changes), 'role', or None (editable)."""
    if assessment.status not in access.EDITABLE_STATUSES:
        return "status"
    if not access.can_edit_area(current_user, assessment, (area.id,)):
        return "role"
    return None


def _stored_data(area: Group, states: dict[str, AnswerState]) -> dict[str, dict[str, Any]]:
    data = {}
    for question in area_questions(area):
        state = states.get(question.id)
        if state is not None:
            data[question.id] = form_data(
                question, state.status, state.value, state.comment, state.evidence, state.version
            )
    return data


def area_url(assessment: Assessment, area_id: str) -> str:
    """The address of an area page."""
    return url_for("fill.area", assessment_id=assessment.id, area_id=area_id)


def _nav(assessment: Assessment, answers: Answers, current: Group, lang: str) -> list[dict]:
    progress = area_progress(answers.questionnaire, answers.given, answers.applies)
    return [
        {
            "id": area.id,
            "title": shown(area.title, lang),
            "url": area_url(assessment, area.id),
            "current": area.id == current.id,
            "answered": progress[area.id][0],
            "applicable": progress[area.id][1],
        }
        for area in answers.questionnaire.areas()
    ]


def _evidence_views(
    assessment: Assessment,
    answers: Answers,
    views: tuple[QuestionView, ...],
    file_errors: dict[str, str],
) -> dict[str, dict[str, Any]]:
    """Per question taking evidence: its files, where to upload more, and a refused upload."""
    return {
        view.id: {
            "files": [file_view(assessment, e) for e in answers.files.get(view.id, [])],
            "upload_url": url_for(
                "evidence.upload", assessment_id=assessment.id, question_id=view.id
            ),
            "error": file_errors.get(view.id),
        }
        for view in views
        if view.question.evidence.allowed
    }


@dataclass(frozen=True)
class Page:
    """What an area page shows: the area, its questions, and their answers' values."""

    area: Group
    views: tuple[QuestionView, ...]
    values: dict[str, FieldValues]


def stored_page(answers: Answers, area: Group) -> Page:
    """A page of the stored answers, without building a form (a form only reads posts)."""
    views = area_views(answers.questionnaire, area, get_locale())
    stored = _stored_data(area, answers.states)
    return Page(area, views, {view.id: StoredValues(stored.get(view.id, {})) for view in views})


def posted_page(built: AreaForm) -> Page:
    """A page of what was posted, shown again."""
    values = {view.id: BoundValues(built.subform(view.id)) for view in built.views}
    return Page(built.area, built.views, values)


def drawn_blocks(questionnaire: Questionnaire, page: Page, readonly: bool) -> tuple[Block, ...]:
    """The page's question blocks as the fields macros draw them, in the reader's language."""
    macros = current_app.jinja_env.get_template("macros/fields.html")

    def drawer():
        question = macros.make_module().question
        return lambda view, live: question(view, live, readonly)

    return area_blocks(questionnaire, page.area, page.views, get_locale(), readonly, drawer)


def _blocks(assessment: Assessment, answers: Answers, page: Page, **extra: Any) -> list[str]:
    """Each question's block: fixed HTML drawn once per language and read-only state (the
    fields macros), filled with this request's answers, errors, conflicts and files."""
    readonly = readonly_reason(assessment, page.area) is not None
    macros = current_app.jinja_env.get_template("macros/fields.html")
    blocks = drawn_blocks(answers.questionnaire, page, readonly)
    evidence = _evidence_views(assessment, answers, page.views, extra.get("file_errors", {}))
    files = macros.make_module().evidence_files if evidence else None
    hint = _(
        "PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, TXT or CSV; at most %(size)s.",
        size=shown_size(max_upload_bytes()),
    )
    page_url = area_url(assessment, page.area.id)
    errors, conflicts = extra.get("errors", {}), extra.get("conflicts", {})
    kept = extra.get("kept", set())
    history = _histories(assessment, answers, page, readonly)
    return [
        block.fill(
            page.values[view.id],
            request_parts(
                view.id in answers.applies,
                ""
                if readonly
                else url_for("fill.autosave", assessment_id=assessment.id, question_id=view.id),
                page_url,
                errors.get(view.id),
                conflicts.get(view.id),
                files(view, evidence[view.id], readonly, hint) if view.id in evidence else "",
                history[view.id],
                view.id in kept,
            ),
        )
        for view, block in zip(page.views, blocks, strict=True)
    ]


def _histories(
    assessment: Assessment, answers: Answers, page: Page, readonly: bool
) -> dict[str, str]:
    """Per question: the last accepted round's answer in words, and whether it was carried into
    this round and still needs confirming."""
    last = carry_forward.last_round(db.session, assessment)
    draw = current_app.jinja_env.get_template("fill/_carried.html").make_module().history
    confirm_url = url_for("fill.confirm_carried", assessment_id=assessment.id)
    drawn = {}
    for view in page.views:
        state = answers.states.get(view.id)
        before = last.answers.get(view.id) if last else None
        shown_last = None
        if last and before:
            words = "; ".join(_in_words(a.question, a.state) for a in before)
            shown_last = {"label": last.label, "words": words}
        carried = state.carried_from if state else None
        drawn[view.id] = str(draw(view, carried, shown_last, confirm_url, readonly))
    return drawn


def _in_words(question: Question, state: AnswerState) -> str:
    given = None if state.value is None else stored_value(question, state.value)
    return answer_text(question, state.status, given, get_locale())


def _carried(answers: Answers, page: Page) -> dict[str, Any] | None:
    """How many applicable answers of the page are carried and unconfirmed, and from which round."""
    rounds = [
        answers.states[v.id].carried_from
        for v in page.views
        if v.id in answers.applies and v.id in answers.states and answers.states[v.id].carried_from
    ]
    return {"count": len(rounds), "label": rounds[0]} if rounds else None


def _threads(assessment: Assessment, page: Page) -> list[dict[str, Any]]:
    """The page's queries, in question order, each with what the reader may do in it."""
    on_page = {view.id: n for n, view in enumerate(page.views)}
    user = current_user._get_current_object()
    found = [q for q in queries.threads(db.session, assessment) if q.question_id in on_page]
    found.sort(key=lambda q: (on_page[q.question_id], q.id))
    settles = access.can_settle_queries(user, assessment)
    return [
        {
            "query": q,
            "may_write": queries.may_write(db.session, user, q),
            "may_settle": settles and assessment.status != "accepted",
        }
        for q in found
    ]


def render(assessment: Assessment, answers: Answers, page: Page, **extra: Any) -> str:
    """The area page; `extra`: a post's refused values, conflicts and refused files by question,
    and the questions shown back though they no longer apply (`kept`)."""
    lang = get_locale()
    nav = _nav(assessment, answers, page.area, lang)
    index = next(i for i, item in enumerate(nav) if item["current"])
    file_refusals = extra.get("file_errors", {})
    return render_template(
        "fill/area.html",
        assessment=assessment,
        title=shown(answers.questionnaire.title, lang),
        area_title=shown(page.area.title, lang),
        area_description=shown(page.area.description, lang),
        blocks=_blocks(assessment, answers, page, **extra),
        question_ids=[view.id for view in page.views],
        threads=_threads(assessment, page),
        areas=nav,
        next_area=nav[index + 1] if index + 1 < len(nav) else None,
        readonly=readonly_reason(assessment, page.area),
        page_url=area_url(assessment, page.area.id),
        area_id=page.area.id,
        carried=_carried(answers, page),
        confirm_url=url_for("fill.confirm_carried", assessment_id=assessment.id),
        errors=extra.get("errors", {}),
        conflicts=extra.get("conflicts", {}),
        file_errors=[
            v.id for v in page.views if v.question.evidence.allowed and file_refusals.get(v.id)
        ],
    )
