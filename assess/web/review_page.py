"""The review page's contents: areas with their scores, the questions a filter keeps, each with
its answer, what changed since the return (old -> new) and its query threads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import abort, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user

from assess.extensions import db
from assess.models import AnswerRecord, Assessment, Query
from assess.questionnaire.answers import applicable, stored_value
from assess.questionnaire.model import Group, Question, Questionnaire
from assess.scoring.assessment import score_assessment
from assess.scoring.engine import NodeScore
from assess.services import access, changes, queries
from assess.services.answers import records_of, typed_answers
from assess.web.i18n import decimal, get_locale
from assess.words.answers import answer_text
from assess.words.numbers import percent

# The filters, by the name the query string gives them, and what each keeps.
FILTERS = {
    "unanswered": lazy_gettext("Unanswered"),
    "queried": lazy_gettext("With a query"),
    "changed": lazy_gettext("Changed since the return"),
    "evidence": lazy_gettext("Evidence required"),
    "below": lazy_gettext("Below target"),
}
ALL_AREAS = "all"


@dataclass
class Item:
    """One question as the review page shows it."""

    question: Question
    record: AnswerRecord | None
    facts: set[str]
    change: tuple[str, str] | None  # old -> new, in words
    threads: list[Query] = field(default_factory=list)


@dataclass
class AreaView:
    """One area in the navigation: its scores and how many of its questions the filters keep."""

    area: Group
    url: str
    current: bool
    score: str
    completeness: str
    gaps: int
    shown: int


def _words(question: Question, state: dict[str, Any] | None, lang: str) -> str:
    if state is None or (state["status"] == "answered" and state["value"] is None):
        return _("Not answered")
    value = None if state["value"] is None else stored_value(question, state["value"])
    return answer_text(question, state["status"], value, lang) or _("Not answered")


def _facts(
    question: Question,
    record: AnswerRecord | None,
    applies: frozenset[str],
    node: NodeScore | None,
    queried: bool,
    changed: bool,
) -> set[str]:
    blank = record is None or (record.status == "answered" and record.value is None)
    facts = {
        "unanswered": question.id in applies and blank,
        "queried": queried,
        "changed": changed,
        "evidence": question.evidence.required and question.id in applies,
        "below": node is not None and node.gap is not None and node.gap > 0,
    }
    return {name for name, holds in facts.items() if holds}


def _items(assessment: Assessment, questionnaire: Questionnaire) -> tuple[list[Item], Any]:
    """Every question of the assessment as an Item, and the assessment's score."""
    records = records_of(db.session, assessment)
    # Scored as the plans score it (one read of the answers serves both).
    answers = typed_answers(questionnaire, records)
    score = score_assessment(questionnaire, answers)
    applies = applicable(questionnaire, answers)
    changed = changes.since_return(db.session, assessment)
    by_question: dict[str, list[Query]] = {}
    for query in queries.threads(db.session, assessment):
        by_question.setdefault(query.question_id, []).append(query)
    lang = get_locale()
    items = []
    for question in questionnaire.questions():
        change = changed.get(question.id)
        threads = by_question.get(question.id, [])
        node = score.nodes.get(question.id)
        record = records.get(question.id)
        facts = _facts(question, record, applies, node, bool(threads), change is not None)
        words = (
            (_words(question, change.old, lang), _words(question, change.new, lang))
            if change
            else None
        )
        items.append(Item(question, record, facts, words, threads))
    return items, score


def _kept(item: Item, show: list[str]) -> bool:
    """Whether every chosen filter keeps the item (no filter keeps every item)."""
    return all(name in item.facts for name in show)


def _nav(assessment, areas, items, score, area_of, chosen, show) -> list[AreaView]:
    """Each area: its score, completeness, gaps and how many questions the filters keep."""
    nav = []
    for area in areas:
        mine = [i for i in items if area_of[i.question.id] and area_of[i.question.id].id == area.id]
        node = score.nodes.get(area.id)
        nav.append(
            AreaView(
                area,
                url_for("review.review", assessment_id=assessment.id, area=area.id, show=show),
                area.id == chosen,
                decimal(node.score) if node and node.score is not None else "",
                percent(node.completeness, get_locale()) if node else "",
                sum("below" in i.facts for i in mine),
                sum(_kept(i, show) for i in mine),
            )
        )
    return nav


def review_view(
    assessment: Assessment, questionnaire: Questionnaire, area_id: str | None, asked: list[str]
) -> dict[str, Any]:
    """What the review page shows for the chosen area (or every area) and filters, which all
    must keep a question for it to show; 404 for an unknown area, 400 for an unknown filter."""
    if any(name and name not in FILTERS for name in asked):
        abort(400, description=_("There is no such filter."))
    show = [name for name in FILTERS if name in asked]
    areas = questionnaire.areas()
    chosen = area_id or areas[0].id
    if chosen != ALL_AREAS and questionnaire.area(chosen) is None:
        abort(404)
    items, score = _items(assessment, questionnaire)
    area_of = {q.id: questionnaire.area_of(q.id) for q in questionnaire.questions()}
    nav = _nav(assessment, areas, items, score, area_of, chosen, show)
    shown = [
        i
        for i in items
        if (chosen == ALL_AREAS or (area_of[i.question.id] and area_of[i.question.id].id == chosen))
        and _kept(i, show)
    ]
    user = current_user._get_current_object()
    return {
        "areas": nav,
        "area_id": chosen,
        "all_areas": ALL_AREAS,
        "current_area": next((a for a in nav if a.current), None),
        "items": shown,
        "show": show,
        "filters": FILTERS,
        "all_url": url_for("review.review", assessment_id=assessment.id, area=ALL_AREAS, show=show),
        "may_raise": access.can_settle_queries(user, assessment)
        and assessment.status in queries.RAISED_WHILE,
        "may_settle": access.can_settle_queries(user, assessment)
        and assessment.status != "accepted",
        "unsettled": sum(q.status != queries.CLOSED for i in items for q in i.threads),
        "open_queries": sum(q.status == queries.OPEN for i in items for q in i.threads),
    }
