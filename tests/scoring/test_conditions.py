"""Nodes whose `when` condition does not hold are not applicable: out of scores and counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Questionnaire
from assess.scoring import score_assessment
from tests.scoring.scoring_builders import answered

DEFINITION = """\
assess: 1
id: cond
version: "1.0"
default_language: en
title: Conditions
scales:
  cap:
    kind: level
    levels: [{value: 1, label: One}, {value: 2, label: Two}, {value: 3, label: Three},
             {value: 4, label: Four}, {value: 5, label: Five}]
children:
  - id: g
    title: Nuclear security
    children:
      - {id: has_nuclear, type: yes_partial_no, text: Are there nuclear facilities?}
      - {id: nuc, type: level, scale: cap, text: Security, when: "${has_nuclear} = 'yes'"}
      - {id: other, type: level, scale: cap, text: Border monitoring}
"""


@pytest.fixture(scope="module")
def questionnaire(tmp_path_factory: pytest.TempPathFactory) -> Questionnaire:
    path: Path = tmp_path_factory.mktemp("cond") / "cond.yaml"
    path.write_text(DEFINITION, encoding="utf-8")
    return load_questionnaire(path)


@pytest.mark.parametrize(
    ("gate", "score", "applicable", "status"),
    [("no", 50, 2, "not_applicable"), ("yes", (100 + 20 + 100) / 3, 3, "scored")],
)
def test_a_node_applies_only_when_its_condition_holds(
    questionnaire: Questionnaire, gate: str, score: float, applicable: int, status: str
) -> None:
    result = score_assessment(questionnaire, answered(has_nuclear=gate, nuc=1, other=5))
    assert (result["g"].score, result["g"].applicable, result["nuc"].status) == (
        pytest.approx(score),
        applicable,
        status,
    )
