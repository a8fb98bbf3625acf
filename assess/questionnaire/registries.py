"""The names a questionnaire may use, as plain dicts: checked at load time and documented."""

from __future__ import annotations

from assess.questionnaire.model import CBRN_CATEGORIES, HAZARD_ORIGINS

# Keys every question takes, whatever its answer type.
QUESTION_COMMON_KEYS: tuple[str, ...] = (
    "id",
    "type",
    "text",
    "help",
    "required",
    "weight",
    "allow_na",
    "allow_dont_know",
    "comment",
    "evidence",
    "when",
    "tags",
    "refs",
)

# Answer type -> the keys it takes on top of QUESTION_COMMON_KEYS.
QUESTION_TYPES: dict[str, tuple[str, ...]] = {
    "level": ("scale", "target", "actions"),
    "checklist": ("scale", "attributes", "target", "actions"),
    "yes_partial_no": ("scores",),
    "single_choice": ("options", "scale"),
    "multiple_choice": ("options", "scale", "combine"),
    "number": ("min", "max", "unit", "normalise"),
    "text": (),
    "date": (),
}

# Answer types whose answer is a level of a level scale.
LEVEL_TYPES: tuple[str, ...] = ("level", "checklist")
CHOICE_TYPES: tuple[str, ...] = ("single_choice", "multiple_choice")

# Aggregation method -> its parameters, each with the JSON type of its value.
AGGREGATIONS: dict[str, dict[str, str]] = {
    "mean": {},
    "geometric": {},
    "complement_geometric": {"max": "number"},
    "max": {},
    "min": {},
    "weighted_max": {},
}

MISSING_POLICIES: tuple[str, ...] = ("zero", "exclude", "block")
GROUP_KINDS: tuple[str, ...] = ("module", "area", "indicator", "group")
CHOICE_COMBINE: tuple[str, ...] = ("sum", "max", "mean")
RISK_COMBINE: tuple[str, ...] = ("max", "mean")
HORIZONS: tuple[str, ...] = ("short", "medium", "long")
YES_PARTIAL_NO: tuple[str, ...] = ("yes", "partial", "no")

THEMES: tuple[str, ...] = (
    "legal-framework",
    "crisis-management",
    "first-response",
    "border-control",
    "illicit-trafficking",
    "import-export-control",
    "transit-transshipment",
    "investigation-prosecution",
    "public-health",
    "safety-security",
    "biosafety-biosecurity",
    "waste-management",
    "awareness-raising",
    "detection",
    "laboratories",
    "surveillance",
    "preparedness",
    "training-exercises",
    "medical-countermeasures",
    "decontamination",
    "recovery",
    "coordination",
)

INSTRUMENTS: tuple[str, ...] = (
    "JEE",
    "SPAR",
    "IHR",
    "UNSCR1540",
    "INSSP",
    "CWC",
    "BWC",
    "CPPNM",
    "ICSANT",
    "SENDAI",
)

ACTION_TYPES: tuple[str, ...] = (
    "legal",
    "institutional",
    "sops",
    "training",
    "exercise",
    "equipment",
    "infrastructure",
    "awareness",
    "assessment",
)

CBRN: tuple[str, ...] = CBRN_CATEGORIES
ORIGINS: tuple[str, ...] = HAZARD_ORIGINS
