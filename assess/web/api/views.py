"""The API's resources: questionnaires, assessments, their answers and scores, and plans.

Each view reads the request, asks the same policies and queries as the pages
(assess.web.policies, assess.services.access) and returns JSON; lists are paged by id.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import Response, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from assess.exports.scope import Scope
from assess.extensions import db
from assess.models import AnswerRecord, Assessment, Plan
from assess.questionnaire.model import Group, Question, Questionnaire
from assess.services import access
from assess.services.plan_inputs import national_inputs
from assess.services.plan_views import action_rows
from assess.services.questionnaires import questionnaires
from assess.web import exports

# The pages' own policies, declared where their pages are: "plan" and "questionnaires".
from assess.web import plans as _plan_pages  # noqa: F401
from assess.web import questionnaires as _questionnaire_pages  # noqa: F401
from assess.web.api import bp, error
from assess.web.i18n import get_locale
from assess.web.policies import policy

OPENAPI = Path(__file__).with_name("openapi.json")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class BadParameter(Exception):
    """A query parameter the API cannot take: where it is and what to send instead."""

    def __init__(self, place: str, message: str) -> None:
        super().__init__(message)
        self.place = place
        self.message = message


@bp.errorhandler(BadParameter)
def bad_parameter(failure: BadParameter):
    return error(400, "invalid-parameter", failure.message, place=failure.place)


def plain(value: Any) -> Any:
    """`value` as JSON can carry it: days and times in ISO 8601, exact amounts as strings."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def _whole(name: str, low: int, high: int, default: int | None) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise BadParameter(
            f"query.{name}",
            _(
                "%(name)s must be a whole number from %(low)s to %(high)s.",
                name=name,
                low=low,
                high=high,
            ),
        )
    return int(raw)


def page(query: Select, column: Any, shape) -> Response:
    """One page of `query` in the order of `column` (an id), after `cursor`, at most `limit`."""
    limit = _whole("limit", 1, MAX_LIMIT, DEFAULT_LIMIT)
    cursor = _whole("cursor", 0, 2**62, None)
    query = query.order_by(None).order_by(column)
    if cursor is not None:
        query = query.where(column > cursor)
    rows = db.session.scalars(query.limit(limit + 1)).all()
    items = rows[:limit]
    more = len(rows) > limit
    next_cursor = str(items[-1].id) if more else None
    return jsonify(items=[shape(row) for row in items], next_cursor=next_cursor)


@bp.get("/openapi.json")
@policy("public")
def openapi():
    return Response(OPENAPI.read_bytes(), mimetype="application/json")


def _questionnaire(model: Questionnaire, lang: str, whole: bool) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "id": model.id,
        "version": model.version,
        "title": model.title.get(lang),
        "languages": list(model.all_languages),
    }
    if whole:
        shape["areas"] = [_area(area, lang) for area in model.areas()]
    return shape


def _area(area: Group, lang: str) -> dict[str, Any]:
    questions = [node for node in area.walk() if isinstance(node, Question)]
    return {
        "id": area.id,
        "title": area.title.get(lang),
        "questions": [_question(question, lang) for question in questions],
    }


def _question(question: Question, lang: str) -> dict[str, Any]:
    options = question.scale.options if question.scale else question.options
    levels = question.scale.levels if question.scale else ()
    return {
        "id": question.id,
        "type": question.type,
        "text": question.text.get(lang),
        "required": question.required,
        "options": [
            {"id": option.id, "label": option.label.get(lang), "score": option.score}
            for option in options
        ],
        "levels": [
            {"value": level.value, "label": level.label.get(lang), "score": level.score}
            for level in levels
        ],
    }


@bp.get("/questionnaires")
@policy("questionnaires")
def questionnaire_list():
    found = questionnaires(db.session)
    lang = get_locale()
    items = [_questionnaire(model, lang, False) for model in found.loadable()]
    return jsonify(items=items, next_cursor=None)


@bp.get("/questionnaires/<questionnaire_id>/<version>")
@policy("questionnaires")
def questionnaire_version(questionnaire_id: str, version: str):
    found = questionnaires(db.session)
    if (questionnaire_id, version) not in found.published():
        return error(404, "not-found", _("There is nothing here, or nothing you may see."))
    return jsonify(_questionnaire(found.get(questionnaire_id, version), get_locale(), True))


def _assessment(assessment: Assessment) -> dict[str, Any]:
    country = assessment.country
    return plain(
        {
            "id": assessment.id,
            "country": {"code": country.code, "name": country.name},
            "region": country.region.code,
            "questionnaire_id": assessment.questionnaire_id,
            "questionnaire_version": assessment.questionnaire_version,
            "round_label": assessment.round_label,
            "round_year": assessment.round_year,
            "round_period": assessment.round_period,
            "deadline": assessment.deadline,
            "status": assessment.status,
            "created_at": assessment.created_at,
            "updated_at": assessment.updated_at,
        }
    )


@bp.get("/assessments")
@policy("signed-in")
def assessment_list():
    query = access.visible_assessments(current_user._get_current_object())
    return page(query, Assessment.id, _assessment)


@bp.get("/assessments/<int:assessment_id>")
@policy("assessment")
def assessment_one(assessment: Assessment):
    return jsonify(_assessment(assessment))


def _answer(record: AnswerRecord) -> dict[str, Any]:
    return plain(
        {
            "id": record.id,
            "question_id": record.question_id,
            "status": record.status,
            "value": record.value,
            "comment": record.comment,
            "carried_from": record.carried_from,
            "version": record.version,
            "updated_at": record.updated_at,
            "evidence": [
                {"kind": item.kind, "name": item.filename or item.payload}
                for item in record.evidence
            ],
        }
    )


@bp.get("/assessments/<int:assessment_id>/answers")
@policy("assessment")
def answer_list(assessment: Assessment):
    query = (
        select(AnswerRecord)
        .where(AnswerRecord.assessment_id == assessment.id)
        .options(selectinload(AnswerRecord.evidence))
    )
    return page(query, AnswerRecord.id, _answer)


@bp.get("/assessments/<int:assessment_id>/scores")
@policy("assessment")
def scores(assessment: Assessment):
    score = national_inputs(db.session, assessment).score
    nodes = [{key: getattr(node, key) for key in NODE_FIELDS} for node in score.nodes.values()]
    risks = [{key: getattr(risk, key) for key in RISK_FIELDS} for risk in score.risks.values()]
    priorities = [
        {key: getattr(item, key) for key in PRIORITY_FIELDS} for item in score.priorities.values()
    ]
    return jsonify(
        plain(
            {
                "assessment_id": assessment.id,
                "questionnaire_id": score.questionnaire_id,
                "questionnaire_version": score.version,
                "nodes": nodes,
                "risks": risks,
                "priorities": priorities,
            }
        )
    )


NODE_FIELDS = (
    "node_id", "score", "status", "band", "answered", "applicable", "reliable", "level",
    "target", "gap", "normalised_gap",
)  # fmt: skip
RISK_FIELDS = ("scenario_id", "likelihood", "impact", "risk", "normalised", "band", "source")
PRIORITY_FIELDS = ("node_id", "value", "computed_band", "band", "risk", "scenarios")


def _plan(plan: Plan, actions: bool = False) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "id": plan.id,
        "kind": plan.kind,
        "assessment_id": plan.assessment_id,
        "region": plan.region.code if plan.region else plan.assessment.country.region.code,
        "country": plan.assessment.country.code if plan.assessment else None,
        "questionnaire_id": plan.questionnaire_id,
        "questionnaire_version": plan.questionnaire_version,
        "generated_at": plan.generated_at,
    }
    if actions:
        shape["actions"] = [{"action_id": row.action_id, **row.fields} for row in action_rows(plan)]
    return plain(shape)


@bp.get("/plans")
@policy("signed-in")
def plan_list():
    return page(access.visible_plans(current_user._get_current_object()), Plan.id, _plan)


@bp.get("/plans/<int:plan_id>")
@policy("plan")
def plan_one(plan: Plan):
    return jsonify(_plan(plan, actions=True))


@bp.get("/assessments/<int:assessment_id>/export")
@policy("assessment")
def assessment_export(assessment: Assessment):
    """A table of the assessment as a file: the pages' export (`?table=&format=`)."""
    return exports.download(Scope(assessment=assessment))


@bp.get("/regions/<region_code>/export")
@policy("region")
def region_export(region):
    """A table of a round of the region (`?round=`, else its newest) as a file."""
    return exports.download(exports.region_scope(region))
