"""A definition's texts as XLIFF 1.2 (what CAT tools such as OmegaT, Trados or Matecat read),
and the file read back with the line of each unit.

One trans-unit per text key: source, target (the current translation, if any), a note with the
context. The <file> element says what the file is: tool-id, product-name (the questionnaire),
product-version, build-num (the hash of the source texts). Reading refuses any DTD or entity
declaration (no entity expansion, no external fetch) and bounds size and depth.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from assess.questionnaire.translation_files import (
    FILE_KIND,
    FILE_VERSION,
    MAX_FILE_BYTES,
    MAX_ROWS,
    FileProblem,
    Row,
    Submission,
    TranslationFileError,
    language_label,
)
from assess.questionnaire.translations import TextEntry

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
TOOL = "assess-translations"
MAX_DEPTH = 16
INSTRUCTIONS = (
    "Translate every target; a target left empty leaves the text untranslated. "
    "Change no source and no id. Keep placeholders such as {name}, %(name)s or %s as in the "
    "source. The notes give each text's context (and the French, for reference)."
)
_TEXT_ENTITIES = {"\r": "&#13;"}
_ATTR_ENTITIES = {"\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}
# XML 1.0 refuses these characters even as references.
_NOT_XML = {chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"} | {"\ufffe", "\uffff"}


def _text(value: str) -> str:
    if _NOT_XML.intersection(value):
        raise ValueError("a text holds a control character XML cannot hold")
    return escape(value, _TEXT_ENTITIES)


def _attr(value: str) -> str:
    if _NOT_XML.intersection(value):
        raise ValueError("a value holds a control character XML cannot hold")
    return quoteattr(value, _ATTR_ENTITIES)


def write_xliff(path: Path, entries: Sequence[TextEntry], meta: Mapping[str, str]) -> None:
    """Writes the texts of a definition for translators into `path` as XLIFF 1.2."""
    lang, reference = meta["language"], meta.get("reference language")
    file_attrs = {
        "original": f"{meta['questionnaire']}/{meta['version']}",
        "source-language": meta["source language"],
        "target-language": lang,
        "datatype": "plaintext",
        "tool-id": TOOL,
        "product-name": meta["questionnaire"],
        "product-version": meta["version"],
        "build-num": meta["source hash"],
    }
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<xliff version="1.2" xmlns="{NAMESPACE}">',
        "  <file " + " ".join(f"{k}={_attr(v)}" for k, v in file_attrs.items()) + ">",
        "    <header>",
        f'      <tool tool-id="{TOOL}" tool-name="assess" tool-version="{FILE_VERSION}"/>',
        f"      <note>{_text(INSTRUCTIONS)}</note>",
        "    </header>",
        "    <body>",
    ]
    for entry in entries:
        current = entry.texts.get(lang)
        out.append(f'      <trans-unit id={_attr(entry.key)} xml:space="preserve">')
        out.append(f"        <source>{_text(entry.source)}</source>")
        state = "translated" if current else "needs-translation"
        out.append(f'        <target state="{state}">{_text(current or "")}</target>')
        out.append(f'        <note from="context">{_text(entry.context)}</note>')
        if reference and entry.texts.get(reference):
            name = language_label(reference)
            out.append(f"        <note from={_attr(name)}>{_text(entry.texts[reference])}</note>")
        out.append("      </trans-unit>")
    out += ["    </body>", "  </file>", "</xliff>", ""]
    path.write_text("\n".join(out), encoding="utf-8")


class _Refused(Exception):
    def __init__(self, problem: FileProblem) -> None:
        self.problem = problem


class _Reader:
    """Builds a Submission from expat's events, with the line of every unit."""

    def __init__(self, parser: Any) -> None:
        self.parser = parser
        self.stack: list[str] = []
        self.meta: dict[str, str] = {}
        self.meta_place = "line 1"
        self.rows: list[Row] = []
        self.problems: list[FileProblem] = []
        self.unit: dict[str, Any] | None = None
        self.capture: list[str] | None = None
        self.files = 0

    @property
    def place(self) -> str:
        return f"line {self.parser.CurrentLineNumber}"

    def refuse(self, code: str, message: str, *_: Any) -> None:
        raise _Refused(FileProblem(code, self.place, message))

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if len(self.stack) >= MAX_DEPTH:
            self.refuse("T210", f"elements nested more than {MAX_DEPTH} deep")
        if self.capture is not None and local != "mrk":  # segment marks (Trados) hold text
            message = f"<{local}> inside <{self.stack[-1]}>: only plain text is allowed there"
            self.problems.append(FileProblem("T212", self.place, message))
        parent = self.stack[-1] if self.stack else ""
        self.stack.append(local)
        if local == "file":
            self.file(attrs)
        elif local == "tool" and attrs.get("tool-id") == TOOL:
            self.meta["format"] = attrs.get("tool-version", "")
        elif local == "trans-unit":
            if len(self.rows) >= MAX_ROWS:
                self.refuse("T210", f"the file has more than {MAX_ROWS:,} units")
            self.unit = {"place": self.place, "key": attrs.get("id"), "target": None}
        elif local in ("source", "target") and parent == "trans-unit" and self.unit is not None:
            self.capture = []

    def file(self, attrs: dict[str, str]) -> None:
        self.files += 1
        if self.files > 1:
            self.refuse("T201", "the file holds more than one <file>: export again")
        self.meta_place = self.place
        if attrs.get("tool-id") == TOOL:
            self.meta["file"] = FILE_KIND
        names = {
            "product-name": "questionnaire",
            "product-version": "version",
            "target-language": "language",
            "source-language": "source language",
            "build-num": "source hash",
        }
        self.meta.update({meta: attrs[attr] for attr, meta in names.items() if attr in attrs})

    def end(self, name: str) -> None:
        local = self.stack.pop()
        if (
            local in ("source", "target")
            and self.capture is not None
            and self.stack[-1:] == ["trans-unit"]
        ):
            assert self.unit is not None
            self.unit[local] = "".join(self.capture)
            self.capture = None
        elif local == "trans-unit" and self.unit is not None:
            unit = self.unit
            self.rows.append(Row(unit["place"], unit["key"], unit.get("source"), unit["target"]))
            self.unit = None

    def data(self, text: str) -> None:
        if self.capture is not None:
            self.capture.append(text)


def read_xliff(path: Path) -> Submission:
    """The units of an XLIFF file sent back; TranslationFileError when it cannot be ours."""
    with path.open("rb") as stream:
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        message = f"the file has more than {MAX_FILE_BYTES:,} bytes"
        raise TranslationFileError([FileProblem("T210", "file", message)])
    parser = expat.ParserCreate(namespace_separator=" ")
    reader = _Reader(parser)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = lambda *a: reader.refuse("T212", "a DTD is not allowed")
    parser.EntityDeclHandler = lambda *a: reader.refuse("T212", "entities are not allowed")
    parser.ExternalEntityRefHandler = lambda *a: reader.refuse("T212", "no external entities")
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.data
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        raise TranslationFileError([refused.problem]) from None
    except expat.ExpatError as error:
        message = f"the file is no well-formed XML: {expat.ErrorString(error.code)}"
        problem = FileProblem("T201", f"line {error.lineno}", message)
        raise TranslationFileError([problem]) from None
    if reader.meta.get("file") != FILE_KIND:
        message = "the file is no XLIFF file exported by assess (tool-id)"
        raise TranslationFileError([FileProblem("T201", reader.meta_place, message)])
    submission = Submission(reader.meta, reader.meta_place, "the <body>", reader.rows)
    submission.problems.extend(reader.problems)
    return submission
