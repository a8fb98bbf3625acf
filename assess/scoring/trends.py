"""Across rounds: each area's and indicator's score, level, gap and completeness, and its change.

A country's rounds are given in order, each scored under the version it was answered under. The
change from one round to the next compares the earlier round as it reads under the later one's
version (carried through the declared migration, scoring/versions.py), so a node is compared only
where that migration says its answers compare: a node is "not comparable" when it is, or holds, a
question the migration names as new, answered afresh, split or merged. A change smaller than
TOLERANCE of the framework's scale (0 to 100: 1 point) reads as unchanged: rounding, not progress.

A region's trends combine its countries per round label: the mean over the countries with a score,
with their count, each country's round brought onto the label's newest version as regional
roll-ups do; and per label, how many countries improved, regressed, or stayed unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from assess.questionnaire.answers import Answer
from assess.questionnaire.history import version_key
from assess.questionnaire.model import Group, Question, Questionnaire
from assess.scoring.assessment import AssessmentScore
from assess.scoring.engine import NodeScore
from assess.scoring.methods import dsum, exact
from assess.scoring.versions import onto

Change = Literal["improved", "regressed", "unchanged", "not_comparable"]
CHANGES: tuple[Change, ...] = ("improved", "regressed", "unchanged", "not_comparable")
# Share of the framework's scale (max - min) under which a change reads as unchanged.
TOLERANCE = 0.01
Kind = Literal["area", "indicator"]


@dataclass(frozen=True, slots=True)
class ScoredRound:
    """One round of a country: its label, the version it was answered under, answers and score."""

    label: str
    questionnaire: Questionnaire
    answers: Mapping[str, Answer]
    score: AssessmentScore


@dataclass(frozen=True, slots=True)
class Point:
    """One node in one round (for a region: the means over the countries with a score)."""

    score: float | None
    level: float | None
    gap: float | None
    completeness: float | None
    count: int = 1  # countries with a score (1 for a country's own round)


@dataclass(frozen=True, slots=True)
class NodeTrend:
    """One area or indicator across the rounds: a point and a change per round (None: none)."""

    node_id: str
    kind: Kind
    points: tuple[Point | None, ...]
    changes: tuple[Change | None, ...]  # the first round's is None; None when a score is missing
    tallies: tuple[Mapping[Change, int], ...] = ()  # a region's: countries per change, per label


@dataclass(frozen=True, slots=True)
class AreaTrend:
    """An area's trend and its indicators' trends."""

    area: NodeTrend
    indicators: tuple[NodeTrend, ...]


@dataclass(frozen=True)
class Trends:
    """The rounds (labels, in order) and each area's trend, titled by `questionnaire`'s texts."""

    questionnaire: Questionnaire  # the newest round's version: its areas and indicators are rows
    rounds: tuple[str, ...]
    areas: tuple[AreaTrend, ...]
    countries: tuple[str, ...] = ()  # a region's countries with a round

    def moved(self, change: Change) -> tuple[NodeTrend, ...]:
        """The areas and indicators whose latest change is `change`."""
        return tuple(
            node
            for area in self.areas
            for node in (area.area, *area.indicators)
            if node.changes and node.changes[-1] == change
        )


def country_trends(rounds: Sequence[ScoredRound]) -> Trends:
    """A country's trends over its rounds, oldest first; ValueError when there is none."""
    if not rounds:
        raise ValueError("no round to follow")
    newest = rounds[-1].questionnaire
    changes = [{}] + [_changes(a, b) for a, b in pairwise(rounds)]
    areas = []
    for area, indicators in _rows(newest):
        trends = [
            NodeTrend(
                node_id,
                kind,
                tuple(_point(r.score.nodes.get(node_id)) for r in rounds),
                tuple(c.get(node_id) if i else None for i, c in enumerate(changes)),
            )
            for node_id, kind in ((area, "area"), *((i, "indicator") for i in indicators))
        ]
        if any(p is not None and p.score is not None for p in trends[0].points):
            areas.append(AreaTrend(trends[0], tuple(trends[1:])))
    return Trends(newest, tuple(r.label for r in rounds), tuple(areas))


def region_trends(
    countries: Mapping[str, Sequence[ScoredRound]], labels: Sequence[str]
) -> Trends | None:
    """A region's trends per round label (in the order given); None when no country has one."""
    by_country = {code: _index(country_trends(rs)) for code, rs in countries.items() if rs}
    targets = [_label_round(countries, label) for label in labels]
    versions = [t for t, _ in targets if t is not None]
    if not by_country or not versions:
        return None
    newest = max(versions, key=lambda q: version_key(q.version))
    areas = []
    for area, indicators in _rows(newest):
        trends = [
            NodeTrend(
                node_id,
                kind,
                tuple(_mean(node_id, scores) for _, scores in targets),
                tuple(None for _ in labels),
                tuple(_tally(node_id, label, by_country) for label in labels),
            )
            for node_id, kind in ((area, "area"), *((i, "indicator") for i in indicators))
        ]
        if any(p is not None and p.score is not None for p in trends[0].points):
            areas.append(AreaTrend(trends[0], tuple(trends[1:])))
    return Trends(newest, tuple(labels), tuple(areas), tuple(sorted(by_country)))


Indexed = tuple[tuple[str, ...], dict[str, NodeTrend]]  # a country's labels, its nodes by id


def _index(trends: Trends) -> Indexed:
    nodes = {n.node_id: n for a in trends.areas for n in (a.area, *a.indicators)}
    return trends.rounds, nodes


def _label_round(
    countries: Mapping[str, Sequence[ScoredRound]], label: str
) -> tuple[Questionnaire | None, dict[str, AssessmentScore | None]]:
    """The label's target version (newest of the questionnaire most use) and each country's
    round scored under it (None: under another questionnaire, or not carried by one migration)."""
    found = {c: r for c, rounds in countries.items() for r in rounds if r.label == label}
    if not found:
        return None, {}
    ids = Counter(r.questionnaire.id for r in found.values())
    chosen = max(ids, key=lambda qid: (ids[qid], qid))
    target = max(
        (r.questionnaire for r in found.values() if r.questionnaire.id == chosen),
        key=lambda q: version_key(q.version),
    )
    return target, {c: _onto(r, target) for c, r in found.items()}


def _onto(r: ScoredRound, target: Questionnaire) -> AssessmentScore | None:
    if r.questionnaire.id != target.id:
        return None
    if r.questionnaire.version == target.version:
        return r.score
    try:
        carried = onto(r.questionnaire, target, r.answers, {})
    except ValueError:
        return None
    held = _holders(target)
    lost = {n for q in carried.not_comparable for n in held.get(q, ())}
    # A node that is, or holds, a question the migration says does not compare is left out.
    kept = {n: s for n, s in carried.score.nodes.items() if n not in lost}
    return AssessmentScore(target.id, target.version, kept, {}, {})


def _mean(node_id: str, scores: Mapping[str, AssessmentScore | None]) -> Point | None:
    """The node's means over the countries that have a score for it under the label's version."""
    own = [s.nodes[node_id] for s in scores.values() if s is not None and node_id in s.nodes]
    scored = [n for n in own if n.score is not None]
    if not scored:
        return None
    return Point(
        _average(n.score for n in scored),
        _average(n.level for n in scored),
        _average(n.gap for n in scored),
        _average(n.completeness for n in scored),
        len(scored),
    )


def _average(values: Iterable[float | None]) -> float | None:
    known = [exact(v) for v in values if v is not None]
    return float(dsum(known) / len(known)) if known else None


def _tally(node_id: str, label: str, by_country: Mapping[str, Indexed]) -> Mapping[Change, int]:
    """How many countries' round `label` improved, regressed, ... on the node."""
    counts: Counter[Change] = Counter()
    for labels, nodes in by_country.values():
        node = nodes.get(node_id)
        if node is not None and label in labels:
            change = node.changes[labels.index(label)]
            if change is not None:
                counts[change] += 1
    return {change: counts[change] for change in CHANGES}


def _point(node: NodeScore | None) -> Point | None:
    if node is None:
        return None
    return Point(node.score, node.level, node.gap, node.completeness)


def _changes(before: ScoredRound, after: ScoredRound) -> dict[str, Change | None]:
    """Each area's and indicator's change from `before` to `after` (under `after`'s version)."""
    q = after.questionnaire
    nodes = [n for area, indicators in _rows(q) for n in (area, *indicators)]
    if before.questionnaire.id != q.id:
        return dict.fromkeys(nodes, "not_comparable")
    if before.questionnaire.version == q.version:
        earlier, lost = before.score, set()
    else:
        try:
            carried = onto(before.questionnaire, q, before.answers, {})
        except ValueError:  # not one declared migration away: nothing compares
            return dict.fromkeys(nodes, "not_comparable")
        held = _holders(q)
        earlier = carried.score
        lost = {n for question in carried.not_comparable for n in held.get(question, ())}
    span = q.framework.scale_max - q.framework.scale_min
    return {
        n: "not_comparable" if n in lost else _change(earlier.nodes.get(n), after.score[n], span)
        for n in nodes
    }


def _change(before: NodeScore | None, after: NodeScore, span: float) -> Change | None:
    if before is None or before.score is None or after.score is None:
        return None
    delta = exact(after.score) - exact(before.score)
    if abs(delta) <= exact(TOLERANCE * span):
        return "unchanged"
    return "improved" if delta > 0 else "regressed"


def _rows(q: Questionnaire) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each area and its indicators (groups of kind indicator; else its scored questions)."""
    return q.derived("trend rows", _find_rows)


def _find_rows(q: Questionnaire) -> tuple[tuple[str, tuple[str, ...]], ...]:
    rows = []
    for area in q.areas():
        below = list(area.walk())
        indicators = [n.id for n in below if isinstance(n, Group) and n.kind == "indicator"]
        if not indicators:
            indicators = [n.id for n in below if isinstance(n, Question) and n.scored]
        rows.append((area.id, tuple(indicators)))
    return tuple(rows)


def _holders(q: Questionnaire) -> dict[str, tuple[str, ...]]:
    """Each scored question's id -> the question and the groups above it."""
    return q.derived("trend holders", _find_holders)


def _find_holders(q: Questionnaire) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}

    def visit(node, above: tuple[str, ...]) -> None:
        if isinstance(node, Group):
            for child in node.children:
                visit(child, (*above, node.id))
        elif node.scored:
            found[node.id] = (*above, node.id)

    visit(q.root, ())
    return found
