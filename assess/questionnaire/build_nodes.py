"""Builds the tree: groups with their resolved scoring policy, and questions of every type."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from assess.questionnaire import expressions as ex
from assess.questionnaire import vocabulary as reg
from assess.questionnaire.build import Builder, items, items_of
from assess.questionnaire.build_costing import line_items
from assess.questionnaire.model import (
    ActionTemplate,
    Bounds,
    Constant,
    Evidence,
    Expr,
    Group,
    LocalText,
    Node,
    NumberSpec,
    Option,
    Position,
    Question,
    Reference,
    ScorePolicy,
    Tags,
    Threshold,
    frozen_map,
)
from assess.questionnaire.structure import INVALID, Checked
from assess.questionnaire.suggest import did_you_mean


@dataclass
class NodeBuilder:
    """Builds nodes below a parent, depth first."""

    base: Builder

    def root(self, top: Checked) -> Group:
        """The synthetic root: the questionnaire itself, scored with the framework defaults."""
        title = self.base.text(top, "title")
        return Group(
            id=top.get("id", ""),
            path=(),
            weight=1.0,
            when=None,
            tags=Tags(),
            refs=(),
            target=None,
            actions=(),
            pos=top.pos,
            kind="group",
            title=title or LocalText(frozen_map(), self.base.default_language),
            description=self.base.text(top, "description"),
            policy=self.root_policy(top),
            children=self.children(top, ()),
        )

    def root_policy(self, top: Checked) -> ScorePolicy:
        """The scoring defaults, with the keys the top level gives the root itself."""
        defaults = self.base.framework.defaults
        round_to, publish = self.rounding(top, defaults.round, defaults.publish)
        return replace(
            defaults,
            round=round_to,
            publish=publish,
            rank=top["rank"],
            bounds=self.bounds(top),
            constants=self.constants(top),
        )

    def children(self, owner: Checked, parent: tuple[str, ...]) -> tuple[Node, ...]:
        out = []
        for _, data, _, _ in items(owner, "children"):
            node = self.node(data, parent)
            if node is not None:
                out.append(node)
        return tuple(out)

    def node(self, data: Checked, parent: tuple[str, ...]) -> Node | None:
        path = (*parent, data["id"])
        common = {
            "id": data["id"],
            "path": path,
            "weight": float(data["weight"]),
            "when": self.when(data),
            "tags": self.tags(data),
            "refs": self.refs(data),
            "target": None if data.get("target") is None else float(data["target"]),
            "actions": self.actions(data),
            "pos": data.pos,
        }
        if "children" in data:
            return self.base.record(self.group(data, path, common), data)
        return self.base.record(self.question(data, common), data)

    def group(self, data: Checked, path: tuple[str, ...], common: dict[str, Any]) -> Group:
        if not data["children"]:
            message = f"group '{data['id']}' has no children"
            self.base.ctx.add("T104", message, data.value_pos("children"), data.sub("children"))
        return Group(
            **common,
            kind=data["kind"],
            title=self.base.text(data, "title"),
            description=self.base.text(data, "description"),
            policy=self.policy(data),
            children=self.children(data, path),
        )

    def policy(self, data: Checked) -> ScorePolicy:
        """The group's scoring policy: its own keys, else the questionnaire's defaults."""
        defaults = self.base.framework.defaults
        bands = self.base.band_ref(data, "bands") if "bands" in data else defaults.bands
        round_to, publish = self.rounding(data, defaults.round, defaults.publish)
        return ScorePolicy(
            aggregation=self.base.aggregation(data, "aggregation") or defaults.aggregation,
            missing=data.get("missing", defaults.missing),
            round=round_to,
            bands=bands,
            rank=data["rank"],
            min_completeness=(
                data["min_completeness"] / 100
                if "min_completeness" in data
                else defaults.min_completeness
            ),
            bounds=self.bounds(data),
            constants=self.constants(data),
            publish=publish,
        )

    def rounding(
        self, data: Checked, round_to: int | None, publish: int | None
    ) -> tuple[int | None, int | None]:
        """(round, publish) of a node: its own key replaces the default of the other; both on one
        node is an error."""
        if "round" in data.raw and "publish" in data.raw:
            self.exclusive(data, "publish", "round")
        if "publish" in data:
            return None, data["publish"]
        if "round" in data:
            return data["round"], None
        return round_to, publish

    def exclusive(self, data: Checked, key: str, other: str) -> None:
        """Reports `key` given beside `other`, a key it excludes."""
        message = f"'{key}' and '{other}' exclude each other: keep one"
        self.base.ctx.add("S109", message, data.key_pos(key), data.sub(key))

    def bounds(self, data: Checked) -> Bounds:
        """The node's floor and ceiling (`clamp` gives both): within the scale, in order."""
        clamp = data.get("clamp")
        places = {"floor": (data, "floor"), "ceiling": (data, "ceiling")}
        for key in places:
            if key in data.raw and "clamp" in data.raw:
                self.exclusive(data, key, "clamp")
        if clamp is not None:
            places = {"floor": (clamp, "min"), "ceiling": (clamp, "max")}
        found = {}
        for name, (owner, key) in places.items():
            value = owner.get(key)
            if value is not None and self.within_scale(value, owner, key, f"{name} {value:g}"):
                found[name] = float(value)
        floor, ceiling = found.get("floor"), found.get("ceiling")
        if floor is not None and ceiling is not None and floor > ceiling:
            owner, key = places["floor"]
            message = f"floor {floor:g} is above ceiling {ceiling:g}"
            self.base.ctx.add("V115", message, owner.value_pos(key), owner.sub(key))
            return Bounds()
        return Bounds(floor, ceiling)

    def within_scale(self, value: float, owner: Checked, key: str, what: str) -> bool:
        """Whether a score the file gives lies on the scoring scale (reported when not)."""
        fw = self.base.framework
        if fw.scale_min <= value <= fw.scale_max:
            return True
        message = f"{what} is outside the scoring scale {fw.scale_min:g} to {fw.scale_max:g}"
        self.base.ctx.add("V116", message, owner.value_pos(key), owner.sub(key))
        return False

    def constants(self, data: Checked) -> tuple[Constant, ...]:
        """A group's constants: ids unique in the group (children's included), values on the
        scale."""
        seen: dict[str, Position | None] = {c["id"]: w for _, c, w, _ in items(data, "children")}
        out = []
        for _, item, where, path in items(data, "constants"):
            if self.base.duplicate(item["id"], seen, where, path, "constant"):
                continue
            value = item["value"]
            if self.within_scale(value, item, "value", f"constant '{item['id']}' {value:g}"):
                out.append(Constant(item["id"], float(value), float(item["weight"])))
        return tuple(out)

    def question(self, data: Checked, common: dict[str, Any]) -> Question:
        kind = data["type"]
        scale = None
        if kind in reg.LEVEL_TYPES:
            scale = self.base.scale_ref(data, "scale", "level")
        options: tuple[Option, ...] = ()
        if kind in reg.CHOICE_TYPES:
            scale, options = self.choices(data)
        elif kind == "yes_partial_no":
            options = self.yes_partial_no(data)
        evidence = data["evidence"]
        if isinstance(evidence, bool):
            evidence = {"allowed": evidence, "required": False}
        return Question(
            **common,
            type=kind,
            text=self.base.text(data, "text"),
            help=self.base.text(data, "help"),
            required=data["required"],
            allow_na=data["allow_na"],
            allow_dont_know=data["allow_dont_know"],
            comment=data["comment"],
            evidence=Evidence(evidence["allowed"], evidence["required"]),
            scale=scale,
            options=options,
            number=self.number(data) if kind == "number" else None,
            attributes=self.attributes(data, scale) if kind == "checklist" else {},
            choice_combine=data.get("combine", "sum"),
            counts=data.get("scored", True) if kind == "number" else True,
            bounds=self.bounds(data),
            publish=data.get("publish"),
            rank=data.get("rank", False),
        )

    def choices(self, data: Checked) -> tuple[Any, tuple[Option, ...]]:
        """A choice question's options: its own, or those of its choice scale."""
        if ("options" in data.raw) == ("scale" in data.raw):
            message = f"choice question '{data['id']}' needs either 'options' or 'scale'"
            self.base.ctx.add(
                "V109",
                message + " (not both)" if "scale" in data.raw else message,
                data.pos,
                data.path,
            )
        scale = self.base.scale_ref(data, "scale", "choice")
        if scale is not None:
            return scale, scale.options
        return None, self.base.options(data, "options")

    def yes_partial_no(self, data: Checked) -> tuple[Option, ...]:
        """The built-in options, scored at the scale's max, middle and min unless `scores` says."""
        fw = self.base.framework
        scores = {"yes": fw.scale_max, "partial": (fw.scale_min + fw.scale_max) / 2}
        scores["no"] = fw.scale_min
        scores.update({k: float(v) for k, v in (data.get("scores") or {}).items()})
        return tuple(
            Option(name, self.base.builtin_label(name), scores[name]) for name in reg.YES_PARTIAL_NO
        )

    def number(self, data: Checked) -> NumberSpec:
        low, high = data.get("min"), data.get("max")
        norm = data.get("normalise") or {}
        if "per" in data:
            # A ratio's range is not its answer's: only `normalise` says it.
            norm_low, norm_high = norm.get("min"), norm.get("max")
        else:
            norm_low, norm_high = norm.get("min", low), norm.get("max", high)
        if "per_unit" in data.raw and "per" not in data.raw:
            message = "'per_unit' needs 'per': the question it divides by"
            self.base.ctx.add("S103", message, data.key_pos("per_unit"), data.sub("per_unit"))
        if low is not None and high is not None and low > high:
            message = f"number question '{data['id']}' has min {low:g} > max {high:g}"
            self.base.ctx.add("V105", message, data.value_pos("min"), data.sub("min"))
        elif norm_low is not None and norm_high is not None and norm_low >= norm_high:
            message = f"normalise min {norm_low:g} must be below normalise max {norm_high:g}"
            where = data.value_pos("normalise") if norm else data.value_pos("min")
            self.base.ctx.add("V105", message, where, data.sub("normalise"))
        return NumberSpec(
            min=low,
            max=high,
            unit=self.base.text(data, "unit"),
            norm_min=norm_low,
            norm_max=norm_high,
            log=norm.get("log", False),
            invert=norm.get("invert", False),
            thresholds=self.thresholds(data),
            per=data.get("per"),
            per_unit=None if data.get("per_unit") is None else float(data["per_unit"]),
        )

    def thresholds(self, data: Checked) -> tuple[Threshold, ...]:
        """Banded scoring: `at_least` strictly increasing, scores on the scale, no `normalise`."""
        if "thresholds" in data.raw and "normalise" in data.raw:
            self.exclusive(data, "thresholds", "normalise")
        out: list[Threshold] = []
        for _, item, where, path in items(data, "thresholds"):
            at_least, score = item["at_least"], item["score"]
            if out and at_least <= out[-1].at_least:
                message = f"threshold at_least {at_least:g} follows {out[-1].at_least:g}: "
                message += "list thresholds by strictly increasing at_least"
                self.base.ctx.add("V117", message, where, path)
                continue
            if self.within_scale(score, item, "score", f"threshold score {score:g}"):
                out.append(Threshold(float(at_least), float(score)))
        return tuple(out)

    def attributes(self, data: Checked, scale: Any) -> dict[int, tuple[Option, ...]]:
        """Checklist attributes per level, each level within the question's scale."""
        per_level = data.get("attributes") or {}
        out: dict[int, tuple[Option, ...]] = {}
        seen: dict[str, Position | None] = {}
        for key, attrs in per_level.items():
            level = int(key)
            if scale is not None and scale.level(level) is None:
                message = (
                    f"attributes for level {level}, but scale '{scale.id}' has levels "
                    f"{scale.min_level} to {scale.max_level}"
                )
                self.base.ctx.add("V106", message, per_level.key_pos(key), per_level.sub(key))
            found = []
            for _, attr, where, path in items_of(attrs, per_level.raw.get(key), per_level, key):
                if not self.base.duplicate(attr["id"], seen, where, path, "attribute"):
                    found.append(Option(attr["id"], self.base.text(attr, "text"), None))
            out[level] = tuple(found)
        return dict(sorted(out.items()))

    def when(self, data: Checked) -> Expr | None:
        """The node's condition, parsed; syntax errors are reported where they stand."""
        source = data.get("when")
        if source is None:
            return None
        where = data.value_pos("when")
        try:
            tree = ex.parse(source)
        except ex.ExprError as error:
            self.base.expr_problem(error, where, data.sub("when"))
            return None
        return Expr(source, tree, ex.references(tree), where)

    def tags(self, data: Checked) -> Tags:
        tags = data.get("tags") or {}
        return Tags(
            **{
                key: tuple(v for v in tags.get(key, ()) if v is not INVALID)
                for key in ("cbrn", "themes", "origins")
            }
        )

    def refs(self, data: Checked) -> tuple[Reference, ...]:
        out = []
        for _, text, where, path in items(data, "refs"):
            instrument, ref = text.split(":", 1)
            if instrument not in reg.INSTRUMENTS:
                hint = did_you_mean(instrument, reg.INSTRUMENTS)
                message = f"unknown instrument '{instrument}' in reference '{text}'{hint}"
                self.base.ctx.add("R106", message, where, path)
                continue
            out.append(Reference(instrument, ref))
        return tuple(out)

    def actions(self, data: Checked) -> tuple[ActionTemplate, ...]:
        out = []
        for _, action, _, _ in items(data, "actions"):
            activities = []
            for _, activity, where, path in items(action, "activities"):
                activities.append(self.base.local_text(activity, where, path))
            template = ActionTemplate(
                step=action["step"],
                title=self.base.text(action, "title"),
                objective=self.base.text(action, "objective"),
                activities=tuple(activities),
                type=action["type"],
                lead=self.base.text(action, "lead"),
                horizon=action.get("horizon"),
                kpi=self.base.text(action, "kpi"),
                costs=line_items(self.base, action),
            )
            out.append(self.base.record(template, action))
        return tuple(out)
