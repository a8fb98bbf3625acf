"""The JSON Schema of the questionnaire format, generated from the declarations in schema.py."""

from __future__ import annotations

import json
from typing import Any

from assess.questionnaire import schema as sc
from assess.questionnaire import vocabulary as reg

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def type_schema(spec: Any) -> dict[str, Any]:
    """The JSON Schema of one declared type."""
    if isinstance(spec, sc.Scalar):
        return scalar_schema(spec)
    if isinstance(spec, sc.Text):
        return {"$ref": "#/$defs/text"}
    if isinstance(spec, sc.ListOf):
        out: dict[str, Any] = {"type": "array", "items": type_schema(spec.item)}
        if spec.min_items:
            out["minItems"] = spec.min_items
        return out
    if isinstance(spec, sc.MapOf):
        return {
            "type": "object",
            "propertyNames": scalar_schema(spec.keys),
            "additionalProperties": type_schema(spec.value),
        }
    if isinstance(spec, sc.Ref):
        return {"$ref": f"#/$defs/{spec.name}"}
    if isinstance(spec, sc.AnyOf):
        return {"anyOf": [type_schema(option) for option in spec.options]}
    return {"$ref": "#/$defs/node"}


def scalar_schema(spec: sc.Scalar) -> dict[str, Any]:
    out: dict[str, Any] = {"type": spec.json}
    if spec.enum is not None:
        out["enum"] = list(spec.enum)
    if spec.pattern is not None:
        out["pattern"] = spec.pattern
    for key, value in (
        ("minimum", spec.minimum),
        ("maximum", spec.maximum),
        ("exclusiveMinimum", spec.exclusive_minimum),
    ):
        if value is not None:
            out[key] = value
    return out


def field_schema(declared: sc.Field) -> dict[str, Any]:
    out = type_schema(declared.type)
    if declared.nullable:
        out = {"anyOf": [out, {"type": "null"}]}
    out = {"description": declared.description, **out}
    if declared.default is not sc.MISSING:
        default = declared.default
        out["default"] = list(default) if isinstance(default, tuple) else default
    return out


def object_schema(obj: sc.Obj) -> dict[str, Any]:
    """A closed object: its keys, the required ones, and nothing else."""
    out: dict[str, Any] = {"type": "object"}
    if obj.description:
        out["description"] = obj.description
    out["properties"] = {name: field_schema(f) for name, f in obj.fields.items()}
    required = [name for name, f in obj.fields.items() if f.required]
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out


def question_schema() -> dict[str, Any]:
    """A question: its `type` picks the definition of that answer type."""
    return {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": list(reg.QUESTION_TYPES)}},
        "allOf": [
            {
                "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
                "then": {"$ref": f"#/$defs/question_{name}"},
            }
            for name in reg.QUESTION_TYPES
        ],
    }


def definitions() -> dict[str, Any]:
    defs: dict[str, Any] = {
        "text": {
            "description": "A text: a plain string (default language) or language -> text.",
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": scalar_schema(sc.LANGUAGE),
                    "additionalProperties": {"type": "string"},
                },
            ],
        },
        "node": {
            "description": "A group (it has children) or a question (it has a type).",
            "if": {"type": "object", "required": ["children"]},
            "then": {"$ref": "#/$defs/group"},
            "else": {"$ref": "#/$defs/question"},
        },
        "group": object_schema(sc.Obj("a group", sc.GROUP_FIELDS)),
        "question": question_schema(),
    }
    for name in reg.QUESTION_TYPES:
        defs[f"question_{name}"] = object_schema(sc.Obj(name, sc.question_fields(name)))
    for name, obj in sc.OBJECTS.items():
        if name != "questionnaire":
            defs[name] = object_schema(obj)
    return defs


def build_schema() -> dict[str, Any]:
    """The whole JSON Schema (draft 2020-12) of a questionnaire file."""
    top = object_schema(sc.OBJECTS["questionnaire"])
    return {"$schema": DRAFT, "title": "assess questionnaire", **top, "$defs": definitions()}


def schema_text() -> str:
    """The schema as the text committed in questionnaires/schema.json."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"
