"""The risk register (R = likelihood x impact) and a priority per indicator from gap and risk."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, cast

from assess.questionnaire.model import Questionnaire, RiskRegister, Scenario
from assess.scoring.engine import NodeScore
from assess.scoring.errors import ScoringError
from assess.scoring.methods import dsum, exact
from assess.scoring.trace import Trace, TraceInput

PriorityBand = Literal["high", "medium", "low"]
PRIORITY_BANDS: tuple[PriorityBand, ...] = ("high", "medium", "low")


@dataclass(frozen=True, slots=True)
class RiskRating:
    """A country's rating of one scenario; what it leaves out falls back to the default."""

    likelihood: int | None = None
    impacts: Mapping[str, int] | None = None


@dataclass(frozen=True, slots=True)
class RiskScore:
    """One scenario's risk R = L x I, its band, and R normalised to 0..1."""

    scenario_id: str
    likelihood: int | None
    impact: float | None  # max (or mean) of the dimension impacts
    risk: float | None
    normalised: float | None
    band: str | None
    source: str  # country | default | country and default | unrated
    trace: Trace


@dataclass(frozen=True, slots=True)
class PriorityThresholds:
    """P at or above `high` is High, at or above `medium` is Medium, else Low."""

    high: float = 0.5
    medium: float = 0.25

    def band(self, value: float) -> PriorityBand:
        if value >= self.high:
            return "high"
        return "medium" if value >= self.medium else "low"


DEFAULT_THRESHOLDS = PriorityThresholds()


@dataclass(frozen=True, slots=True)
class Priority:
    """An indicator's priority P = g x (alpha + (1 - alpha) r), and an expert's override."""

    node_id: str
    value: float | None  # None: no gap to compute from (an override alone)
    computed_band: PriorityBand | None
    band: PriorityBand  # the override's band when there is one
    risk: float  # r: the largest normalised risk of the scenarios listing this node
    scenarios: tuple[str, ...]
    override_reason: str | None
    trace: Trace


def score_risks(
    questionnaire: Questionnaire, ratings: Mapping[str, RiskRating] | None = None
) -> dict[str, RiskScore]:
    """Every scenario's risk, from the country's ratings or the register's defaults."""
    register = questionnaire.risk
    ratings = ratings or {}
    if register is None:
        if ratings:
            raise ScoringError("no_risk_register", "this questionnaire has no risk register")
        return {}
    known = {s.id for s in register.scenarios}
    for scenario_id in ratings:
        if scenario_id not in known:
            raise ScoringError("unknown_scenario", f"no scenario {scenario_id!r} in the register")
    return {s.id: _risk(questionnaire, register, s, ratings.get(s.id)) for s in register.scenarios}


def _risk(
    questionnaire: Questionnaire, register: RiskRegister, s: Scenario, rating: RiskRating | None
) -> RiskScore:
    likelihood = rating.likelihood if rating and rating.likelihood is not None else s.likelihood
    impacts = dict(rating.impacts) if rating and rating.impacts else dict(s.impacts)
    _check(register, s.id, likelihood, impacts)
    source = _source(rating)
    if likelihood is None or not impacts:
        trace = Trace(s.id, "unrated: no likelihood or no impact", None)
        return RiskScore(s.id, likelihood, None, None, None, None, "unrated", trace)
    values = [exact(impacts[d]) for d in register.dimensions if d in impacts]
    exact_impact = max(values) if register.combine == "max" else dsum(values) / len(values)
    low = register.likelihood.min_level * register.impact.min_level
    high = register.likelihood.max_level * register.impact.max_level
    impact, risk = float(exact_impact), float(likelihood * exact_impact)
    normalised = float((likelihood * exact_impact - low) / (high - low))
    bands = questionnaire.bands.get(register.bands or "")
    found = bands.band_for(risk) if bands else None
    dims = [d for d in register.dimensions if d in impacts]
    inputs = (
        TraceInput("likelihood", float(likelihood), 1, "used"),
        *(TraceInput(f"impact:{d}", float(impacts[d]), 1, "used") for d in dims),
    )
    steps = (("impact", impact), ("R = L x I", risk), (f"(R - {low}) / {high - low}", normalised))
    trace = Trace(
        s.id, f"risk = likelihood x {register.combine} of impacts", risk, None, inputs, steps
    )
    band = found.id if found else None
    return RiskScore(s.id, likelihood, impact, risk, normalised, band, source, trace)


def _source(rating: RiskRating | None) -> str:
    """Where a scenario's ratings came from: the country, the register's defaults, or both."""
    if rating is None or (rating.likelihood is None and not rating.impacts):
        return "default"
    if rating.likelihood is not None and rating.impacts:
        return "country"
    return "country and default"


def _check(
    register: RiskRegister, scenario_id: str, likelihood: int | None, impacts: dict[str, int]
) -> None:
    lo, hi = register.likelihood.min_level, register.likelihood.max_level
    if likelihood is not None and not lo <= likelihood <= hi:
        raise ScoringError(
            "rating_off_scale", f"{scenario_id}: likelihood {likelihood} is not within {lo}..{hi}"
        )
    lo, hi = register.impact.min_level, register.impact.max_level
    for dimension, value in impacts.items():
        if dimension not in register.dimensions:
            known = ", ".join(register.dimensions)
            raise ScoringError(
                "unknown_dimension", f"{scenario_id}: no impact dimension {dimension!r} ({known})"
            )
        if not lo <= value <= hi:
            raise ScoringError(
                "rating_off_scale",
                f"{scenario_id}: {dimension} impact {value} is not within {lo}..{hi}",
            )


def prioritise(
    questionnaire: Questionnaire,
    nodes: Mapping[str, NodeScore],
    risks: Mapping[str, RiskScore],
    *,
    alpha: float = 0.5,
    thresholds: PriorityThresholds = DEFAULT_THRESHOLDS,
    overrides: Mapping[str, tuple[str, str]] | None = None,
) -> dict[str, Priority]:
    """A priority for every node with a gap, and for every node an expert overrode."""
    overrides = dict(overrides or {})
    listing: dict[str, list[str]] = {}
    if questionnaire.risk is not None:
        for s in questionnaire.risk.scenarios:
            for node_id in s.indicators:
                listing.setdefault(node_id, []).append(s.id)
    for node_id, (band, reason) in overrides.items():
        _check_override(nodes, node_id, band, reason)
    result = {}
    for node in nodes.values():
        if node.normalised_gap is None and node.node_id not in overrides:
            continue
        scenarios = tuple(listing.get(node.node_id, ()))
        result[node.node_id] = _priority(node, scenarios, risks, alpha, thresholds, overrides)
    return result


def _priority(
    node: NodeScore,
    scenarios: tuple[str, ...],
    risks: Mapping[str, RiskScore],
    alpha: float,
    thresholds: PriorityThresholds,
    overrides: Mapping[str, tuple[str, str]],
) -> Priority:
    rated = [risks[s].normalised for s in scenarios if s in risks]
    r = max((v for v in rated if v is not None), default=0.0)
    g = node.normalised_gap
    a = exact(alpha)
    value = None if g is None else float(exact(g) * (a + (1 - a) * exact(r)))
    computed = None if value is None else thresholds.band(value)
    override = overrides.get(node.node_id)
    reason = override[1] if override else None
    # Without a gap there is a priority only because an expert set one (prioritise checks).
    band = cast(PriorityBand, override[0]) if override else cast(PriorityBand, computed)
    inputs = (TraceInput("normalised gap", g, 1, "used"), TraceInput("risk r", r, 1, "used"))
    steps = (("alpha", alpha), ("high at", thresholds.high), ("medium at", thresholds.medium))
    rule = "P = gap x (alpha + (1 - alpha) r)"
    if reason:
        rule += f"; overridden to {band} by an expert: {reason}"
    trace = Trace(node.node_id, rule, value, None, inputs, steps, children=(node.trace,))
    return Priority(node.node_id, value, computed, band, r, scenarios, reason, trace)


def _check_override(nodes: Mapping[str, NodeScore], node_id: str, band: str, reason: str) -> None:
    if node_id not in nodes:
        raise ScoringError("unknown_node", f"override of {node_id!r}: no such scored node")
    if band not in PRIORITY_BANDS:
        raise ScoringError(
            "unknown_priority_band", f"override of {node_id}: {band!r} is not high, medium or low"
        )
    if not reason or not reason.strip():
        raise ScoringError("override_without_reason", f"override of {node_id}: give a reason")
