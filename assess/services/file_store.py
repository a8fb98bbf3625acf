"""Where evidence files and report PDFs are kept: one interface, two stores (ASSESS_FILE_STORE).

`folder` (the default) keeps them on this machine's disk as before: evidence files in
ASSESS_UPLOAD_DIR, PDFs in REPORT_RESULT_DIR. `database` keeps them in the application's
database (stored_files and stored_file_chunks of 1 MiB), which every web node and report worker
already shares: no extra server to run. A key is "<area>/<name>": "evidence/<32 hex digits>" or
"reports/job-<id>-<file>.pdf".

Every store writes a file whole or not at all: nothing is visible under its key until the last
byte is written (a folder: a temporary name renamed; the database: one transaction), and a file
over its size bound is dropped as it is read.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Engine, delete, insert, select, update

from assess.config import FILE_STORES as STORES
from assess.models import StoredFile, StoredFileChunk, utcnow

AREAS = ("evidence", "reports")
# The size of one database chunk: a 10 MB file is ten parameters, never one huge one.
CHUNK = 1024 * 1024
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
_PARTIAL = ".part"


class StoreError(Exception):
    """A key the store does not take, or a file it could not keep."""


class TooLarge(StoreError):
    """The stream was longer than the bound given to `put`: nothing was kept."""


class Missing(StoreError):
    """No file under that key."""


@dataclass(frozen=True, slots=True)
class Stored:
    """What `put` kept: the number of bytes and their SHA-256."""

    size: int
    sha256: str


def split_key(key: str) -> tuple[str, str]:
    """(area, name) of a key; StoreError for anything else (no folders, no dots in front)."""
    area, slash, name = key.partition("/")
    if area not in AREAS or not slash or not _NAME.fullmatch(name) or name.endswith(_PARTIAL):
        raise StoreError(f"not a file store key: {key!r}")
    return area, name


def _read_full(stream: BinaryIO, size: int) -> bytes:
    """Up to `size` bytes, fewer only at the end of the stream."""
    parts, wanted = [], size
    while wanted > 0:
        part = stream.read(wanted)
        if not part:
            break
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)


class FileStore(ABC):
    """Evidence files and report PDFs, by key."""

    kind: str

    @abstractmethod
    def put(self, key: str, stream: BinaryIO, max_bytes: int | None = None) -> Stored:
        """Keep the stream's bytes under `key` (replacing a file there), whole or not at all;
        TooLarge (nothing kept) past `max_bytes`."""

    @abstractmethod
    def open(self, key: str) -> BinaryIO:
        """The file's bytes, read as they are asked for; Missing when there is none."""

    @abstractmethod
    def size(self, key: str) -> int | None:
        """The file's size in bytes, None when there is no file under `key`."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the file (nothing happens if there is none)."""

    @abstractmethod
    def stored_keys(self) -> Iterator[str]:
        """Every key the store holds, in order."""

    @abstractmethod
    def check(self) -> str | None:
        """None when the store can be written to now, else what is wrong (for operators)."""

    def exists(self, key: str) -> bool:
        """Whether a file is kept under `key`."""
        return self.size(key) is not None

    def read(self, key: str) -> bytes:
        """The whole file (for small files and tests; downloads use `open`)."""
        with self.open(key) as handle:
            return handle.read()


class FolderStore(FileStore):
    """Files on this machine's disk: one folder per area."""

    kind = "folder"

    def __init__(self, roots: Mapping[str, Path]) -> None:
        self.roots = {area: Path(roots[area]) for area in AREAS}

    def path(self, key: str) -> Path:
        """Where the file under `key` lives (whether or not it exists)."""
        area, name = split_key(key)
        return self.roots[area] / name

    def put(self, key: str, stream: BinaryIO, max_bytes: int | None = None) -> Stored:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{secrets.token_hex(4)}{_PARTIAL}")
        digest, size = hashlib.sha256(), 0
        try:
            with partial.open("wb") as out:
                while chunk := stream.read(65536):
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise TooLarge(f"{key}: more than {max_bytes} bytes")
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        return Stored(size, digest.hexdigest())

    def open(self, key: str) -> BinaryIO:
        try:
            return self.path(key).open("rb")
        except (FileNotFoundError, IsADirectoryError) as error:
            raise Missing(key) from error

    def size(self, key: str) -> int | None:
        path = self.path(key)
        return path.stat().st_size if path.is_file() else None

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def stored_keys(self) -> Iterator[str]:
        for area in AREAS:
            root = self.roots[area]
            if not root.is_dir():
                continue
            for path in sorted(root.iterdir()):
                key = f"{area}/{path.name}"
                if path.is_file() and _NAME.fullmatch(path.name) and not key.endswith(_PARTIAL):
                    yield key

    def check(self) -> str | None:
        for area in AREAS:
            root = self.roots[area]
            probe = root / f".check-{secrets.token_hex(4)}{_PARTIAL}"
            try:
                root.mkdir(parents=True, exist_ok=True)
                probe.write_bytes(b"check")
                probe.unlink()
            except OSError as error:
                return f"file store folder {root} is not writable: {error}"
        return None


class DatabaseStore(FileStore):
    """Files in the application's database, in chunks of CHUNK bytes."""

    kind = "database"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def put(self, key: str, stream: BinaryIO, max_bytes: int | None = None) -> Stored:
        split_key(key)
        digest, size, seq = hashlib.sha256(), 0, 0
        files, chunks = StoredFile.__table__, StoredFileChunk.__table__
        # One transaction: readers on other connections see the file whole or not at all.
        with self.engine.begin() as connection:
            connection.execute(delete(chunks).where(chunks.c.key == key))
            connection.execute(delete(files).where(files.c.key == key))
            connection.execute(
                insert(files).values(key=key, size=0, sha256="", created_at=utcnow())
            )
            while chunk := _read_full(stream, CHUNK):
                size += len(chunk)
                if max_bytes is not None and size > max_bytes:
                    raise TooLarge(f"{key}: more than {max_bytes} bytes")
                digest.update(chunk)
                connection.execute(insert(chunks).values(key=key, seq=seq, data=chunk))
                seq += 1
            connection.execute(
                update(files).where(files.c.key == key).values(size=size, sha256=digest.hexdigest())
            )
        return Stored(size, digest.hexdigest())

    def open(self, key: str) -> BinaryIO:
        if self.size(key) is None:
            raise Missing(key)
        return io.BufferedReader(_ChunkReader(self.engine, key), buffer_size=CHUNK)

    def size(self, key: str) -> int | None:
        split_key(key)
        with self.engine.connect() as connection:
            return connection.scalar(select(StoredFile.size).where(StoredFile.key == key))

    def delete(self, key: str) -> None:
        split_key(key)
        files, chunks = StoredFile.__table__, StoredFileChunk.__table__
        with self.engine.begin() as connection:
            connection.execute(delete(chunks).where(chunks.c.key == key))
            connection.execute(delete(files).where(files.c.key == key))

    def stored_keys(self) -> Iterator[str]:
        with self.engine.connect() as connection:
            found = connection.scalars(select(StoredFile.key).order_by(StoredFile.key)).all()
        yield from found

    def check(self) -> str | None:
        files = StoredFile.__table__
        try:
            with self.engine.connect() as connection, connection.begin() as transaction:
                connection.execute(
                    insert(files).values(
                        key=f"check/{secrets.token_hex(8)}", size=0, sha256="", created_at=utcnow()
                    )
                )
                transaction.rollback()
        except Exception as error:
            return f"file store table {files.name} is not writable: {type(error).__name__}: {error}"
        return None


class _ChunkReader(io.RawIOBase):
    """A stored file's bytes, one chunk fetched at a time (a download never holds it all)."""

    def __init__(self, engine: Engine, key: str) -> None:
        self.engine, self.key = engine, key
        self.seq, self.pending, self.done = 0, memoryview(b""), False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self.pending and not self.done:
            with self.engine.connect() as connection:
                data = connection.scalar(
                    select(StoredFileChunk.data).where(
                        StoredFileChunk.key == self.key, StoredFileChunk.seq == self.seq
                    )
                )
            self.seq += 1
            self.done = data is None
            self.pending = memoryview(bytes(data or b""))
        count = min(len(buffer), len(self.pending))
        buffer[:count] = self.pending[:count]
        self.pending = self.pending[count:]
        return count


def open_store(config: Mapping[str, Any], engine: Engine) -> FileStore:
    """The store an application's (or a worker's) settings choose: ASSESS_FILE_STORE, with
    UPLOAD_DIR and REPORT_RESULT_DIR for the folder store and `engine` for the database one."""
    kind = config.get("ASSESS_FILE_STORE") or "folder"
    if kind == "database":
        return DatabaseStore(engine)
    if kind != "folder":
        raise StoreError(f"unknown file store {kind!r}; use one of {', '.join(STORES)}")
    return FolderStore(
        {"evidence": Path(config["UPLOAD_DIR"]), "reports": Path(config["REPORT_RESULT_DIR"])}
    )


def store_settings(config: Mapping[str, Any]) -> dict[str, str]:
    """What `open_store` reads from an application's configuration, as text (for workers)."""
    return {
        "ASSESS_FILE_STORE": str(config.get("ASSESS_FILE_STORE") or "folder"),
        "UPLOAD_DIR": str(config["UPLOAD_DIR"]),
        "REPORT_RESULT_DIR": str(config["REPORT_RESULT_DIR"]),
    }
