"""Answer tables in, score tables out: the CSV forms the batch scorer reads and writes, one row at
a time (nothing of a row is kept once it is read, so memory does not grow with the table).

A table is UTF-8 (with or without a byte order mark) unless told Latin-1 or Windows-1252; its
delimiter (comma, semicolon or tab) is read off the header line; in a semicolon-separated table
numbers may be written with a decimal comma. Its columns are named by question id, or mapped to
nodes by the definition's `columns:` section or a mapping file (assess.questionnaire.columns).
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from assess.questionnaire.answers import Answer, AnswerError, coerce
from assess.questionnaire.columns import targets
from assess.questionnaire.model import Group, Question, Questionnaire
from assess.questionnaire.suggest import closest
from assess.scoring.assessment import AssessmentScore
from assess.words.cells import inert
from assess.words.numbers import csv_decimal, point_decimal

RESPONDENT = "respondent"
MISSING = ("", "x")  # an empty cell or `x`: not answered
NOT_APPLICABLE = "na"
CELL_LIMIT = 64 * 1024  # characters: a longer cell is refused at its row and column
FIELD_LIMIT = 16 * 1024 * 1024  # csv's own bound (128 KiB by default), above CELL_LIMIT
ENCODINGS = {"utf-8": "UTF-8", "latin-1": "Latin-1", "cp1252": "Windows-1252"}
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
BOM = codecs.BOM_UTF8


@dataclass(frozen=True, slots=True)
class TableError:
    """A problem of a table, placed by its line and column."""

    line: int  # line of the file, the header being line 1
    column: str  # the column's name, "" for the whole row
    message: str

    def format(self, file: str) -> str:
        where = f"{file}:{self.line}" + (f": column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Columns:
    """How a table's header is read: the respondent column, the columns carried to the output,
    and column name -> node id (None: every column named by its node id, rank:NODE by itself)."""

    id: str = RESPONDENT
    keep: tuple[str, ...] = ()
    mapping: Mapping[str, str] | None = None
    strict: bool = False  # a column neither read nor kept is an error, not a note

    def resolved(self, questionnaire: Questionnaire) -> Mapping[str, str]:
        if self.mapping is not None:
            return self.mapping
        return {t: t for t in targets(questionnaire)}


@dataclass(frozen=True, slots=True)
class Layout:
    """How the file is written: its encoding (and byte order mark) and its delimiter."""

    encoding: str
    bom: bool
    delimiter: str

    def describe(self) -> str:
        """'UTF-8 (BOM), semicolon-separated'."""
        name = ENCODINGS[self.encoding] + (" (BOM)" if self.bom else "")
        return f"{name}, {DELIMITERS[self.delimiter]}-separated"


@dataclass(slots=True)
class Header:
    """Which column holds what, by index in each row."""

    width: int  # named columns (unnamed ones at the end of the header are left out)
    names: list[str]
    id_at: int = -1
    keep_at: tuple[int, ...] = ()
    answers: list[tuple[int, Question]] = field(default_factory=list)
    published: list[tuple[int, str]] = field(default_factory=list)  # index, node id or rank:NODE
    ignored: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # column: why, for stderr
    errors: list[TableError] = field(default_factory=list)


@dataclass(slots=True)
class Row:
    """One respondent's row: answers, kept cells, published values, and its problems."""

    line: int
    who: str
    kept: tuple[str, ...]
    answers: dict[str, Answer]
    published: dict[str, str]  # node id or rank:NODE -> the cell as written
    errors: list[TableError]


class _NotText(Exception):
    def __init__(self, line: int, byte: str) -> None:
        super().__init__(line, byte)
        self.line, self.byte = line, byte


def _lines(stream: BinaryIO, encoding: str) -> Iterator[str]:
    """The file's lines decoded one by one (a newline byte is never inside a UTF-8, Latin-1 or
    Windows-1252 character); _NotText at the first line that is not in `encoding`."""
    for number, raw in enumerate(stream, start=1):
        data = raw[len(BOM) :] if number == 1 and raw.startswith(BOM) else raw
        try:
            yield data.decode(encoding)
        except UnicodeDecodeError as error:
            raise _NotText(number, data[error.start : error.start + 1].hex()) from None


def detect_delimiter(header_line: str) -> str:
    """The delimiter that splits the header line into the most fields (quotes respected);
    a comma when none splits it."""

    def width(delimiter: str) -> int:
        return len(next(csv.reader([header_line], delimiter=delimiter), []))

    return max(DELIMITERS, key=width)


class TableReader:
    """A table read row by row: `with TableReader(...) as table:` then `table.header` and
    `for row in table.rows()`; problems that stop the reading are in `table.fatal`."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        path: Path,
        columns: Columns,
        *,
        encoding: str = "utf-8",
        delimiter: str | None = None,
        answers: bool = True,
    ) -> None:
        self.questionnaire = questionnaire
        self.path = path
        self.columns = columns
        self.encoding = encoding
        self.forced_delimiter = delimiter
        self.read_answers = answers  # False: only ids, kept cells and published values
        self.fatal: list[TableError] = []
        self.count = 0  # rows read (blank lines left out)
        self.header = Header(0, [])
        self.layout = Layout(encoding, False, delimiter or ",")
        self._stream: BinaryIO | None = None
        self._reader: Iterator[list[str]] | None = None

    def __enter__(self) -> TableReader:
        csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
        self._stream = open(self.path, "rb")
        first = self._stream.readline(FIELD_LIMIT)
        self._stream.seek(0)
        try:
            line = first.removeprefix(BOM).decode(self.encoding)
        except UnicodeDecodeError as error:
            self._not_text(_NotText(1, first.removeprefix(BOM)[error.start :][:1].hex()))
            return self
        delimiter = self.forced_delimiter or detect_delimiter(line.rstrip("\r\n"))
        self.layout = Layout(self.encoding, first.startswith(BOM), delimiter)
        self._reader = csv.reader(_lines(self._stream, self.encoding), delimiter=delimiter)
        names = self._next()
        if names is None:
            if not self.fatal:
                message = f"the table is empty: it needs a '{self.columns.id}' column"
                self.fatal.append(TableError(1, "", message))
        else:
            self.header = read_header(self.questionnaire, names, self.columns)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._stream is not None:
            self._stream.close()

    @property
    def line(self) -> int:
        return getattr(self._reader, "line_num", 0)

    def _next(self) -> list[str] | None:
        assert self._reader is not None
        try:
            return next(self._reader, None)
        except _NotText as error:
            self._not_text(error)
        except csv.Error as error:
            message = f"the table cannot be read past this line: {error}"
            if "field larger" in str(error):
                message = f"a cell longer than {FIELD_LIMIT:,} characters: the table stops here"
            self.fatal.append(TableError(self.line + 1, "", message))
        return None

    def _not_text(self, error: _NotText) -> None:
        name = ENCODINGS[self.encoding]
        message = f"not {name} text (byte 0x{error.byte}): save the file as UTF-8 CSV"
        if self.encoding == "utf-8":
            message += ", or read it with --encoding latin-1 (or cp1252)"
        self.fatal.append(TableError(error.line, "", message))

    def rows(self) -> Iterator[Row]:
        """Each row with a respondent, blank lines left out; stops at a fatal problem."""
        if self._reader is None or self.header.errors or self.fatal:
            return
        seen: dict[str, int] = {}
        decimal = csv_decimal(self.layout.delimiter)
        while (cells := self._next()) is not None:
            if not any(cell.strip() for cell in cells):
                continue
            self.count += 1
            row = self._row(cells, decimal)
            if row.who in seen:
                message = f"respondent '{row.who}' already on line {seen[row.who]}"
                row.errors.append(TableError(row.line, self.columns.id, message))
            elif row.who:
                seen[row.who] = row.line
            yield row

    def _row(self, cells: list[str], decimal: str) -> Row:
        header, line = self.header, self.line
        errors: list[TableError] = []
        row = Row(line, "", (), {}, {}, errors)
        extra = cells[header.width :]
        if len(cells) < header.width or any(cell.strip() for cell in extra):
            message = f"{len(cells)} values where the header has {header.width} columns"
            errors.append(TableError(line, "", message))
            return row
        for index, cell in enumerate(cells[: header.width]):
            if len(cell) > CELL_LIMIT:
                message = f"a cell of {len(cell):,} characters: at most {CELL_LIMIT:,} are read"
                errors.append(TableError(line, header.names[index], message))
        if errors:
            return row
        row.who = cells[header.id_at].strip()
        if not row.who:
            errors.append(TableError(line, self.columns.id, "no respondent named"))
        row.kept = tuple(cells[i].strip() for i in header.keep_at)
        row.published = {target: cells[i].strip() for i, target in header.published}
        if self.read_answers:
            for index, question in header.answers:
                _answer(question, cells[index], decimal, line, header.names[index], row)
        return row


def _answer(question: Question, raw: str, decimal: str, line: int, column: str, row: Row) -> None:
    text = raw.strip()
    if text.lower() in MISSING:
        return
    if text.lower() == NOT_APPLICABLE:
        if not question.allow_na:
            row.errors.append(TableError(line, column, "'not applicable' is not allowed here"))
        row.answers[question.id] = Answer(question.id, "na")
        return
    if question.type in ("number", "level"):
        text = point_decimal(text, decimal)
    try:
        row.answers[question.id] = Answer(question.id, "answered", coerce(question, text))
    except AnswerError as error:
        message = error.message.removeprefix(f"{question.id}: ")
        row.errors.append(TableError(line, column, f"{message} ({error.code})"))


def read_header(questionnaire: Questionnaire, names: list[str], columns: Columns) -> Header:
    """Which column holds the respondent, the kept cells, each question's answers and each
    published value; the rest is ignored (named in `notes`, or errors when strict)."""
    width = len(names)
    while width and not names[width - 1].strip():
        width -= 1  # spreadsheets often end the header with an unnamed column
    names = [name.strip() for name in names[:width]]
    header = Header(width, names)
    mapping = columns.resolved(questionnaire)
    questions = {q.id: q for q in questionnaire.questions()}
    used: dict[str, str] = {}  # node id -> the column it is read from
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in positions and (name in mapping or name in (columns.id, *columns.keep)):
            header.errors.append(TableError(1, name, "this column appears twice"))
            continue
        positions.setdefault(name, index)
        if name == columns.id or name in columns.keep:
            continue
        target = mapping.get(name)
        if target is None:
            header.ignored.append(name)
        elif target in used:
            message = f"'{target}' is read from column '{used[target]}' already"
            header.errors.append(TableError(1, name, message))
        else:
            used[target] = name
            if target in questions:
                header.answers.append((index, questions[target]))
            else:
                header.published.append((index, target))
    _place_named(header, positions, columns)
    _ignored(header, questionnaire, mapping, columns)
    return header


def _place_named(header: Header, positions: Mapping[str, int], columns: Columns) -> None:
    if columns.id in positions:
        header.id_at = positions[columns.id]
    else:
        message = f"no '{columns.id}' column: name each row's respondent (--id COLUMN)"
        header.errors.append(TableError(1, "", message + _close(columns.id, header.names)))
    for name in columns.keep:
        if name not in positions:
            message = f"no column '{name}' to keep" + _close(name, header.names)
            header.errors.append(TableError(1, "", message))
    header.keep_at = tuple(positions[n] for n in columns.keep if n in positions)


def _ignored(
    header: Header, questionnaire: Questionnaire, mapping: Mapping[str, str], columns: Columns
) -> None:
    """Columns read by nothing: errors when strict, else notes; "did you mean" only when the
    rest of the header was read right (some answers found) and a name is close to one unread."""
    unread = [name for name in mapping if name not in header.names]
    for name in header.ignored:
        hint = _close(name, unread) if header.answers else ""
        shown = name or "(unnamed)"
        if columns.mapping is None:
            message = f"no question '{name}' in {questionnaire.id} {questionnaire.version}"
        else:
            message = f"'{name}' is not in the column mapping"
        if columns.strict:
            header.errors.append(TableError(1, shown, message + hint))
        elif hint:
            header.notes.append(f"column {shown}: ignored, {message}{hint}")


def _close(name: str, candidates: Iterable[str]) -> str:
    match = closest(name, candidates)
    return f"; did you mean '{match}'?" if match else ""


# Writing -----------------------------------------------------------------------------------


def score_columns(questionnaire: Questionnaire) -> list[str]:
    """The node ids with a score column: the root, then groups and scored questions in order."""
    nodes = questionnaire.walk()
    scored = [n.id for n in nodes if isinstance(n, Group) or (isinstance(n, Question) and n.scored)]
    return [questionnaire.id, *scored]


def _groups(questionnaire: Questionnaire) -> list[Group]:
    return [questionnaire.root, *(n for n in questionnaire.walk() if isinstance(n, Group))]


def ranked_nodes(questionnaire: Questionnaire) -> list[str]:
    """The ids of the nodes the definition ranks (`rank: true`): the root first, then groups and
    questions in document order. The batch scorer adds a `rank:ID` column for each."""
    root = [questionnaire.id] if questionnaire.root.policy.rank else []
    groups = {n.id for n in questionnaire.walk() if isinstance(n, Group) and n.policy.rank}
    questions = {q.id for q in questionnaire.questions() if q.rank}
    return root + [n.id for n in questionnaire.walk() if n.id in groups or n.id in questions]


def banded_nodes(questionnaire: Questionnaire) -> list[str]:
    """The nodes whose score falls in a band: the root and groups with a band set."""
    return [g.id for g in _groups(questionnaire) if g.policy.bands in questionnaire.bands]


def format_score(value: float | None) -> str:
    """A score as written in tables: 72 rather than 72.0, full precision otherwise."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@dataclass(frozen=True, slots=True)
class ScoreTable:
    """The columns of the score table: the respondent and kept columns, a score per node,
    completeness and missing count per group, bands, then ranks (written last, once every row
    is scored)."""

    id: str
    keep: tuple[str, ...]
    scores: tuple[str, ...]
    counted: tuple[str, ...]  # the root and the groups
    banded: tuple[str, ...]
    ranked: tuple[str, ...]

    @classmethod
    def of(cls, questionnaire: Questionnaire, columns: Columns) -> ScoreTable:
        return cls(
            columns.id,
            columns.keep,
            tuple(score_columns(questionnaire)),
            tuple(g.id for g in _groups(questionnaire)),
            tuple(banded_nodes(questionnaire)),
            tuple(ranked_nodes(questionnaire)),
        )

    def header(self) -> list[str]:
        return [
            inert(self.id),
            *(inert(k) for k in self.keep),
            *self.scores,
            *(f"completeness:{i}" for i in self.counted),
            *(f"missing:{i}" for i in self.counted),
            *(f"band:{i}" for i in self.banded),
            *(f"rank:{i}" for i in self.ranked),
        ]

    def cells(self, who: str, kept: Iterable[str], result: AssessmentScore) -> list[str]:
        """A row without its ranks; every text cell inert (never run as a formula)."""
        counted = [result[i] for i in self.counted]
        return [
            inert(who),
            *(inert(k) for k in kept),
            *(format_score(result[i].score) for i in self.scores),
            *(format_score(n.completeness) for n in counted),
            *(str(n.applicable - n.answered) for n in counted),
            *(inert(result[i].band or "") for i in self.banded),
        ]
