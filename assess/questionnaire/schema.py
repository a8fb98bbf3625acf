"""Every key of every object of the questionnaire format, declared once as data.

The structural checks (structure.py) and the JSON Schema for editors (jsonschema.py) are both
derived from these declarations, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assess.questionnaire import vocabulary as reg
from assess.questionnaire.model import MIN_COMPLETENESS
from assess.questionnaire.numbers import MAX_ROUND

MISSING: Any = object()  # marks a key without a default
MERGE_RULES = ("first", "min", "max")


@dataclass(frozen=True, slots=True)
class Scalar:
    """A string, integer, number or boolean, optionally restricted."""

    json: str  # JSON Schema type: string | integer | number | boolean
    enum: tuple[Any, ...] | None = None
    pattern: str | None = None
    pattern_hint: str = ""  # what the pattern means, for messages
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None


@dataclass(frozen=True, slots=True)
class Text:
    """A human-readable text: a plain string (default language) or language -> string."""


@dataclass(frozen=True, slots=True)
class ListOf:
    item: Any
    min_items: int = 0


@dataclass(frozen=True, slots=True)
class MapOf:
    """A mapping whose keys match `keys` and whose values are all of type `value`."""

    keys: Scalar
    value: Any


@dataclass(frozen=True, slots=True)
class Ref:
    """An object declared in OBJECTS under this name."""

    name: str


@dataclass(frozen=True, slots=True)
class AnyOf:
    """One of several types (a scale id or an inline scale, true/false or an object...)."""

    options: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class NodeType:
    """A tree node: a group (has `children`) or a question (has `type`)."""


@dataclass(frozen=True, slots=True)
class Field:
    type: Any
    description: str
    required: bool = False
    default: Any = MISSING
    nullable: bool = False
    hint: str = ""  # added to a wrong-type message (e.g. "quote it")


@dataclass(frozen=True, slots=True)
class Obj:
    """An object of the format: its title (for messages) and its keys."""

    title: str
    fields: dict[str, Field]
    description: str = ""


ID = Scalar(
    "string", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", pattern_hint="letters, digits, _ . -"
)
QUESTIONNAIRE_ID = Scalar(
    "string", pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", pattern_hint="lower case letters, digits and -"
)
VERSION = Scalar("string", pattern=r"^[0-9]+\.[0-9]+$", pattern_hint="MAJOR.MINOR, e.g. 1.0")
LANGUAGE = Scalar("string", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$", pattern_hint="e.g. en, fr")
STRING = Scalar("string")
NUMBER = Scalar("number")
INTEGER = Scalar("integer")
BOOLEAN = Scalar("boolean")
WEIGHT = Scalar("number", exclusive_minimum=0)
REFERENCE = Scalar("string", pattern=r"^[A-Za-z0-9]+:\S.*$", pattern_hint="INSTRUMENT:ref")
AGGREGATION = AnyOf((Scalar("string", enum=tuple(reg.AGGREGATIONS)), Ref("aggregation")))
MISSING_POLICY = Scalar("string", enum=tuple(reg.MISSING_POLICIES))
ROUND = Scalar("integer", minimum=0, maximum=MAX_ROUND)
PERCENT = Scalar("number", minimum=0, maximum=100)
# YAML keys are text: `2:` is the key "2".
LEVEL_KEY = Scalar("string", pattern=r"^[0-9]+$", pattern_hint="a level number")
NULL = Scalar("null")
# An earlier answer value (a level, an option id, as text) -> its value now (null: not carried).
VALUE_MAP = MapOf(STRING, AnyOf((STRING, NUMBER, NULL)))


def _common_node_fields() -> dict[str, Field]:
    """Keys groups and questions share."""
    return {
        "id": Field(ID, "Stable id, unique in the whole tree; never reused.", required=True),
        "weight": Field(WEIGHT, "Weight in the parent's aggregation (> 0).", default=1),
        "when": Field(STRING, "Condition on other answers; the node applies only when true."),
        "tags": Field(Ref("tags"), "CBRN categories, themes and hazard origins."),
        "refs": Field(ListOf(REFERENCE), 'Cross-references: "INSTRUMENT:ref".'),
    }


def _score_fields() -> dict[str, Field]:
    """Keys that limit and publish a node's score: on groups, scored questions and the root."""
    return {
        "floor": Field(NUMBER, "Lowest score the node gets once computed."),
        "ceiling": Field(NUMBER, "Highest score the node gets once computed."),
        "clamp": Field(Ref("clamp"), "Floor and ceiling at once: {min: .., max: ..}."),
        "publish": Field(
            ROUND, "Digits the score is shown to; parents aggregate it at full precision."
        ),
    }


RANK = Field(BOOLEAN, "The batch scorer adds a rank column.", default=False)
CONSTANTS = Field(ListOf(Ref("constant")), "Fixed inputs of the aggregation.", default=())

GROUP_FIELDS: dict[str, Field] = {
    **_common_node_fields(),
    "kind": Field(Scalar("string", enum=reg.GROUP_KINDS), "What the group is.", default="group"),
    "title": Field(Text(), "Title shown to respondents.", required=True),
    "description": Field(Text(), "Longer explanation."),
    "aggregation": Field(AGGREGATION, "How children's scores combine (default: scoring)."),
    "missing": Field(MISSING_POLICY, "What missing children count as (default: scoring)."),
    "round": Field(ROUND, "Digits the group's score is rounded to.", nullable=True),
    "bands": Field(STRING, "Band set id for this group's score."),
    "min_completeness": Field(
        PERCENT, "Percent answered below which its score is provisional (default: scoring)."
    ),
    "rank": RANK,
    **_score_fields(),
    "constants": CONSTANTS,
    "target": Field(NUMBER, "Target level (indicator groups)."),
    "actions": Field(ListOf(Ref("action")), "Action templates per level step."),
    "children": Field(ListOf(NodeType()), "Groups and questions below.", required=True),
}

QUESTION_FIELDS: dict[str, Field] = {
    **_common_node_fields(),
    "type": Field(Scalar("string", enum=tuple(reg.QUESTION_TYPES)), "Answer type.", required=True),
    "text": Field(Text(), "The question.", required=True),
    "help": Field(Text(), "Guidance shown with the question."),
    "required": Field(BOOLEAN, "Must be answered before submission.", default=False),
    "allow_na": Field(BOOLEAN, '"Not applicable" is offered.', default=True),
    "allow_dont_know": Field(BOOLEAN, '"Don\'t know" is offered.', default=True),
    "comment": Field(BOOLEAN, "A comment box is offered.", default=True),
    "evidence": Field(
        AnyOf((BOOLEAN, Ref("evidence"))), "Evidence allowed / required.", default=True
    ),
    "scale": Field(AnyOf((STRING, Ref("scale"))), "A scale id, or an inline scale."),
    "target": Field(NUMBER, "The level to reach."),
    "actions": Field(ListOf(Ref("action")), "Action templates per level step."),
    "attributes": Field(
        MapOf(LEVEL_KEY, ListOf(Ref("attribute"), min_items=1)),
        "Attributes per level: level -> list of attributes.",
    ),
    "scores": Field(Ref("scores"), "Scores of yes, partial and no."),
    "options": Field(ListOf(Ref("option"), min_items=1), "The options and their scores."),
    "combine": Field(
        Scalar("string", enum=reg.CHOICE_COMBINE), "Score of several options.", default="sum"
    ),
    "min": Field(NUMBER, "Smallest accepted answer."),
    "max": Field(NUMBER, "Largest accepted answer."),
    "unit": Field(Text(), "Unit shown next to the answer."),
    "normalise": Field(Ref("normalise"), "How the number maps onto the scoring scale."),
    "scored": Field(
        BOOLEAN,
        "The number counts in the scores (false: a figure such as a population, which plans "
        "read but scores leave out).",
        default=True,
    ),
    "thresholds": Field(
        ListOf(Ref("threshold"), min_items=1), "Banded scoring: the last threshold met scores."
    ),
    "per": Field(ID, "A number question: the score is read from this answer / that one."),
    "per_unit": Field(
        Scalar("number", exclusive_minimum=0), "With per: the ratio times this (per 100,000)."
    ),
    "rank": RANK,
    **_score_fields(),
}

REQUIRED_BY_TYPE: dict[str, tuple[str, ...]] = {
    "level": ("scale",),
    "checklist": ("scale", "attributes"),
}


def question_fields(type_name: str) -> dict[str, Field]:
    """The keys a question of this answer type takes (all question keys when unknown)."""
    if type_name not in reg.QUESTION_TYPES:
        return QUESTION_FIELDS
    names = reg.QUESTION_COMMON_KEYS + reg.QUESTION_TYPES[type_name]
    required = REQUIRED_BY_TYPE.get(type_name, ())
    out = {}
    for name in names:
        spec = QUESTION_FIELDS[name]
        if name in required:
            spec = Field(spec.type, spec.description, required=True)
        out[name] = spec
    return out


OBJECTS: dict[str, Obj] = {
    "questionnaire": Obj(
        "the questionnaire",
        {
            "assess": Field(Scalar("integer", enum=(1,)), "Format version: 1.", required=True),
            "id": Field(QUESTIONNAIRE_ID, "Equals the folder name.", required=True),
            "version": Field(
                VERSION,
                "MAJOR.MINOR, quoted; equals the file name.",
                required=True,
                hint='quote it: version: "1.10" (unquoted, 1.10 is the number 1.1)',
            ),
            "default_language": Field(LANGUAGE, "Language of plain-string texts.", required=True),
            "languages": Field(ListOf(LANGUAGE), "Complete languages: every text has them."),
            "partial_languages": Field(ListOf(LANGUAGE), "Languages translated in part."),
            "title": Field(Text(), "Title of the questionnaire.", required=True),
            "description": Field(Text(), "What the questionnaire is for."),
            "scoring": Field(Ref("scoring"), "Questionnaire-wide scoring defaults."),
            "scales": Field(MapOf(ID, Ref("scale")), "Reusable scales by id."),
            "bands": Field(MapOf(ID, ListOf(Ref("band"), min_items=1)), "Band sets by id."),
            "children": Field(ListOf(NodeType()), "The top-level nodes.", required=True),
            "risk": Field(Ref("risk"), "The risk register."),
            "migration": Field(Ref("migration"), "How answers of an earlier version carry here."),
            "costing": Field(Ref("costing"), "Unit costs the action templates' line items use."),
            "rank": RANK,
            **_score_fields(),
            "constants": CONSTANTS,
            "columns": Field(
                MapOf(STRING, STRING),
                "How `assess score` reads a table: column name -> node id, or rank:NODE.",
            ),
        },
        "A CBRN needs and risk assessment questionnaire (one file per version).",
    ),
    "scoring": Obj(
        "scoring",
        {
            "scale": Field(Ref("score_scale"), "The scale every score lives on."),
            "aggregation": Field(
                AGGREGATION, "Default aggregation of every group.", default="mean"
            ),
            "missing": Field(MISSING_POLICY, "Default missing-value policy.", default="exclude"),
            "round": Field(ROUND, "Default rounding (null: none).", default=None, nullable=True),
            "publish": Field(ROUND, "Default digits every group's score is shown to."),
            "bands": Field(STRING, "Default band set of every group."),
            "min_completeness": Field(
                PERCENT,
                "Percent of questions answered below which a group's score is provisional.",
                default=MIN_COMPLETENESS,
            ),
        },
    ),
    "score_scale": Obj(
        "the scoring scale",
        {
            "min": Field(NUMBER, "Lowest score.", default=0),
            "max": Field(NUMBER, "Highest score.", default=100),
        },
    ),
    "clamp": Obj(
        "a clamp",
        {
            "min": Field(NUMBER, "Lowest score (a floor).", required=True),
            "max": Field(NUMBER, "Highest score (a ceiling).", required=True),
        },
    ),
    "constant": Obj(
        "a constant",
        {
            "id": Field(ID, "Name in the trace, unique in the group.", required=True),
            "value": Field(NUMBER, "Its score, on the scoring scale.", required=True),
            "weight": Field(WEIGHT, "Its weight in the aggregation (> 0).", default=1),
        },
    ),
    "threshold": Obj(
        "a threshold",
        {
            "at_least": Field(NUMBER, "Values from this one up score `score`.", required=True),
            "score": Field(NUMBER, "The score, on the scoring scale.", required=True),
        },
    ),
    "aggregation": Obj(
        "an aggregation",
        {
            "method": Field(
                Scalar("string", enum=tuple(reg.AGGREGATIONS)), "Method name.", required=True
            ),
            "max": Field(NUMBER, "complement_geometric: top of the scale (default: scoring max)."),
        },
    ),
    "scale": Obj(
        "a scale",
        {
            "kind": Field(Scalar("string", enum=("level", "choice")), "Kind.", required=True),
            "levels": Field(ListOf(Ref("level"), min_items=1), "Levels (kind: level)."),
            "options": Field(ListOf(Ref("option"), min_items=1), "Options (kind: choice)."),
            "allow_half": Field(BOOLEAN, "Half levels are accepted (2.5).", default=False),
        },
    ),
    "level": Obj(
        "a level",
        {
            "value": Field(
                Scalar("integer", minimum=0), "Level number; consecutive.", required=True
            ),
            "label": Field(Text(), "Short name.", required=True),
            "descriptor": Field(Text(), "What the level means."),
            "score": Field(NUMBER, "Score (default: proportional to value)."),
        },
    ),
    "option": Obj(
        "an option",
        {
            "id": Field(ID, "Option id, unique in its list.", required=True),
            "label": Field(Text(), "What respondents see.", required=True),
            "score": Field(NUMBER, "Score (null: unscored).", default=None, nullable=True),
        },
    ),
    "attribute": Obj(
        "a checklist attribute",
        {
            "id": Field(ID, "Attribute id, unique in the question.", required=True),
            "text": Field(Text(), "What must be in place.", required=True),
        },
    ),
    "band": Obj(
        "a band",
        {
            "id": Field(ID, "Band id.", required=True),
            "label": Field(Text(), "Band name.", required=True),
            "min": Field(NUMBER, "Lowest score in the band.", required=True),
            "max": Field(NUMBER, "Top of the band (excluded but for the last).", required=True),
        },
    ),
    "tags": Obj(
        "tags",
        {
            "cbrn": Field(ListOf(Scalar("string", enum=tuple(reg.CBRN))), "CBRN categories."),
            "themes": Field(ListOf(Scalar("string", enum=tuple(reg.THEMES))), "Thematic areas."),
            "origins": Field(ListOf(Scalar("string", enum=tuple(reg.ORIGINS))), "Hazard origins."),
        },
    ),
    "action": Obj(
        "an action template",
        {
            "step": Field(
                Scalar("integer", minimum=1), "From level step to step + 1.", required=True
            ),
            "title": Field(Text(), "Action title.", required=True),
            "objective": Field(Text(), "Objective (default: next level's descriptor)."),
            "activities": Field(ListOf(Text()), "Activities."),
            "type": Field(
                Scalar("string", enum=tuple(reg.ACTION_TYPES)), "Action type.", required=True
            ),
            "lead": Field(Text(), "Suggested lead agency."),
            "horizon": Field(Scalar("string", enum=reg.HORIZONS), "Time horizon."),
            "kpi": Field(Text(), "Key performance indicator."),
            "costs": Field(ListOf(Ref("line_item")), "Costed line items of the step."),
        },
    ),
    "costing": Obj(
        "the costing",
        {
            # Checked by the costing builder, so a missing or unknown code gets its own code.
            "currency": Field(STRING, "ISO 4217 code of every unit cost (e.g. USD)."),
            "year": Field(
                Scalar("integer", minimum=1900, maximum=2200),
                "Price year of the unit costs.",
                required=True,
            ),
            "years": Field(INTEGER, "Plan years costed (1 to 10).", default=5),
            "categories": Field(ListOf(Ref("cost_category")), "Cost categories.", default=()),
            "unit_costs": Field(ListOf(Ref("unit_cost")), "The unit costs.", default=()),
        },
    ),
    "cost_category": Obj(
        "a cost category",
        {
            "id": Field(ID, "Category id, unique in the costing.", required=True),
            "title": Field(Text(), "Category name.", required=True),
            "subcategories": Field(
                ListOf(Ref("cost_subcategory")), "Its subcategories.", default=()
            ),
        },
    ),
    "cost_subcategory": Obj(
        "a cost subcategory",
        {
            "id": Field(ID, "Subcategory id, unique in its category.", required=True),
            "title": Field(Text(), "Subcategory name.", required=True),
        },
    ),
    "unit_cost": Obj(
        "a unit cost",
        {
            "id": Field(ID, "Unit cost id, unique in the costing.", required=True),
            "title": Field(Text(), "What one unit is.", required=True),
            "category": Field(ID, "Id of a cost category.", required=True),
            "subcategory": Field(ID, "Id of one of the category's subcategories.", required=True),
            "value": Field(NUMBER, "Cost of one unit (exact decimal, >= 0).", required=True),
            "unit": Field(Text(), "What it is counted per: per day, per person."),
        },
    ),
    "line_item": Obj(
        "a line item",
        {
            "unit_cost": Field(ID, "Id of a unit cost of the costing.", required=True),
            "times": Field(ListOf(NUMBER), "Fixed multipliers (>= 0).", default=()),
            "per": Field(ListOf(ID), "Number questions whose answers multiply.", default=()),
            "recurring": Field(
                BOOLEAN, "Costs every plan year from its step on (else once).", default=False
            ),
            "title": Field(Text(), "What is bought, when the unit cost's title is not enough."),
        },
    ),
    "evidence": Obj(
        "evidence settings",
        {
            "allowed": Field(BOOLEAN, "Evidence may be attached.", default=True),
            "required": Field(BOOLEAN, "Evidence must be attached.", default=False),
        },
    ),
    "scores": Obj(
        "yes/partial/no scores",
        {name: Field(NUMBER, f"Score of '{name}'.") for name in reg.YES_PARTIAL_NO},
    ),
    "normalise": Obj(
        "normalisation",
        {
            "min": Field(NUMBER, "Answers below are capped (default: min)."),
            "max": Field(NUMBER, "Answers above are capped (default: max)."),
            "log": Field(BOOLEAN, "Use log10(1 + x).", default=False),
            "invert": Field(BOOLEAN, "Higher answers score lower.", default=False),
        },
    ),
    "risk": Obj(
        "the risk register",
        {
            "likelihood": Field(STRING, "Likelihood scale id (levels 1..5).", required=True),
            "impact": Field(STRING, "Impact scale id (levels 1..5).", required=True),
            "dimensions": Field(ListOf(ID, min_items=1), "Impact dimensions.", required=True),
            "combine": Field(
                Scalar("string", enum=reg.RISK_COMBINE), "Overall impact.", default="max"
            ),
            "bands": Field(STRING, "Band set over likelihood x impact."),
            "scenarios": Field(ListOf(Ref("scenario")), "Risk scenarios.", default=()),
        },
    ),
    "scenario": Obj(
        "a risk scenario",
        {
            "id": Field(ID, "Scenario id.", required=True),
            "title": Field(Text(), "Scenario title.", required=True),
            "cbrn": Field(
                ListOf(Scalar("string", enum=tuple(reg.CBRN))), "CBRN categories.", default=()
            ),
            "origin": Field(
                Scalar("string", enum=tuple(reg.ORIGINS)), "Hazard origin.", required=True
            ),
            "worst_case": Field(Text(), "Reasonable worst case."),
            "cross_border": Field(BOOLEAN, "Effects cross borders.", default=False),
            "indicators": Field(ListOf(ID), "Node ids that mitigate it.", default=()),
            "likelihood": Field(Scalar("integer", minimum=1, maximum=5), "Default likelihood."),
            "impacts": Field(
                MapOf(ID, Scalar("integer", minimum=1, maximum=5)), "Default impacts."
            ),
        },
    ),
    "migration": Obj(
        "the migration",
        {
            "from": Field(
                VERSION,
                "The earlier version whose answers carry into this one.",
                required=True,
                hint='quote it: from: "1.0"',
            ),
            "renamed": Field(MapOf(ID, ID), "Earlier id: its id now (same type and scale)."),
            "dropped": Field(ListOf(ID), "Earlier questions whose answers are not carried."),
            "afresh": Field(ListOf(ID), "Questions kept, but answered afresh: nothing carried."),
            "mapped": Field(ListOf(Ref("mapped")), "Answers carried through a value map."),
            "split": Field(ListOf(Ref("split")), "One earlier question carried into several."),
            "merged": Field(ListOf(Ref("merged")), "Several earlier questions carried into one."),
        },
    ),
    "mapped": Obj(
        "a mapped question",
        {
            "from": Field(ID, "The earlier question.", required=True),
            "to": Field(ID, "The question now (may be the same id).", required=True),
            "values": Field(VALUE_MAP, "Earlier value: value now (null: not carried)."),
        },
    ),
    "split": Obj(
        "a split question",
        {
            "from": Field(ID, "The earlier question.", required=True),
            "into": Field(
                ListOf(Ref("split_part"), min_items=1), "The questions now.", required=True
            ),
        },
    ),
    "split_part": Obj(
        "a part of a split question",
        {
            "to": Field(ID, "A question now.", required=True),
            "values": Field(VALUE_MAP, "Earlier value: value now (null: not carried)."),
        },
    ),
    "merged": Obj(
        "a merged question",
        {
            "from": Field(ListOf(ID, min_items=1), "The earlier questions.", required=True),
            "to": Field(ID, "The question now.", required=True),
            "rule": Field(
                Scalar("string", enum=MERGE_RULES),
                "Which answer wins: the first answered, the lowest or the highest.",
                default="first",
            ),
            "values": Field(
                MapOf(ID, VALUE_MAP), "Per earlier question: earlier value: value now."
            ),
        },
    ),
}
