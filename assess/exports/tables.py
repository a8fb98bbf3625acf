"""The tables an export holds: their columns, and their rows built from one assessment's data.

Pure: rows are built from a questionnaire, an assessment's description and its stored answers,
score or plan actions, handed in by assess.exports.scope. Column names are stable identifiers
(scripts in R or Stata use them); their labels are said in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assess.models import STATUSES
from assess.questionnaire.answers import stored_value
from assess.questionnaire.model import Question, Questionnaire
from assess.scoring import AssessmentScore
from assess.services.assessments import status_word
from assess.words.answers import ANSWERED, answer_text
from assess.words.texts import Text, refusal_text, shown

NUMBER, TEXT = "number", "text"


@dataclass(frozen=True)
class Column:
    """A column of a table: its name, its label, whether it holds numbers, and, for a column of
    codes, each code with its label (the value labels of SPSS, Stata and R)."""

    name: str
    label: Text
    kind: str = TEXT
    codes: tuple[tuple[str, Text], ...] = ()


@dataclass(frozen=True)
class Described:
    """What every row says of the assessment it comes from."""

    assessment_id: int
    country: str  # the country's code
    round: str
    questionnaire_id: str
    version: str
    status: str

    def row(self) -> dict[str, Any]:
        return {
            "assessment_id": self.assessment_id,
            "country": self.country,
            "round": self.round,
            "questionnaire_id": self.questionnaire_id,
            "version": self.version,
            "status": self.status,
        }


@dataclass(frozen=True)
class Stored:
    """A stored answer as an export reads it: state, stored value, comment, evidence names."""

    status: str
    value: Any
    comment: str
    evidence: tuple[str, ...]


STATES = (
    ("answered", refusal_text("Answered")),
    ("na", refusal_text("Not applicable")),
    ("dont_know", refusal_text("Don't know")),
)
ASSESSMENT_COLUMNS = (
    Column("assessment_id", refusal_text("Assessment number"), NUMBER),
    Column("country", refusal_text("Country (ISO 3166 code)")),
    Column("round", refusal_text("Round")),
    Column("questionnaire_id", refusal_text("Questionnaire")),
    Column("version", refusal_text("Questionnaire version")),
    Column(
        "status",
        refusal_text("Status of the assessment"),
        codes=tuple((status, status_word(status)) for status in STATUSES),
    ),
)
NODE_COLUMNS = (
    Column("node_id", refusal_text("Indicator or group (id)")),
    Column("title", refusal_text("Title")),
)
TABLES: dict[str, tuple[Column, ...]] = {
    "answers": (
        *ASSESSMENT_COLUMNS,
        Column("area", refusal_text("Area (id)")),
        Column("question_id", refusal_text("Question (id)")),
        Column("question", refusal_text("Question")),
        Column("type", refusal_text("Question type")),
        Column("state", refusal_text("State of the answer (blank: not answered)"), codes=STATES),
        Column("value", refusal_text("Value as stored (option ids, numbers, ISO dates)")),
        Column("value_label", refusal_text("Answer in words")),
        Column("comment", refusal_text("Comment")),
        Column("evidence", refusal_text("Evidence (links, texts and file names)")),
    ),
    "scores": (
        *ASSESSMENT_COLUMNS,
        *NODE_COLUMNS,
        Column("score", refusal_text("Score"), NUMBER),
        Column("band", refusal_text("Band")),
        Column("level", refusal_text("Level"), NUMBER),
        Column("answered", refusal_text("Questions answered"), NUMBER),
        Column("applicable", refusal_text("Questions that apply"), NUMBER),
        Column("reliable", refusal_text("Reliable (1) or provisional (0)"), NUMBER),
    ),
    "gaps": (
        *ASSESSMENT_COLUMNS,
        *NODE_COLUMNS,
        Column("level", refusal_text("Level"), NUMBER),
        Column("target", refusal_text("Target"), NUMBER),
        Column("gap", refusal_text("Gap"), NUMBER),
        Column("normalised_gap", refusal_text("Gap as a share of the scale"), NUMBER),
        Column("priority", refusal_text("Priority value"), NUMBER),
        Column(
            "priority_band",
            refusal_text("Priority"),
            codes=(
                ("high", refusal_text("High")),
                ("medium", refusal_text("Medium")),
                ("low", refusal_text("Low")),
            ),
        ),
    ),
    "risks": (
        *ASSESSMENT_COLUMNS,
        Column("scenario_id", refusal_text("Scenario (id)")),
        Column("title", refusal_text("Title")),
        Column("likelihood", refusal_text("Likelihood"), NUMBER),
        Column("impact", refusal_text("Impact"), NUMBER),
        Column("risk", refusal_text("Risk (likelihood x impact)"), NUMBER),
        Column("band", refusal_text("Band")),
    ),
    "actions": (
        *ASSESSMENT_COLUMNS,
        Column("action_id", refusal_text("Action (id)")),
        Column("gap_id", refusal_text("Indicator or group (id)")),
        Column("title", refusal_text("Title")),
        Column("type", refusal_text("Type of action")),
        Column("priority", refusal_text("Priority")),
        Column("start", refusal_text("Start")),
        Column("end", refusal_text("End")),
        Column("lead", refusal_text("Lead")),
        Column("cost", refusal_text("Cost"), NUMBER),
        Column("currency", refusal_text("Currency")),
        Column("action_status", refusal_text("Status of the action")),
        Column("progress", refusal_text("Progress (percent)"), NUMBER),
    ),
}
TABLE_NAMES = tuple(TABLES)


def answer_rows_of(
    about: Described,
    questionnaire: Questionnaire,
    stored: Mapping[str, Stored],
    lang: str,
) -> Iterator[dict[str, Any]]:
    """One row per question of the questionnaire, in document order, answered or not."""
    areas = {area.id for area in questionnaire.areas()}
    for question in questionnaire.questions():
        answer = stored.get(question.id)
        area = next((node_id for node_id in question.path if node_id in areas), "")
        yield {
            **about.row(),
            "area": area,
            "question_id": question.id,
            "question": _said(question.text, lang),
            "type": question.type,
            **_answer(question, answer, lang),
        }


def _answer(question: Question, answer: Stored | None, lang: str) -> dict[str, Any]:
    if answer is None:
        return {"state": "", "value": None, "value_label": "", "comment": "", "evidence": ""}
    given = answer.status == ANSWERED and answer.value is not None
    value = stored_value(question, answer.value) if given else None
    return {
        "state": answer.status,
        "value": _stored_words(answer.value) if given else None,
        "value_label": answer_text(question, answer.status, value, lang),
        "comment": answer.comment,
        "evidence": "; ".join(answer.evidence),
    }


def _stored_words(value: Any) -> Any:
    """A stored value as one field: a number stays a number, a set of ids is space-separated."""
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    if isinstance(value, bool):
        return str(value).lower()
    return value


def _said(text: Any, lang: str) -> str:
    found = shown(text, lang)
    return found.text if found else ""


def score_rows_of(
    about: Described, questionnaire: Questionnaire, score: AssessmentScore, lang: str
) -> Iterator[dict[str, Any]]:
    """One row per scored node (the questionnaire, its groups and questions), root first."""
    for node in score:
        yield {
            **about.row(),
            "node_id": node.node_id,
            "title": _title(questionnaire, node.node_id, lang),
            "score": node.score,
            "band": node.band or "",
            "level": node.level,
            "answered": node.answered,
            "applicable": node.applicable,
            "reliable": int(node.reliable),
        }


def gap_rows_of(
    about: Described, questionnaire: Questionnaire, score: AssessmentScore, lang: str
) -> Iterator[dict[str, Any]]:
    """One row per indicator with a gap to its target, with its priority."""
    for node_id, priority in score.priorities.items():
        node = score.nodes[node_id]
        yield {
            **about.row(),
            "node_id": node_id,
            "title": _title(questionnaire, node_id, lang),
            "level": node.level,
            "target": node.target,
            "gap": node.gap,
            "normalised_gap": node.normalised_gap,
            "priority": priority.value,
            "priority_band": priority.band,
        }


def risk_rows_of(
    about: Described, questionnaire: Questionnaire, score: AssessmentScore, lang: str
) -> Iterator[dict[str, Any]]:
    """One row per risk scenario of the questionnaire's register."""
    titles = {s.id: s.title for s in questionnaire.risk.scenarios} if questionnaire.risk else {}
    for scenario_id, risk in score.risks.items():
        yield {
            **about.row(),
            "scenario_id": scenario_id,
            "title": _said(titles.get(scenario_id), lang),
            "likelihood": risk.likelihood,
            "impact": risk.impact,
            "risk": risk.risk,
            "band": risk.band or "",
        }


def action_rows_of(about: Described, actions: Sequence[Mapping[str, Any]]) -> Iterator[dict]:
    """One row per active action of the assessment's plan, in the plan's order (each action's
    fields as people left them: their edits over what was proposed)."""
    for fields in actions:
        yield {
            **about.row(),
            "action_id": fields["id"],
            "gap_id": fields.get("gap_id", ""),
            "title": fields.get("title", ""),
            "type": fields.get("type", ""),
            "priority": fields.get("priority", ""),
            "start": fields.get("start") or "",
            "end": fields.get("end") or "",
            "lead": fields.get("lead_agency") or "",
            "cost": _amount(fields.get("cost")),
            "currency": fields.get("currency") or "",
            "action_status": fields.get("status") or "",
            "progress": fields.get("progress"),
        }


def _amount(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _title(questionnaire: Questionnaire, node_id: str, lang: str) -> str:
    if node_id == questionnaire.id:
        return _said(questionnaire.title, lang)
    node = questionnaire.node(node_id)
    return _said(getattr(node, "title", None) or getattr(node, "text", None), lang)
