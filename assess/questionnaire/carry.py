"""Carries a round's answers from an earlier version into a newer one, through its migration."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from assess.questionnaire.answers import Answer, AnswerError, validate
from assess.questionnaire.migration import (
    SET_TYPES,
    Carry,
    CarryKind,
    migration_between,
    resolve,
    value_key,
)
from assess.questionnaire.model import Question, Questionnaire, frozen_map

Reason = Literal["dropped", "afresh", "unaccounted", "no_value", "not_offered", "invalid"]
REASONS: Mapping[str, str] = {
    "dropped": "the question was removed",
    "afresh": "the question must be answered afresh",
    "unaccounted": "the new version says nothing about this question",
    "no_value": "the answer has no equivalent in the new version",
    "not_offered": "the new question does not offer this answer",
    "invalid": "the answer is not valid for the new question",
}


@dataclass(frozen=True, slots=True)
class Response:
    """An answer with what was written beside it: a comment and evidence lines."""

    answer: Answer
    comment: str = ""
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Carried:
    """An answer under the new version, and the earlier questions it came from."""

    response: Response
    kind: CarryKind
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NotCarried:
    """An earlier answer that does not reach the new version, and why."""

    question_id: str
    reason: Reason
    target: str | None = None
    detail: str = ""

    @property
    def why(self) -> str:
        return self.detail or REASONS[self.reason]


@dataclass(frozen=True, slots=True)
class CarryResult:
    carried: Mapping[str, Carried]  # question id in the new version -> its carried answer
    not_carried: tuple[NotCarried, ...]

    def responses(self) -> dict[str, Response]:
        return {qid: c.response for qid, c in self.carried.items()}


def carry(old: Questionnaire, new: Questionnaire, responses: Mapping[str, Response]) -> CarryResult:
    """The answers under `new`, and what could not be carried (answers of earlier questions)."""
    plan = resolve(migration_between(old, new), old, new)
    carried: dict[str, Carried] = {}
    lost: list[NotCarried] = []
    for carry_rule in plan.carries:
        target = new.node(carry_rule.target)
        outcome = _carry_one(carry_rule, old, target, responses)
        if isinstance(outcome, Carried):
            carried[carry_rule.target] = outcome
        else:
            lost.extend(outcome)
    for old_id, fate in plan.fates.items():
        if old_id in responses and fate in ("dropped", "afresh", "unaccounted"):
            lost.append(NotCarried(old_id, fate))
    return CarryResult(frozen_map(carried), tuple(lost))


def _carry_one(
    rule: Carry, old: Questionnaire, target: Any, responses: Mapping[str, Response]
) -> Carried | list[NotCarried]:
    """One rule's carried answer, or why each of its answered sources could not be carried."""
    found: list[Response] = []
    lost: list[NotCarried] = []
    for source_id in rule.sources:
        if source_id not in responses:
            continue
        outcome = _convert(rule, old.node(source_id), target, responses[source_id])
        (found if isinstance(outcome, Response) else lost).append(outcome)
    if not found:
        return lost
    return Carried(_combine(rule.rule, found), rule.kind, rule.sources)


def _convert(
    rule: Carry, source: Any, target: Question, response: Response
) -> Response | NotCarried:
    """One earlier response as an answer of the target: mapped, then checked against it."""
    answer = response.answer
    if answer.status != "answered":
        offered = target.allow_na if answer.status == "na" else target.allow_dont_know
        if not offered:
            return NotCarried(source.id, "not_offered", target.id)
        moved = Answer(target.id, answer.status)
        return Response(moved, response.comment, response.evidence)
    value = answer.value
    value_map = rule.maps.get(source.id)
    if value_map is not None:
        if source.type in SET_TYPES:
            mapped = (value_map.values.get(value_key(v)) for v in value)
            value = frozenset(v for v in mapped if v is not None)
        else:
            value = value_map.values.get(value_key(value))
            if value is None:
                return NotCarried(source.id, "no_value", target.id)
    try:
        value = validate(target, value)
    except AnswerError as error:
        return NotCarried(source.id, "invalid", target.id, error.message)
    return Response(Answer(target.id, "answered", value), response.comment, response.evidence)


def _combine(rule: str, found: list[Response]) -> Response:
    """One response from several (merged questions): the rule picks the answer; comments and
    evidence of all are kept."""
    answered = [r for r in found if r.answer.status == "answered"]
    chosen = answered[0] if answered else found[0]
    if rule != "first" and answered:
        pick = min if rule == "min" else max
        chosen = pick(answered, key=lambda r: r.answer.value)
    comments = [r.comment for r in found if r.comment]
    evidence = tuple(dict.fromkeys(line for r in found for line in r.evidence))
    return Response(chosen.answer, "\n\n".join(dict.fromkeys(comments)), evidence)
