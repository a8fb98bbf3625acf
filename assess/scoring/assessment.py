"""One assessment scored whole: node scores, risks and priorities, with their traces."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from assess.questionnaire.answers import Answer
from assess.questionnaire.model import Questionnaire, frozen_map
from assess.scoring.engine import NodeScore, score_tree
from assess.scoring.risk import (
    DEFAULT_THRESHOLDS,
    Priority,
    PriorityThresholds,
    RiskRating,
    RiskScore,
    prioritise,
    score_risks,
)


@dataclass(frozen=True)
class AssessmentScore:
    """Every node's score (root first, then document order), the risks and the priorities."""

    questionnaire_id: str
    version: str
    nodes: Mapping[str, NodeScore]
    risks: Mapping[str, RiskScore]
    priorities: Mapping[str, Priority]

    @property
    def root(self) -> NodeScore:
        """The score of the whole questionnaire."""
        return self.nodes[self.questionnaire_id]

    def __getitem__(self, node_id: str) -> NodeScore:
        return self.nodes[node_id]

    def __iter__(self) -> Iterator[NodeScore]:
        return iter(self.nodes.values())


def score_assessment(
    questionnaire: Questionnaire,
    answers: Mapping[str, Answer],
    *,
    risk_ratings: Mapping[str, RiskRating] | None = None,
    overrides: Mapping[str, tuple[str, str]] | None = None,
    alpha: float = 0.5,
    thresholds: PriorityThresholds = DEFAULT_THRESHOLDS,
) -> AssessmentScore:
    """Score one assessment: every node, every risk scenario, a priority per indicator gap."""
    nodes = score_tree(questionnaire, answers)
    risks = score_risks(questionnaire, risk_ratings)
    priorities = prioritise(
        questionnaire, nodes, risks, alpha=alpha, thresholds=thresholds, overrides=overrides
    )
    return AssessmentScore(
        questionnaire.id,
        questionnaire.version,
        frozen_map(nodes),
        frozen_map(risks),
        frozen_map(priorities),
    )
