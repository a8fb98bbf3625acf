"""The lowest and highest score of every node, on small definitions computed by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assess.questionnaire.loader import check_data
from assess.questionnaire.model import Questionnaire
from assess.questionnaire.ranges import Span, score_ranges

HEAD = """\
assess: 1
id: spans
version: "1.0"
default_language: en
title: Spans
scoring:
  scale: {min: 0, max: 5}
scales:
  two_to_eight:
    kind: level
    levels: [{value: 1, label: A, score: 2}, {value: 2, label: B, score: 8}]
children:
"""


def load(children: str) -> Questionnaire:
    questionnaire, problems = check_data((HEAD + children).encode(), Path("spans/1.0.yaml"))
    assert questionnaire is not None, [p.format() for p in problems]
    return questionnaire


def span(low: str, high: str) -> Span:
    return Span(Decimal(low), Decimal(high))


QUESTIONS = """\
  - id: g
    title: G
    aggregation: max
    children:
      - {id: level, type: level, text: Q, scale: two_to_eight}
      - {id: checklist, type: checklist, text: Q, scale: two_to_eight,
         attributes: {"1": [{id: a, text: A}], "2": [{id: b, text: B}]}}
      - {id: sum, type: multiple_choice, text: Q, combine: sum,
         options: [{id: a, label: A, score: 3}, {id: b, label: B, score: -1},
                   {id: c, label: C, score: 6}]}
      - {id: mean, type: multiple_choice, text: Q, combine: mean,
         options: [{id: a, label: A, score: 3}, {id: b, label: B, score: -1},
                   {id: c, label: C, score: 6}]}
      - {id: unscored, type: single_choice, text: Q, options: [{id: a, label: A}]}
      - {id: number, type: number, text: Q, min: 0, max: 50}
      - {id: notes, type: text, text: Q}
"""


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        ("level", span("2", "8")),  # the levels' scores
        ("checklist", span("0", "8")),  # no level complete: the scale minimum
        ("sum", span("-1", "5")),  # -1 alone; 3 + 6 = 9, capped at the scale's 5
        ("mean", span("-1", "6")),  # within the options, and 0 when none is chosen
        ("unscored", None),
        ("number", span("0", "5")),  # mapped onto the scale
        ("notes", None),
        ("g", span("-1", "8")),  # max: within its children's spans
    ],
)
def test_question_spans(node: str, expected: Span | None) -> None:
    assert score_ranges(load(QUESTIONS)).spans[node] == expected


GROUPS = """\
  - id: weighted
    title: W
    aggregation: weighted_max
    round: 1
    children:
      - {id: half, type: single_choice, text: Q, weight: 0.7,
         options: [{id: a, label: A, score: 0.5}, {id: b, label: B, score: 3.5}]}
      - {id: lv, type: level, text: Q, scale: two_to_eight, weight: 0.5}
  - id: zero
    title: Z
    missing: zero
    children:
      - {id: lv2, type: level, text: Q, scale: two_to_eight}
      - {id: none, type: single_choice, text: Q, options: [{id: a, label: A}]}
"""


def test_weights_multiply_weighted_max_and_rounding_goes_half_up_in_decimal() -> None:
    spans = score_ranges(load(GROUPS)).spans
    # 0.7 x 0.5 = 0.35 and 0.7 x 3.5 = 2.45, 0.5 x 2 = 1 and 0.5 x 8 = 4: 0.35..4, to 1 digit
    assert spans["weighted"] == span("0.4", "4.0")


def test_missing_zero_brings_the_scale_minimum_in_even_for_an_unscored_child() -> None:
    spans = score_ranges(load(GROUPS)).spans
    assert spans["zero"] == span("0", "8")  # lv2 2..8, a missing child 0
    assert spans["spans"] == span("0", "8")  # the root: mean of 0.4..4 and 0..8


def test_the_ranges_are_computed_once_per_questionnaire() -> None:
    questionnaire = load(GROUPS)
    assert score_ranges(questionnaire) is score_ranges(questionnaire)
