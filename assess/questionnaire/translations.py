"""Every human-readable text of a definition file, keyed for translators, and their translations
written back into the file without disturbing anything else.

Which values are texts comes from the format's declarations (schema.py: `Text`), so a text
written as a plain string (the default language) is found as well as a mapping of languages.
A text's key is its path from the document root joined with ".": a mapping contributes its key,
a list item its `id`, else its `value`, else its index (`scales.capability.levels.1.label`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assess.questionnaire import schema as sc
from assess.questionnaire.model import Questionnaire
from assess.questionnaire.problems import DefinitionError, Problem
from assess.questionnaire.structure import GROUP, node_obj
from assess.questionnaire.yamledit import Edit, Source, applied
from assess.questionnaire.yamlsafe import LList, LMap, load_yaml

CRUMB = " › "


@dataclass(frozen=True, slots=True)
class TextEntry:
    """One text of a definition: where it is, what it is, and its versions by language."""

    key: str
    line: int
    column: int
    context: str  # e.g. "Area Legal framework › question leg_1 › help"
    source: str  # the text in the default language ("" when it has none)
    texts: Mapping[str, str]  # language -> text, the default language included


@dataclass(frozen=True, slots=True)
class _Found:
    entry: TextEntry
    owner: LMap | LList  # the mapping or list holding the text
    slot: str | int  # its key or index there
    trail: tuple  # keys and indices from the root to the owner


@dataclass
class Definition:
    """A definition file read for its texts: the parsed data and every text in it."""

    data: Any
    default_language: str
    languages: tuple[str, ...]
    partial_languages: tuple[str, ...]
    found: list[_Found]

    @property
    def entries(self) -> list[TextEntry]:
        return [f.entry for f in self.found]


def read_definition(data: bytes, name: str) -> Definition:
    """The texts of a definition's YAML (DefinitionError when the YAML cannot be read)."""
    root = load_yaml(data, name)
    if not isinstance(root, LMap):
        return Definition(root, "en", ("en",), (), [])
    default = root.get("default_language")
    default = default if isinstance(default, str) else "en"
    walk = _Walk(default)
    walk.fields(root, sc.OBJECTS["questionnaire"].fields, _At([], [], []))
    languages = _codes(root, "languages")
    return Definition(root, default, languages, _codes(root, "partial_languages"), walk.found)


def _codes(root: LMap, key: str) -> tuple[str, ...]:
    value = root.get(key)
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def text_entries(path: str | Path) -> list[TextEntry]:
    """Every text of the definition file at `path`, in document order."""
    path = Path(path)
    return read_definition(path.read_bytes(), str(path)).entries


def _ident(item: Any, index: int) -> str:
    if isinstance(item, dict):
        return str(item.get("id", item.get("value", index)))
    return str(index)


def _default_text(value: Any, default: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get(default), str):
        return value[default]
    return ""


def _node_crumb(node: Mapping[str, Any], default: str) -> str:
    if node_obj(node) is not GROUP:
        return f"question {node.get('id', '?')}"
    kind = node.get("kind", "group")
    if kind in ("module", "area") and _default_text(node.get("title"), default):
        return f"{str(kind).capitalize()} {_default_text(node.get('title'), default)}"
    return f"{kind} {node.get('id', '?')}"


def _item_crumb(spec: Any, item: Any, index: int, field: str, default: str) -> str:
    if isinstance(spec, sc.NodeType) and isinstance(item, Mapping):
        return _node_crumb(item, default)
    if isinstance(spec, sc.Ref):
        title = sc.OBJECTS[spec.name].title.split(" ", 1)[-1]
        ident = item.get("id", item.get("value")) if isinstance(item, Mapping) else None
        return f"{title} {ident if ident is not None else index + 1}"
    return f"{field} {index + 1}"


class _Walk:
    """Finds the texts of a definition's data in document order, by their declarations."""

    def __init__(self, default: str) -> None:
        self.default = default
        self.found: list[_Found] = []

    def fields(self, value: LMap, fields: Mapping[str, sc.Field], at: _At) -> None:
        for key, item in value.items():
            declared = fields.get(key)
            if declared is not None:
                self.visit(item, declared.type, value, key, at)

    def visit(self, value: Any, spec: Any, owner: LMap | LList, slot: str | int, at: _At) -> None:
        """The texts in `value` (owner[slot]), declared as `spec`."""
        name = slot if isinstance(slot, str) else ""
        path = [*at.path, slot] if isinstance(slot, str) else at.path
        trail = [*at.trail, slot]
        crumbs = at.crumbs if isinstance(slot, int) else [*at.crumbs, name]
        if isinstance(spec, sc.Text):
            if isinstance(value, str) or (isinstance(value, dict) and value):
                entry = _entry(value, owner, slot, path, crumbs, self.default)
                self.found.append(_Found(entry, owner, slot, tuple(at.trail)))
        elif isinstance(spec, sc.ListOf) and isinstance(value, LList):
            for i, item in enumerate(value):
                crumb = _item_crumb(spec.item, item, i, name, self.default)
                inner = _At([*path, _ident(item, i)], trail, [*at.crumbs, crumb])
                self.visit(item, spec.item, value, i, inner)
        elif isinstance(spec, sc.MapOf) and isinstance(value, LMap):
            for key, item in value.items():
                self.visit(item, spec.value, value, key, _At(path, trail, [*at.crumbs, name]))
        elif isinstance(spec, sc.AnyOf):
            for option in spec.options:
                if isinstance(option, sc.Ref) and isinstance(value, LMap):
                    self.visit(value, option, owner, slot, at)
                    return
        elif isinstance(value, LMap) and isinstance(spec, sc.Ref | sc.NodeType):
            obj = sc.OBJECTS[spec.name] if isinstance(spec, sc.Ref) else node_obj(value)
            self.fields(value, obj.fields, _At(path, trail, crumbs))


@dataclass(frozen=True, slots=True)
class _At:
    path: list  # the key's parts so far
    trail: list  # keys and indices from the root to here, to find the same place in a copy
    crumbs: list[str]  # the human context so far


def _entry(
    value: Any, owner: Any, slot: str | int, path: list, crumbs: list[str], default: str
) -> TextEntry:
    texts = {default: value} if isinstance(value, str) else dict(value)
    texts = {lang: text for lang, text in texts.items() if isinstance(text, str)}
    if isinstance(slot, str):
        at = owner.value_pos.get(slot)
    else:
        at = owner.item_pos[slot] if slot < len(owner.item_pos) else None
    line, column = (at.line, at.column) if at is not None else (0, 0)
    key = ".".join(str(p) for p in path)
    return TextEntry(key, line, column, CRUMB.join(crumbs), texts.get(default, ""), texts)


def coverage(questionnaire: Questionnaire) -> dict[str, tuple[int, int]]:
    """Per language of the questionnaire: (texts translated, texts in all), from its file."""
    entries = text_entries(questionnaire.source)
    languages = (*questionnaire.languages, *questionnaire.partial_languages)
    return coverage_of(entries, languages)


def coverage_of(entries: list[TextEntry], languages: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """Per language: (texts that have it, texts in all)."""
    total = len(entries)
    return {lang: (sum(1 for e in entries if e.texts.get(lang)), total) for lang in languages}


def coverage_problems(questionnaire: Questionnaire, name: str) -> list[Problem]:
    """A warning per partial language saying how many texts it has, placed where it is
    declared ("ar: 171 of 994 texts translated"). A complete language missing a text is an
    error of the text itself (L101)."""
    if not questionnaire.partial_languages:
        return []
    definition = read_definition(Path(questionnaire.source).read_bytes(), name)
    counts = coverage_of(definition.entries, questionnaire.partial_languages)
    declared = definition.data.get("partial_languages")
    places = (
        dict(zip(declared, declared.item_pos, strict=False)) if isinstance(declared, LList) else {}
    )
    problems = []
    for lang, (done, total) in counts.items():
        at = places.get(lang) or definition.data.value_pos.get("partial_languages")
        line, column = (at.line, at.column) if at else (0, 0)
        message = f"{lang}: {done} of {total} texts translated"
        problems.append(
            Problem("L104", "warning", message, name, line, column, "partial_languages")
        )
    return problems


class TranslationError(ValueError):
    """Translations that cannot be written into the file (unknown key, source language...)."""


def apply_translations(path: str | Path, lang: str, texts: Mapping[str, str]) -> str:
    """The file's new text with `lang`'s text set at each key and nothing else changed.

    A language declared in neither `languages` nor `partial_languages` is added to the latter.
    The result is read back: it must hold the same data but for these texts."""
    path = Path(path)
    return translated_text(path.read_bytes(), str(path), lang, texts)


def translated_text(data: bytes, name: str, lang: str, texts: Mapping[str, str]) -> str:
    """`apply_translations` on the bytes of a definition file."""
    definition = read_definition(data, name)
    if lang == definition.default_language:
        raise TranslationError(f"{lang} is the default language: edit its texts in the file")
    by_key = {f.entry.key: f for f in definition.found}
    unknown = [key for key in texts if key not in by_key]
    if unknown:
        raise TranslationError(f"unknown text keys: {', '.join(sorted(unknown)[:10])}")
    empty = [key for key, text in texts.items() if not isinstance(text, str) or not text]
    if empty:
        raise TranslationError(f"empty translations: {', '.join(sorted(empty)[:10])}")
    source = Source(data.decode("utf-8"))
    edits = [
        _text_edit(source, by_key[key], definition.default_language, lang, text)
        for key, text in texts.items()
        if by_key[key].entry.texts.get(lang) != text
    ]
    if texts and lang not in definition.languages + definition.partial_languages:
        edits.append(_declare(source, lang))
    result = applied(source.text, [e for e in edits if e is not None])
    _verify(data, name, result, definition, lang, texts)
    return result


def _text_edit(source: Source, found: _Found, default: str, lang: str, text: str) -> Edit:
    owner, slot = found.owner, found.slot
    at = owner.key_pos.get(slot) if isinstance(slot, str) else owner.item_pos[slot]
    key_node = None
    if isinstance(slot, str):
        pair = source.pairs.get((at.line, at.column))
        if pair is None or not _at(owner.value_pos.get(slot), pair[1]):
            raise TranslationError(f"text {found.entry.key} is written through an alias")
        key_node, node, parent = pair
        if not _at(owner.pos, parent):
            raise TranslationError(f"text {found.entry.key} is merged in from an anchor ('<<')")
    else:
        item_class = yaml.ScalarNode if isinstance(owner[slot], str) else yaml.MappingNode
        item = source.items.get((at.line, at.column, item_class))
        if item is None:
            raise TranslationError(f"text {found.entry.key} is written through an alias")
        node, parent = item
    if isinstance(node, yaml.ScalarNode):
        return source.scalar_to_mapping(node, key_node, parent, {default: node.value, lang: text})
    for pair_key, pair_value in node.value:
        if pair_key.value == lang and isinstance(pair_value, yaml.ScalarNode):
            return source.replace_scalar(pair_value, text)
    return source.add_to_mapping(node, lang, text)


def _at(pos: Any, node: yaml.Node) -> bool:
    """Whether the loader's position `pos` is where the composed `node` starts."""
    mark = node.start_mark
    return pos is not None and (pos.line, pos.column) == (mark.line + 1, mark.column + 1)


def _declare(source: Source, lang: str) -> Edit:
    """`lang` added to `partial_languages` (which is created after `languages` if absent)."""
    root = source.root
    pairs = {key.value: (key, value) for key, value in root.value}
    if "partial_languages" in pairs and isinstance(
        pairs["partial_languages"][1], yaml.SequenceNode
    ):
        return source.add_to_sequence(pairs["partial_languages"][1], lang)
    after = next(
        (pairs[k] for k in ("languages", "default_language", "version") if k in pairs),
        root.value[0],
    )
    entry = f"partial_languages: [{lang}]"
    return source.after_last(after[1], entry, after[0].start_mark.column)


def _verify(
    data: bytes, name: str, result: str, definition: Definition, lang: str, texts: Mapping
) -> None:
    """The new text must read as the old data with these texts set, and nothing else."""
    try:
        after = load_yaml(result.encode("utf-8"), name)
    except DefinitionError as error:
        raise TranslationError(f"the edited file does not read back: {error}") from None
    expected = _plain(load_yaml(data, name))
    by_key = {f.entry.key: f for f in definition.found}
    for key, text in texts.items():
        found = by_key[key]
        owner = expected
        for step in found.trail:
            owner = owner[step]
        value = owner[found.slot]
        owner[found.slot] = (
            {definition.default_language: value, lang: text}
            if isinstance(value, str)
            else {**value, lang: text}
        )
    if lang not in definition.languages + definition.partial_languages and texts:
        expected["partial_languages"] = [*(expected.get("partial_languages") or []), lang]
    if _plain(after) != expected:
        raise TranslationError("the edited file would change more than the translations")


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
