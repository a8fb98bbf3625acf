"""One export: a table over a scope in a format, checked, audited, then streamed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from assess.exports.scope import Scope, assessment_ids, questionnaires_of, rows_of, table_columns
from assess.exports.syntax import SYNTAX
from assess.exports.writers import FORMATS, codebook_rows, csv_stream, json_stream, xlsx_stream
from assess.models import User
from assess.services import audit
from assess.services.errors import InvalidInput
from assess.words.texts import refusal_text

EXPORT = "export"
UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")  # the audit action: who exported what, when


@dataclass(frozen=True)
class Export:
    """A file to send: its name, its media type and its content, produced as it is sent."""

    filename: str
    mimetype: str
    chunks: Iterator[str] | Iterator[bytes]


def file_name(scope: Scope, table: str, extension: str) -> str:
    """'answers-assessment-12.csv': letters, digits, dots and dashes only (a round opened
    before labels were structured may be named in any words)."""
    return UNSAFE.sub("-", f"{table}-{scope.name}") + f".{extension}"


def checked_format(fmt: str) -> str:
    """The format; InvalidInput naming those there are for any other."""
    if fmt not in FORMATS:
        raise InvalidInput(
            refusal_text(
                "There is no format '%(format)s' to export to; there are: %(formats)s.",
                format=fmt,
                formats=", ".join(FORMATS),
            )
        )
    return fmt


def export(session: Session, user: User, scope: Scope, table: str, fmt: str, lang: str) -> Export:
    """The export of `table` over `scope` in `fmt`, for `user` reading `lang`: checked (NotFound
    for what `user` may not see, InvalidInput for a wrong table, format, round or size) and
    recorded in the audit trail before a byte is produced."""
    columns = table_columns(table)
    form = FORMATS[checked_format(fmt)]
    ids = assessment_ids(session, user, scope)
    _record(session, user, scope, table, fmt, len(ids))
    name = file_name(scope, table, form.extension)
    if fmt in SYNTAX:
        chunks = SYNTAX[fmt](columns, file_name(scope, table, "csv"), lang)
    elif fmt == "csv":
        chunks = csv_stream(columns, rows_of(session, ids, table, lang), lang)
    elif fmt == "json":
        chunks = json_stream(table, columns, rows_of(session, ids, table, lang), lang)
    else:
        chunks = xlsx_stream(
            columns,
            rows_of(session, ids, table, lang),
            codebook_rows(columns, questionnaires_of(session, ids), lang),
        )
    return Export(name, form.mimetype, chunks)


def _record(session: Session, user: User, scope: Scope, table: str, fmt: str, count: int) -> None:
    what = {"table": table, "format": fmt, "assessments": count, "scope": scope.name}
    if scope.region is not None:
        what["region"] = scope.region.code
    audit.record(session, user, EXPORT, assessment=scope.assessment, new=what)
    session.commit()
