"""What a plan holds: actions, the priority gaps they close, national and regional plans."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from assess.questionnaire.model import LocalText
from assess.scoring.rollup import LeftOut, NodeRollup
from assess.scoring.versions import NotComparable

ActionStatus = Literal["planned", "ongoing", "completed", "delayed", "cancelled"]
ACTION_STATUSES: tuple[str, ...] = ("planned", "ongoing", "completed", "delayed", "cancelled")
Horizon = Literal["short", "medium", "long"]
HORIZONS: tuple[str, ...] = ("short", "medium", "long")
PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}
# Who pays for an action: the country's own budget, the initiative, other partners, nobody yet.
FUNDING_SOURCES: tuple[str, ...] = ("national", "initiative", "partners", "not_found")
# The forms of support a country may ask partners for, with an action it requests assistance on.
SUPPORT_FORMS: tuple[str, ...] = (
    "training",
    "expertise",
    "equipment",
    "exercise",
    "legal",
    "funding",
)
PROPOSAL_STATUSES: tuple[str, ...] = ("draft", "submitted", "approved", "funded", "closed")
SECRETARIAT = "Regional Secretariat"


@dataclass(frozen=True, slots=True)
class GapLink:
    """A gap an action helps close: a question or indicator, its level now and its target."""

    node_id: str
    title: str
    current: float | None
    target: float | None


@dataclass(frozen=True, slots=True)
class CostLine:
    """One costed line item of an action: what it buys and its cost in each plan year."""

    unit_cost: str
    category: str
    subcategory: str
    years: tuple[Decimal, ...]  # plan year 1 first; as many as the costing's years
    missing: tuple[str, ...] = ()  # multiplier questions left unanswered: the line is not costed


@dataclass(frozen=True, slots=True)
class Kpi:
    """An indicator to follow an action by: where it starts, where it should be, and by when."""

    name: str
    baseline: str = ""
    target: str = ""
    date: str = ""  # ISO date of the target


@dataclass(frozen=True, slots=True)
class Action:
    """One action of a plan, with every field a National Team plans and tracks."""

    id: str  # stable: the template's node (or the gap it serves) and the level step
    title: str
    objective: str
    activities: tuple[str, ...]
    gaps: tuple[GapLink, ...]
    risks: tuple[str, ...]  # scenario ids the closed gaps mitigate
    type: str
    cbrn: tuple[str, ...]
    themes: tuple[str, ...]
    instruments: tuple[str, ...]  # "JEE P.1.1", "UNSCR1540 OP3"
    area_id: str
    gap_id: str  # the priority gap this action belongs to
    step: int  # the level step: from `step` to `step + 1`
    priority: str  # high | medium | low
    priority_value: float | None
    gap_size: float  # the priority gap's target - level
    lead_agency: str = ""
    supporting_agencies: tuple[str, ...] = ()
    start: str = ""  # ISO dates, empty until someone plans them
    end: str = ""
    horizon: str = ""
    cost: float | None = None
    currency: str = ""  # ISO 4217 code of the cost; empty: a cost stored before costs had one
    funding_source: str = ""
    assistance_requested: bool = False
    kpi: str = ""
    status: str = "planned"
    progress: int = 0  # percent
    last_review: str = ""
    priority_reason: str = ""  # set with a priority override
    # Costing (computed from the template's line items; empty without a costing): the plan year
    # (1 = the first) in which the step is reached, one cost per costed plan year, the lines.
    plan_year: int | None = None
    year_costs: tuple[Decimal, ...] = ()
    cost_lines: tuple[CostLine, ...] = ()
    cost_reason: str = ""  # why a person overrode the computed cost
    # The action that carries this one's cost: both use one template (an area's, shared by
    # several gaps), which is costed once; "" when the action carries its own.
    cost_shared_with: str = ""
    support: str = ""  # the form of support requested (one of SUPPORT_FORMS) with assistance
    kpis: tuple[Kpi, ...] = ()

    @property
    def cost_missing(self) -> tuple[str, ...]:
        """The multiplier questions left unanswered: while any is, the cost is incomplete."""
        return tuple(dict.fromkeys(name for line in self.cost_lines for name in line.missing))


@dataclass(frozen=True, slots=True)
class ActionTexts:
    """The questionnaire texts an action's words are taken from, in every language the
    questionnaire has: its template's, the level its step reaches, the gaps it closes. A plan
    keeps them by action id, so its actions can be read in any language without building it
    again per language."""

    title: LocalText
    objective: LocalText | None
    activities: tuple[LocalText, ...]
    lead: LocalText | None
    kpi: LocalText | None
    gaps: tuple[LocalText, ...]  # each closed gap's title, as `Action.gaps`


@dataclass(frozen=True, slots=True)
class PriorityGap:
    """An indicator (or stand-alone question) below its target, its priority and its actions."""

    node_id: str
    title: str
    level: float | None
    target: float | None
    gap: float
    priority: str
    priority_value: float | None
    risk: float  # normalised risk of the scenarios it mitigates (0..1)
    scenarios: tuple[str, ...]
    actions: tuple[Action, ...]


@dataclass(frozen=True, slots=True)
class AreaPlan:
    """One area of the questionnaire: its score and its priority gaps in priority order."""

    area_id: str
    title: str
    score: float | None
    completeness: float | None
    gaps: tuple[PriorityGap, ...]
    provisional: bool = False  # scored from fewer answers than the area's minimum completeness


@dataclass(frozen=True, slots=True)
class PlanRisk:
    """A risk scenario as the plan shows it (likelihood and impact rounded for the 5x5 matrix)."""

    scenario_id: str
    title: str
    cbrn: tuple[str, ...]
    origin: str
    cross_border: bool
    likelihood: int | None
    impact: int | None
    risk: float | None
    band: str | None


@dataclass(frozen=True)
class NationalPlan:
    """A national action plan: areas with their priority gaps and actions, and the risks."""

    questionnaire_id: str
    version: str
    lang: str
    country: str
    score: float | None
    areas: tuple[AreaPlan, ...]
    risks: tuple[PlanRisk, ...]
    currency: str = ""  # the costing's currency; empty without a costing
    start_year: int | None = None  # the calendar year of plan year 1
    years: int = 0  # how many plan years are costed
    # Each action's questionnaire texts, by action id (what its words were taken from).
    texts: Mapping[str, ActionTexts] = field(default_factory=dict, compare=False, repr=False)

    def actions(self) -> tuple[Action, ...]:
        """Every action of the plan in priority order (priority, then gap, then id)."""
        found = [action for area in self.areas for gap in area.gaps for action in gap.actions]
        return tuple(sorted(found, key=action_order))

    def gaps(self) -> Iterator[PriorityGap]:
        for area in self.areas:
            yield from area.gaps


@dataclass(frozen=True, slots=True)
class RegionalAction:
    """An action several countries need, owned by the Secretariat, with who shares it."""

    action: Action
    countries: tuple[str, ...]

    @property
    def shared_by(self) -> int:
        return len(self.countries)


@dataclass(frozen=True, slots=True)
class RegionalRisk:
    """A scenario across the region: median ratings, the largest risk and who rates it high."""

    scenario_id: str
    title: str
    cross_border: bool
    likelihood: int | None
    impact: int | None
    mean_risk: float | None
    max_risk: float | None
    high_in: tuple[str, ...]  # countries where its band is the register's highest


@dataclass(frozen=True, slots=True)
class AreaRollup:
    """One area across the region: the roll-up statistics and each country's score."""

    area_id: str
    title: str
    rollup: NodeRollup
    by_country: tuple[tuple[str, float | None], ...]
    # each country's share of the area's questions answered, and whose score is provisional
    completeness: tuple[tuple[str, float | None], ...] = ()
    provisional: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RegionCoverage:
    """Every country of a region: combined (accepted), in progress, not started; by code."""

    combined: tuple[str, ...]
    in_progress: tuple[str, ...] = ()
    not_started: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return len(self.combined) + len(self.in_progress) + len(self.not_started)


@dataclass(frozen=True, slots=True)
class ProposalAction:
    """One country's action a regional proposal takes up."""

    country: str
    action_id: str
    title: str
    cost: Decimal | None
    support: str = ""


@dataclass(frozen=True, slots=True)
class Proposal:
    """A regional project proposal a Secretariat makes from countries' assistance requests."""

    id: int
    title: str
    status: str  # one of PROPOSAL_STATUSES
    countries: tuple[str, ...]
    actions: tuple[ProposalAction, ...]
    budget: Decimal | None  # the proposal's own budget; None: the sum of its actions' costs
    currency: str

    def total(self) -> Decimal | None:
        """The budget: its own, else the sum of its actions' known costs (None: none known)."""
        if self.budget is not None:
            return self.budget
        costs = [action.cost for action in self.actions if action.cost is not None]
        return sum(costs, Decimal(0)) if costs else None


@dataclass(frozen=True)
class RegionalPlan:
    """A regional action plan: shared priorities, the regional risk picture, roll-ups per area."""

    questionnaire_id: str
    version: str
    lang: str
    region: str
    countries: tuple[str, ...]
    left_out: tuple[LeftOut, ...]
    shared: tuple[RegionalAction, ...]
    risks: tuple[RegionalRisk, ...]
    areas: tuple[AreaRollup, ...]
    national: Mapping[str, NationalPlan]
    coverage: RegionCoverage
    not_comparable: tuple[NotComparable, ...] = ()  # countries' indicators left out of roll-ups
    proposals: tuple[Proposal, ...] = ()  # the Secretariat's regional project proposals
    # The shared actions' questionnaire texts, by action id (those of the national action each
    # one is made from; the lead is the Secretariat, no questionnaire text).
    texts: Mapping[str, ActionTexts] = field(default_factory=dict, compare=False, repr=False)

    def actions(self) -> tuple[Action, ...]:
        """The regional actions in order: most shared first, then priority, gap and id."""
        return tuple(shared.action for shared in self.shared)


def action_order(action: Action) -> tuple:
    """Sort key of actions: priority band, priority value and gap (largest first), then id."""
    return order_key(action.priority, action.priority_value, action.gap_size, action.id)


def order_key(
    priority: str, priority_value: float | None, gap_size: float, action_id: str
) -> tuple:
    """The one order of actions, from their fields (stored plans sort their rows by it too)."""
    value = priority_value if priority_value is not None else -1.0
    return (PRIORITY_ORDER.get(priority, 3), -value, -gap_size, action_id)
