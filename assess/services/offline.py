"""Filling offline: an assessment's areas as an XLSX workbook made for people, and it read back.

The workbook has a cover sheet (what it is, how to fill it, the round, and a signature of the
download: the assessment, its areas by sheet, and each answer's version and content then) and a
sheet per area: question, guidance (help, level descriptors, options), answer, state, comment.
Only the answer, state and comment cells are unlocked; drop-downs offer levels, options and
states, and numbers and dates are checked as they are typed. Reading it back checks every cell
with the questionnaire core's rules (assess.questionnaire.answers) and names each problem by
sheet and cell; what would change is compared with what is stored now, so that an answer
changed in the app since the download is a conflict (the autosave's rule), never overwritten
unasked. Saving goes through save_answer, which audits each answer like any other save.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy.orm import Session

from assess.forms.convert import fingerprint
from assess.models import Assessment, User
from assess.questionnaire.answers import MAX_TEXT, AnswerError, coerce, from_json
from assess.questionnaire.model import Group, Question, Questionnaire
from assess.questionnaire.translation_files import TranslationFileError
from assess.questionnaire.translation_xlsx import check_unpacked, text_cell
from assess.services import access
from assess.services.answers import (
    AnswerState,
    Conflict,
    Saved,
    check_editable,
    records_of,
    save_answer,
    state_of,
    wanted_state,
)
from assess.services.errors import InvalidInput, NotAllowed, refusal_text
from assess.services.questionnaires import questionnaire_of
from assess.words.answers import answer_text, state_words
from assess.words.catalogue import words_in
from assess.words.numbers import date as written_date
from assess.words.numbers import number as written_number
from assess.words.texts import Text, shown

MAX_BYTES = 5 * 1024 * 1024  # the workbook as sent
MAX_ROWS = 2_000  # rows read from one sheet
SALT = "assess-offline-workbook"
SIGNATURE_CELL = "B7"
LISTS = "Lists"
FIRST_ROW = 3  # area sheets: title, headers, then one question a row
ID, QUESTION, GUIDANCE, ANSWER, STATE, COMMENT = range(1, 7)
LETTER = {ANSWER: "D", STATE: "E", COMMENT: "F"}
_UNLOCKED = Protection(locked=False)
_FILL = PatternFill("solid", fgColor="FFF2CC")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
MULTI = ("checklist", "multiple_choice")
# What openpyxl raises on a damaged part (XML parse errors are SyntaxErrors).
DAMAGED: tuple[type[Exception], ...] = (ValueError, TypeError, KeyError, IndexError, SyntaxError)
DAMAGED += (EOFError, OSError, zipfile.BadZipFile)
CHOICE = ("yes_partial_no", "single_choice")


@dataclass(frozen=True)
class Problem:
    """A cell that cannot be read as an answer: its place (Sheet!D5) and what is wrong."""

    place: str
    text: Text


@dataclass(frozen=True)
class Change:
    """An answer the workbook changes: what is stored now and what the workbook says.

    `conflict`: the answer was changed in the app since the download (`downloaded` is the
    version the workbook was made from, `current.version` the one stored now)."""

    question: Question
    place: str
    current: AnswerState
    wanted: AnswerState
    downloaded: int
    conflict: bool


@dataclass(frozen=True)
class Reading:
    """A workbook read back: its problems (nothing may be saved while any remain) and changes."""

    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


class WorkbookRefused(Exception):
    """The file as a whole is no workbook of this assessment; `text` says why."""

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(str(text))


# ---------------------------------------------------------------- who may


def editable_areas(user: User, assessment: Assessment, questionnaire: Questionnaire) -> list[Group]:
    """The areas whose answers `user` may change now (the edit rules of the pages)."""
    if assessment.status not in access.EDITABLE_STATUSES:
        return []
    return [a for a in questionnaire.areas() if access.can_edit_area(user, assessment, [a.id])]


# ---------------------------------------------------------------- writing


def _content(state: AnswerState) -> str:
    return fingerprint(state.status, state.value, state.comment, ())


def _sheet_title(text: str, taken: set[str]) -> str:
    base = _BAD_TITLE.sub(" ", text).strip()[:28] or "Area"
    title, n = base, 2
    while title.lower() in taken:
        title, n = f"{base[:25]} ({n})", n + 1
    taken.add(title.lower())
    return title


def _choices(question: Question, lang: str) -> list[tuple[str, object]]:
    """The words a drop-down offers for the question and the typed value each stands for."""
    if question.type == "level" and question.scale:
        values: list[object] = [level.value for level in question.scale.levels]
        if question.scale.allow_half:  # 1, 1.5, 2, ...: the list must take what the core takes
            low, high = question.scale.min_level, question.scale.max_level
            values = [int(v) if v.is_integer() else v for v in _halves(low, high)]
    elif question.type in CHOICE + MULTI:
        values = list(_option_ids(question))
    else:
        return []
    return [(answer_text(question, "answered", value, lang), value) for value in values]


def _halves(low: float, high: float) -> list[float]:
    return [low + step / 2 for step in range(int((high - low) * 2) + 1)]


def _option_ids(question: Question) -> tuple[str, ...]:
    if question.type == "checklist":
        return tuple(a.id for lvl in sorted(question.attributes) for a in question.attributes[lvl])
    if question.options:
        return tuple(o.id for o in question.options)
    return tuple(o.id for o in question.scale.options) if question.scale else ()


def _guidance(question: Question, lang: str) -> str:
    w = words_in(lang)
    lines = []
    help_text = shown(question.help, lang)
    if help_text:
        lines.append(help_text.text)
    if question.type == "level" and question.scale:
        for level in question.scale.levels:
            descriptor = shown(level.descriptor, lang)
            named = answer_text(question, "answered", level.value, lang)
            colon = w.pgettext("what follows a label before its value", ": ")
            lines.append(f"{named}{colon}{descriptor.text}" if descriptor else named)
    elif question.type in MULTI:
        lines.append(w.gettext("Write the items that apply, separated by semicolons (;):"))
        lines += [f"• {words}" for words, _ in _choices(question, lang)]
        if question.type == "checklist":
            lines.append(f"• {w.gettext('None of these is met')}")
    elif question.type == "number" and question.number:
        low, high = question.number.min, question.number.max
        unit = shown(question.number.unit, lang)
        if low is not None and high is not None:
            lines.append(
                w.gettext(
                    "A number from %(low)s to %(high)s",
                    low=written_number(low, lang),
                    high=written_number(high, lang),
                )
            )
        if unit:
            lines.append(unit.text)
    elif question.type == "date":
        lines.append(w.gettext("A date (for example %(date)s)", date="2024-03-31"))
    return "\n".join(lines)


def workbook(
    session: Session,
    user: User,
    assessment: Assessment,
    area_ids: Sequence[str],
    lang: str,
    secret: str,
) -> bytes:
    """The workbook of the chosen areas (all those `user` may edit when none is chosen)."""
    questionnaire = questionnaire_of(session, assessment)
    allowed = editable_areas(user, assessment, questionnaire)
    if not allowed:
        raise NotAllowed(refusal_text("You may not change the answers of this assessment now."))
    areas = [a for a in allowed if not area_ids or a.id in area_ids]
    if not areas:
        raise NotAllowed(refusal_text("You may not change the answers of these areas."))
    records = records_of(session, assessment)
    states = {qid: state_of(record) for qid, record in records.items()}
    w = words_in(lang)
    rtl = w.direction == "rtl"
    book = Workbook()
    cover = book.active
    cover.title = _sheet_title(w.gettext("About this workbook"), taken := set())
    lists = book.create_sheet(LISTS)
    lists.sheet_state = "hidden"
    taken.add(LISTS.lower())
    sheets: dict[str, str] = {}
    versions: dict[str, list[Any]] = {}
    list_column = 0
    for area in areas:
        title = shown(area.title, lang)
        sheet = book.create_sheet(_sheet_title(title.text if title else area.id, taken))
        sheets[sheet.title] = area.id
        list_column = _area_sheet(sheet, area, states, versions, lists, list_column, lang)
        sheet.sheet_view.rightToLeft = rtl
    lists.protection.sheet = True
    # Sheets keep their names and order (the signature finds areas by sheet name); no password:
    # the protection guards against slips, and the upload checks every cell anyway.
    book.security = WorkbookProtection(lockStructure=True)
    payload = {"a": assessment.id, "s": sheets, "v": versions}
    _cover(cover, assessment, questionnaire, lang, URLSafeSerializer(secret, SALT).dumps(payload))
    cover.sheet_view.rightToLeft = rtl
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cover(
    sheet: Any, assessment: Assessment, questionnaire: Questionnaire, lang: str, signature: str
) -> None:
    w = words_in(lang)
    title = shown(questionnaire.title, lang)
    text_cell(sheet, 1, 1, w.gettext("Answers to fill offline")).font = Font(bold=True, size=14)
    rows = [
        (w.gettext("Questionnaire"), title.text if title else questionnaire.id),
        (w.gettext("Country"), assessment.country.name),
        (w.gettext("Round"), assessment.round_label),
        (w.gettext("Assessment"), str(assessment.id)),
        (w.gettext("Downloaded"), written_date(dt.date.today(), lang)),
        (w.gettext("Signature of the download"), signature),
    ]
    for number, (label, value) in enumerate(rows, start=2):
        text_cell(sheet, number, 1, label).font = Font(bold=True)
        text_cell(sheet, number, 2, value)
    how = (
        w.gettext("Fill the yellow cells of each area's sheet: answer, state and comment."),
        w.gettext("Choose levels and options from the lists; type numbers and dates as shown."),
        w.gettext("Leave the other cells, the sheet names and this sheet as they are."),
        w.gettext("Upload the workbook on the assessment's page: you will see every change first."),
    )
    for number, line in enumerate(how, start=len(rows) + 3):
        text_cell(sheet, number, 1, line)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 60
    sheet.protection.sheet = True


def _area_sheet(
    sheet: Any,
    area: Group,
    states: Mapping[str, AnswerState],
    versions: dict[str, list[Any]],
    lists: Any,
    list_column: int,
    lang: str,
) -> int:
    w = words_in(lang)
    title = shown(area.title, lang)
    text_cell(sheet, 1, 1, title.text if title else area.id).font = Font(bold=True, size=13)
    heads = ("Id", w.gettext("Question"), w.gettext("Guidance"), w.gettext("Answer"))
    heads += (w.gettext("State"), w.gettext("Comment"))
    for column, head in enumerate(heads, start=1):
        text_cell(sheet, 2, column, head).font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    questions = [n for n in area.walk() if isinstance(n, Question)]
    for row, question in enumerate(questions, start=FIRST_ROW):
        state = states.get(question.id) or AnswerState(question.id, "answered", None, "", (), 0)
        versions[question.id] = [state.version, _content(state)]
        text_cell(sheet, row, ID, question.id)
        text = shown(question.text, lang)
        text_cell(sheet, row, QUESTION, text.text if text else question.id).alignment = wrap
        text_cell(sheet, row, GUIDANCE, _guidance(question, lang)).alignment = wrap
        answer = sheet.cell(row=row, column=ANSWER)
        _write_answer(sheet, row, question, state, lang)
        list_column = _validate(sheet, answer, question, lists, list_column, lang)
        offered = [state_words(s, lang) for s, ok in _states(question) if ok]
        if offered:
            list_column += 1
            _listed(sheet, sheet.cell(row=row, column=STATE), lists, list_column, offered)
        if state.status != "answered":
            text_cell(sheet, row, STATE, state_words(state.status, lang))
        text_cell(sheet, row, COMMENT, state.comment or None).alignment = wrap
        for column in (ANSWER, STATE, COMMENT):
            cell = sheet.cell(row=row, column=column)
            cell.protection, cell.fill = _UNLOCKED, _FILL
            cell.alignment = wrap
    for column, width in zip("ABCDEF", (14, 50, 50, 30, 18, 40), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.freeze_panes = "B3"
    return list_column


def _write_answer(sheet: Any, row: int, question: Question, state: AnswerState, lang: str) -> None:
    if state.status != "answered" or state.value is None:
        return
    value = from_json(question, state.value)
    if question.type in ("number", "date"):
        cell = sheet.cell(row=row, column=ANSWER, value=value)
        if question.type == "date":
            cell.number_format = "yyyy-mm-dd"
        return
    if question.type == "text":
        text_cell(sheet, row, ANSWER, str(value))
        return
    text_cell(sheet, row, ANSWER, answer_text(question, "answered", value, lang))


def _states(question: Question) -> tuple[tuple[str, bool], ...]:
    return (("na", question.allow_na), ("dont_know", question.allow_dont_know))


def _listed(sheet: Any, cell: Any, lists: Any, column: int, words: Sequence[str]) -> None:
    """A drop-down on `cell` offering `words`, kept in column `column` of the hidden list sheet
    (a list in the rule itself could not hold commas or quotes, nor more than 255 characters)."""
    for number, text in enumerate(words, start=1):
        text_cell(lists, number, column, text)
    letter = lists.cell(row=1, column=column).column_letter
    check = DataValidation(
        type="list", formula1=f"{LISTS}!${letter}$1:${letter}${len(words)}", allow_blank=True
    )
    check.showErrorMessage = True
    sheet.add_data_validation(check)
    check.add(cell)


def _validate(
    sheet: Any, cell: Any, question: Question, lists: Any, list_column: int, lang: str
) -> int:
    w = words_in(lang)
    check = None
    if question.type in ("level", *CHOICE):
        list_column += 1
        _listed(sheet, cell, lists, list_column, [text for text, _ in _choices(question, lang)])
    elif question.type == "number":
        spec = question.number
        low = spec.min if spec and spec.min is not None else -1e15
        high = spec.max if spec and spec.max is not None else 1e15
        check = DataValidation(type="decimal", operator="between", formula1=low, formula2=high)
        check.error = w.gettext(
            "A number from %(low)s to %(high)s",
            low=written_number(low, lang),
            high=written_number(high, lang),
        )
    elif question.type == "date":
        check = DataValidation(
            type="date", operator="between", formula1="DATE(1900,1,1)", formula2="DATE(2200,12,31)"
        )
        check.error = w.gettext("A date (for example %(date)s)", date="2024-03-31")
    elif question.type == "text":
        check = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=MAX_TEXT)
    if check is not None:
        check.allow_blank = True
        check.showErrorMessage = True
        sheet.add_data_validation(check)
        check.add(cell)
    return list_column


# ---------------------------------------------------------------- reading


def read(
    session: Session, user: User, assessment: Assessment, data: bytes, lang: str, secret: str
) -> Reading:
    """Every cell of a workbook sent back, checked; WorkbookRefused when it is not one of ours."""
    if len(data) > MAX_BYTES:
        raise WorkbookRefused(
            refusal_text("The file is larger than %(size)s MB.", size=MAX_BYTES // 1024 // 1024)
        )
    not_ours = refusal_text("The file is not a workbook downloaded for this assessment.")
    try:
        check_unpacked(io.BytesIO(data))
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (TranslationFileError, InvalidFileException, *DAMAGED):
        raise WorkbookRefused(not_ours) from None
    try:
        return _read_book(session, user, assessment, book, lang, secret, not_ours)
    except DAMAGED:  # a damaged part: never a traceback (a database error still is one)
        raise WorkbookRefused(not_ours) from None
    finally:
        book.close()


def _read_book(
    session: Session,
    user: User,
    assessment: Assessment,
    book: Any,
    lang: str,
    secret: str,
    not_ours: Text,
) -> Reading:
    cover = book.worksheets[0]
    signature = next(iter(cover[SIGNATURE_CELL:SIGNATURE_CELL]), ())
    token = signature[0].value if signature else None
    try:
        payload = URLSafeSerializer(secret, SALT).loads(str(token))
    except BadSignature:
        raise WorkbookRefused(not_ours) from None
    if payload.get("a") != assessment.id:
        raise WorkbookRefused(not_ours)
    questionnaire = questionnaire_of(session, assessment)
    records = records_of(session, assessment)
    now = {qid: state_of(record) for qid, record in records.items()}
    reading = Reading()
    seen: set[str] = set()
    for title, area_id in payload["s"].items():
        area = questionnaire.area(area_id)
        if title not in book.sheetnames or area is None:
            reading.problems.append(
                Problem(title, refusal_text("This area's sheet is missing or renamed."))
            )
            continue
        ids = {n.id for n in area.walk() if isinstance(n, Question)}
        for number, cells in enumerate(
            book[title].iter_rows(min_row=FIRST_ROW, max_col=COMMENT), start=FIRST_ROW
        ):
            if number >= FIRST_ROW + MAX_ROWS:
                break
            values = [c.value for c in cells] + [None] * COMMENT
            qid = values[ID - 1]
            if qid is None and all(v is None for v in values[ANSWER - 1 : COMMENT]):
                continue
            place = f"{title}!A{number}"
            if not isinstance(qid, str) or qid not in ids or qid in seen:
                reading.problems.append(
                    Problem(place, refusal_text("This row's question id was changed or repeated."))
                )
                continue
            seen.add(qid)
            question = questionnaire.node(qid)
            downloaded = payload["v"].get(qid, [0, ""])
            _read_row(
                reading,
                user,
                assessment,
                questionnaire,
                question,
                title,
                number,
                cells,
                now,
                downloaded,
                lang,
            )
    return reading


def _place(title: str, column: int, row: int) -> str:
    return f"{title}!{LETTER[column]}{row}"


def _raw(question: Question, cell: Any, lang: str) -> str | list[str] | None:
    """The cell's value as the text the core's coerce reads (labels turned into ids)."""
    value = getattr(cell, "value", None)
    if value is None:
        return None
    if getattr(cell, "data_type", "s") == "f":
        raise AnswerError(
            "O001", refusal_text("a formula is not an answer: type the answer itself")
        )
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else repr(value)
    text = str(value).strip()
    words = {words.casefold(): chosen for words, chosen in _choices(question, lang)}
    if question.type in MULTI:
        none = words_in(lang).gettext("None of these is met").casefold()
        items = [item.strip() for item in text.split(";") if item.strip()]
        if question.type == "checklist" and [i.casefold() for i in items] == [none]:
            return []
        return [str(words.get(item.casefold(), item)) for item in items]
    if text.casefold() in words:
        return str(words[text.casefold()])
    return text


def _read_row(
    reading: Reading,
    user: User,
    assessment: Assessment,
    questionnaire: Questionnaire,
    question: Question,
    title: str,
    row: int,
    cells: Sequence[Any],
    now: Mapping[str, AnswerState],
    downloaded: list[Any],
    lang: str,
) -> None:
    """Checks the row's answer, state and comment cells, each on its own, then the answer."""
    cells = [*cells, *([None] * COMMENT)]
    problems = reading.problems
    before = len(problems)
    value, given = None, getattr(cells[ANSWER - 1], "value", None) not in (None, "")
    try:
        raw = _raw(question, cells[ANSWER - 1], lang)
        value = frozenset() if raw == [] else coerce(question, raw)
    except AnswerError as error:
        problems.append(Problem(_place(title, ANSWER, row), error.text))
    status = _status(problems, question, cells[STATE - 1], given, _place(title, STATE, row), lang)
    comment = _comment(problems, question, cells[COMMENT - 1], _place(title, COMMENT, row))
    if len(problems) > before or status is None:
        return
    current = now.get(question.id) or AnswerState(question.id, "answered", None, "", (), 0)
    version, content = downloaded
    try:
        wanted = wanted_state(question, status, value, comment, current.evidence)
        if _content(wanted) in (content, _content(current)):
            return  # untouched since the download, or already what is stored
        # A workbook passes round: who uploads it may change fewer areas than who downloaded it.
        check_editable(user, assessment, questionnaire, question)
    except (InvalidInput, NotAllowed) as refusal:
        text = refusal.text or refusal_text("This answer cannot be saved.")
        problems.append(Problem(_place(title, ANSWER, row), text))
        return
    reading.changes.append(
        Change(
            question=question,
            place=_place(title, ANSWER, row),
            current=current,
            wanted=wanted,
            downloaded=int(version),
            conflict=current.version != int(version),
        )
    )


def _status(
    problems: list[Problem], question: Question, cell: Any, given: bool, place: str, lang: str
) -> str | None:
    """The state the state cell names ("answered" when empty); None after adding its problem."""
    words = getattr(cell, "value", None)
    if words is None or not str(words).strip():
        return "answered"
    named = {state_words(s, lang).casefold(): s for s in ("na", "dont_know")}
    status = named.get(str(words).strip().casefold())
    if status is None:
        text = refusal_text("Choose a state from the list, or leave it empty.")
    elif given:
        text = refusal_text("Give an answer or a state, not both.")
    else:
        try:
            wanted_state(question, status, None, None, ())
            return status
        except InvalidInput as refusal:
            text = refusal.text or refusal_text("Choose a state from the list, or leave it empty.")
    problems.append(Problem(place, text))
    return None


def _comment(problems: list[Problem], question: Question, cell: Any, place: str) -> str | None:
    """The comment cell's text; a formula, a comment too long or one not offered is a problem."""
    comment = getattr(cell, "value", None)
    if comment is None or comment == "":
        return None
    text = None
    if getattr(cell, "data_type", "s") == "f":
        text = refusal_text("a formula is not a comment: type the text itself")
    elif not question.comment:
        text = refusal_text("This question takes no comment.")
    elif len(str(comment)) > MAX_TEXT:
        text = refusal_text("The comment is longer than %(limit)s characters.", limit=MAX_TEXT)
    if text is not None:
        problems.append(Problem(place, text))
        return None
    return str(comment)


# ---------------------------------------------------------------- saving


def pending(reading: Reading) -> list[list[Any]]:
    """What the confirmation needs of each change: question, state, value, comment, the version
    the save expects, whether it is a conflict, and the version stored at the preview."""
    return [
        [
            c.question.id,
            c.wanted.status,
            c.wanted.value,
            c.wanted.comment,
            c.downloaded,
            c.conflict,
            c.current.version,
        ]
        for c in reading.changes
    ]


@dataclass(frozen=True)
class Outcome:
    """What a confirmed upload did: answers saved, conflicts kept, and those changed meanwhile."""

    saved: list[str]
    kept: list[str]
    conflicts: list[str]


def confirm(
    session: Session,
    user: User,
    assessment: Assessment,
    changes: Iterable[Sequence[Any]],
    overwrite: set[str],
) -> Outcome:
    """Save the previewed changes through save_answer; a conflict only where `overwrite` says
    so (with the version seen at the preview: a save since then is a conflict again)."""
    questionnaire = questionnaire_of(session, assessment)
    saved, kept, conflicts = [], [], []
    for qid, status, value, comment, downloaded, conflict, seen in changes:
        if conflict and qid not in overwrite:
            kept.append(qid)
            continue
        question = questionnaire.node(qid)
        typed = from_json(question, value) if value is not None else None
        result = save_answer(
            session, user, assessment, qid, status, typed, comment, seen if conflict else downloaded
        )
        if isinstance(result, Conflict):
            conflicts.append(qid)
        elif isinstance(result, Saved):
            saved.append(qid)
    return Outcome(saved, kept, conflicts)
