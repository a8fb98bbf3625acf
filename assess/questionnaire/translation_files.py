"""Files for translators, read back: what they hold, and every problem each with its place.

The formats (translation_xlsx, translation_xliff) turn a file into a `Submission` of rows; this
module checks the rows against the definition the file names and gives the texts to write.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assess.questionnaire import schema as sc
from assess.questionnaire.build import english_name
from assess.questionnaire.problems import CATALOGUE
from assess.questionnaire.translations import Definition, TextEntry

FILE_KIND = "assess translations"
FILE_VERSION = "1"
MAX_FILE_BYTES = 10 * 1024 * 1024  # the file as sent
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # an XLSX's parts once unzipped (zip bombs)
MAX_ROWS = 20_000
MAX_TEXT = 5_000  # characters in one translation (the longest source of cbrn-needs has 290)
# {name}, {{ name }}, %(name)s, %s: what code fills in; a translation keeps the same ones.
PLACEHOLDER = re.compile(
    r"\{\{\s*[^{}]*?\s*\}\}|\{[A-Za-z_][A-Za-z0-9_]*\}|%\([A-Za-z_][A-Za-z0-9_]*\)[sdif]|%[sdif]"
)
# Characters a text may not hold: control characters but tab and line feed.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class FileProblem:
    """One problem of a translation file: its code, where it is and what is wrong."""

    code: str
    place: str  # "sheet Texts, row 17" or "line 42"
    message: str

    @property
    def severity(self) -> str:
        return CATALOGUE[self.code][0]

    def format(self, file: str) -> str:
        return f"{file}: {self.place}: {self.code} {self.message}"


class TranslationFileError(Exception):
    """The file cannot be read as a translation file: its problems say why."""

    def __init__(self, problems: Sequence[FileProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.place}: {p.code} {p.message}" for p in self.problems))


@dataclass(frozen=True, slots=True)
class Row:
    """One text of the file: its key, the source it was made from and the translation.

    A value that is not text (a number, a formula) is given as `Cell`."""

    place: str
    key: Any
    source: Any
    text: Any


@dataclass(frozen=True, slots=True)
class Cell:
    """A value that is not text, with what it is, e.g. Cell("a formula", "=A1")."""

    kind: str
    value: Any


@dataclass
class Submission:
    """A translation file read: its metadata (with where it is written) and its rows."""

    meta: dict[str, str]
    meta_place: str  # where the metadata is: "sheet About" or "line 3"
    rows_place: str  # where the rows are: "sheet Texts" or "the <body>"
    rows: list[Row] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)  # found while reading

    @property
    def language(self) -> str:
        return self.meta.get("language", "")


def source_hash(entries: Sequence[TextEntry]) -> str:
    """A short hash of every key and source text: it changes when any source text changes."""
    digest = hashlib.sha256()
    for entry in entries:
        digest.update(f"{entry.key}\t{entry.source}\n".encode())
    return digest.hexdigest()[:16]


def metadata(definition: Definition, questionnaire: str, version: str, lang: str) -> dict[str, str]:
    """What a file says about itself: it is ours, for which definition and language; French
    is given for reference when the definition has it and the file is not for French."""
    entries = definition.entries
    source = definition.default_language
    declared = (*definition.languages, *definition.partial_languages)
    reference = "fr" if lang != "fr" and source != "fr" and "fr" in declared else ""
    return {
        "file": FILE_KIND,
        "format": FILE_VERSION,
        "questionnaire": questionnaire,
        "version": version,
        "language": lang,
        "source language": source,
        "reference language": reference,
        "source hash": source_hash(entries),
        "texts": str(len(entries)),
    }


def language_label(code: str) -> str:
    """A language's name in English, for headers translators read: "Arabic", "Portuguese"."""
    return english_name(code) or code


def language_problem(lang: str, default: str, place: str) -> FileProblem | None:
    """Why `lang` cannot be imported into a definition whose default language is `default`."""
    if not lang:
        return FileProblem("T203", place, "the file does not say which language it holds")
    if not re.fullmatch(sc.LANGUAGE.pattern or "", lang):
        return FileProblem("T203", place, f"'{lang}' is not a language code (e.g. ar, pt)")
    if english_name(lang) is None:
        return FileProblem("T203", place, f"'{lang}' is not a known language")
    if lang == default:
        return FileProblem("T203", place, f"'{lang}' is the source language: it is not imported")
    return None


def meta_problems(sub: Submission) -> list[FileProblem]:
    """The file must be ours, of this format, and name a questionnaire id and version."""
    meta = sub.meta
    if meta.get("file") != FILE_KIND or meta.get("format") != FILE_VERSION:
        return [FileProblem("T201", sub.meta_place, "the file is not a translation file of ours")]
    questionnaire, version = meta.get("questionnaire", ""), meta.get("version", "")
    for value, spec, what in (
        (questionnaire, sc.QUESTIONNAIRE_ID, "questionnaire id"),
        (version, sc.VERSION, "version"),
    ):
        if not re.fullmatch(spec.pattern or "", value):
            message = f"the file names no {what} ({_short(value)}: {spec.pattern_hint})"
            return [FileProblem("T202", sub.meta_place, message)]
    return []


@dataclass
class Outcome:
    """What a file brings: the texts to write and how many rows were left blank."""

    texts: dict[str, str]
    blank: int  # rows left blank, whose text stays untranslated
    kept: int  # rows left blank whose text keeps its current translation
    unchanged: int  # rows whose translation is the current one
    problems: list[FileProblem]


def check_rows(sub: Submission, definition: Definition) -> Outcome:
    """Every row checked against the definition's texts; the texts to write when none fails."""
    lang = sub.language
    entries = {entry.key: entry for entry in definition.entries}
    stale_file = sub.meta.get("source hash") != source_hash(definition.entries)
    problems: list[FileProblem] = list(sub.problems)
    seen: dict[str, str] = {}
    texts: dict[str, str] = {}
    blank = kept = unchanged = 0
    for row in sub.rows:
        refused = _key_problem(row, entries, seen)
        if refused is not None:
            problems.append(refused)
            continue
        key = row.key
        seen[key] = row.place
        entry = entries[key]
        if (row.source or "") != entry.source:
            problems.append(_stale(row, entry, stale_file))
        text = row.text
        if isinstance(text, Cell):
            message = f"the translation is {text.kind}, not text"
            problems.append(FileProblem("T211", row.place, message))
            continue
        if text is None or not text.strip():
            kept += 1 if entry.texts.get(lang) else 0
            blank += 0 if entry.texts.get(lang) else 1
            continue
        text = text.replace("\r\n", "\n")
        problems.extend(text_problems(text, entry, row.place))
        if entry.texts.get(lang) == text:
            unchanged += 1
        texts[key] = text
    missing = [key for key in entries if key not in seen]
    problems.extend(FileProblem("T204", sub.rows_place, f"no row for {key}") for key in missing)
    return Outcome(texts, blank, kept, unchanged, problems)


def _key_problem(row: Row, entries: Mapping[str, TextEntry], seen: Mapping) -> FileProblem | None:
    """Why a row's key names no text it may translate: not text, unknown, or seen before."""
    key = row.key
    if isinstance(key, Cell) or not isinstance(key, str) or not key.strip():
        what = key.kind if isinstance(key, Cell) else "empty"
        return FileProblem("T205", row.place, f"the key is {what}, not a text key")
    if key not in entries:
        return FileProblem("T205", row.place, f"no text has the key {_short(key)}")
    if key in seen:
        return FileProblem("T206", row.place, f"{key} is also at {seen[key]}")
    return None


def _stale(row: Row, entry: TextEntry, stale_file: bool) -> FileProblem:
    if stale_file:
        message = f"the source text of {entry.key} has changed since the export"
    else:
        message = f"the source text of {entry.key} was edited in the file"
    return FileProblem("T207", row.place, f"{message}; it is now: {_short(entry.source)}")


def text_problems(text: str, entry: TextEntry, place: str) -> list[FileProblem]:
    """A translation's own problems: length, characters, placeholders."""
    problems = []
    if len(text) > MAX_TEXT:
        message = f"the translation has {len(text):,} characters; at most {MAX_TEXT:,}"
        problems.append(FileProblem("T209", place, message))
    bad = FORBIDDEN.search(text)
    if bad:
        message = f"the translation holds the control character U+{ord(bad.group()):04X}"
        problems.append(FileProblem("T213", place, message))
    wanted, given = placeholders(entry.source), placeholders(text)
    if wanted != given:
        message = f"the source has {_listed(wanted)} but the translation has {_listed(given)}"
        problems.append(FileProblem("T208", place, message))
    return problems


def placeholders(text: str) -> Counter[str]:
    """The placeholders of a text, `{{ x }}` and `{{x}}` alike."""
    return Counter(re.sub(r"\s+", "", found) for found in PLACEHOLDER.findall(text))


def _listed(found: Mapping[str, int]) -> str:
    if not found:
        return "none"
    return ", ".join(sorted(found.elements()))  # type: ignore[attr-defined]


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")
