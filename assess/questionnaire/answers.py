"""Typed answers: from form or CSV text to values, their stored form, and what conditions see."""

from __future__ import annotations

import datetime as dt
import math
import re
import typing as t
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from assess.questionnaire.expressions import evaluate, option_ids
from assess.questionnaire.model import Expr, Group, Node, Question, Questionnaire, Scale
from assess.questionnaire.numbers import MAX_MAGNITUDE
from assess.words.numbers import plain_number
from assess.words.texts import Text, refusal_plural, refusal_text

Status = t.Literal["answered", "na", "dont_know"]
STATUSES: tuple[str, ...] = ("answered", "na", "dont_know")
MAX_TEXT = 20_000  # characters of a text answer

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Answer:
    """One question's answer: answered with a typed value, not applicable, or don't know."""

    question_id: str
    status: Status
    value: object = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"answer status must be one of {', '.join(STATUSES)}")
        if (self.status == "answered") == (self.value is None):
            raise ValueError("an answer has a value exactly when its status is 'answered'")


class AnswerError(ValueError):
    """An answer that does not fit its question, said in the user's terms.

    `text` says what is wrong in any language (assess.words.texts.said), its numbers included;
    `message` is the English sentence after the question's id, for logs and the command line.
    """

    def __init__(self, code: str, text: Text, question_id: str = "") -> None:
        self.code = code
        self.text = text
        self.message = f"{question_id}: {text}" if question_id else str(text)
        super().__init__(f"{code} {self.message}")


def _fail(question: Question, code: str, text: Text) -> t.NoReturn:
    raise AnswerError(code, text, question.id)


# ---------------------------------------------------------------- from text


def coerce(question: Question, raw: str | Sequence[str] | None) -> object:
    """The typed value of form or CSV input; None when the input is blank (unanswered)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if question.type in ("checklist", "multiple_choice"):
        items = _split(raw) if isinstance(raw, str) else [item.strip() for item in raw]
        return validate(question, frozenset(item for item in items if item))
    text = _single(question, raw).strip()
    if not text:
        return None
    if question.type in ("level", "number"):
        text = plain_number(text)
    if question.type == "level":
        if not _NUMBER.fullmatch(text):
            _fail(question, "A001", _not_a_level(question, f"'{_clip(text)}'"))
        return validate(question, float(text))
    if question.type == "number":
        return validate(question, _number(question, text))
    if question.type == "date":
        return validate(question, _date(question, text))
    return validate(question, text)


def _split(raw: str) -> list[str]:
    return [item.strip() for item in re.split(r"[;,]", raw)]


def _single(question: Question, raw: str | Sequence[str]) -> str:
    if isinstance(raw, str):
        return raw
    if len(raw) != 1:
        _fail(question, "A007", refusal_text("give one value, not %(count)s", count=len(raw)))
    return raw[0]


def _number(question: Question, text: str) -> float:
    if _DECIMAL_COMMA.fullmatch(text):
        fixed = text.replace(",", ".")
        _fail(
            question,
            "A003",
            refusal_text(
                "'%(text)s' is not a number: write decimals with a point (%(fixed)s)",
                text=text,
                fixed=fixed,
            ),
        )
    if not _NUMBER.fullmatch(text):
        _fail(question, "A003", _not_a_number(_clip(text)))
    if not math.isfinite(float(text)):
        _fail(question, "A003", refusal_text("'%(text)s' is too large", text=_clip(text)))
    return float(text)


def _date(question: Question, text: str) -> dt.date:
    try:
        if _DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    _fail(
        question,
        "A005",
        refusal_text(
            "'%(text)s' is not a date: write YYYY-MM-DD (e.g. 2024-03-31)", text=_clip(text)
        ),
    )


def _not_a_number(text: str) -> Text:
    return refusal_text("'%(text)s' is not a number", text=text)


def _not_the_kind(kind: str, value: object) -> Text:
    """'expects a number, not str': a value of the wrong type, from a program (never a page)."""
    wanted = {
        "level": refusal_text("a level must be a number, not %(kind)s", kind=type(value).__name__),
        "number": refusal_text("expects a number, not %(kind)s", kind=type(value).__name__),
        "text": refusal_text("expects text, not %(kind)s", kind=type(value).__name__),
        "date": refusal_text("expects a date, not %(kind)s", kind=type(value).__name__),
    }
    return wanted[kind]


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "..."


# ---------------------------------------------------------------- typed values


def validate(question: Question, value: object) -> object:
    """The value, checked against the question and put in canonical form; AnswerError if wrong."""
    check = _VALIDATORS.get(question.type)
    if check is None:
        _fail(
            question,
            "A008",
            refusal_text("answers of type '%(type)s' are not supported", type=question.type),
        )
    return check(question, value)


def _validate_level(question: Question, value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fail(question, "A009", _not_the_kind("level", value))
    scale = t.cast(Scale, question.scale)
    low, high = scale.min_level, scale.max_level
    if not math.isfinite(value):
        _fail(question, "A001", _not_a_level(question, str(value)))
    whole = float(value).is_integer()
    half = scale.allow_half and float(value * 2).is_integer()
    if not (low <= value <= high and (whole or half)):
        _fail(question, "A001", _not_a_level(question, _written(value)))
    return int(value) if whole else float(value)


def _not_a_level(question: Question, shown: object) -> Text:
    scale = t.cast(Scale, question.scale)
    low, high = _written(scale.min_level), _written(scale.max_level)
    if scale.allow_half:
        levels = refusal_text("%(low)s to %(high)s in steps of 0.5", low=low, high=high)
    else:
        levels = refusal_text("%(low)s to %(high)s", low=low, high=high)
    return refusal_text(
        "%(value)s is not a level of scale '%(scale)s' (%(levels)s)",
        value=shown,
        scale=scale.id,
        levels=levels,
    )


def _validate_ids(question: Question, value: object) -> object:
    if not isinstance(value, set | frozenset | list | tuple) or not all(
        isinstance(item, str) for item in value
    ):
        _fail(question, "A009", refusal_text("expects a set of ids"))
    valid = _attribute_ids(question) if question.type == "checklist" else option_ids(question)
    unknown = sorted(set(value) - set(valid))
    if unknown:
        names, listed = ", ".join(f"'{item}'" for item in unknown), ", ".join(valid)
        if question.type == "checklist":
            text = refusal_text(
                "unknown attribute %(names)s (valid: %(valid)s)", names=names, valid=listed
            )
        else:
            text = refusal_text(
                "unknown option %(names)s (valid: %(valid)s)", names=names, valid=listed
            )
        _fail(question, "A002", text)
    return frozenset(value)


def _validate_option(question: Question, value: object) -> object:
    valid = option_ids(question)
    if value not in valid:
        shown = f"'{_clip(value)}'" if isinstance(value, str) else type(value).__name__
        _fail(
            question,
            "A002",
            refusal_text(
                "%(value)s is not an option (valid: %(valid)s)", value=shown, valid=", ".join(valid)
            ),
        )
    return value


def _validate_number(question: Question, value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fail(question, "A009", _not_the_kind("number", value))
    if not math.isfinite(value):
        _fail(question, "A003", _not_a_number(str(value)))
    if abs(value) > MAX_MAGNITUDE:  # beyond what scores and the stored JSON number hold exactly
        shown = repr(float(value)).removesuffix(".0")
        _fail(question, "A003", refusal_text("'%(text)s' is too large", text=shown))
    spec = question.number
    low = spec.min if spec else None
    high = spec.max if spec else None
    if (low is not None and value < low) or (high is not None and value > high):
        _fail(
            question,
            "A004",
            refusal_text(
                "%(value)s is outside %(range)s", value=_written(value), range=_range(low, high)
            ),
        )
    return float(value)


def _validate_text(question: Question, value: object) -> object:
    if not isinstance(value, str):
        _fail(question, "A009", _not_the_kind("text", value))
    if len(value) > MAX_TEXT:
        _fail(
            question,
            "A006",
            refusal_plural(
                "the text is %(length)s character long; at most %(limit)s",
                "the text is %(length)s characters long; at most %(limit)s",
                "length",
                length=len(value),
                limit=MAX_TEXT,
            ),
        )
    return value


def _validate_date(question: Question, value: object) -> object:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        _fail(question, "A009", _not_the_kind("date", value))
    return value


_VALIDATORS: dict[str, Callable[[Question, object], object]] = {
    "level": _validate_level,
    "checklist": _validate_ids,
    "yes_partial_no": _validate_option,
    "single_choice": _validate_option,
    "multiple_choice": _validate_ids,
    "number": _validate_number,
    "text": _validate_text,
    "date": _validate_date,
}


def _written(value: float) -> Decimal:
    # Exact, so that every language writes it in full: 282, not 282.0; 2.5 as 2.5 (or 2,5).
    return Decimal(str(int(value)) if float(value).is_integer() else str(value))


def _range(low: float | None, high: float | None) -> Text:
    if low is not None and high is not None:
        return refusal_text("the range %(low)s to %(high)s", low=_written(low), high=_written(high))
    if low is not None:
        return refusal_text("the minimum %(low)s", low=_written(low))
    return refusal_text("the maximum %(high)s", high=_written(t.cast(float, high)))


def _attribute_ids(question: Question) -> tuple[str, ...]:
    return tuple(
        attr.id for level in sorted(question.attributes) for attr in question.attributes[level]
    )


# ---------------------------------------------------------------- storage


def to_json(question: Question, value: object) -> object:
    """The stored form of a typed value: sets as sorted lists, dates in ISO form."""
    checked = validate(question, value)
    if isinstance(checked, frozenset):
        return sorted(checked)
    if isinstance(checked, dt.date):
        return checked.isoformat()
    return checked


def from_json(question: Question, data: object) -> object:
    """The typed value of a stored form; AnswerError when it does not fit the question."""
    if question.type in ("checklist", "multiple_choice") and isinstance(data, list):
        return validate(question, frozenset(data))
    if question.type == "date" and isinstance(data, str):
        return validate(question, _date(question, data))
    return validate(question, data)


def stored_value(question: Question, data: object) -> object:
    """The typed value of a stored form, or, when the question no longer takes it (an answer of
    an earlier version, in the audit trail), the value as stored (a list read as a set)."""
    try:
        return from_json(question, data)
    except AnswerError:
        return frozenset(map(str, data)) if isinstance(data, list) else data


# ---------------------------------------------------------------- conditions


def derived_level(question: Question, met: frozenset[str]) -> int | None:
    """The checklist's level: the highest L whose attributes of every level up to L are met."""
    scale_levels = [lvl.value for lvl in question.scale.levels] if question.scale else []
    # Levels above the highest one that lists attributes cannot be claimed by an empty list.
    top = max(question.attributes, default=None)
    reached = None
    for level in [v for v in scale_levels if top is not None and v <= top] or sorted(
        question.attributes
    ):
        if not all(attr.id in met for attr in question.attributes.get(level, ())):
            break
        reached = level
    return reached


def expression_value(question: Question, answer: Answer | None) -> object | None:
    """What a condition sees for this answer: its value, None unless answered."""
    if answer is None or answer.status != "answered":
        return None
    if question.type == "checklist":
        level = derived_level(question, t.cast(frozenset[str], answer.value))
        # No level reached is scored as the scale's lowest level; conditions agree with scores.
        return level if level is not None else t.cast(Scale, question.scale).min_level
    return answer.value


def applicable(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> frozenset[str]:
    """Ids of the nodes applicable now: their condition holds and their parent is applicable."""
    parents, order = questionnaire.derived("applicability-order", _applicability_order)
    result: set[str] = set()
    for node in order:
        parent = parents[node.id]
        if parent is not None and parent not in result:
            continue
        if node.when is None or evaluate(
            node.when.tree, _values(questionnaire, node, result, answers)
        ):
            result.add(node.id)
    return frozenset(result)


def area_progress(
    questionnaire: Questionnaire, given: Mapping[str, Answer], applies: frozenset[str]
) -> dict[str, tuple[int, int]]:
    """Per area page, in questionnaire order: (applicable questions answered, applicable ones)."""
    counts = {}
    for area in questionnaire.areas():
        ids = [n.id for n in area.walk() if isinstance(n, Question) and n.id in applies]
        counts[area.id] = (sum(1 for qid in ids if qid in given), len(ids))
    return counts


def _values(
    questionnaire: Questionnaire, node: Node, shown: set[str], answers: Mapping[str, Answer]
) -> dict[str, object]:
    # Answers to questions that are not applicable are invisible to conditions.
    values: dict[str, object] = {}
    for ref in t.cast(Expr, node.when).refs:
        question = questionnaire.node(ref)
        if isinstance(question, Question) and ref in shown:
            values[ref] = expression_value(question, answers.get(ref))
    return values


def _applicability_order(
    questionnaire: Questionnaire,
) -> tuple[Mapping[str, str | None], tuple[Node, ...]]:
    parents = dict(_parents(questionnaire.root))
    return parents, tuple(_dependency_order(questionnaire, parents))


def _parents(group: Group) -> Iterator[tuple[str, str | None]]:
    parent = group.id if group.path else None
    for child in group.children:
        yield child.id, parent
        if isinstance(child, Group):
            yield from _parents(child)


def _dependency_order(
    questionnaire: Questionnaire, parents: Mapping[str, str | None]
) -> list[Node]:
    """Every node after its parent and after the questions its condition reads."""
    order: list[Node] = []
    state: dict[str, str] = {}  # id -> "open" while its dependencies are visited, then "done"
    for start in questionnaire.walk():
        stack = [(start.id, False)]
        while stack:
            node_id, expanded = stack.pop()
            if expanded:
                state[node_id] = "done"
                order.append(questionnaire.node(node_id))
                continue
            if state.get(node_id) == "done":
                continue
            if state.get(node_id) == "open":
                raise ValueError(f"conditions depend on each other in a cycle through '{node_id}'")
            state[node_id] = "open"
            stack.append((node_id, True))
            stack.extend((dep, False) for dep in _dependencies(questionnaire, parents, node_id))
    return order


def _dependencies(
    questionnaire: Questionnaire, parents: Mapping[str, str | None], node_id: str
) -> list[str]:
    node = questionnaire.node(node_id)
    deps = [parents[node_id]] if parents[node_id] is not None else []
    return [d for d in deps + list(node.when.refs if node.when else ()) if d is not None]
