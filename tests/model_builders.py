"""Questionnaire model objects for tests: every field a test does not care about filled in.

Each builder takes any field of its model object as a keyword, to set what the test cares about."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assess.questionnaire.model import (
    Aggregation,
    Evidence,
    Framework,
    Group,
    Level,
    LocalText,
    Node,
    Question,
    Questionnaire,
    Scale,
    ScorePolicy,
    Tags,
    frozen_map,
)

POLICY = ScorePolicy(Aggregation("mean"), "exclude", None, None)


def text(en: str, **others: str) -> LocalText:
    """A text in English and any other languages given: text("Yes"), text(en="Yes", fr="Oui")."""
    return LocalText(frozen_map({"en": en, **others}), "en")


def level_scale(
    scale_id: str = "capability",
    low: int = 1,
    high: int = 5,
    top: float = 100,
    allow_half: bool = False,
) -> Scale:
    """Levels low..high, each with a descriptor, scoring in equal steps up to `top`."""
    levels = tuple(
        Level(v, text(f"level {v}"), text(f"descriptor {v}"), v / high * top)
        for v in range(low, high + 1)
    )
    return Scale(scale_id, "level", levels=levels, allow_half=allow_half)


def _node(nid: str, path: tuple[str, ...]) -> dict[str, Any]:
    """The fields every node has: weight 1, always applicable, no tags, references or actions."""
    return {
        "id": nid,
        "path": path,
        "weight": 1.0,
        "when": None,
        "tags": Tags(),
        "refs": (),
        "target": None,
        "actions": (),
        "pos": None,
    }


def question(qid: str, qtype: str, **fields: Any) -> Question:
    """A question in the area `area`, optional, allowing N/A, don't know, comments and evidence."""
    defaults = _node(qid, ("area", qid)) | {
        "type": qtype,
        "text": text(f"Question {qid}"),
        "help": None,
        "required": False,
        "allow_na": True,
        "allow_dont_know": True,
        "comment": True,
        "evidence": Evidence(),
        "scale": None,
        "options": (),
        "number": None,
        "attributes": frozen_map(),
    }
    return Question(**(defaults | fields))


def group(gid: str, children: Iterable[Node], **fields: Any) -> Group:
    """A group titled with its id; the questionnaire's root is the one with the empty path."""
    defaults = _node(gid, (gid,)) | {
        "kind": "group",
        "title": text(gid),
        "description": None,
        "policy": POLICY,
    }
    return Group(children=tuple(children), **(defaults | fields))


def questionnaire(
    children: Iterable[Node], policy: ScorePolicy = POLICY, **fields: Any
) -> Questionnaire:
    """Version 1.0 of questionnaire `test` in English, whose root group (same id) holds them."""
    qid = fields.pop("id", "test")
    defaults: dict[str, Any] = {
        "version": "1.0",
        "title": text("Test"),
        "description": None,
        "default_language": "en",
        "languages": ("en",),
        "partial_languages": (),
        "framework": Framework(0, 100, policy),
        "scales": frozen_map(),
        "bands": frozen_map(),
        "root": group(qid, children, path=(), policy=policy),
        "risk": None,
    }
    return Questionnaire(id=qid, **(defaults | fields))
