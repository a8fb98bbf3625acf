"""Across questionnaire versions: a round brought onto a newer version, and what stays comparable.

A country answered under an earlier version is carried through the declared migration and scored
under the target version. An indicator whose answer was kept, renamed or mapped compares with the
same indicator elsewhere; one that is new, answered afresh, split or merged does not, and is named.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from assess.questionnaire.answers import Answer
from assess.questionnaire.carry import NotCarried, Response, carry
from assess.questionnaire.history import version_key
from assess.questionnaire.migration import migration_between, resolve
from assess.questionnaire.model import Questionnaire, frozen_map
from assess.scoring.assessment import AssessmentScore, score_assessment

Reason = Literal["new", "afresh", "split", "merged"]
COMPARABLE = ("kept", "renamed", "mapped")


@dataclass(frozen=True, slots=True)
class NotComparable:
    """One country's indicator that does not compare with the target version's, and why."""

    country: str
    node_id: str
    reason: Reason
    answered_under: str  # the version the country answered under
    target: str  # the version everything is compared under


@dataclass(frozen=True, slots=True)
class OnTarget:
    """A round under the target version: its carried answers, their score, what is lost."""

    version: str  # the version the round was answered under
    answers: Mapping[str, Answer]
    comments: Mapping[str, str]
    score: AssessmentScore
    not_comparable: Mapping[str, Reason]  # target question id -> why it does not compare
    not_carried: tuple[NotCarried, ...]


def newest(versions: Iterable[str]) -> str:
    """The newest of the versions (1.10 after 1.9); the one everything is compared under."""
    return max(versions, key=version_key)


def not_comparable(old: Questionnaire, new: Questionnaire) -> dict[str, Reason]:
    """The scored questions of `new` whose answers do not compare with answers under `old`.

    ValueError when `new` declares its migration from another version than `old`.
    """
    if old.version == new.version:
        return {}
    plan = resolve(migration_between(old, new), old, new)
    afresh = {qid for qid, fate in plan.fates.items() if fate == "afresh"}
    reasons: dict[str, Reason] = {}
    for question in new.questions():
        if not question.scored:
            continue
        kinds = {c.kind for c in plan.carries if c.target == question.id}
        if kinds & set(COMPARABLE):
            continue
        if kinds:
            reasons[question.id] = "merged" if "merged" in kinds else "split"
        else:
            reasons[question.id] = "afresh" if question.id in afresh else "new"
    return reasons


def onto(
    old: Questionnaire,
    new: Questionnaire,
    answers: Mapping[str, Answer],
    comments: Mapping[str, str],
) -> OnTarget:
    """The round answered under `old` as it reads under `new`, scored there.

    ValueError when `new` declares its migration from another version than `old`.
    """
    reasons = not_comparable(old, new)
    if old.version == new.version:
        result_answers, result_comments, lost = dict(answers), dict(comments), ()
    else:
        given = {qid: Response(a, comments.get(qid, "")) for qid, a in answers.items()}
        result = carry(old, new, given)
        result_answers = {qid: c.response.answer for qid, c in result.carried.items()}
        result_comments = {
            qid: c.response.comment for qid, c in result.carried.items() if c.response.comment
        }
        lost = result.not_carried
    return OnTarget(
        old.version,
        frozen_map(result_answers),
        frozen_map(result_comments),
        score_assessment(new, result_answers),
        frozen_map(reasons),
        lost,
    )


def named(country: str, on_target: OnTarget, target: str) -> tuple[NotComparable, ...]:
    """The country's not-comparable indicators, in the target's order."""
    return tuple(
        NotComparable(country, node_id, reason, on_target.version, target)
        for node_id, reason in on_target.not_comparable.items()
    )
