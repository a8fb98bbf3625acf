"""`assess backup` and `assess restore`: every row of every table and every stored file in one
archive, checked by SHA-256 and restored only into an empty database and an empty store.

The archive is a gzipped tar: `tables/<table>.jsonl` (one JSON object per row, tables in the
order their foreign keys need, each value written by its column's type so that times, dates,
decimals and bytes come back as they were), `files/<key>` (each evidence file and report PDF, from
whichever store), then `manifest.json` (format, Alembic revision, row counts, size and SHA-256 of
every part). Rows and files are streamed in both directions: no table or file is ever held whole.
The rows of the database store's own tables travel as files, so a backup of one store restores
into the other.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import logging
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    LargeBinary,
    Numeric,
    Table,
    TypeDecorator,
    func,
    inspect,
    select,
    text,
)

from assess.models import Base, StoredFile, StoredFileChunk
from assess.services.db_schema import current_revision, head_revision, upgrade
from assess.services.file_store import FileStore

log = logging.getLogger(__name__)
FORMAT = "assess-backup/1"
MANIFEST = "manifest.json"
# Travel as files: their rows are the database store's copy of them.
STORE_TABLES = (StoredFile.__tablename__, StoredFileChunk.__tablename__)
BATCH = 500
_PIECE = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why and what to do."""


def data_tables() -> list[Table]:
    """Every table of assess.models but the store's own, parents before children."""
    return [t for t in Base.metadata.sorted_tables if t.name not in STORE_TABLES]


@dataclass(frozen=True)
class Codec:
    """How one column's values are written to JSON and read back."""

    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]


_SAME = Codec(lambda v: v, lambda v: v)
_CODECS: tuple[tuple[type, Codec], ...] = (
    (DateTime, Codec(datetime.isoformat, datetime.fromisoformat)),
    (Date, Codec(date.isoformat, date.fromisoformat)),
    (Numeric, Codec(str, Decimal)),
    (LargeBinary, Codec(lambda v: base64.b64encode(v).decode("ascii"), base64.b64decode)),
    (JSON, _SAME),
    (Boolean, _SAME),
)


def codec_of(column: Any) -> Codec:
    """The codec of a column, chosen by the type it is stored as."""
    kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    for base, codec in _CODECS:
        if isinstance(kind, base):
            return codec
    return _SAME


def _encoder(table: Table) -> Callable[[Any], str]:
    codecs = [(column.name, codec_of(column).encode) for column in table.columns]

    def line(row: Any) -> str:
        values = {name: None if row[name] is None else encode(row[name]) for name, encode in codecs}
        return json.dumps(values, ensure_ascii=False, separators=(",", ":")) + "\n"

    return line


def _decoder(table: Table) -> Callable[[str], dict[str, Any]]:
    codecs = {column.name: codec_of(column).decode for column in table.columns}

    def row(line: str) -> dict[str, Any]:
        values = json.loads(line)
        unknown = set(values) - set(codecs)
        if unknown:
            raise BackupError(f"table {table.name}: unknown columns {sorted(unknown)}")
        return {
            name: None if value is None else codecs[name](value) for name, value in values.items()
        }

    return row


class _Hashing(io.RawIOBase):
    """A stream that hashes and counts what is read through it."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream, self.digest, self.size = stream, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.stream.read(len(buffer))
        self.digest.update(data)
        self.size += len(data)
        buffer[: len(data)] = data
        return len(data)


def _ordered(table: Table):
    return select(table).order_by(*table.primary_key.columns)


def _snapshot(engine: Engine) -> Connection:
    """A connection whose reads all see one moment (PostgreSQL: a repeatable-read transaction)."""
    connection = engine.connect()
    if engine.dialect.name == "postgresql":
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
    return connection


def backup(engine: Engine, store: FileStore, target: Path) -> dict[str, Any]:
    """Write the database's rows and the store's files to `target` (which must not exist yet);
    the manifest written."""
    if target.exists():
        raise BackupError(f"{target} exists already; give the backup a new name")
    revision = current_revision(engine)
    if revision is None:
        raise BackupError("the database has no schema yet (run: assess db upgrade)")
    parts: list[dict[str, Any]] = []
    partial = target.with_name(target.name + ".part")
    try:
        with tarfile.open(partial, "w:gz") as archive:
            with (
                tempfile.TemporaryDirectory(prefix="assess-backup-") as work,
                _snapshot(engine) as connection,
                connection.begin(),
            ):
                for table in data_tables():
                    parts.append(_add_table(archive, connection, table, Path(work)))
            for key in store.stored_keys():
                parts.append(_add_file(archive, store, key))
            manifest = {
                "format": FORMAT,
                "revision": revision,
                "database": engine.dialect.name,
                "file_store": store.kind,
                "parts": parts,
            }
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _add_table(
    archive: tarfile.TarFile, connection: Connection, table: Table, work: Path
) -> dict[str, Any]:
    path, line, rows = work / f"{table.name}.jsonl", _encoder(table), 0
    digest = hashlib.sha256()
    with path.open("wb") as out:
        result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(
            _ordered(table)
        )
        for row in result.mappings():
            data = line(row).encode()
            digest.update(data)
            out.write(data)
            rows += 1
    name = f"tables/{table.name}.jsonl"
    archive.add(path, arcname=name)
    size = path.stat().st_size
    path.unlink()
    sha256 = digest.hexdigest()
    return {"name": name, "table": table.name, "rows": rows, "size": size, "sha256": sha256}


def _add_file(archive: tarfile.TarFile, store: FileStore, key: str) -> dict[str, Any]:
    size = store.size(key)
    if size is None:  # removed since it was listed
        raise BackupError(f"file {key} went away during the backup; run it again")
    name = f"files/{key}"
    info = tarfile.TarInfo(name)
    info.size = size
    with store.open(key) as handle:
        hashing = _Hashing(handle)
        archive.addfile(info, io.BufferedReader(hashing, buffer_size=_PIECE))
    return {"name": name, "key": key, "size": size, "sha256": hashing.digest.hexdigest()}


def read_manifest(source: Path) -> dict[str, Any]:
    """The manifest of a backup; BackupError if it is none."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            return _manifest(archive, source)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(_unreadable(source)) from error


def _unreadable(source: Path) -> str:
    return f"{source} is not an assess backup (a .tar.gz written by `assess backup`)"


def _manifest(archive: tarfile.TarFile, source: Path) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError(f"{source} is not an assess backup: it has no {MANIFEST}") from None
    handle = archive.extractfile(member)
    manifest = json.load(handle) if handle else {}
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{source} is of format {manifest.get('format')!r}; this version reads {FORMAT}"
        )
    return manifest


def restore(engine: Engine, store: FileStore, source: Path) -> dict[str, int]:
    """Put a backup's rows and files into an empty database and an empty store, after checking
    every part's SHA-256; the rows restored per table and the number of files."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            manifest = _manifest(archive, source)
            _check_target(engine, store, manifest)
            members = _verified(archive, manifest)
            return _restore(engine, store, archive, manifest, members)
    except (tarfile.TarError, EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise BackupError(_unreadable(source)) from error


def _check_target(engine: Engine, store: FileStore, manifest: dict[str, Any]) -> None:
    code = head_revision()
    if manifest["revision"] != code:
        raise BackupError(
            f"the backup is of database revision {manifest['revision']} and this version of "
            f"assess is at {code}: restore it with the version that made it, then upgrade"
        )
    if current_revision(engine) is None and not inspect(engine).get_table_names():
        upgrade(engine)
    at = current_revision(engine)
    if at != code:
        raise BackupError(
            f"the database is at revision {at}, not {code}: restore into an empty database"
        )
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if connection.scalar(select(func.count()).select_from(table)):
                raise BackupError(
                    f"the database is not empty (table {table.name} has rows): restore only "
                    "into a new, empty database"
                )
    held = next(iter(store.stored_keys()), None)
    if held is not None:
        raise BackupError(
            f"the file store ({store.kind}) is not empty (it holds {held}): restore only into "
            "an empty store"
        )


def _verified(archive: tarfile.TarFile, manifest: dict[str, Any]) -> dict[str, tarfile.TarInfo]:
    """Every part's member, once its size and SHA-256 are those of the manifest."""
    members = {}
    for part in manifest["parts"]:
        try:
            member = archive.getmember(part["name"])
        except KeyError:
            raise BackupError(f"the backup is missing {part['name']}") from None
        digest = hashlib.sha256()
        handle = archive.extractfile(member)
        if handle is None:
            raise BackupError(f"{part['name']} in the backup is not a file")
        while piece := handle.read(_PIECE):
            digest.update(piece)
        if member.size != part["size"] or digest.hexdigest() != part["sha256"]:
            raise BackupError(f"{part['name']} in the backup is damaged (its SHA-256 differs)")
        members[part["name"]] = member
    return members


def _restore(
    engine: Engine,
    store: FileStore,
    archive: tarfile.TarFile,
    manifest: dict[str, Any],
    members: dict[str, tarfile.TarInfo],
) -> dict[str, int]:
    tables = {table.name: table for table in data_tables()}
    put: list[str] = []
    counts: dict[str, int] = {}
    try:
        # Files first, each whole or not at all: the database store writes through its own
        # connections, which must not wait for the rows' transaction.
        for part in manifest["parts"]:
            if "key" in part:
                handle = archive.extractfile(members[part["name"]])
                assert handle is not None
                kept = store.put(part["key"], handle)
                put.append(part["key"])
                if kept.sha256 != part["sha256"]:
                    raise BackupError(f"{part['key']} was not stored as it is in the backup")
        with engine.begin() as connection:
            for part in manifest["parts"]:
                if "table" in part:
                    table = tables.get(part["table"])
                    if table is None:
                        raise BackupError(f"the backup has a table this version lacks: {part}")
                    counts[table.name] = _load(connection, table, archive, members[part["name"]])
                    if counts[table.name] != part["rows"]:
                        raise BackupError(f"table {table.name}: {counts[table.name]} rows read")
            _reset_sequences(connection)
    except BaseException:
        for key in put:
            store.delete(key)
        raise
    counts["files"] = len(put)
    return counts


def _load(
    connection: Connection, table: Table, archive: tarfile.TarFile, member: tarfile.TarInfo
) -> int:
    handle = archive.extractfile(member)
    assert handle is not None
    row, batch, count = _decoder(table), [], 0
    for line in io.TextIOWrapper(handle, encoding="utf-8", newline="\n"):
        batch.append(row(line))
        if len(batch) == BATCH:
            connection.execute(table.insert(), batch)
            count, batch = count + len(batch), []
    if batch:
        connection.execute(table.insert(), batch)
        count += len(batch)
    return count


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL: each id sequence after the highest restored id, so new rows get new ids."""
    if connection.dialect.name != "postgresql":
        return
    for table in data_tables():
        column = table.autoincrement_column
        if column is None:
            continue
        last = connection.scalar(select(func.max(column)))
        connection.execute(
            text("SELECT setval(pg_get_serial_sequence(:table, :column), :value, :called)"),
            {
                "table": f'"{table.name}"',
                "column": column.name,
                "value": last or 1,
                "called": last is not None,
            },
        )
