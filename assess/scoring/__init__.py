"""Scoring: answers to scores, gaps, risks and priorities, with a trace for every number (pure)."""

from assess.scoring.assessment import AssessmentScore, score_assessment
from assess.scoring.engine import NodeScore, Status
from assess.scoring.errors import ScoringError
from assess.scoring.methods import METHODS, MethodResult, round_half_up
from assess.scoring.risk import (
    Priority,
    PriorityThresholds,
    RiskRating,
    RiskScore,
    prioritise,
    score_risks,
)
from assess.scoring.rollup import LeftOut, NodeRollup, RegionalRollup, rank, rollup
from assess.scoring.trace import Trace, TraceInput, explain

__all__ = [
    "METHODS",
    "AssessmentScore",
    "LeftOut",
    "MethodResult",
    "NodeRollup",
    "NodeScore",
    "Priority",
    "PriorityThresholds",
    "RegionalRollup",
    "RiskRating",
    "RiskScore",
    "ScoringError",
    "Status",
    "Trace",
    "TraceInput",
    "explain",
    "prioritise",
    "rank",
    "rollup",
    "round_half_up",
    "score_assessment",
    "score_risks",
]
