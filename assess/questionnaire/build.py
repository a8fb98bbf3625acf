"""Builds the frozen model from checked definition data: texts, scales, bands, scoring, risk."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from babel import Locale, UnknownLocaleError

from assess.questionnaire import vocabulary as reg
from assess.questionnaire.model import (
    Aggregation,
    Band,
    BandSet,
    Framework,
    Level,
    LocalText,
    Option,
    Position,
    RiskRegister,
    Scale,
    Scenario,
    ScorePolicy,
    frozen_map,
)
from assess.questionnaire.places import scalar_place
from assess.questionnaire.schema import OBJECTS
from assess.questionnaire.structure import INVALID, Checked, Context, Walker, item_pos
from assess.questionnaire.suggest import did_you_mean

# Labels of the built-in yes/partial/no options, in the languages the initiative works in.
BUILTIN_LABELS = {
    "yes": {"en": "Yes", "fr": "Oui", "ar": "نعم", "ru": "Да", "es": "Sí", "pt": "Sim"},
    "partial": {
        "en": "Partially",
        "fr": "Partiellement",
        "ar": "جزئيًا",
        "ru": "Частично",
        "es": "Parcialmente",
        "pt": "Parcialmente",
    },
    "no": {"en": "No", "fr": "Non", "ar": "لا", "ru": "Нет", "es": "No", "pt": "Não"},
}


Item = tuple[int, Any, Position | None, str]


def items(checked: Checked, key: str) -> Iterator[Item]:
    """(index, item, position, path) of each item of a list that passed its checks."""
    values = checked.get(key) or ()
    yield from items_of(values, checked.raw.get(key), checked, key)


def items_of(values: list, raw: Any, owner: Checked, key: str) -> Iterator[Item]:
    """The usable items of a checked list: valid, and objects with all their required keys."""
    for i, item in enumerate(values):
        if item is INVALID or (isinstance(item, Checked) and not item.complete):
            continue
        where = item_pos(owner.file, raw, i, owner.value_pos(key))
        yield i, item, where, f"{owner.sub(key)}[{i}]"


def english_name(code: str) -> str | None:
    """A language's name in English, as CLDR gives it ("Portuguese"); None when CLDR lacks it."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name("en")
    except (ValueError, TypeError, AttributeError, UnknownLocaleError):
        return None


def language_name(code: str) -> str:
    """How a problem names a language: "Portuguese ('pt')", or "'xx'" for a code CLDR lacks."""
    name = english_name(code)
    return f"{name} ('{code}')" if name else f"'{code}'"


@dataclass
class Builder:
    """Turns checked data into model objects, reporting what cannot be built to the context."""

    ctx: Context
    default_language: str = "en"
    languages: tuple[str, ...] = ("en",)
    partial_languages: tuple[str, ...] = ()
    framework: Framework | None = None
    scales: dict[str, Scale] = field(default_factory=dict)
    bands: dict[str, BandSet] = field(default_factory=dict)
    used_scales: set[str] = field(default_factory=set)
    # id(model object) -> the checked data it was built from, to place later problems at a key
    sources: dict[int, Checked] = field(default_factory=dict)
    has_costing: bool = False  # the file declares a costing (even one with errors)
    # every line item of every action template, with its data and place, checked once all built
    line_items: list[tuple[Any, Checked, Position | None]] = field(default_factory=list)

    def record(self, built: Any, data: Checked) -> Any:
        """Remembers what `built` was built from; returns it."""
        self.sources[id(built)] = data
        return built

    def place(self, built: Any, key: str, fallback: Position | None) -> Position | None:
        """Where `key` of the data `built` came from stands, else `fallback`."""
        data = self.sources.get(id(built))
        return data.value_pos(key) if data is not None else fallback

    # ------------------------------------------------------------------ texts and languages
    def set_languages(self, top: Checked) -> None:
        """Reads the declared languages; the default language is always complete and first."""
        self.default_language = top.get("default_language", "en")
        complete = [lang for lang in top.get("languages", ()) if lang is not INVALID]
        partial = [lang for lang in top.get("partial_languages", ()) if lang is not INVALID]
        for lang in partial:
            if lang in complete or lang == self.default_language:
                message = f"{language_name(lang)} is declared both complete and partial"
                self.ctx.add("L103", message, top.value_pos("partial_languages"), top.sub(lang))
        self.languages = tuple(dict.fromkeys([self.default_language, *complete]))
        self.partial_languages = tuple(p for p in dict.fromkeys(partial) if p not in complete)

    def text(self, owner: Checked, key: str) -> LocalText | None:
        """The LocalText under `key`, after checking its languages; None when absent."""
        value = owner.get(key)
        if value is None:
            return None
        return self.local_text(value, owner.value_pos(key), owner.sub(key))

    def local_text(self, value: Any, where: Position | None, path: str) -> LocalText:
        values = {self.default_language: value} if isinstance(value, str) else dict(value)
        declared = self.languages + self.partial_languages
        for lang in values:
            if lang not in declared:
                at = value.key_pos(lang) if isinstance(value, Checked) else where
                message = f"language {language_name(lang)} is declared in neither 'languages' "
                message += "nor 'partial_languages'"
                self.ctx.add("L102", message, at, f"{path}.{lang}")
        missing = [lang for lang in self.languages if lang not in values]
        if missing:
            names = ", ".join(language_name(lang) for lang in missing)
            self.ctx.add("L101", f"text has no {names} version", where, path)
        return LocalText(frozen_map(values), self.default_language)

    def builtin_label(self, name: str) -> LocalText:
        """A built-in option's label in the questionnaire's languages that have one."""
        labels = BUILTIN_LABELS[name]
        values = {lang: labels[lang] for lang in self.languages + self.partial_languages}
        if self.default_language not in values:
            values[self.default_language] = labels["en"]
        return LocalText(frozen_map(values), self.default_language)

    def expr_problem(self, error: Any, where: Position | None, path: str) -> None:
        """Reports an error in a condition at its own line and column in the file."""
        self.ctx.add(error.code, error.message, self.inside(where, error.offset), path)

    def inside(self, where: Position | None, offset: int) -> Position | None:
        """The place of character `offset` of a scalar that starts at `where`."""
        if where is None:
            return None
        line, column = scalar_place(self.ctx.lines, where.line, where.column, offset)
        return Position(where.file, line, column)

    # ------------------------------------------------------------------ scoring defaults
    def set_framework(self, top: Checked) -> None:
        scoring = top.get("scoring") or Walker(self.ctx).fields({}, OBJECTS["scoring"], "scoring")
        scale = scoring.get("scale") or {}
        low, high = float(scale.get("min", 0)), float(scale.get("max", 100))
        if low >= high:
            message = f"the scoring scale's min ({low:g}) must be below its max ({high:g})"
            self.ctx.add("V105", message, scoring.value_pos("scale"), "scoring.scale")
            low, high = 0.0, 100.0
        self.framework = Framework(
            low, high, ScorePolicy(Aggregation("mean"), "exclude", None, None)
        )
        aggregation = self.aggregation(scoring, "aggregation") or Aggregation("mean")
        bands = scoring.get("bands")
        minimum = scoring["min_completeness"] / 100
        round_to, publish = scoring["round"], scoring.get("publish")
        if publish is not None and round_to is not None:
            message = "'publish' and 'round' exclude each other: keep one"
            self.ctx.add("S109", message, scoring.key_pos("publish"), scoring.sub("publish"))
            round_to = None
        policy = ScorePolicy(
            aggregation, scoring["missing"], round_to, bands, False, minimum, publish=publish
        )
        self.framework = Framework(low, high, policy)

    def aggregation(self, owner: Checked, key: str) -> Aggregation | None:
        """The aggregation under `key` (a method name, or a method with parameters)."""
        value = owner.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            method, params = value, {}
        else:
            method = value.get("method")
            if method is None:
                return None
            params = {k: v for k, v in value.items() if k != "method"}
            for name in params:
                if name not in reg.AGGREGATIONS[method]:
                    takes = ", ".join(reg.AGGREGATIONS[method]) or "no parameters"
                    message = f"'{name}' does not apply to aggregation {method} (it takes {takes})"
                    self.ctx.add("S101", message, value.key_pos(name), value.sub(name))
            params = {k: v for k, v in params.items() if k in reg.AGGREGATIONS[method]}
        if method == "complement_geometric":
            params.setdefault("max", self.framework.scale_max)
        return Aggregation(method, frozen_map(params))

    # ------------------------------------------------------------------ scales and bands
    def build_scales(self, top: Checked) -> None:
        for scale_id, data in (top.get("scales") or {}).items():
            where = top["scales"].value_pos(scale_id)
            scale = self.scale(scale_id, data, where)
            if scale is not None:
                self.scales[scale_id] = scale

    def scale(self, scale_id: str, data: Checked, where: Position | None) -> Scale | None:
        """A scale from its declaration (shared under `scales`, or inline in a question)."""
        kind = data.get("kind")
        if kind is None:
            return None
        wanted, other = ("levels", "options") if kind == "level" else ("options", "levels")
        if other in data:
            message = f"'{other}' does not apply to a {kind} scale (it takes '{wanted}')"
            self.ctx.add("S101", message, data.key_pos(other), data.sub(other))
        if wanted not in data:
            self.ctx.add("S103", f"a {kind} scale needs '{wanted}'", data.pos, data.path)
            return None
        if kind == "choice":
            options = self.options(data, "options")
            return Scale(scale_id, "choice", options=options, pos=where)
        levels = self.levels(data)
        if not levels:
            return None
        return Scale(scale_id, "level", levels=levels, allow_half=data["allow_half"], pos=where)

    def levels(self, data: Checked) -> tuple[Level, ...]:
        found = list(items(data, "levels"))
        for (_, previous, _, _), (_, level, where, path) in pairwise(found):
            if level["value"] != previous["value"] + 1:
                message = (
                    f"level {level['value']} follows level {previous['value']}: "
                    "values must be consecutive integers, in increasing order"
                )
                self.ctx.add("V103", message, where, path)
                break
        if not found:
            return ()
        top = found[-1][1]["value"]
        fw = self.framework
        out = []
        for _, level, _, _ in found:
            share = level["value"] / top if top > 0 else 0.0  # a lone level 0 scores the minimum
            default = fw.scale_min + share * (fw.scale_max - fw.scale_min)
            score = float(level.get("score", default))
            label = self.text(level, "label") or LocalText(frozen_map(), self.default_language)
            out.append(Level(level["value"], label, self.text(level, "descriptor"), score))
        return tuple(out)

    def options(self, owner: Checked, key: str, label_key: str = "label") -> tuple[Option, ...]:
        """Options (or checklist attributes) with ids unique in their list."""
        seen: dict[str, Position | None] = {}
        out = []
        for _, option, where, path in items(owner, key):
            if self.duplicate(option["id"], seen, where, path, "option"):
                continue
            label = self.text(option, label_key)
            score = option.get("score")
            out.append(Option(option["id"], label, None if score is None else float(score)))
        return tuple(out)

    def duplicate(
        self, item_id: str, seen: dict, where: Any, path: str, what: str, code: str = "T105"
    ) -> bool:
        """Reports an id met before in the same list."""
        if item_id in seen:
            first = seen[item_id]
            line = f" (first at line {first.line})" if first else ""
            self.ctx.add(code, f"{what} id '{item_id}' is used twice{line}", where, path)
            return True
        seen[item_id] = where
        return False

    def build_bands(self, top: Checked) -> None:
        for set_id, bands in (top.get("bands") or {}).items():
            holder = top["bands"]
            self.bands[set_id] = self.band_set(set_id, holder, bands)

    def band_set(self, set_id: str, holder: Checked, bands: list) -> BandSet:
        out: list[Band] = []
        seen: dict[str, Position | None] = {}
        for _, band, where, path in items_of(bands, holder.raw.get(set_id), holder, set_id):
            if self.duplicate(band["id"], seen, where, path, "band"):
                continue
            if band["min"] >= band["max"]:
                message = f"band '{band['id']}' has min {band['min']:g} >= max {band['max']:g}"
                self.ctx.add("V105", message, where, path)
            elif out and band["min"] != out[-1].max:
                message = (
                    f"band '{band['id']}' starts at {band['min']:g} but the band before it "
                    f"ends at {out[-1].max:g}: bands must be contiguous and in increasing order"
                )
                self.ctx.add("V104", message, where, path)
            label = self.text(band, "label")
            out.append(Band(band["id"], label, float(band["min"]), float(band["max"])))
        return BandSet(set_id, tuple(out), holder.value_pos(set_id))

    def band_ref(self, owner: Checked, key: str) -> str | None:
        """A band set id, reported when unknown."""
        name = owner.get(key)
        if name is not None and name not in self.bands:
            hint = did_you_mean(name, self.bands)
            message = f"band set '{name}' is not declared under 'bands'{hint}"
            self.ctx.add("R103", message, owner.value_pos(key), owner.sub(key))
            return None
        return name

    def scale_ref(self, owner: Checked, key: str, kind: str) -> Scale | None:
        """The scale named or declared inline under `key`, of the kind wanted."""
        value = owner.get(key)
        if value is None:
            return None
        where = owner.value_pos(key)
        if isinstance(value, Checked):
            scale = self.scale(owner.get("id", key), value, where)
        else:
            scale = self.scales.get(value)
            if scale is None:
                hint = did_you_mean(value, self.scales)
                message = f"scale '{value}' is not declared under 'scales'{hint}"
                self.ctx.add("R101", message, where, owner.sub(key))
                return None
            self.used_scales.add(value)
        if scale is not None and scale.kind != kind:
            message = f"scale '{scale.id}' is a {scale.kind} scale; a {kind} scale is needed here"
            self.ctx.add("R102", message, where, owner.sub(key))
            return None
        return scale

    # ------------------------------------------------------------------ risk register
    def risk(self, top: Checked) -> RiskRegister | None:
        data = top.get("risk")
        if data is None:
            return None
        likelihood = self.risk_scale(data, "likelihood")
        impact = self.risk_scale(data, "impact")
        dimensions = tuple(d for d in data.get("dimensions", ()) if d is not INVALID)
        scenarios = self.scenarios(data, dimensions)
        if likelihood is None or impact is None or "dimensions" not in data:
            return None
        bands = self.band_ref(data, "bands")
        return RiskRegister(
            likelihood, impact, dimensions, data["combine"], bands, tuple(scenarios)
        )

    def risk_scale(self, data: Checked, key: str) -> Scale | None:
        scale = self.scale_ref(data, key, "level")
        if scale is None:
            return None
        if [lvl.value for lvl in scale.levels] != [1, 2, 3, 4, 5]:
            values = ", ".join(str(lvl.value) for lvl in scale.levels)
            message = f"risk {key} scale '{scale.id}' must have levels 1 to 5, not {values}"
            self.ctx.add("V107", message, data.value_pos(key), data.sub(key))
            return None
        return scale

    def scenarios(self, data: Checked, dimensions: tuple[str, ...]) -> list[Scenario]:
        out = []
        seen: dict[str, Position | None] = {}
        for _, item, where, path in items(data, "scenarios"):
            if self.duplicate(item["id"], seen, where, path, "scenario"):
                continue
            impacts = item.get("impacts") or {}
            for name in impacts:
                if dimensions and name not in dimensions:
                    hint = did_you_mean(name, dimensions)
                    message = f"impact dimension '{name}' is not in risk.dimensions{hint}"
                    self.ctx.add("R107", message, impacts.key_pos(name), impacts.sub(name))
            indicators = tuple(i for i in item["indicators"] if i is not INVALID)
            scenario = Scenario(
                id=item["id"],
                title=self.text(item, "title"),
                cbrn=tuple(c for c in item["cbrn"] if c is not INVALID),
                origin=item["origin"],
                worst_case=self.text(item, "worst_case"),
                indicators=indicators,
                cross_border=item["cross_border"],
                likelihood=item.get("likelihood"),
                impacts=frozen_map(impacts),
                pos=where,
            )
            out.append(self.record(scenario, item))
        return out
