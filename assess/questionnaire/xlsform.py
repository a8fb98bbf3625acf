"""An XLSForm (survey, choices and settings sheets) turned into a questionnaire definition.

What has a counterpart is carried: select_one and select_multiple (single and multiple choice,
options unscored), integer and decimal (number, left out of scores), text, date, groups, labels
and hints in every language, relevant (as `when`), required, and number constraints that are
bounds. What has none is named by sheet and row (I1xx warnings) and left out; what makes the
form unreadable (no survey sheet, an unknown type, a reference to no name, a name twice, a file
too large) refuses the whole file (I1xx errors), each problem with its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale

from assess.questionnaire.build import english_name
from assess.questionnaire.loader import check_data
from assess.questionnaire.schema import ID, LANGUAGE, QUESTIONNAIRE_ID, VERSION
from assess.questionnaire.translation_files import FileProblem
from assess.questionnaire.xlsform_expr import (
    UnknownReference,
    Untranslatable,
    number_bounds,
    references,
    translate,
)
from assess.questionnaire.xlsform_read import Sheet, XLSFormError
from assess.questionnaire.yamledit import quoted

MAX_DEPTH = 5  # levels of the tree (questionnaires/README.md, "The tree")
SIMPLE_TYPES = {
    "integer": "number",
    "int": "number",
    "decimal": "number",
    "text": "text",
    "string": "text",
    "date": "date",
}
# XLSForm types with no counterpart: named and left out.
UNCARRIED_TYPES = {
    "note": "a note (text to read, no answer)",
    "calculate": "a calculation",
    "hidden": "a hidden field",
    "geopoint": "a location",
    "geotrace": "a line on a map",
    "geoshape": "a shape on a map",
    "gps": "a location",
    "start-geopoint": "a location",
    "image": "a photo",
    "photo": "a photo",
    "audio": "a sound recording",
    "background-audio": "a sound recording",
    "video": "a video",
    "file": "a file",
    "barcode": "a barcode",
    "time": "a time of day",
    "datetime": "a date and time",
    "acknowledge": "an acknowledgement",
    "trigger": "an acknowledgement",
    "range": "a range slider",
    "rank": "a ranking",
    "osm": "an OpenStreetMap feature",
    "xml-external": "an external data file",
    "csv-external": "an external data file",
    "select_one_external": "a choice from an external list",
    "select_multiple_external": "a choice from an external list",
    "select_one_from_file": "a choice from a file",
    "select_multiple_from_file": "a choice from a file",
    "start": "form metadata",
    "end": "form metadata",
    "today": "form metadata",
    "deviceid": "form metadata",
    "uri:deviceid": "form metadata",
    "subscriberid": "form metadata",
    "simserial": "form metadata",
    "phonenumber": "form metadata",
    "phone": "form metadata",
    "imei": "form metadata",
    "username": "form metadata",
    "email": "form metadata",
    "audit": "form metadata",
    "get": "form metadata",
    "include": "an included form",
}
SELECT_ONE = ("select_one", "select one", "select1")
SELECT_MANY = ("select_multiple", "select multiple", "select all that apply")
# Column -> its carried meaning; any other column is named where it has values.
SURVEY_COLUMNS = {"type", "name", "label", "hint", "relevant", "required", "constraint"}
CHOICE_COLUMNS = {"list_name", "name", "label"}
ALIASES = {
    "list name": "list_name",
    "caption": "label",
    "bind:relevant": "relevant",
    "bind::relevant": "relevant",
    "bind:constraint": "constraint",
    "bind::constraint": "constraint",
    "bind:required": "required",
    "bind::required": "required",
}
TRUE = {"yes", "true", "true()", "1"}
FALSE = {"no", "false", "false()", "0"}
SETTINGS = {
    "form_title": "title",
    "title": "title",
    "form_id": "id",
    "id_string": "id",
    "version": "version",
    "default_language": "default_language",
}


def _match(scalar: Any, value: str) -> bool:
    return re.fullmatch(scalar.pattern, value) is not None


def language_code(name: str) -> str | None:
    """The language code of an XLSForm language name: "English (en)", "en", "English"."""
    name = name.strip()
    found = re.search(r"\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)\)\s*$", name)
    if found:
        return found.group(1).lower()
    if _match(LANGUAGE, name.lower()) and english_name(name.lower()) is not None:
        return name.lower()
    return _NAMES.get(name.lower())


# English language names -> codes (the reverse of build.english_name, for "label::French").
_NAMES: dict[str, str] = {
    label.lower(): code
    for code, label in Locale("en").languages.items()
    if re.fullmatch(r"[a-z]{2,3}", code)
}


def column_key(header: str) -> tuple[str, str | None]:
    """A header as (column, language or None): "label::English (en)" -> ("label", ...)."""
    text = header.strip()
    lowered = text.lower()
    if lowered in ALIASES:
        return ALIASES[lowered], None
    parts = re.split(r"::?", text, maxsplit=1)
    base = ALIASES.get(parts[0].strip().lower(), parts[0].strip().lower())
    if len(parts) == 2 and base in ("label", "hint"):
        return base, parts[1].strip()
    return lowered, None


@dataclass
class Table:
    """A sheet's header row read as columns, and its rows as {column: text} by row number."""

    sheet: str
    columns: dict[int, tuple[str, str | None]]
    rows: list[tuple[int, dict[tuple[str, str | None], str]]]

    @classmethod
    def of(cls, sheet: Sheet) -> Table:
        header = sheet.rows[0] if sheet.rows else ()
        columns = {
            index: column_key(text)
            for index, text in enumerate(header)
            if text and not text.startswith(("_", "#"))
        }
        rows = []
        for number, row in enumerate(sheet.rows[1:], start=2):
            cells = {
                columns[i]: value
                for i, value in enumerate(row)
                if i in columns and value is not None
            }
            if cells:
                rows.append((number, cells))
        return cls(sheet.name, columns, rows)

    def has(self, column: str) -> bool:
        return any(key[0] == column for key in self.columns.values())


@dataclass
class Conversion:
    """The definition as YAML text, the mapping it holds, and what was not carried (warnings)."""

    text: str
    data: dict[str, Any]
    notes: list[FileProblem]


@dataclass
class _Node:
    id: str
    row: int
    group: bool
    fields: dict[str, Any] = field(default_factory=dict)
    children: list[_Node] = field(default_factory=list)
    relevant: str | None = None
    kind: str = ""


class _Converter:
    def __init__(self, sheets: dict[str, Sheet]) -> None:
        self.sheets = sheets
        self.errors: list[FileProblem] = []
        self.notes: list[FileProblem] = []
        self.names: dict[str, tuple[int, str]] = {}  # name -> (row, what: question, group, ...)
        self.uncarried: dict[str, str] = {}  # name -> why it is not carried
        self.languages: dict[str, str] = {}  # column language -> code
        self.column_rows: dict[tuple[str, str], list[int]] = {}
        self.settings: dict[str, str] = {}
        self.carried_rows: set[int] = set()  # survey rows of the groups and questions kept
        self.ids: dict[str, str] = {}  # XLSForm name -> id, where the name is no id (_1 -> q_1)
        self.lists: dict[str, list[tuple[int, dict]]] = {}
        self.choice_sheet = "choices"
        self.default = "en"

    # ---------------------------------------------------------------- helpers

    def error(self, code: str, place: str, message: str) -> None:
        self.errors.append(FileProblem(code, place, message))

    def note(self, code: str, place: str, message: str) -> None:
        self.notes.append(FileProblem(code, place, message))

    def texts(self, cells: dict[tuple[str, str | None], str], column: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for (name, lang), value in cells.items():
            if name != column:
                continue
            code = self.default if lang is None else self.languages.get(lang)
            if code is not None and (lang is not None or code not in out):
                out[code] = value
        return out

    def extra_columns(self, table: Table, number: int, cells: dict, known: set[str]) -> None:
        for name, lang in cells:
            if name not in known:
                key = name if lang is None else f"{name}::{lang}"
                self.column_rows.setdefault((table.sheet, key), []).append(number)

    # ---------------------------------------------------------------- languages and settings

    def read_settings(self) -> dict[str, str]:
        sheet = self.sheets.get("settings")
        if sheet is None:
            return {}
        table = Table.of(sheet)
        out: dict[str, str] = {}
        for number, cells in table.rows[:1]:
            for (name, _lang), value in cells.items():
                if name in SETTINGS:
                    out[SETTINGS[name]] = value
                else:
                    place = f"sheet {sheet.name}, row {number}, column {name}"
                    self.note("I113", place, f"the setting {name} has no counterpart")
        return out

    def set_languages(self, tables: list[Table], settings: dict[str, str]) -> None:
        plain = False
        for table in tables:
            for name, lang in table.columns.values():
                if name not in ("label", "hint"):
                    continue
                if lang is None:
                    plain = True
                elif lang not in self.languages:
                    code = language_code(lang)
                    if code is None:
                        place = f"sheet {table.sheet}, column {name}::{lang}"
                        self.note("I113", place, f"no language code is known for {lang!r}")
                    else:
                        self.languages[lang] = code
        chosen = settings.get("default_language")
        code = language_code(chosen) if chosen else None
        if chosen and code is None:
            self.note("I113", "sheet settings, column default_language", f"{chosen!r} unknown")
        if code is None:
            if plain or not self.languages:
                code = "en"
                if plain:
                    self.note(
                        "I114",
                        "sheet survey, column label",
                        "the form does not name the language of its label column: taken as en",
                    )
            else:
                code = next(iter(self.languages.values()))
        self.default = code

    # ---------------------------------------------------------------- choices

    def read_choices(self) -> dict[str, list[tuple[int, dict]]]:
        sheet = self.sheets.get("choices")
        if sheet is None:
            return {}
        table = Table.of(sheet)
        if table.rows and not (table.has("list_name") and table.has("name")):
            self.error("I103", f"sheet {sheet.name}, row 1", "no list_name and name columns")
            return {}
        lists: dict[str, list[tuple[int, dict]]] = {}
        for number, cells in table.rows:
            name = cells.get(("list_name", None))
            if name is None:
                continue
            lists.setdefault(name, []).append((number, cells))
            self.extra_columns(table, number, cells, CHOICE_COLUMNS)
        self.choice_sheet = sheet.name
        return lists

    def options(self, list_name: str, row: int) -> list[dict[str, Any]] | None:
        entries = self.lists.get(list_name)
        if not entries:
            where = f"sheet survey, row {row}"
            self.error("I105", where, f"the choice list {list_name!r} is not on sheet choices")
            return None
        out: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        for number, cells in entries:
            place = f"sheet {self.choice_sheet}, row {number}"
            name = cells.get(("name", None))
            if name is None or not _match(ID, name):
                self.error("I107", place, f"the choice name {name!r} is no usable id")
                continue
            if name in seen:
                message = f"{name!r} is twice in list {list_name!r} (row {seen[name]})"
                self.error("I106", place, message)
                continue
            seen[name] = number
            label = self.texts(cells, "label") or {self.default: name}
            if self.default not in label:
                label[self.default] = name
            out.append({"id": name, "label": label})
        return out

    # ---------------------------------------------------------------- the survey

    def read_survey(self, table: Table) -> list[_Node]:
        top: list[_Node] = []
        stack: list[tuple[_Node | None, str, int]] = []  # (group or None when skipped, kind, row)
        skip = 0  # inside a repeat (or a group inside it)

        def add(node: _Node) -> None:
            parent = stack[-1][0] if stack else None
            (parent.children if parent is not None else top).append(node)
            self.carried_rows.add(node.row)

        for number, cells in table.rows:
            place = f"sheet {table.sheet}, row {number}"
            raw = cells.get(("type", None))
            if raw is None:
                continue
            words = raw.split()
            kind = " ".join(words).lower().replace("_", " ")
            if kind.startswith("end "):
                what = kind.split()[1]
                if not stack:
                    self.error("I108", place, f"{raw!r} closes no group")
                    continue
                _group, opened, _row = stack.pop()
                if opened != ("group" if what == "group" else "repeat"):
                    self.error("I108", place, f"{raw!r} closes the {opened} of row {_row}")
                if opened == "repeat" or _group is None:
                    skip -= 1
                continue
            if kind.startswith("set form "):
                self.settings.setdefault(kind.split()[2], cells.get(("name", None)) or "")
                continue
            name = cells.get(("name", None))
            if name is None and (words[0].lower() in UNCARRIED_TYPES or kind in UNCARRIED_TYPES):
                self.note("I110", place, f"{raw!r}: no counterpart, left out")
                continue
            if name is None:
                self.error("I107", place, f"the {raw!r} row has no name")
                continue
            if name in self.names:
                first = self.names[name][0]
                self.error("I106", place, f"the name {name!r} is also on row {first}")
                continue
            if not _match(ID, name):
                if not (name.startswith("_") and _match(ID, "q" + name)):
                    self.error("I107", place, f"the name {name!r} is no usable id")
                    continue
                self.ids[name] = "q" + name
                self.note("I114", place, f"the name {name!r} is no id: written as {'q' + name!r}")
            self.extra_columns(table, number, cells, SURVEY_COLUMNS)
            if kind.startswith("begin "):
                what = kind.split()[1]
                opened = "group" if what == "group" else "repeat"
                if what not in ("group", "repeat", "loop"):
                    self.error("I104", place, f"unknown type {raw!r}")
                    continue
                self.names[name] = (number, opened)
                if opened == "repeat" or skip:
                    if not skip:
                        message = (
                            f"the repeat {name!r} and all in it: repeated questions are not carried"
                        )
                        self.note("I110", place, message)
                    self.uncarried[name] = f"{name!r} is inside or is a repeat"
                    stack.append((None, opened, number))
                    skip += 1
                    continue
                title = self.texts(cells, "label")
                group = _Node(
                    self.ids.get(name, name), number, True, {"title": title or {self.default: name}}
                )
                group.relevant = cells.get(("relevant", None))
                add(group)
                stack.append((group, "group", number))
                continue
            node = self.question(name, words, number, cells, place)
            if node is None:
                continue
            if skip:
                self.uncarried[name] = f"{name!r} is inside a repeat"
                self.names[name] = (number, "skipped")
                continue
            add(node)
        for name, ident in self.ids.items():
            if ident in self.names:
                place = f"sheet {table.sheet}, row {self.names[name][0]}"
                message = f"{name!r} would be written {ident!r}, the name of row "
                self.error("I106", place, message + str(self.names[ident][0]))
        for _group, opened, row in stack:
            self.error("I108", f"sheet {table.sheet}, row {row}", f"the {opened} is never ended")
        return top

    def question(
        self, name: str, words: list[str], number: int, cells: dict, place: str
    ) -> _Node | None:
        head = words[0].lower()
        joined = " ".join(w.lower() for w in words)
        node_fields: dict[str, Any] = {}
        prefix = next((p for p in (*SELECT_ONE, *SELECT_MANY) if joined.startswith(p + " ")), None)
        if prefix is not None:
            rest = joined[len(prefix) :].split()
            original = words[len(prefix.split()) :]
            if rest and rest[0] == "from":
                original = original[1:]
            if not original:
                self.error("I105", place, f"{' '.join(words)!r} names no choice list")
                return None
            other = [w.lower() for w in original[1:]]
            if other in (["or_other"], ["or", "specify", "other"]):
                original = original[:1]
                self.note("I110", place, "or_other: the 'other' answer and its text are not kept")
            if len(original) != 1:
                self.error("I104", place, f"unknown type {' '.join(words)!r}")
                return None
            self.names[name] = (number, "question")
            options = self.options(original[0], number)
            if options is None:
                return None
            if not options:
                return None
            kind = "single_choice" if prefix in SELECT_ONE else "multiple_choice"
            node_fields = {"type": kind, "options": options}
        elif head in SIMPLE_TYPES and len(words) == 1:
            self.names[name] = (number, "question")
            node_fields = {"type": SIMPLE_TYPES[head]}
            if node_fields["type"] == "number":
                node_fields["scored"] = False
        elif head in UNCARRIED_TYPES or joined in UNCARRIED_TYPES:
            what = UNCARRIED_TYPES.get(joined, UNCARRIED_TYPES.get(head, ""))
            self.names[name] = (number, "skipped")
            self.uncarried[name] = f"{name!r} ({head}) is not carried"
            self.note("I110", place, f"{' '.join(words)!r}, {what}: no counterpart, left out")
            return None
        else:
            self.names[name] = (number, "skipped")
            self.error("I104", place, f"unknown type {' '.join(words)!r}")
            return None
        text = self.texts(cells, "label")
        if self.default not in text:
            self.note("I114", place, f"no label in {self.default}: the name {name!r} is shown")
            text[self.default] = name
        node = _Node(self.ids.get(name, name), number, False, {**node_fields, "text": text})
        node.kind = head
        help_text = self.texts(cells, "hint")
        if help_text:
            if self.default not in help_text:
                help_text[self.default] = next(iter(help_text.values()))
            node.fields["help"] = help_text
        required = cells.get(("required", None))
        if required is not None:
            if required.lower() in TRUE:
                node.fields["required"] = True
            elif required.lower() not in FALSE:
                message = f"required {required!r} is no yes/no: the question is not required"
                self.note("I112", f"{place}, column required", message)
        node.relevant = cells.get(("relevant", None))
        constraint = cells.get(("constraint", None))
        if constraint is not None:
            self.constraint(node, constraint, f"{place}, column constraint")
        return node

    def constraint(self, node: _Node, constraint: str, place: str) -> None:
        whole = node.kind in ("integer", "int")
        try:
            if node.fields["type"] != "number":
                raise Untranslatable("only bounds on numbers are carried")
            node.fields.update(number_bounds(constraint, whole=whole))
        except Untranslatable as error:
            self.note("I112", place, f"constraint {constraint!r} not carried: {error}")

    # ---------------------------------------------------------------- conditions

    def resolve(self, name: str) -> str:
        """The question id a ${name} of a condition stands for."""
        if name not in self.names:
            raise UnknownReference(name)
        if name in self.uncarried:
            raise Untranslatable(self.uncarried[name])
        if self.names[name][1] != "question":
            raise Untranslatable(f"{name!r} is a group, not a question")
        return self.ids.get(name, name)

    def conditions(self, nodes: list[_Node]) -> None:
        for node in nodes:
            if node.relevant is not None:
                place = f"sheet survey, row {node.row}, column relevant"
                try:
                    node.fields["when"] = translate(node.relevant, self.resolve)
                except UnknownReference as error:
                    self.error("I105", place, f"${{{error.name}}} names nothing in the form")
                except Untranslatable as error:
                    self.note("I112", place, f"relevant {node.relevant!r} not carried: {error}")
            self.conditions(node.children)

    def check_references(self, table: Table) -> None:
        """References in other columns must still name something (pyxform refuses them too);
        an answer shown inside a label or hint is named: the text shows ${name} as written."""
        for number, cells in table.rows:
            for (column, lang), value in cells.items():
                if column in ("relevant", "name", "type"):
                    continue
                header = column if lang is None else f"{column}::{lang}"
                place = f"sheet {table.sheet}, row {number}, column {header}"
                found = references(value)
                for name in found:
                    if name not in self.names:
                        self.error("I105", place, f"${{{name}}} names nothing in the form")
                if found and column in ("label", "hint") and number in self.carried_rows:
                    message = f"{', '.join('${' + n + '}' for n in found)} shown as written"
                    self.note("I112", place, f"an answer inside the text: {message}")

    # ---------------------------------------------------------------- the tree

    def shaped(self, nodes: list[_Node], title: dict[str, str]) -> list[_Node]:
        """Top-level questions wrapped in groups, too deep groups flattened, empty ones dropped."""
        out: list[_Node] = []
        loose: list[_Node] = []
        for node in nodes:
            if node.group:
                if loose:
                    out.append(self.wrapper(loose, title))
                    loose = []
                out.append(node)
            else:
                loose.append(node)
        if loose:
            out.append(self.wrapper(loose, title))
        return [n for n in (self.pruned(n, 1) for n in out) for n in n]

    def wrapper(self, nodes: list[_Node], title: dict[str, str]) -> _Node:
        number = 1
        while f"part-{number}" in self.names:
            number += 1
        self.names[f"part-{number}"] = (0, "group")
        return _Node(f"part-{number}", nodes[0].row, True, {"title": title}, list(nodes))

    def pruned(self, node: _Node, level: int) -> list[_Node]:
        """The node as it may stand at `level`: a list, empty when nothing is left of it."""
        if not node.group:
            return [node]
        children = [c for child in node.children for c in self.pruned(child, level + 1)]
        place = f"sheet survey, row {node.row}"
        if not children:
            self.note("I110", place, f"the group {node.id!r} keeps no question: left out")
            self.uncarried[node.id] = f"{node.id!r} is left out"
            return []
        if level >= MAX_DEPTH:
            message = f"the group {node.id!r} is deeper than {MAX_DEPTH} levels: its questions "
            self.note("I114", place, message + "join the group above")
            return children
        node.children = children
        return [node]


def convert(
    sheets: dict[str, Sheet],
    *,
    name: str,
    questionnaire_id: str | None = None,
    version: str | None = None,
) -> Conversion:
    """The questionnaire an XLSForm's sheets make; XLSFormError with every refusal otherwise.

    `name` is the file's name (the id when neither the option nor the settings give one)."""
    conv = _Converter(sheets)
    survey = sheets.get("survey")
    if survey is None or not survey.rows:
        found = ", ".join(s.name for s in sheets.values()) or "none"
        raise XLSFormError([FileProblem("I103", "file", f"no sheet survey (sheets: {found})")])
    for key, sheet in sheets.items():
        if key not in ("survey", "choices", "settings"):
            conv.note("I113", f"sheet {sheet.name}", "the sheet has no counterpart: not read")
    table = Table.of(survey)
    if not (table.has("type") and table.has("name")):
        raise XLSFormError(
            [FileProblem("I103", f"sheet {survey.name}, row 1", "no type and name columns")]
        )
    conv.settings = conv.read_settings()
    tables = [table]
    if "choices" in sheets:
        tables.append(Table.of(sheets["choices"]))
    conv.set_languages(tables, conv.settings)
    conv.lists = conv.read_choices()
    nodes = conv.read_survey(table)
    conv.conditions(nodes)
    conv.check_references(table)
    if conv.errors:
        raise XLSFormError(conv.errors)
    for (sheet, column), rows in conv.column_rows.items():
        shown = ", ".join(str(r) for r in rows[:10]) + (
            f" and {len(rows) - 10} more" if len(rows) > 10 else ""
        )
        conv.note("I111", f"sheet {sheet}, column {column}, row {shown}", "column not carried")
    data = _definition(conv, nodes, name, questionnaire_id, version)
    if not data["children"]:
        nothing = FileProblem("I109", "sheet survey", "no question could be carried")
        raise XLSFormError([*conv.notes, nothing])
    return _checked(conv, data)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _definition(
    conv: _Converter, nodes: list[_Node], name: str, qid: str | None, version: str | None
) -> dict[str, Any]:
    settings = conv.settings
    ident = qid or _slug(settings.get("id", "")) or _slug(Path(name).stem) or "xlsform"
    if not _match(QUESTIONNAIRE_ID, ident):
        raise XLSFormError(
            [FileProblem("I107", "--id", f"{ident!r}: lower case letters, digits, -")]
        )
    if version is None:
        version = settings.get("version", "1.0")
        if not _match(VERSION, version):
            message = f"version {version!r} is not MAJOR.MINOR: 1.0 is written"
            conv.note("I114", "sheet settings, column version", message)
            version = "1.0"
    elif not _match(VERSION, version):
        raise XLSFormError([FileProblem("I107", "--version", f"{version!r} is not MAJOR.MINOR")])
    title = {conv.default: settings.get("title") or ident}
    children = conv.shaped(nodes, title)
    used = {conv.default}
    texts: list[dict[str, str]] = []

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            if value and all(isinstance(v, str) for v in value.values()) and conv.default in value:
                texts.append(value)
            else:
                for v in value.values():
                    collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)

    tree = [_as_data(n) for n in children]
    collect(tree)
    for text in texts:
        used.update(text)
    complete = [code for code in sorted(used) if all(code in text for text in texts)]
    partial = [code for code in sorted(used) if code not in complete]
    data: dict[str, Any] = {
        "assess": 1,
        "id": ident,
        "version": version,
        "default_language": conv.default,
        "languages": [conv.default, *[c for c in complete if c != conv.default]],
    }
    if partial:
        data["partial_languages"] = partial
    data["title"] = title
    data["children"] = tree
    return data


def _as_data(node: _Node) -> dict[str, Any]:
    out: dict[str, Any] = {"id": node.id}
    if node.group:
        out["title"] = node.fields["title"]
        if "when" in node.fields:
            out["when"] = node.fields["when"]
        out["children"] = [_as_data(child) for child in node.children]
        return out
    out.update(node.fields)
    return out


def _checked(conv: _Converter, data: dict[str, Any]) -> Conversion:
    """Checks the text as `assess check` would; a condition the checker refuses (comparing a
    choice with a text that is no option, say) is named and left out, and the rest checked again."""
    for _round in range(50):
        text = emit(data)
        path = Path(f"{data['id']}/{data['version']}.yaml")
        _model, problems = check_data(text.encode("utf-8"), path, history=False)
        errors = [p for p in problems if p.severity == "error"]
        if not errors:
            return Conversion(text, data, conv.notes)
        whens = _when_lines(text, data)
        dropped = False
        for problem in errors:
            node = whens.get(problem.line)
            if node is not None and "when" in node:
                names = {ident: name for name, ident in conv.ids.items()}
                row = conv.names.get(names.get(node["id"], node["id"]), (0, ""))[0]
                place = f"sheet survey, row {row}, column relevant"
                condition = node.pop("when")
                message = (
                    f"relevant (as {condition!r}) not carried: {problem.code} {problem.message}"
                )
                conv.note("I112", place, message)
                dropped = True
        if not dropped:
            break
    problems_text = "; ".join(f"{p.code} {p.message}" for p in errors[:5])
    raise XLSFormError(
        [FileProblem("I115", "file", f"the result does not pass check: {problems_text}")]
    )


def _when_lines(text: str, data: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """Line number of each node's `when:` in the emitted text -> the node (emitted in order)."""
    nodes: list[dict[str, Any]] = []

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            if "when" in item:
                nodes.append(item)
            walk(item.get("children", []))

    walk(data["children"])
    lines = [
        n for n, line in enumerate(text.splitlines(), start=1) if line.lstrip().startswith("when: ")
    ]
    return dict(zip(lines, nodes, strict=False))


# ---------------------------------------------------------------- the YAML text

_PLAIN_KEY = re.compile(r"[a-z_][a-z0-9_]*")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _key(key: str) -> str:
    plain = _PLAIN_KEY.fullmatch(key) and key.lower() not in _YAML_WORDS
    return key if plain else quoted(key)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return quoted(str(value))


def emit(data: Any) -> str:
    """Block-style YAML of plain data; every text double-quoted (so none is read as a number,
    a date or true), every scalar on one line."""
    lines: list[str] = ["# Converted from an XLSForm by `assess import xlsform`."]

    def block(value: Any, indent: int) -> None:
        pad = " " * indent
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, dict | list) and item:
                    lines.append(f"{pad}{_key(key)}:")
                    block(item, indent + 2)
                else:
                    lines.append(f"{pad}{_key(key)}: {_inline(item)}")
        else:
            for item in value:
                if isinstance(item, dict) and item:
                    first = len(lines)
                    block(item, indent + 2)
                    lines[first] = f"{pad}- " + lines[first][indent + 2 :]
                else:
                    lines.append(f"{pad}- {_inline(item)}")

    block(data, 0)
    return "\n".join(lines) + "\n"


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {_inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return _scalar(value)
