"""A question's score from its typed answer, per answer type, with the rule that produced it."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from assess.questionnaire.answers import derived_level
from assess.questionnaire.model import Framework, Option, Question, Scale, Threshold
from assess.scoring.methods import dsum, exact


@dataclass(frozen=True, slots=True)
class QuestionValue:
    """What an answer is worth: its score (None: carries no score), level, and how."""

    score: float | None
    level: float | None
    rule: str
    steps: tuple[tuple[str, float], ...] = ()


def level_score(scale: Scale, value: float) -> float:
    """The score of a level, or halfway between its neighbours for a half level."""
    found = scale.level(value)
    if found is not None:
        return found.score
    below, above = scale.level(math.floor(value)), scale.level(math.ceil(value))
    if below is None or above is None:
        raise ValueError(f"level {value} is not on scale {scale.id}")
    return float((exact(below.score) + exact(above.score)) / 2)


def score_level(question: Question, value: Any, framework: Framework) -> QuestionValue:
    """Level questions: the level's score on the scale."""
    scale = _scale(question)
    score = level_score(scale, value)
    return QuestionValue(score, value, f"level {value:g} of scale {scale.id} scores {score:g}")


def score_checklist(question: Question, value: Any, framework: Framework) -> QuestionValue:
    """Checklists: the score of the highest level whose attributes, and all below, are met."""
    scale = _scale(question)
    met = len(value)
    found = derived_level(question, value)
    if found is None:
        # No level counts as the lowest level for gaps, as conditions see it (answers module).
        rule = f"{met} attribute(s) met, first level incomplete: no level, the scale minimum"
        return QuestionValue(framework.scale_min, scale.min_level, rule, (("attributes met", met),))
    score = level_score(scale, found)
    rule = f"{met} attribute(s) met: derived level {found} of scale {scale.id} scores {score:g}"
    return QuestionValue(score, found, rule, (("attributes met", met),))


def score_option(question: Question, value: Any, framework: Framework) -> QuestionValue:
    """Yes/partial/no and single choice: the chosen option's score."""
    score = _option(question, value).score
    if score is None:
        return QuestionValue(None, None, f"option {value} carries no score")
    return QuestionValue(score, None, f"option {value} scores {score:g}")


def score_multiple(question: Question, value: Any, framework: Framework) -> QuestionValue:
    """Multiple choice: sum (capped at the scale maximum), max or mean of the chosen options."""
    scores = [s for s in (_option(question, v).score for v in sorted(value)) if s is not None]
    how = question.choice_combine
    if not scores:
        return QuestionValue(framework.scale_min, None, "no scored option chosen: scale minimum")
    if how == "sum":
        score = min(float(dsum(exact(s) for s in scores)), framework.scale_max)
    elif how == "max":
        score = max(scores)
    else:
        score = float(dsum(exact(s) for s in scores) / len(scores))
    chosen = ", ".join(sorted(value))
    steps = tuple((f"option score {i + 1}", s) for i, s in enumerate(scores))
    return QuestionValue(score, None, f"{how} of the scores of {chosen}: {score:g}", steps)


def score_number(question: Question, value: Any, framework: Framework) -> QuestionValue:
    """Numbers: capped, optionally log10(1 + x), mapped onto the scale, optionally inverted."""
    spec = question.number
    if spec is not None and spec.thresholds:
        return _banded(spec.thresholds, value, framework)
    low = spec.norm_min if spec and spec.norm_min is not None else (spec.min if spec else None)
    high = spec.norm_max if spec and spec.norm_max is not None else (spec.max if spec else None)
    lo_s, hi_s = framework.scale_min, framework.scale_max
    if low is None or high is None or high <= low:
        # Without a range the number is taken as a score already, kept within the scale.
        score = min(max(float(value), lo_s), hi_s)
        return QuestionValue(score, None, f"{float(value):g} read as a score on {lo_s:g}..{hi_s:g}")
    return _normalised(question, value, exact(low), exact(high), framework)


def _banded(thresholds: tuple[Threshold, ...], value: Any, framework: Framework) -> QuestionValue:
    """The score of the last threshold whose `at_least` the value reaches; below the first, the
    scale minimum."""
    met = None
    for threshold in thresholds:
        if exact(value) < exact(threshold.at_least):
            break
        met = threshold
    if met is None:
        first = thresholds[0].at_least
        rule = f"{float(value):g} is below the first threshold ({first:g}): the scale minimum"
        return QuestionValue(framework.scale_min, None, rule)
    rule = f"{float(value):g} meets the threshold at_least {met.at_least:g}: {met.score:g}"
    return QuestionValue(met.score, None, rule)


def score_ratio(
    question: Question, value: Any, divisor: Any, framework: Framework
) -> QuestionValue:
    """A number read per another answer: value / divisor (times `per_unit`), then scored as a
    number is (normalised, or by thresholds)."""
    spec = question.number
    ratio = exact(value) / exact(divisor)
    how = f"{float(value):g} / {divisor:g}"
    if spec is not None and spec.per_unit is not None:
        ratio *= exact(spec.per_unit)
        how += f" x {spec.per_unit:g}"
    scored = score_number(question, ratio, framework)
    steps = (("ratio", float(ratio)), *scored.steps)
    return QuestionValue(scored.score, None, f"{how} = {float(ratio):g}; {scored.rule}", steps)


def _normalised(
    question: Question, value: Any, low: Decimal, high: Decimal, framework: Framework
) -> QuestionValue:
    """`value` capped to low..high, mapped in decimal onto the scale: 1.8 on 0..10 is 1.8."""
    spec = question.number
    lo_s, hi_s = exact(framework.scale_min), exact(framework.scale_max)
    capped = min(max(exact(value), low), high)
    steps: list[tuple[str, float]] = [("capped", float(capped))]
    if spec is not None and spec.log:
        capped, low, high = _log1p10(capped), _log1p10(low), _log1p10(high)
        steps.append(("log10(1+x)", float(capped)))
    # Multiplying before dividing keeps identity ranges exact: (1.8 - 0) x 10 / 10 is 1.8.
    part = (capped - low) * (hi_s - lo_s) / (high - low)
    if spec is not None and spec.invert:
        steps.append(("inverted share", float(1 - (capped - low) / (high - low))))
        score = float(hi_s - part)
    else:
        score = float(lo_s + part)
    span = f"{float(low):g}..{float(high):g} onto {float(lo_s):g}..{float(hi_s):g}"
    rule = f"{float(value):g} normalised from {span}: {score:g}"
    return QuestionValue(score, None, rule, tuple(steps))


@lru_cache(maxsize=1024)
def _log1p10(value: Decimal) -> Decimal:
    """log10(1 + value), to 28 digits; kept, as the ends of a range come back with every answer."""
    return (1 + value).log10()


Scorer = Callable[[Question, Any, Framework], QuestionValue]

# Answer type -> how its typed value scores; text and date carry no score.
SCORERS: dict[str, Scorer] = {
    "level": score_level,
    "checklist": score_checklist,
    "yes_partial_no": score_option,
    "single_choice": score_option,
    "multiple_choice": score_multiple,
    "number": score_number,
}


def score_answer(question: Question, value: Any, framework: Framework) -> QuestionValue:
    """The score of an answered question's typed value."""
    if not question.counts:  # `scored: false`: a figure the plans read
        return QuestionValue(None, None, f"{value:g}: a figure, scored: false (no score)")
    scorer = SCORERS.get(question.type)
    if scorer is None:
        return QuestionValue(None, None, f"{question.type} answers carry no score")
    return scorer(question, value, framework)


def _scale(question: Question) -> Scale:
    if question.scale is None:
        raise ValueError(f"question {question.id} has no scale")
    return question.scale


def _option(question: Question, option_id: str) -> Option:
    options = question.options or (question.scale.options if question.scale else ())
    for option in options:
        if option.id == option_id:
            return option
    raise ValueError(f"question {question.id} has no option {option_id!r}")
