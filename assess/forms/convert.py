"""Between forms and answers: what a posted question means, and a stored answer as form data."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assess.forms.builder import ANSWERED, DONT_KNOW, NOT_APPLICABLE, AreaForm, answer_states
from assess.forms.fields import form_number
from assess.questionnaire.answers import AnswerError, coerce, from_json, to_json
from assess.questionnaire.model import Question
from assess.words.texts import Text, refusal_plural, refusal_text

# The evidence box holds one text or link per line; longer input is refused, not cut.
MAX_EVIDENCE_ITEMS = 50


@dataclass(frozen=True, slots=True)
class Submitted:
    """One question as posted: its state, typed value (None: blank), comment, evidence, version."""

    question_id: str
    status: str
    value: object
    comment: str
    evidence: tuple[str, ...]
    version: int
    seen: str = ""  # fingerprint of the answer the page showed: equal to ours means untouched

    def fingerprint(self, question: Question) -> str:
        """The fingerprint of what was posted, comparable with `seen`."""
        stored = to_json(question, self.value) if self.value is not None else None
        return fingerprint(self.status, stored, self.comment, self.evidence)

    @property
    def blank(self) -> bool:
        """Nothing given: answered state with no value, no comment and no evidence."""
        return (
            self.status == ANSWERED
            and self.value is None
            and not self.comment
            and not self.evidence
        )


@dataclass(frozen=True, slots=True)
class FieldError:
    """Why a posted value was refused: the answer error's code, its English message, and the
    same words to say in the reader's language (`text`, see assess.words.texts.said)."""

    question_id: str
    code: str
    message: str
    text: Text | None = field(default=None, compare=False)

    @classmethod
    def of(cls, question_id: str, code: str, text: Text) -> FieldError:
        """The refusal `text` (code `code`) of the value posted for `question_id`."""
        return cls(question_id, code, str(text), text)


def _version(raw: object) -> int:
    try:
        return max(int(str(raw)), 0)
    except ValueError:
        return 0


def _raw_value(raw: object) -> str | Sequence[str] | None:
    if raw is None or isinstance(raw, str):
        return raw
    if isinstance(raw, list | tuple):
        # No box ticked reads as no answer yet: a page cannot tell it from an untouched question.
        return [str(item) for item in raw] or None
    return str(raw)


def evidence_lines(raw: object) -> tuple[str, ...]:
    """The evidence box's non-empty lines, each trimmed."""
    if not isinstance(raw, str):
        return ()
    return tuple(line.strip() for line in raw.splitlines() if line.strip())


def _ticked(raw: object) -> bool:
    """Whether a checkbox was ticked: True from JSON, "y" (or similar) from a posted form."""
    return raw is True or (isinstance(raw, str) and raw.lower() in ("y", "yes", "on", "true", "1"))


def _value(question: Question, data: Mapping[str, Any]) -> object:
    """The typed value posted for an answered question (AnswerError when it does not fit)."""
    value = coerce(question, _raw_value(data.get("value")))
    if question.type != "checklist" or not _ticked(data.get("none")):
        return value
    if value:
        raise AnswerError(
            "F003", refusal_text("tick the items met or 'none of these is met', not both")
        )
    # Answered with the empty set: no level reached, scored as the scale's minimum.
    return frozenset()


# The answer states other than "answered", as a refusal names them.
STATE_WORDS: dict[str, Text] = {
    NOT_APPLICABLE: refusal_text("Not applicable"),
    DONT_KNOW: refusal_text("Don't know"),
}


def shown_answer(status: str, stored: object) -> str:
    """What a page showed of an answer's kind and value (in stored form), without its comment or
    evidence: a post compares it to tell which of the two the person changed."""
    return fingerprint(status, stored, None, ())


def _value_given(question: Question, data: Mapping[str, Any]) -> bool:
    raw = _raw_value(data.get("value"))
    if isinstance(raw, str):
        raw = raw.strip()
    return bool(raw) or (question.type == "checklist" and _ticked(data.get("none")))


def _settled(question: Question, status: str, data: Mapping[str, Any]) -> tuple[str, object]:
    """The state and value a post means; a value posted with "not applicable" or "don't know" is
    never dropped unsaid. The page showed that state without a value: the person chose a value
    while it was selected, so the answer is the value. The page showed that very value: the
    person chose the state (a page without scripts cannot clear a level), so the state wins.
    Otherwise both changed and the post is refused (AnswerError) rather than cut in part."""
    if status == ANSWERED:
        return status, _value(question, data)
    if not _value_given(question, data):
        return status, None
    shown = str(data.get("shown") or "")
    if shown == shown_answer(status, None):
        return ANSWERED, _value(question, data)
    try:
        value = _value(question, data)
    except AnswerError:
        value = None
    if value is not None and shown == shown_answer(ANSWERED, to_json(question, value)):
        return status, None
    raise AnswerError(
        "F004",
        refusal_text(
            "“%(state)s” is chosen and so is an answer: choose “Answer” to keep the answer, or "
            "remove the answer to keep “%(state)s”",
            state=STATE_WORDS[status],
        ),
    )


def read_question(question: Question, data: Mapping[str, Any]) -> Submitted | FieldError:
    """What one question's posted data means, checked against the question."""
    status = str(data.get("state") or ANSWERED)
    if status not in answer_states(question):
        offered = refusal_text("'%(state)s' is not offered for this question", state=status)
        return FieldError.of(question.id, "F001", offered)
    try:
        status, value = _settled(question, status, data)
    except AnswerError as error:
        # Said beside its question: the text without the question's id.
        return FieldError.of(question.id, error.code, error.text)
    evidence = evidence_lines(data.get("evidence")) if question.evidence.allowed else ()
    if len(evidence) > MAX_EVIDENCE_ITEMS:
        too_many = refusal_plural(
            "at most %(limit)s evidence line",
            "at most %(limit)s evidence lines",
            "limit",
            limit=MAX_EVIDENCE_ITEMS,
        )
        return FieldError.of(question.id, "F002", too_many)
    comment = str(data.get("comment") or "").strip() if question.comment else ""
    version = _version(data.get("version"))
    seen = str(data.get("seen") or "")
    return Submitted(question.id, status, value, comment, evidence, version, seen)


def read_area(built: AreaForm) -> tuple[dict[str, Submitted], dict[str, FieldError]]:
    """Every question of a posted area page: what was given, and what was refused and why."""
    given: dict[str, Submitted] = {}
    refused: dict[str, FieldError] = {}
    for view in built.views:
        result = read_question(view.question, built.subform(view.id).data)
        if isinstance(result, FieldError):
            refused[view.id] = result
        else:
            given[view.id] = result
    return given, refused


def value_as_form(question: Question, stored: object) -> str | list[str]:
    """A stored (JSON) value as the form shows it: text for one value, a list for sets."""
    if stored is None:
        return [] if question.type in ("checklist", "multiple_choice") else ""
    value = from_json(question, stored)
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return form_number(value)
    return str(value)


def fingerprint(status: str, stored: object, comment: str | None, evidence: Sequence[str]) -> str:
    """A short digest of an answer's content (value in stored form), to tell edits from echoes."""
    content = [status, stored, comment or "", list(evidence)]
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:16]


def _canonical(question: Question, stored: object) -> object:
    return None if stored is None else to_json(question, from_json(question, stored))


def form_data(
    question: Question,
    status: str,
    stored: object,
    comment: str | None,
    evidence: Sequence[str],
    version: int,
) -> dict[str, Any]:
    """A stored answer (value in stored form) as the data of its question's sub-form."""
    data = {
        "state": status,
        "value": value_as_form(question, stored) if status == ANSWERED else "",
        "comment": comment or "",
        "evidence": "\n".join(evidence),
        "version": version,
        "seen": fingerprint(status, _canonical(question, stored), comment, evidence),
        "shown": shown_answer(status, _canonical(question, stored) if status == ANSWERED else None),
    }
    if question.type == "checklist":
        data["none"] = none_met(question, status, stored)
    return data


def none_met(question: Question, status: str, stored: object) -> bool:
    """Whether a stored answer says that none of a checklist's items is met."""
    return question.type == "checklist" and status == ANSWERED and stored == []
