"""The immutable model of a questionnaire definition: the loader builds it, the rest reads it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    from assess.questionnaire.migration import Migration

Severity = Literal["error", "warning"]
MissingPolicy = Literal["zero", "exclude", "block"]
GroupKind = Literal["module", "area", "indicator", "group"]

T = TypeVar("T")

CBRN_CATEGORIES = ("C", "B", "R", "N")
HAZARD_ORIGINS = ("natural", "accidental", "malicious")


def frozen_map(data: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    """A read-only view of a dict, for mappings inside the frozen model."""
    return MappingProxyType(dict(data or {}))


@dataclass(frozen=True, slots=True)
class Position:
    """Where a thing stands in a definition file (1-based line and column)."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class LocalText:
    """A human-readable text in several languages."""

    values: Mapping[str, str]
    default_language: str

    def get(self, lang: str | None = None) -> str:
        """The text in `lang`, or in the default language when it has none."""
        if lang and lang in self.values:
            return self.values[lang]
        return self.values.get(self.default_language, "")

    def has(self, lang: str) -> bool:
        return lang in self.values

    def resolve(self, lang: str | None) -> tuple[str, str]:
        """(text, language actually used): lets a page mark a fallback visibly."""
        if lang and lang in self.values:
            return self.values[lang], lang
        return self.values.get(self.default_language, ""), self.default_language

    def __str__(self) -> str:
        return self.get()


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a level scale (e.g. 1 'no capacity' ... 5 'sustainable')."""

    value: int
    label: LocalText
    descriptor: LocalText | None
    score: float  # the level's score on the questionnaire's score scale


@dataclass(frozen=True, slots=True)
class Option:
    """One option of a choice question or choice scale, with its score (None: not scored)."""

    id: str
    label: LocalText
    score: float | None


@dataclass(frozen=True, slots=True)
class Scale:
    """A reusable scale: `level` (ordered levels with descriptors) or `choice` (scored options)."""

    id: str
    kind: Literal["level", "choice"]
    levels: tuple[Level, ...] = ()
    options: tuple[Option, ...] = ()
    allow_half: bool = False  # level scales: half levels (2.5) accepted and scored by interpolation
    pos: Position | None = None

    def level(self, value: float) -> Level | None:
        for lvl in self.levels:
            if lvl.value == value:
                return lvl
        return None

    @property
    def min_level(self) -> int:
        return self.levels[0].value

    @property
    def max_level(self) -> int:
        return self.levels[-1].value


@dataclass(frozen=True, slots=True)
class Band:
    """A named band of scores: min <= score < max (the last band includes its max)."""

    id: str
    label: LocalText
    min: float
    max: float


@dataclass(frozen=True, slots=True)
class BandSet:
    id: str
    bands: tuple[Band, ...]
    pos: Position | None = None

    def band_for(self, score: float) -> Band | None:
        for i, band in enumerate(self.bands):
            last = i == len(self.bands) - 1
            if band.min <= score < band.max or (last and score == band.max):
                return band
        return None


@dataclass(frozen=True, slots=True)
class Aggregation:
    """How a group combines its children's scores: a method from the registry and its parameters."""

    method: str
    params: Mapping[str, Any] = field(default_factory=frozen_map)


# Percent of a group's applicable questions answered below which its score is provisional.
MIN_COMPLETENESS = 60


@dataclass(frozen=True, slots=True)
class Bounds:
    """Limits a node's score is kept within once computed: `floor`, `ceiling` (None: none)."""

    floor: float | None = None
    ceiling: float | None = None


NO_BOUNDS = Bounds()


@dataclass(frozen=True, slots=True)
class Constant:
    """A fixed input of a group's aggregation, entering it like a scored child."""

    id: str
    value: float
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class ScorePolicy:
    """Resolved scoring policy of a group or the root (framework defaults already applied)."""

    aggregation: Aggregation
    missing: MissingPolicy
    round: int | None  # None: full precision; n: round half up to n digits, parents use the rounded
    bands: str | None  # id of a BandSet
    rank: bool = False  # the batch scorer adds a competition rank column for this node
    # Share of questions answered (0..1) below which the group's score is provisional.
    min_completeness: float = MIN_COMPLETENESS / 100
    bounds: Bounds = NO_BOUNDS  # floor and ceiling of the score, before rounding or publishing
    constants: tuple[Constant, ...] = ()  # fixed inputs of the aggregation
    publish: int | None = None  # digits the score is shown to; parents use the full precision


@dataclass(frozen=True, slots=True)
class Framework:
    """Questionnaire-wide scoring defaults and the scale every score lives on."""

    scale_min: float
    scale_max: float
    defaults: ScorePolicy


@dataclass(frozen=True, slots=True)
class Tags:
    cbrn: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Reference:
    """A cross-reference to an international instrument (JEE, SPAR, UNSCR 1540, INSSP, CWC, BWC)."""

    instrument: str
    ref: str


@dataclass(frozen=True, slots=True)
class ActionTemplate:
    """What to do to go from level `step` to `step + 1` for the node that carries it."""

    step: int
    title: LocalText
    objective: LocalText | None  # None: the descriptor of the next level up
    activities: tuple[LocalText, ...]
    type: str  # legal, institutional, sops, training, exercise, equipment, infrastructure, ...
    lead: LocalText | None = None  # suggested lead agency
    horizon: Literal["short", "medium", "long"] | None = None
    kpi: LocalText | None = None
    costs: tuple[LineItem, ...] = ()  # costed line items of the step (see Costing)


@dataclass(frozen=True, slots=True)
class LineItem:
    """One costed activity of an action template: a unit cost times its multipliers.

    cost in a plan year = unit cost value x every number of `times` x the country's answer to
    every question of `per`. One-off: once, in the plan year the template's step is reached;
    recurring: every plan year from then to the end of the costed years."""

    unit_cost: str  # id of a UnitCost of the questionnaire's costing
    times: tuple[Decimal, ...] = ()  # fixed multipliers
    per: tuple[str, ...] = ()  # ids of number questions whose answers multiply
    recurring: bool = False
    title: LocalText | None = None  # what is bought, when the unit cost's title is not enough


@dataclass(frozen=True, slots=True)
class CostCategory:
    id: str
    title: LocalText
    subcategories: Mapping[str, LocalText]  # id -> title, in document order


@dataclass(frozen=True, slots=True)
class UnitCost:
    id: str
    title: LocalText
    category: str  # id of a CostCategory
    subcategory: str  # id of one of its subcategories
    value: Decimal  # in the costing's currency, at its price year
    unit: LocalText | None = None  # "per day", "per person"


@dataclass(frozen=True, slots=True)
class Costing:
    """The questionnaire's table of unit costs, in one currency at one price year."""

    currency: str  # ISO 4217
    year: int  # price year of the unit costs
    years: int  # how many plan years are costed (5 by default)
    categories: Mapping[str, CostCategory]
    unit_costs: Mapping[str, UnitCost]


@dataclass(frozen=True, slots=True)
class Evidence:
    allowed: bool = True
    required: bool = False


@dataclass(frozen=True, slots=True)
class NumberSpec:
    """Valid input range and normalisation of a number answer onto the score scale."""

    min: float | None
    max: float | None
    unit: LocalText | None
    norm_min: float | None  # values are capped to [norm_min, norm_max] before normalising
    norm_max: float | None
    log: bool = False
    invert: bool = False
    thresholds: tuple[Threshold, ...] = ()  # banded scoring, instead of normalising
    per: str | None = None  # id of a number question: the score is read from value / its answer
    per_unit: float | None = None  # value / per x per_unit (per 100,000: 100000)


@dataclass(frozen=True, slots=True)
class Threshold:
    """A band of a number: values from `at_least` up (to the next threshold) score `score`."""

    at_least: float
    score: float


@dataclass(frozen=True, slots=True)
class Expr:
    """An applicability condition: its source text and parsed syntax tree (see expressions)."""

    source: str
    tree: Any
    refs: tuple[str, ...]  # question ids it reads
    pos: Position | None = None


@dataclass(frozen=True, slots=True)
class Node:
    """What groups and questions share."""

    id: str
    path: tuple[str, ...]  # ids from the top-level node down to this one, inclusive
    weight: float
    when: Expr | None
    tags: Tags
    refs: tuple[Reference, ...]
    target: float | None
    actions: tuple[ActionTemplate, ...]
    pos: Position | None

    @property
    def depth(self) -> int:
        return len(self.path)


@dataclass(frozen=True, slots=True)
class Question(Node):
    type: str  # a name from the question types registry
    text: LocalText
    help: LocalText | None
    required: bool
    allow_na: bool
    allow_dont_know: bool
    comment: bool
    evidence: Evidence
    scale: Scale | None  # level, checklist (its levels) and choice questions using a scale
    options: tuple[Option, ...]  # single/multiple choice, yes/partial/no (built-in options)
    number: NumberSpec | None
    attributes: Mapping[int, tuple[Option, ...]]  # checklist: level -> attributes of that level
    choice_combine: Literal["sum", "max", "mean"] = "sum"  # multiple choice
    counts: bool = True  # False: a number the scores leave out (`scored: false`)
    bounds: Bounds = NO_BOUNDS  # floor and ceiling of the answer's score
    publish: int | None = None  # digits the score is shown to; parents use the full precision
    rank: bool = False  # the batch scorer adds a competition rank column for this node

    @property
    def is_group(self) -> bool:
        return False

    @property
    def scored(self) -> bool:
        return self.type not in ("text", "date") and self.counts


@dataclass(frozen=True, slots=True)
class Group(Node):
    kind: GroupKind
    title: LocalText
    description: LocalText | None
    policy: ScorePolicy
    children: tuple[Node, ...]

    @property
    def is_group(self) -> bool:
        return True

    def walk(self) -> Iterator[Node]:
        """This group and every node below it, depth first, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Group):
                yield from child.walk()
            else:
                yield child


@dataclass(frozen=True, slots=True)
class Scenario:
    """A risk scenario of the register, with the indicators (node ids) that mitigate it."""

    id: str
    title: LocalText
    cbrn: tuple[str, ...]
    origin: str
    worst_case: LocalText | None
    indicators: tuple[str, ...]
    cross_border: bool
    likelihood: int | None  # the expert's default rating, when the country gives none
    impacts: Mapping[str, int]  # default impact per dimension
    pos: Position | None = None


@dataclass(frozen=True, slots=True)
class RiskRegister:
    likelihood: Scale  # a level scale 1..5
    impact: Scale  # a level scale 1..5
    dimensions: tuple[str, ...]
    combine: Literal["max", "mean"]
    bands: str | None  # BandSet id for R = L x I (1..25)
    scenarios: tuple[Scenario, ...]


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    title: LocalText
    description: LocalText | None
    default_language: str
    languages: tuple[str, ...]  # complete languages (default first)
    partial_languages: tuple[str, ...]  # translated in part; texts fall back to the default
    framework: Framework
    scales: Mapping[str, Scale]
    bands: Mapping[str, BandSet]
    root: Group  # synthetic root (id = questionnaire id, path ()), children = top-level nodes
    risk: RiskRegister | None
    source: str | None = None
    migration: Migration | None = None  # how answers of an earlier version carry into this one
    costing: Costing | None = None  # unit costs the action templates' line items use
    # table column name -> node id or rank:NODE, how `assess score` reads tables (`columns:`)
    columns: Mapping[str, str] = field(default_factory=lambda: frozen_map({}))
    _index: Mapping[str, Node] = field(init=False, repr=False, compare=False)
    _derived: dict[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", frozen_map({n.id: n for n in self.walk()}))
        object.__setattr__(self, "_derived", {})

    def derived(self, name: str, compute: Callable[[Questionnaire], T]) -> T:
        """What `compute` makes of this questionnaire, computed once and kept with it (the
        questionnaire never changes, so neither does the result)."""
        try:
            return self._derived[name]
        except KeyError:
            return self._derived.setdefault(name, compute(self))

    @property
    def all_languages(self) -> tuple[str, ...]:
        return self.languages + self.partial_languages

    def walk(self) -> Iterator[Node]:
        """Every node below the root, depth first, in document order."""
        for child in self.root.children:
            if isinstance(child, Group):
                yield from child.walk()
            else:
                yield child

    def questions(self) -> Iterator[Question]:
        for node in self.walk():
            if isinstance(node, Question):
                yield node

    def node(self, node_id: str) -> Node:
        """The node with this id; KeyError if none."""
        return self._index[node_id]

    def areas(self) -> tuple[Group, ...]:
        """The groups shown one page each: nodes of kind `area`, else the top-level groups."""
        return self.derived("areas", _areas)

    def area(self, area_id: str) -> Group | None:
        """The area page called `area_id`, or None if there is none."""
        return self.derived("area_by_id", lambda q: {a.id: a for a in q.areas()}).get(area_id)

    def area_of(self, node_id: str) -> Group | None:
        """The area page a node (question or group) is shown on, or None if on none."""
        return self.derived("area_of_node", _area_of_node).get(node_id)


def _areas(questionnaire: Questionnaire) -> tuple[Group, ...]:
    found = tuple(n for n in questionnaire.walk() if isinstance(n, Group) and n.kind == "area")
    if found:
        return found
    return tuple(n for n in questionnaire.root.children if isinstance(n, Group))


def _area_of_node(questionnaire: Questionnaire) -> dict[str, Group]:
    found: dict[str, Group] = {}
    for area in questionnaire.areas():
        for node in area.walk():
            found.setdefault(node.id, area)  # the first (outermost) area that shows it
    return found
