"""Across countries: competition ranking, and regional roll-ups of comparable assessments."""

from __future__ import annotations

import statistics
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from assess.questionnaire.model import Question, Questionnaire
from assess.scoring.assessment import AssessmentScore
from assess.scoring.methods import dsum, exact


def rank(scores: Mapping[str, float | None], *, descending: bool = True) -> dict[str, int | None]:
    """Competition ranking ("1224"): ties share a rank, the next rank skips; None is unranked."""
    values = sorted(v for v in scores.values() if v is not None)
    result: dict[str, int | None] = {}
    for key, value in scores.items():
        if value is None:
            result[key] = None
        elif descending:
            result[key] = 1 + len(values) - bisect_right(values, value)
        else:
            result[key] = 1 + bisect_left(values, value)
    return result


@dataclass(frozen=True, slots=True)
class NodeRollup:
    """One node across the countries of a region."""

    node_id: str
    count: int  # countries with a score
    mean: float | None
    median: float | None
    min: float | None
    max: float | None
    distribution: Mapping[str, int]  # level (indicators, level questions) or band -> countries
    below_target: tuple[str, ...]  # countries whose level is under the node's target
    total: int  # countries combined (those with and without a score for this node)
    coverage: str  # "14 of 18 countries"; reports say it in their own language from count and total


@dataclass(frozen=True, slots=True)
class LeftOut:
    """An assessment the roll-up could not combine, and why."""

    country: str
    reason: str


@dataclass(frozen=True)
class RegionalRollup:
    """Per-node statistics over the comparable assessments, and what was left out."""

    questionnaire_id: str
    version: str
    countries: tuple[str, ...]  # combined, in the order given
    nodes: Mapping[str, NodeRollup]
    left_out: tuple[LeftOut, ...]


def rollup(
    questionnaire: Questionnaire,
    scored: Mapping[str, AssessmentScore],
    excluded: Mapping[str, Collection[str]] | None = None,
) -> RegionalRollup:
    """Combine the countries' scores node by node; only those under this questionnaire version.

    `excluded` names, per country, the nodes whose score does not compare (it is not combined).
    """
    kept: dict[str, AssessmentScore] = {}
    left: list[LeftOut] = []
    for country, result in scored.items():
        if result.questionnaire_id != questionnaire.id:
            why = f"answered under questionnaire {result.questionnaire_id}, not {questionnaire.id}"
            left.append(LeftOut(country, why))
        elif result.version != questionnaire.version:
            why = f"answered under version {result.version}, not {questionnaire.version}"
            left.append(LeftOut(country, why))
        else:
            kept[country] = result
    scored_nodes = (n for n in questionnaire.walk() if not isinstance(n, Question) or n.scored)
    node_ids = [questionnaire.id, *(node.id for node in scored_nodes)]
    skip = excluded or {}
    nodes = {node_id: _node(node_id, kept, len(scored), skip) for node_id in node_ids}
    return RegionalRollup(questionnaire.id, questionnaire.version, tuple(kept), nodes, tuple(left))


def _node(
    node_id: str,
    kept: Mapping[str, AssessmentScore],
    total: int,
    excluded: Mapping[str, Collection[str]],
) -> NodeRollup:
    own = {
        c: r.nodes[node_id]
        for c, r in kept.items()
        if node_id in r.nodes and node_id not in excluded.get(c, ())
    }
    values = [n.score for n in own.values() if n.score is not None]
    levels = [n.level for n in own.values() if n.level is not None]
    if levels:
        distribution = Counter(f"{lvl:g}" for lvl in levels)
    else:
        distribution = Counter(n.band for n in own.values() if n.band is not None)
    below = tuple(c for c, n in own.items() if n.gap is not None and n.gap > 0)
    noun = "country" if total == 1 else "countries"
    return NodeRollup(
        node_id=node_id,
        count=len(values),
        mean=float(dsum(map(exact, values)) / len(values)) if values else None,
        median=_median(values),
        min=min(values, default=None),
        max=max(values, default=None),
        distribution=dict(sorted(distribution.items())),
        below_target=below,
        total=total,
        coverage=f"{len(values)} of {total} {noun}",
    )


def _median(values: list[float]) -> float | None:
    """The median, halfway between the middle two in decimal: 0.1 and 0.2 give 0.15."""
    if not values:
        return None
    middle = (exact(statistics.median_low(values)), exact(statistics.median_high(values)))
    return float(dsum(middle) / 2)
