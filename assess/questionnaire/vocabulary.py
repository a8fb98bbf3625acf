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

# Keys every scored question takes: its score's limits, how it is shown, and its rank column.
SCORE_KEYS: tuple[str, ...] = ("floor", "ceiling", "clamp", "publish", "rank")

# Answer type -> the keys it takes on top of QUESTION_COMMON_KEYS.
QUESTION_TYPES: dict[str, tuple[str, ...]] = {
    "level": ("scale", "target", "actions", *SCORE_KEYS),
    "checklist": ("scale", "attributes", "target", "actions", *SCORE_KEYS),
    "yes_partial_no": ("scores", *SCORE_KEYS),
    "single_choice": ("options", "scale", *SCORE_KEYS),
    "multiple_choice": ("options", "scale", "combine", *SCORE_KEYS),
    "number": (
        "min",
        "max",
        "unit",
        "normalise",
        "thresholds",
        "per",
        "per_unit",
        "scored",
        *SCORE_KEYS,
    ),
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

MISSING_POLICIES: dict[str, str] = {
    "zero": "missing children count as the scale's minimum (WHO SPAR)",
    "exclude": "missing children leave the denominator (INFORM, JEE N/A)",
    "block": "the group has no score until every child is answered",
}
GROUP_KINDS: tuple[str, ...] = ("module", "area", "indicator", "group")
CHOICE_COMBINE: tuple[str, ...] = ("sum", "max", "mean")
RISK_COMBINE: tuple[str, ...] = ("max", "mean")
HORIZONS: tuple[str, ...] = ("short", "medium", "long")
YES_PARTIAL_NO: tuple[str, ...] = ("yes", "partial", "no")

# CoE thematic areas: id -> English name.
THEMES: dict[str, str] = {
    "legal-framework": "Legal framework",
    "crisis-management": "Crisis management",
    "first-response": "First response",
    "border-control": "Border control and monitoring",
    "illicit-trafficking": "Illicit trafficking",
    "import-export-control": "Import and export control",
    "transit-transshipment": "Transit and trans-shipment",
    "investigation-prosecution": "Investigation and prosecution",
    "public-health": "Public health impact mitigation",
    "safety-security": "Safety and security",
    "biosafety-biosecurity": "Biosafety and biosecurity",
    "waste-management": "Waste management",
    "awareness-raising": "Awareness raising",
    "detection": "Detection",
    "laboratories": "Laboratories",
    "surveillance": "Surveillance",
    "preparedness": "Preparedness",
    "training-exercises": "Training and exercises",
    "medical-countermeasures": "Medical countermeasures",
    "decontamination": "Decontamination",
    "recovery": "Recovery",
    "coordination": "Inter-agency coordination",
}

# International instruments a reference may name ("JEE:P.1.1"): id -> full name.
INSTRUMENTS: dict[str, str] = {
    "JEE": "WHO Joint External Evaluation",
    "SPAR": "WHO States Parties Self-Assessment Annual Reporting",
    "IHR": "International Health Regulations (2005)",
    "UNSCR1540": "UN Security Council Resolution 1540",
    "INSSP": "IAEA Integrated Nuclear Security Support Plan",
    "CWC": "Chemical Weapons Convention",
    "BWC": "Biological Weapons Convention",
    "CPPNM": "Convention on the Physical Protection of Nuclear Material",
    "ICSANT": "Convention for the Suppression of Acts of Nuclear Terrorism",
    "SENDAI": "Sendai Framework for Disaster Risk Reduction",
}

# Types of action in a plan: id -> what it covers.
ACTION_TYPES: dict[str, str] = {
    "legal": "legislation and regulation",
    "institutional": "institutions, mandates and coordination bodies",
    "sops": "standard operating procedures",
    "training": "training",
    "exercise": "exercises: table-top, field or cross-border",
    "equipment": "equipment",
    "infrastructure": "infrastructure",
    "awareness": "awareness raising",
    "assessment": "assessments and studies",
}

CBRN: dict[str, str] = dict(
    zip(CBRN_CATEGORIES, ("Chemical", "Biological", "Radiological", "Nuclear"), strict=True)
)
ORIGINS: dict[str, str] = dict(
    zip(HAZARD_ORIGINS, ("natural hazard", "accident", "malicious act"), strict=True)
)
