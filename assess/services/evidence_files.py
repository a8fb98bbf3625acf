"""Evidence files: kept in the file store under a random name, every add and removal audited.

A file hangs on the answer record of its question. A question not answered yet gets a blank
record at version 0 ("never saved"), so the page's next save of that answer, which expects
version 0, goes through: attaching a file never makes anyone's typing conflict.
"""

from __future__ import annotations

import re
import secrets
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assess.models import AnswerRecord, Assessment, Evidence, User, utcnow
from assess.services import audit
from assess.services.answers import check_editable, records_of
from assess.services.errors import InvalidInput, NotFound, Text, refusal_plural, refusal_text
from assess.services.file_store import FileStore
from assess.services.file_types import (
    ALLOWED_NAMES,
    FileType,
    Verdict,
    macro_enabled_by_name,
    type_by_name,
)
from assess.services.questionnaires import question_in, questionnaire_of
from assess.words.texts import Titles

EVIDENCE = audit.FILE
MAX_NAME = 255
_STORED_NAME = re.compile(r"[0-9a-f]{32}")
_CHUNK = 65536


class FileRefused(InvalidInput):
    """A file of a type not taken, or whose content is not what its name says."""

    code = "file-refused"


class FileTooLarge(InvalidInput):
    """A file over the size limit."""

    code = "file-too-large"


def clean_filename(raw: str) -> str:
    """The name a person gave their file, without folders, control characters or excess length."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C")).strip()
    if len(name) <= MAX_NAME:
        return name
    stem, dot, extension = name.rpartition(".")
    return stem[: MAX_NAME - len(extension) - 1] + dot + extension if dot else name[:MAX_NAME]


def size_text(size: int) -> Text:
    """A size for people: bytes, KB or MB (one decimal), in words to translate."""
    if size < 1024:
        return refusal_plural("%(size)s byte", "%(size)s bytes", "size", size=size)
    if size < 1024 * 1024:
        return refusal_text("%(size)s KB", size=round(size / 1024, 1))
    return refusal_text("%(size)s MB", size=round(size / (1024 * 1024), 1))


@contextmanager
def _spooled(stream: BinaryIO, max_bytes: int, shown: str) -> Iterator[tuple[Path, int]]:
    """The upload copied to a private temporary file, to check before anything is stored;
    (its path, its size). FileTooLarge as soon as it passes `max_bytes`; removed either way."""
    with tempfile.TemporaryDirectory(prefix="assess-upload-") as folder:
        path, size = Path(folder) / "upload", 0
        with path.open("wb") as out:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise FileTooLarge(
                        refusal_text(
                            "'%(file)s' is larger than the limit of %(limit)s.",
                            file=shown,
                            limit=size_text(max_bytes),
                        )
                    )
                out.write(chunk)
        yield path, size


def file_key(evidence: Evidence) -> str:
    """The key of an evidence file in the file store."""
    return f"evidence/{evidence.payload}"


def _macros(name: str) -> Text:
    return refusal_text(
        "'%(file)s' contains macros, which are not taken here: save it without macros "
        "(as .docx, .xlsx, .odt or .ods) and attach it again.",
        file=name,
    )


def _problem(name: str, kind: FileType, copy: Path, size: int) -> Text | None:
    """What is wrong with the checked copy of an upload, or None."""
    if size == 0:
        return refusal_text("'%(file)s' is empty.", file=name)
    verdict = kind.verdict(copy)
    if verdict is Verdict.WRONG:
        return refusal_text(
            "'%(file)s' is not a %(type)s file: its content is of another kind.",
            file=name,
            type=kind.name,
        )
    if verdict is Verdict.DAMAGED:
        return refusal_text(
            "'%(file)s' is damaged or cannot be read as a %(type)s file (a broken, encrypted "
            "or oversized archive): save it again and attach the new copy.",
            file=name,
            type=kind.name,
        )
    if verdict is Verdict.MACROS:
        return _macros(name)
    return None


def _checked_copy(filename: str, stream: BinaryIO, store: FileStore, max_bytes: int) -> Evidence:
    """The upload checked (name, size, content) and then stored, as an unsaved Evidence row;
    a refused file never reaches the store."""
    name = clean_filename(filename)
    kind = type_by_name(name)
    if macro_enabled_by_name(name):
        raise FileRefused(_macros(name))
    if kind is None:
        raise FileRefused(
            refusal_text(
                "'%(file)s' is not a type of file taken here: %(types)s.",
                file=name,
                types=ALLOWED_NAMES,
            )
        )
    with _spooled(stream, max_bytes, name) as (copy, size):
        problem = _problem(name, kind, copy, size)
        if problem:
            raise FileRefused(problem)
        evidence = Evidence(
            kind="file",
            payload=secrets.token_hex(16),
            filename=name,
            content_type=kind.content_type,
            size=size,
        )
        with copy.open("rb") as handle:
            store.put(file_key(evidence), handle, max_bytes)
    return evidence


def _answer_record(
    session: Session, user: User, assessment: Assessment, question_id: str
) -> AnswerRecord:
    record = records_of(session, assessment).get(question_id)
    if record is not None:
        return record
    record = AnswerRecord(
        assessment_id=assessment.id,
        question_id=question_id,
        status="answered",
        value=None,
        version=0,
        updated_by_id=user.id,
        updated_at=utcnow(),
    )
    session.add(record)
    try:
        session.flush()
    except IntegrityError:
        # Someone made this answer's record a moment ago: use theirs.
        session.rollback()
        session.expire_all()
        return records_of(session, assessment)[question_id]
    return record


def described(evidence: Evidence) -> dict[str, Any]:
    """What the audit trail keeps of a file: its name, size and type."""
    return {"file": evidence.filename, "size": evidence.size, "type": evidence.content_type}


def add_file(
    session: Session,
    user: User,
    assessment: Assessment,
    question_id: str,
    filename: str,
    stream: BinaryIO,
    store: FileStore,
    max_bytes: int,
) -> Evidence:
    """Attach an uploaded file to a question's answer (refused: FileRefused, FileTooLarge)."""
    questionnaire = questionnaire_of(session, assessment)
    question = question_in(questionnaire, question_id)
    check_editable(user, assessment, questionnaire, question)
    if not question.evidence.allowed:
        raise InvalidInput(
            refusal_text("%(question)s takes no evidence.", question=Titles((question.text,)))
        )
    evidence = _checked_copy(filename, stream, store, max_bytes)
    try:
        evidence.answer_id = _answer_record(session, user, assessment, question_id).id
        evidence.created_by_id = user.id
        session.add(evidence)
        session.flush()
        audit.record(session, user, EVIDENCE, assessment, question_id, new=described(evidence))
        session.commit()
    except BaseException:
        session.rollback()
        store.delete(file_key(evidence))
        raise
    return evidence


def _evidence_of(session: Session, assessment: Assessment, evidence_id: int) -> Evidence:
    evidence = session.scalar(
        select(Evidence)
        .join(Evidence.answer)
        .where(
            Evidence.id == evidence_id,
            Evidence.kind == "file",
            AnswerRecord.assessment_id == assessment.id,
        )
    )
    if evidence is None or not _STORED_NAME.fullmatch(evidence.payload):
        raise NotFound(refusal_text("No such file."))
    return evidence


def file_of(
    session: Session, assessment: Assessment, evidence_id: int, store: FileStore
) -> Evidence:
    """An evidence file of this assessment whose stored copy exists; NotFound otherwise."""
    evidence = _evidence_of(session, assessment, evidence_id)
    if not store.exists(file_key(evidence)):
        raise NotFound(refusal_text("No such file."))
    return evidence


def remove_file(
    session: Session, user: User, assessment: Assessment, evidence_id: int, store: FileStore
) -> str:
    """Remove an evidence file from its answer (while the answer may change); its question id."""
    evidence = _evidence_of(session, assessment, evidence_id)
    question_id = evidence.answer.question_id
    questionnaire = questionnaire_of(session, assessment)
    check_editable(user, assessment, questionnaire, question_in(questionnaire, question_id))
    audit.record(session, user, EVIDENCE, assessment, question_id, old=described(evidence))
    session.delete(evidence)
    session.commit()
    store.delete(file_key(evidence))
    return question_id


def files_by_question(records: dict[str, AnswerRecord]) -> dict[str, list[Evidence]]:
    """The evidence files of stored answers, by question id, oldest first."""
    return {
        qid: [e for e in record.evidence if e.kind == "file"]
        for qid, record in records.items()
        if any(e.kind == "file" for e in record.evidence)
    }
