"""Builds the tree: groups with their resolved scoring policy, and questions of every type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assess.questionnaire import expressions as ex
from assess.questionnaire import vocabulary as reg
from assess.questionnaire.build import Builder, items, items_of
from assess.questionnaire.build_costing import line_items
from assess.questionnaire.model import (
    ActionTemplate,
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
            policy=self.base.framework.defaults,
            children=self.children(top, ()),
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
        return ScorePolicy(
            aggregation=self.base.aggregation(data, "aggregation") or defaults.aggregation,
            missing=data.get("missing", defaults.missing),
            round=data.get("round", defaults.round),
            bands=bands,
            rank=data["rank"],
            min_completeness=(
                data["min_completeness"] / 100
                if "min_completeness" in data
                else defaults.min_completeness
            ),
        )

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
        norm_low, norm_high = norm.get("min", low), norm.get("max", high)
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
        )

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
