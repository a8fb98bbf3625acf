"""The trace behind every number: inputs, weights, rule, policy, intermediate values, answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assess.questionnaire.answers import Answer
from assess.questionnaire.model import Question, Questionnaire, ScorePolicy
from assess.words.answers import answer_text


@dataclass(frozen=True, slots=True)
class TraceInput:
    """One child as its parent saw it: value, weight, and what was done with it."""

    node_id: str
    value: float | None
    weight: float
    use: str  # used | missing, counted as zero | missing, excluded | missing, blocks | ...


@dataclass(frozen=True, slots=True)
class Trace:
    """How one number was computed; `children` hold the traces of the inputs, down to answers."""

    node_id: str
    rule: str
    result: float | None
    policy: ScorePolicy | None = None  # groups: the aggregation, missing and rounding rules
    inputs: tuple[TraceInput, ...] = ()
    steps: tuple[tuple[str, float], ...] = ()
    answer: Answer | None = None
    children: tuple[Trace, ...] = ()

    def walk(self) -> list[Trace]:
        """This trace and every trace below it, depth first."""
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found


def fmt(value: Any) -> str:
    """A number as people write it: 72 rather than 72.0, at most 6 significant digits."""
    if value is None:
        return "none"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def policy_text(policy: ScorePolicy) -> str:
    """'max=10, missing=exclude, round=1': the parameters and policies of a group."""
    params = ", ".join(f"{k}={fmt(v)}" for k, v in policy.aggregation.params.items())
    rounding = "none" if policy.round is None else policy.round
    text = f"missing={policy.missing}, round={rounding}"
    if policy.publish is not None:
        text += f", publish={policy.publish}"
    if policy.bounds.floor is not None:
        text += f", floor={fmt(policy.bounds.floor)}"
    if policy.bounds.ceiling is not None:
        text += f", ceiling={fmt(policy.bounds.ceiling)}"
    return f"{params}, {text}" if params else text


def _answer_text(answer: Answer | None, question: Question | None, lang: str) -> str:
    if answer is None:
        return "no answer"
    if answer.status != "answered" or question is None:
        # The trace speaks of the value scoring used; its words come from the one formatter.
        words = answer_text(question, answer.status, answer.value, lang) if question else ""
        return words or f"answered {_raw(answer.value)}"
    return f"answered {_raw(answer.value)}: {answer_text(question, 'answered', answer.value, lang)}"


def _raw(value: object) -> str:
    if isinstance(value, frozenset):
        return "{" + ", ".join(sorted(str(v) for v in value)) + "}"
    return str(value)


def _lines(trace: Trace, depth: int, questionnaire: Questionnaire | None, lang: str) -> list[str]:
    pad = "  " * depth
    head = f"{pad}{trace.node_id} = {fmt(trace.result)}: {trace.rule}"
    if trace.policy is not None:
        head += f" ({policy_text(trace.policy)})"
    lines = [head]
    if trace.answer is not None or (not trace.inputs and not trace.children):
        question = _question(questionnaire, trace.node_id)
        lines.append(f"{pad}  answer: {_answer_text(trace.answer, question, lang)}")
    for item in trace.inputs:
        lines.append(f"{pad}  - {item.node_id}: {fmt(item.value)} x weight {fmt(item.weight)}")
        lines[-1] += "" if item.use == "used" else f" [{item.use}]"
    lines.extend(f"{pad}  {name} = {fmt(value)}" for name, value in trace.steps)
    for child in trace.children:
        lines.extend(_lines(child, depth + 1, questionnaire, lang))
    return lines


def _question(questionnaire: Questionnaire | None, node_id: str) -> Question | None:
    try:
        node = questionnaire.node(node_id) if questionnaire is not None else None
    except KeyError:  # a risk scenario, not a node of the tree
        return None
    return node if isinstance(node, Question) else None


def explain(trace: Trace, questionnaire: Questionnaire | None = None, lang: str = "en") -> str:
    """The trace as readable text, one line per number, indented down to the answers; given the
    questionnaire, each answer is also said in words (in `lang`) as the pages say it."""
    return "\n".join(_lines(trace, 0, questionnaire, lang))
