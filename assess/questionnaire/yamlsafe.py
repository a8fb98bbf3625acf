"""Reads a definition file's YAML safely, keeping the line and column of every key and value."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from assess.questionnaire.model import Position
from assess.questionnaire.numbers import MAX_MAGNITUDE, number_problem
from assess.questionnaire.problems import CATALOGUE, DefinitionError, Problem

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_ALIAS_EXPANSIONS = 10_000

# libyaml's parser is C and keeps its own stacks; the pure-Python one is the slow fallback.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CORE = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT = (_CORE + t for t in ("str", "null", "bool", "int", "float"))
_MAP, _SEQ = _CORE + "map", _CORE + "seq"
# Implicit types of plain scalars, by first character, exactly as yaml.safe_load resolves them.
_RESOLVERS: dict[str, list[tuple[str, Any]]] = yaml.resolver.Resolver.yaml_implicit_resolvers
_SAFE = yaml.constructor.SafeConstructor()


# YAML 1.1 reads 1:30 as 90 (base 60). Python refuses to read an int of more than 4,300 decimal
# digits (sys.get_int_max_str_digits); 2,418 parts in base 60 stay below it. Longer ones are
# refused too: PyYAML's sum of part * 60**n costs quadratic time in the number of parts.
MAX_BASE60_PARTS = 2418


def _to_int(text: str) -> int:
    if text.count(":") >= MAX_BASE60_PARTS:
        raise ValueError(f"more than {MAX_BASE60_PARTS:,} parts in base 60")
    return _SAFE.construct_yaml_int(yaml.ScalarNode(_INT, text))


def _decimal_digits(text: str) -> int:
    """Digits of a plain decimal integer (0 for 0x.., 0o.., octal 0.., 1:30 and the like), counted
    before int() reads it: Python refuses int() of more than 4,300 digits with a ValueError."""
    plain = text.replace("_", "").lstrip("+-")
    return len(plain) if plain.isdigit() and plain[:1] != "0" else 0


def _bound_problem(tag: str, text: str, value: float | int) -> str | None:
    """Why a number read from YAML is not one the engine holds, or None."""
    why = number_problem(value)
    if (
        why is not None
        and "inf" not in text.lower()
        and isinstance(value, float)
        and math.isinf(value)
    ):
        why = "is too large: it reads as infinity"
    mantissa = text.lower().split("e")[0]
    if why is None and tag == _FLOAT and value == 0 and any(c in mantissa for c in "123456789"):
        why = "is too small: it reads as 0"
    return why


class YamlFloat(float):
    """A float as YAML reads it, with the text it was written as: exact decimals (costs) are
    read from the text, never from the binary float."""

    text: str

    def __new__(cls, value: float, text: str) -> YamlFloat:
        made = super().__new__(cls, value)
        made.text = text
        return made

    def __reduce__(self) -> tuple:
        return (YamlFloat, (float(self), self.text))


def _to_float(text: str) -> float:
    return YamlFloat(_SAFE.construct_yaml_float(yaml.ScalarNode(_FLOAT, text)), text)


# Tag -> how its text becomes a value; any other resolved tag (timestamp, merge) stays text.
_CONVERT = {
    _STR: str,
    _NULL: lambda text: None,
    _BOOL: lambda text: _SAFE.bool_values[text.lower()],
    _INT: _to_int,
    _FLOAT: _to_float,
}


class LMap(dict):
    """A YAML mapping: a plain dict of text keys, plus where it, its keys and values stand."""

    __slots__ = ("key_pos", "pos", "value_pos")

    def __init__(self, pos: Position) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[str, Position] = {}
        self.value_pos: dict[str, Position] = {}


class LList(list):
    """A YAML sequence: a plain list, plus where it and each of its items stand."""

    __slots__ = ("item_pos", "pos")

    def __init__(self, pos: Position) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Position] = []


class _Fatal(Exception):
    """Stops reading: the rest of the file cannot be trusted or must not be built."""


class _Frame:
    """A mapping or sequence being built, with what its next event completes."""

    __slots__ = ("anchor", "key", "key_pos", "merges", "node", "weight")

    def __init__(self, node: LMap | LList, anchor: str | None) -> None:
        self.node = node
        self.anchor = anchor
        self.key: Any = _NO_KEY  # mappings: the key waiting for its value
        self.key_pos: Position | None = None
        self.merges: list[LMap] = []
        self.weight = 1  # nodes a reader walking through every alias would visit


_NO_KEY, _BAD_KEY, _MERGE_KEY, _OPEN = object(), object(), object(), object()


def load_yaml(data: bytes, filename: str) -> Any:
    """The one YAML document in `data` as LMap, LList or a scalar; DefinitionError if unsafe."""
    reader = _Reader(data, filename)
    try:
        result = reader.read()
    except _Fatal:
        result = None
    except yaml.MarkedYAMLError as error:
        reader.syntax_error(error)
    except yaml.reader.ReaderError as error:
        reader.bad_character(error)
    except Exception as error:  # nothing from the parser may escape as a traceback
        reader.add("Y001", f"YAML could not be read: {type(error).__name__}: {error}", reader.last)
    if reader.problems:
        raise DefinitionError(reader.problems)
    return result


def load_yaml_file(path: str | Path, display_name: str | None = None) -> Any:
    """Reads and loads a definition file; files over MAX_BYTES are refused before being read."""
    name = display_name or str(path)
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise DefinitionError(
            [_problem("Y016", error.strerror or str(error), name, 1, 1)]
        ) from None
    return load_yaml(data, name)


def _problem(code: str, message: str, file: str, line: int, column: int, path: str = "") -> Problem:
    return Problem(code, CATALOGUE[code][0], message, file, line, column, path)


class _Reader:
    """Turns libyaml's events into LMap/LList/scalars with an explicit stack (no recursion)."""

    def __init__(self, data: bytes, filename: str) -> None:
        self.data = data
        self.file = filename
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, Any] = {}  # name -> (value, weight), or _OPEN while being built
        self.expansions = 0
        self.last = Position(filename, 1, 1)

    def add(self, code: str, message: str, pos: Position, path: str | None = None) -> None:
        path = self.path() if path is None else path
        self.problems.append(_problem(code, message, pos.file, pos.line, pos.column, path))

    def fatal(self, code: str, message: str, pos: Position) -> _Fatal:
        self.add(code, message, pos)
        return _Fatal()

    def path(self) -> str:
        """Where the reader stands in the tree, as `children[2].id`."""
        parts = []
        for frame in self.stack:
            if isinstance(frame.node, LList):
                parts.append(f"[{len(frame.node)}]")
            elif isinstance(frame.key, str):
                parts.append(("." if parts else "") + frame.key)
        return "".join(parts)

    def read(self) -> Any:
        if len(self.data) > MAX_BYTES:
            size = f"{len(self.data) / 1024 / 1024:.1f} MiB" if len(self.data) <= 2**30 else "huge"
            raise self.fatal("Y005", f"file is larger than 2 MiB ({size})", self.last)
        self.check_utf8()
        loader = _Loader(self.data)
        try:
            get = loader.get_event
            get()  # the stream's start
            if isinstance(get(), StreamEndEvent):
                raise self.fatal("Y006", "file holds no YAML document", self.last)
            result = self.document(get)
            event = get()
            if isinstance(event, DocumentStartEvent):
                raise self.fatal("Y007", "a second YAML document starts here", self.at(event))
            return result
        finally:
            loader.dispose()

    def check_utf8(self) -> None:
        try:
            self.data.decode("utf-8")
        except UnicodeDecodeError as error:
            line, column = self.byte_place(error.start)
            message = f"byte 0x{self.data[error.start]:02x} at offset {error.start} is not UTF-8"
            raise self.fatal("Y003", message, Position(self.file, line, column)) from None

    def byte_place(self, offset: int) -> tuple[int, int]:
        """Line and column (in characters) of a byte offset."""
        start = self.data.rfind(b"\n", 0, offset) + 1
        column = len(self.data[start:offset].decode("utf-8", errors="replace")) + 1
        return self.data.count(b"\n", 0, offset) + 1, column

    def at(self, event: Any) -> Position:
        mark = event.start_mark
        self.last = Position(self.file, mark.line + 1, mark.column + 1)
        return self.last

    def document(self, get: Any) -> Any:
        """Builds the document's root from its events, up to its end."""
        stack = self.stack
        result = None
        while True:
            event = get()
            kind = event.__class__
            if kind is ScalarEvent:
                pos = self.at(event)
                if stack and stack[-1].key is _NO_KEY and type(stack[-1].node) is LMap:
                    self.key(stack[-1], event, pos)
                    continue
                value, weight = self.scalar(event, pos), 1
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                self.start(event, kind is MappingStartEvent)
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                value, weight, pos = frame.node, frame.weight, frame.node.pos
                if frame.merges:
                    self.merge(frame)
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (value, weight)
            elif kind is AliasEvent:
                pos = self.at(event)
                value, weight = self.alias(event, pos)
            elif kind is DocumentEndEvent:
                return result
            else:
                continue
            if stack:
                self.attach(stack[-1], value, weight, pos)
            else:
                result = value

    def start(self, event: Any, mapping: bool) -> None:
        """Opens a mapping or sequence, refusing foreign tags and excessive depth."""
        pos = self.at(event)
        if len(self.stack) >= MAX_DEPTH:
            raise self.fatal("Y008", f"nested more than {MAX_DEPTH} levels deep", pos)
        tag = event.tag
        if tag is not None and tag != "!" and tag != (_MAP if mapping else _SEQ):
            self.add("Y011", f"tag {_tag_name(tag)} is not allowed here", pos)
        frame = _Frame(LMap(pos) if mapping else LList(pos), event.anchor)
        if event.anchor is not None:
            self.anchors[event.anchor] = _OPEN
        self.stack.append(frame)

    def key(self, frame: _Frame, event: Any, pos: Position) -> None:
        """Takes a scalar key as its text: `yes`, `1` or `null` as keys are the text they show."""
        text = event.value
        tag = event.tag
        if tag is not None and tag != "!" and tag != _STR:
            self.add("Y011", f"tag {_tag_name(tag)} is not allowed on a key", pos)
        plain = event.implicit[0]
        if plain and text == "<<":
            frame.key = _MERGE_KEY
        elif plain and text == "":
            self.add("Y010", "a key is missing before ':'", pos)
            frame.key = _BAD_KEY
        elif text in frame.node:
            first = frame.node.key_pos[text]
            message = f"key '{text}' appears twice; first at line {first.line}"
            self.add("Y009", message, pos, ".".join(filter(None, (self.path(), text))))
            frame.key = _BAD_KEY
        else:
            frame.key = text
        frame.key_pos = pos
        if event.anchor is not None:
            self.anchors[event.anchor] = (text, 1)

    def attach(self, frame: _Frame, value: Any, weight: int, pos: Position) -> None:
        """Adds a finished value to the mapping or sequence being built."""
        frame.weight += weight
        node = frame.node
        if type(node) is LList:
            node.append(value)
            node.item_pos.append(pos)
            return
        key = frame.key
        frame.key = _NO_KEY
        if key is _NO_KEY:  # a mapping, sequence or alias used as a key
            self.add("Y010", "a key must be text, not a list, mapping or alias", pos)
            frame.key = _BAD_KEY
        elif key is _MERGE_KEY:
            self.add_merge(frame, value, pos)
        elif key is not _BAD_KEY:
            node[key] = value
            node.key_pos[key] = frame.key_pos
            node.value_pos[key] = pos

    def add_merge(self, frame: _Frame, value: Any, pos: Position) -> None:
        sources = value if type(value) is LList else [value]
        if not all(type(source) is LMap for source in sources):
            self.add("Y015", "'<<' must be followed by a mapping or a list of mappings", pos)
            return
        frame.merges.extend(sources)

    def merge(self, frame: _Frame) -> None:
        """Applies `<<` merges as yaml.safe_load does: own keys win, then earlier sources."""
        node = frame.node
        for source in frame.merges:
            for key, value in source.items():
                if key not in node:
                    node[key] = value
                    node.key_pos[key] = source.key_pos[key]
                    node.value_pos[key] = source.value_pos[key]

    def alias(self, event: Any, pos: Position) -> tuple[Any, int]:
        """The anchored value; counts expansions so that alias bombs are refused early."""
        found = self.anchors.get(event.anchor)
        if found is None or found is _OPEN:
            why = "is used inside its own anchor" if found is _OPEN else "has no anchor before it"
            self.add("Y014", f"alias '*{event.anchor}' {why}", pos)
            return None, 1
        value, weight = found
        self.expansions += weight
        if self.expansions > MAX_ALIAS_EXPANSIONS:
            message = f"aliases expand to more than {MAX_ALIAS_EXPANSIONS:,} nodes"
            raise self.fatal("Y013", message, pos)
        return value, weight

    def scalar(self, event: Any, pos: Position) -> Any:
        """The scalar's value: YAML 1.1 types as yaml.safe_load gives them, dates kept as text."""
        text = event.value
        tag = event.tag
        if tag is None or tag == "!":
            if event.implicit[0]:
                for resolved, pattern in _RESOLVERS.get(text[:1], ()):
                    if pattern.match(text):
                        return self.convert(resolved, text, pos)
            return text
        if tag not in _CONVERT:
            self.add("Y011", f"tag {_tag_name(tag)} is not allowed here", pos)
            return None
        return self.convert(tag, text, pos)

    def convert(self, tag: str, text: str, pos: Position) -> Any:
        convert = _CONVERT.get(tag)
        if convert is None:
            return text
        shown = text if len(text) <= 40 else text[:40] + "..."
        digits = _decimal_digits(text) if tag == _INT else 0
        if digits > len(str(MAX_MAGNITUDE)):
            message = f"'{shown}' ({digits:,} digits) is beyond 10^15 in magnitude, the largest "
            self.add("Y017", message + "number scores and answers hold", pos)
            return None
        try:
            value = convert(text)
        except (ValueError, KeyError, OverflowError):  # overflow: a float of many base-60 parts
            kind = _tag_name(tag)[2:]
            article = "an" if kind == "int" else "a"
            self.add("Y012", f"'{text[:40]}' cannot be read as {article} {kind}", pos)
            return None
        why = _bound_problem(tag, text, value) if tag in (_INT, _FLOAT) else None
        if why is not None:
            self.add("Y017", f"'{shown}' {why}", pos)
            return None
        return value

    def syntax_error(self, error: yaml.MarkedYAMLError) -> None:
        """Reports a parser error at its place; a tab in the indentation gets its own code."""
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (self.last.line, 1)
        text = self.line_text(line)
        indent = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in indent or text[column - 1 : column] == "\t":
            tab = indent.find("\t") + 1 or column
            message = "a tab is used for indentation; YAML allows spaces only"
            self.add("Y002", message, Position(self.file, line, tab))
            return
        message = error.problem or "invalid YAML"
        if error.context:
            where = f" at line {error.context_mark.line + 1}" if error.context_mark else ""
            message += f" ({error.context}{where})"
        self.add("Y001", message, Position(self.file, line, column))

    def bad_character(self, error: yaml.reader.ReaderError) -> None:
        line, column = self.byte_place(error.position)
        code = f"U+{error.character:04X}" if isinstance(error.character, int) else "?"
        message = f"character {code} is not allowed in YAML"
        self.add("Y004", message, Position(self.file, line, column))

    def line_text(self, line: int) -> str:
        lines = self.data.split(b"\n", line)
        return lines[line - 1].decode("utf-8", errors="replace") if len(lines) >= line else ""


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
