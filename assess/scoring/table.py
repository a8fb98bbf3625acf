"""Answer tables in, score tables out: the CSV forms the batch scorer reads and writes."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass

from assess.questionnaire.answers import Answer, AnswerError, coerce
from assess.questionnaire.model import Group, Question, Questionnaire
from assess.questionnaire.suggest import did_you_mean
from assess.scoring.assessment import AssessmentScore
from assess.scoring.rollup import rank

RESPONDENT = "respondent"
MISSING = ("", "x")  # an empty cell or `x`: not answered
NOT_APPLICABLE = "na"


@dataclass(frozen=True, slots=True)
class TableError:
    """A problem of an answer table, placed by its line and column."""

    line: int  # line of the file, the header being line 1
    column: str  # the column's name, "" for the whole row
    message: str

    def format(self, file: str) -> str:
        where = f"{file}:{self.line}" + (f": column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


Answers = dict[str, dict[str, Answer]]


def decode(data: bytes) -> str | TableError:
    """The table's text, or an error placed at the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex()
        return TableError(line, "", f"not UTF-8 text (byte 0x{byte}): save the file as UTF-8 CSV")


def read_answers(questionnaire: Questionnaire, text: str) -> tuple[Answers, list[TableError]]:
    """Every respondent's answers, and every problem of the table (then the answers are partial)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        return {}, [TableError(1, "", f"the table is empty: it needs a '{RESPONDENT}' column")]
    errors = _check_header(questionnaire, header)
    if errors:
        return {}, errors
    questions = {q.id: q for q in questionnaire.questions()}
    answers: Answers = {}
    first_line: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            message = f"{len(row)} values where the header has {len(header)} columns"
            errors.append(TableError(line, "", message))
            continue
        cells = dict(zip(header, row, strict=True))
        who = cells.pop(RESPONDENT).strip()
        if not who:
            errors.append(TableError(line, RESPONDENT, "no respondent named"))
        elif who in first_line:
            message = f"respondent '{who}' already on line {first_line[who]}"
            errors.append(TableError(line, RESPONDENT, message))
        else:
            first_line[who] = line
            answers[who] = _row(questions, cells, line, errors)
    return answers, errors


def _check_header(questionnaire: Questionnaire, header: list[str]) -> list[TableError]:
    ids = [q.id for q in questionnaire.questions()]
    known = set(ids)
    errors = []
    if RESPONDENT not in header:
        errors.append(TableError(1, "", f"no '{RESPONDENT}' column: name each row's respondent"))
    seen: set[str] = set()
    for name in header:
        if name in seen:
            errors.append(TableError(1, name, "this column appears twice"))
        seen.add(name)
        if name != RESPONDENT and name not in known:
            message = f"no question '{name}' in {questionnaire.id} {questionnaire.version}"
            errors.append(TableError(1, name, message + did_you_mean(name, ids)))
    return errors


def _row(
    questions: Mapping[str, Question], cells: Mapping[str, str], line: int, errors: list
) -> dict[str, Answer]:
    answers = {}
    for qid, raw in cells.items():
        question, text = questions[qid], raw.strip()
        if text.lower() in MISSING:
            continue
        if text.lower() == NOT_APPLICABLE:
            if not question.allow_na:
                errors.append(TableError(line, qid, "'not applicable' is not allowed here"))
            answers[qid] = Answer(qid, "na")
            continue
        try:
            answers[qid] = Answer(qid, "answered", coerce(question, text))
        except AnswerError as error:
            message = error.message.removeprefix(f"{qid}: ")
            errors.append(TableError(line, qid, f"{message} ({error.code})"))
    return answers


def score_columns(questionnaire: Questionnaire) -> list[str]:
    """The node ids with a score column: the root, then groups and scored questions in order."""
    nodes = questionnaire.walk()
    scored = [n.id for n in nodes if isinstance(n, Group) or (isinstance(n, Question) and n.scored)]
    return [questionnaire.id, *scored]


def ranked_nodes(questionnaire: Questionnaire) -> list[str]:
    """The ids of the nodes the definition ranks (`rank: true`): the root first, then groups and
    questions in document order. The batch scorer adds a `rank:ID` column for each."""
    root = [questionnaire.id] if questionnaire.root.policy.rank else []
    groups = {n.id for n in questionnaire.walk() if isinstance(n, Group) and n.policy.rank}
    questions = {q.id for q in questionnaire.questions() if q.rank}
    return root + [n.id for n in questionnaire.walk() if n.id in groups or n.id in questions]


def format_score(value: float | None) -> str:
    """A score as written in tables: 72 rather than 72.0, full precision otherwise."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def write_scores(questionnaire: Questionnaire, results: Mapping[str, AssessmentScore]) -> str:
    """The score table: respondent, a column per node, then rank and band columns asked for."""
    columns = score_columns(questionnaire)
    groups = [questionnaire.root, *(n for n in questionnaire.walk() if isinstance(n, Group))]
    ranked = ranked_nodes(questionnaire)
    banded = [g.id for g in groups if g.policy.bands in questionnaire.bands]
    ranks = {
        node_id: rank({who: r[node_id].score for who, r in results.items()}) for node_id in ranked
    }
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [RESPONDENT, *columns, *(f"rank:{i}" for i in ranked), *(f"band:{i}" for i in banded)]
    )
    for who, result in results.items():
        scores = [format_score(result[c].score) for c in columns]
        rank_cells = [str(ranks[i][who] or "") for i in ranked]
        band_cells = [result[i].band or "" for i in banded]
        writer.writerow([who, *scores, *rank_cells, *band_cells])
    return out.getvalue()
