"""Question blocks of an area page: fixed HTML drawn once per language, answers filled per request.

A question's block (labels, descriptors, options, help, fallback marks) depends only on the
questionnaire, the question, the language and whether the page is read-only. It is drawn once by
the fields macros with a `Recorder` standing for the answer, whose every use leaves a hole; each
request fills the holes with its answer's values, escaped, and the page's per-request parts.
"""

from __future__ import annotations

import re
import secrets
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from markupsafe import Markup, escape
from wtforms import Form

from assess.forms.builder import ANSWERED, QuestionView
from assess.questionnaire.model import Group, Questionnaire

# Areas (questionnaire, area, language, read-only) whose blocks are kept; least used dropped.
CACHED_AREAS = 256

Hole = tuple[str, str, Any]


class Recorder:
    """Stands for a question's answer while its block is drawn: each use leaves a numbered hole."""

    def __init__(self) -> None:
        self.holes: list[Hole] = []
        # A mark no questionnaire text can forge: random for each drawing.
        self.tag = secrets.token_hex(8)
        self.marks = re.compile(f"\x00{self.tag}:([0-9]+)\x00")

    def _hole(self, hole: Hole) -> Markup:
        self.holes.append(hole)
        return Markup(f"\x00{self.tag}:{len(self.holes) - 1}\x00")

    def value(self, name: str) -> Markup:
        """A field's value as its input shows it (escaped when filled)."""
        return self._hole(("value", name, None))

    def checked(self, name: str, choice: str | None = None) -> Markup:
        """'checked ' when the field holds `choice` (or, without a choice, is ticked)."""
        return self._hole(("checked", name, choice))

    def page(self, key: str) -> Markup:
        """A part that depends on the request: URLs, applicability, error, conflict, files."""
        return self._hole(("page", key, None))


class FieldValues(Protocol):
    """One question's answer as its inputs show it."""

    def value(self, name: str) -> str: ...

    def data(self, name: str) -> Any: ...


# What a sub-form field holds when no data is given (assess.forms.builder.question_form_class).
_DEFAULTS: dict[str, Any] = {"state": ANSWERED, "version": "0", "seen": "", "none": False}


@dataclass(frozen=True, slots=True)
class StoredValues:
    """A stored answer's form data (assess.forms.convert.form_data), shown as WTForms shows it."""

    stored: Mapping[str, Any]

    def data(self, name: str) -> Any:
        return self.stored.get(name, _DEFAULTS.get(name))

    def value(self, name: str) -> str:
        if name == "none":
            return "y"  # a checkbox's value when nothing was posted, as BooleanField sends it
        data = self.data(name)
        return "" if data is None else str(data)


@dataclass(frozen=True, slots=True)
class BoundValues:
    """A bound sub-form's values (a posted page shown again)."""

    form: Form

    def data(self, name: str) -> Any:
        return self.form[name].data

    def value(self, name: str) -> str:
        return self.form[name]._value()


def _checked(values: FieldValues, name: str, choice: str | None) -> str:
    data = values.data(name)
    if choice is None:
        held = bool(data)
    elif isinstance(data, list | tuple):
        held = choice in data
    else:
        held = data is not None and str(data) == choice
    return "checked " if held else ""


@dataclass(frozen=True, slots=True)
class Block:
    """A question's drawn block: fixed HTML between holes, and what fills each hole."""

    parts: tuple[str, ...]
    holes: tuple[Hole, ...]

    def fill(self, values: FieldValues, page: Mapping[str, str]) -> Markup:
        """The block with this answer's values (escaped) and the request's parts in its holes."""
        out = [self.parts[0]]
        for (kind, name, choice), part in zip(self.holes, self.parts[1:], strict=True):
            if kind == "value":
                out.append(escape(values.value(name)))
            elif kind == "checked":
                out.append(_checked(values, name, choice))
            else:
                out.append(page[name])
            out.append(part)
        return Markup("".join(out))


def block(draw: Callable[[Recorder], str]) -> Block:
    """Draw a block once with a recorder standing for the answer, and cut it at the holes."""
    recorder = Recorder()
    pieces = recorder.marks.split(str(draw(recorder)))
    holes = tuple(recorder.holes[int(index)] for index in pieces[1::2])
    return Block(tuple(pieces[0::2]), holes)


_BLOCKS: OrderedDict[tuple[int, str, str, bool], tuple[Any, tuple[Block, ...]]] = OrderedDict()
_LOCK = threading.Lock()


def area_blocks(
    questionnaire: Questionnaire,
    area: Group,
    views: Sequence[QuestionView],
    lang: str,
    readonly: bool,
    drawer: Callable[[], Callable[[QuestionView, Recorder], str]],
) -> tuple[Block, ...]:
    """The blocks of an area's questions, drawn by `drawer()` on first use and kept (the model is
    immutable; the weak reference guards against a reused object id)."""
    key = (id(questionnaire), area.id, lang, readonly)
    with _LOCK:
        cached = _BLOCKS.get(key)
        if cached is not None and cached[0]() is questionnaire:
            _BLOCKS.move_to_end(key)
            return cached[1]
    draw = drawer()
    blocks = tuple(block(lambda recorder, view=view: draw(view, recorder)) for view in views)
    with _LOCK:
        _BLOCKS[key] = (weakref.ref(questionnaire), blocks)
        while len(_BLOCKS) > CACHED_AREAS:
            _BLOCKS.popitem(last=False)
    return blocks


def request_parts(
    applicable: bool,
    save_url: str,
    page_url: str,
    error: str | None,
    conflict: Mapping[str, Any] | None,
    files: str,
    history: str = "",
    kept: bool = False,
) -> dict[str, str]:
    """The page's per-request parts of one question's block, escaped (`files` and `history`,
    the earlier round's answer and whether it was carried, are drawn HTML); `kept`: shown though
    it does not apply, to show back an edit that was not saved."""
    return {
        "applicable": "true" if applicable else "false",
        "hidden": "" if applicable or kept else " hidden",
        "save_url": escape(save_url),
        "page_url": escape(page_url),
        "error": escape(error or ""),
        "error_hidden": "" if error else " hidden",
        "conflict_state": "conflict" if conflict else "idle",
        "conflict_hidden": "" if conflict else " hidden",
        "yours": escape(conflict["yours"]["display"]) if conflict else "",
        "theirs": escape(conflict["theirs"]["display"]) if conflict else "",
        "files": files,
        "history": history,
    }
