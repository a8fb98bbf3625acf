"""Structural checks derived from the declarations in schema.py: keys, types, enums, ranges.

`conform` walks a parsed YAML value against its declaration, reports every problem to the
context, and returns the value cleaned: objects become `Checked` mappings holding only the keys
that passed (defaults filled in), so the builder never meets a value of the wrong type.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assess.questionnaire import schema as sc
from assess.questionnaire import vocabulary as reg
from assess.questionnaire.model import Position
from assess.questionnaire.problems import CATALOGUE, Problem
from assess.questionnaire.suggest import did_you_mean, one_of

INVALID: Any = object()  # a value that failed its checks


@dataclass
class Context:
    """Where problems of one file are collected, with what is needed to place them."""

    file: str
    lines: list[str] = field(default_factory=list)  # the source, to place errors inside values
    problems: list[Problem] = field(default_factory=list)

    def add(self, code: str, message: str, where: Position | None, path: str = "") -> None:
        line, column = (where.line, where.column) if where else (0, 0)
        severity = CATALOGUE[code][0]
        self.problems.append(Problem(code, severity, message, self.file, line, column, path))


def _line_col(raw: Any) -> tuple[int, int] | None:
    if raw is None:
        return None
    if isinstance(raw, tuple):
        return int(raw[0]), int(raw[1])
    return int(raw.line), int(raw.column)


def position(file: str, raw: Any) -> Position | None:
    """A model Position from whatever the YAML loader recorded."""
    found = _line_col(raw)
    return Position(file, found[0], found[1]) if found else None


class Checked(dict):  # type: ignore[type-arg]
    """An object's keys that passed the checks (defaults filled in), and where each one stood."""

    def __init__(self, raw: Mapping[Any, Any], path: str, file: str) -> None:
        super().__init__()
        self.raw = raw
        self.path = path
        self.file = file
        self.complete = True  # every required key is present and valid

    @property
    def pos(self) -> Position | None:
        return position(self.file, getattr(self.raw, "pos", None))

    def key_pos(self, key: str) -> Position | None:
        """Where `key` is written, or the object itself when it is absent."""
        found = getattr(self.raw, "key_pos", {}).get(key)
        return position(self.file, found) if found else self.pos

    def value_pos(self, key: str) -> Position | None:
        found = getattr(self.raw, "value_pos", {}).get(key)
        return position(self.file, found) if found else self.key_pos(key)

    def sub(self, key: str) -> str:
        """The tree path of one of this object's keys."""
        return f"{self.path}.{key}" if self.path else key


def item_pos(file: str, raw_list: Any, index: int, fallback: Position | None) -> Position | None:
    """Where item `index` of a YAML list stands."""
    found = getattr(raw_list, "item_pos", None)
    if found is not None and index < len(found):
        return position(file, found[index])
    return fallback


def describe(value: Any) -> str:
    """What a value is, in the words of a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string '{value}'" if len(value) <= 40 else "a string"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def type_name(spec: Any) -> str:
    """The name of a declared type, in the words of a message."""
    if isinstance(spec, sc.Scalar):
        return {
            "string": "a string",
            "integer": "an integer",
            "number": "a number",
            "boolean": "a boolean (true or false)",
            "null": "null",
        }[spec.json]
    if isinstance(spec, sc.Text):
        return "a text (a string, or a mapping of language to string)"
    if isinstance(spec, sc.ListOf):
        return "a list"
    if isinstance(spec, sc.AnyOf):
        return one_of(type_name(o) for o in spec.options)
    if isinstance(spec, sc.Ref):
        return f"{sc.OBJECTS[spec.name].title} (a mapping)"
    return "a mapping"


def matches_json(value: Any, json: str) -> bool:
    """Whether a YAML value has a JSON Schema type."""
    if json == "boolean":
        return isinstance(value, bool)
    if json == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if json == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if json == "number":
        return isinstance(value, int | float)
    return isinstance(value, str)


@dataclass
class Walker:
    """Checks values against declarations, reporting to a context."""

    ctx: Context

    def wrong_type(self, value: Any, spec: Any, name: str, where: Any, path: str, hint="") -> Any:
        message = f"{name} must be {type_name(spec)}, not {describe(value)}"
        options = spec.options if isinstance(spec, sc.AnyOf) else (spec,)
        text = any(
            isinstance(o, sc.Text) or (isinstance(o, sc.Scalar) and o.json == "string")
            for o in options
        )
        if not hint and text:
            if isinstance(value, bool):
                hint = "quote it: unquoted, yes, no, on and off are true or false in YAML"
            elif isinstance(value, int | float):
                hint = "quote it to make it text"
        self.ctx.add("S102", message + (f"; {hint}" if hint else ""), where, path)
        return INVALID

    def value(self, value: Any, spec: Any, name: str, where: Any, path: str) -> Any:
        """Check one value; return it cleaned, or INVALID."""
        if isinstance(spec, sc.Scalar):
            return self.scalar(value, spec, name, where, path)
        if isinstance(spec, sc.Text):
            return self.text(value, spec, name, where, path)
        if isinstance(spec, sc.ListOf):
            return self.list(value, spec, name, where, path)
        if isinstance(spec, sc.MapOf):
            return self.map(value, spec, name, where, path)
        if isinstance(spec, sc.Ref):
            return self.obj(value, sc.OBJECTS[spec.name], name, where, path)
        if isinstance(spec, sc.AnyOf):
            return self.any_of(value, spec, name, where, path)
        return self.node(value, name, where, path)

    def scalar(self, value: Any, spec: sc.Scalar, name: str, where: Any, path: str) -> Any:
        if not matches_json(value, spec.json):
            return self.wrong_type(value, spec, name, where, path)
        if spec.enum is not None and value not in spec.enum:
            hint = did_you_mean(value, spec.enum)
            if isinstance(value, str):
                message = f"{name} '{value}' is not one of {one_of(spec.enum)}{hint}"
            else:
                message = f"{name} must be {one_of(spec.enum)}, not {describe(value)}"
            self.ctx.add("S104", message, where, path)
            return INVALID
        if spec.pattern is not None and not re.fullmatch(spec.pattern, value):
            message = f"{name} '{value}' is not well formed: {spec.pattern_hint}"
            self.ctx.add("S105", message, where, path)
            return INVALID
        return self.in_range(value, spec, name, where, path)

    def in_range(self, value: Any, spec: sc.Scalar, name: str, where: Any, path: str) -> Any:
        bounds = (
            (spec.minimum, lambda v, b: v >= b, "at least"),
            (spec.maximum, lambda v, b: v <= b, "at most"),
            (spec.exclusive_minimum, lambda v, b: v > b, "greater than"),
        )
        for bound, ok, words in bounds:
            if bound is not None and not ok(value, bound):
                message = f"{name} must be {words} {bound:g}, not {value}"
                self.ctx.add("S106", message, where, path)
                return INVALID
        if spec.json == "integer":
            return int(value)
        return value

    def text(self, value: Any, spec: sc.Text, name: str, where: Any, path: str) -> Any:
        if isinstance(value, str):
            return value
        if not isinstance(value, Mapping) or not value:
            return self.wrong_type(value, spec, name, where, path)
        out = Checked(value, path, self.ctx.file)
        for lang, text in value.items():
            at = out.key_pos(lang)
            language = self.scalar(lang, sc.LANGUAGE, f"language code in {name}", at, path)
            if language is INVALID:
                continue
            if not isinstance(text, str):
                at = out.value_pos(lang)
                self.wrong_type(text, sc.STRING, f"{name} in '{lang}'", at, f"{path}.{lang}")
                continue
            out[lang] = text
        return out

    def list(self, value: Any, spec: sc.ListOf, name: str, where: Any, path: str) -> Any:
        if not isinstance(value, list):
            return self.wrong_type(value, spec, name, where, path)
        if len(value) < spec.min_items:
            self.ctx.add("S107", f"{name} must not be empty", where, path)
            return INVALID
        out = []
        for i, item in enumerate(value):
            at = item_pos(self.ctx.file, value, i, where)
            out.append(self.value(item, spec.item, f"{name}[{i}]", at, f"{path}[{i}]"))
        return out

    def map(self, value: Any, spec: sc.MapOf, name: str, where: Any, path: str) -> Any:
        if not isinstance(value, Mapping):
            return self.wrong_type(value, spec, name, where, path)
        out = Checked(value, path, self.ctx.file)
        for key, item in value.items():
            key_path = out.sub(str(key))
            at = out.key_pos(key)
            if self.scalar(key, spec.keys, f"key of {name}", at, key_path) is INVALID:
                continue
            cleaned = self.value(item, spec.value, f"{name}.{key}", out.value_pos(key), key_path)
            if cleaned is not INVALID:
                out[key] = cleaned
        return out

    def any_of(self, value: Any, spec: sc.AnyOf, name: str, where: Any, path: str) -> Any:
        for option in spec.options:
            is_map = isinstance(value, Mapping)
            if isinstance(option, sc.Ref) == is_map and (
                is_map or matches_json(value, option.json)
            ):
                return self.value(value, option, name, where, path)
        return self.wrong_type(value, spec, name, where, path)

    def obj(self, value: Any, spec: sc.Obj, name: str, where: Any, path: str) -> Any:
        if not isinstance(value, Mapping):
            message = f"{name} must be {spec.title} (a mapping), not {describe(value)}"
            self.ctx.add("S102", message, where, path)
            return INVALID
        return self.fields(value, spec, path)

    def fields(self, value: Mapping[Any, Any], spec: sc.Obj, path: str) -> Checked:
        """Check an object's keys; return those that passed, with defaults filled in."""
        out = Checked(value, path, self.ctx.file)
        for key in value:
            if key not in spec.fields:
                self.unknown_key(key, spec, out)
        for key, declared in spec.fields.items():
            if key not in value:
                if declared.required:
                    self.ctx.add("S103", f"{spec.title} needs '{key}'", out.pos, path)
                    out.complete = False
                elif declared.default is not sc.MISSING:
                    out[key] = declared.default
                continue
            cleaned = self.field_value(value[key], declared, key, out)
            if cleaned is not INVALID:
                out[key] = cleaned
            elif declared.required:
                out.complete = False
            elif declared.default is not sc.MISSING:
                out[key] = declared.default  # reported; the default lets the checks go on
        return out

    def field_value(self, raw: Any, declared: sc.Field, key: str, out: Checked) -> Any:
        """One key's value, checked against its declaration (with the key's own hint)."""
        at = out.value_pos(key)
        if raw is None and declared.nullable:
            return None
        if isinstance(declared.type, sc.Scalar) and not matches_json(raw, declared.type.json):
            return self.wrong_type(raw, declared.type, key, at, out.sub(key), declared.hint)
        return self.value(raw, declared.type, key, at, out.sub(key))

    def unknown_key(self, key: Any, spec: sc.Obj, out: Checked) -> None:
        at = out.key_pos(key)
        if spec.title.endswith(" question") and key in sc.QUESTION_FIELDS:
            kind = spec.title.removeprefix("a ")
            message = f"'{key}' does not apply to {kind}s (they take: {', '.join(spec.fields)})"
        else:
            message = f"unknown key '{key}' in {spec.title}{did_you_mean(key, spec.fields)}"
        self.ctx.add("S101", message, at, out.sub(str(key)))

    def node(self, value: Any, name: str, where: Any, path: str) -> Any:
        """A group (it has `children`) or a question (it has `type`), checked as such."""
        if not isinstance(value, Mapping):
            message = f"{name} must be a group or a question (a mapping), not {describe(value)}"
            self.ctx.add("S102", message, where, path)
            return INVALID
        if "children" in value and "type" in value:
            message = "a node has either 'children' (a group) or 'type' (a question), not both"
            self.ctx.add("S108", message, where, path)
            return INVALID
        return self.fields(value, node_obj(value), path)


GROUP = sc.Obj("a group", sc.GROUP_FIELDS)


def node_obj(value: Mapping[Any, Any]) -> sc.Obj:
    """The declaration of a tree node: a group when it has `children` (or a title but no text),
    else a question of its answer type."""
    if "children" in value or ("title" in value and "text" not in value):
        return GROUP
    return question_obj(value.get("type"))


def question_obj(type_name_: Any) -> sc.Obj:
    """The declaration of a question of this answer type."""
    if isinstance(type_name_, str) and type_name_ in reg.QUESTION_TYPES:
        return sc.Obj(f"a {type_name_} question", sc.question_fields(type_name_))
    return sc.Obj("a question", sc.QUESTION_FIELDS)


def conform(value: Any, ctx: Context) -> Checked | None:
    """Check a whole questionnaire's structure; None when it is not even a mapping."""
    walker = Walker(ctx)
    spec = sc.OBJECTS["questionnaire"]
    if not isinstance(value, Mapping):
        # A list or a scalar: reported where it starts (parsed lists carry their place).
        start = getattr(value, "pos", None) or Position(ctx.file, 1, 1)
        walker.obj(value, spec, "the file", start, "")
        return None
    return walker.fields(value, spec, "")
