"""The file store, on both backends: put whole or nothing, bounded, streamed back, listed,
removed, checked; keys that could leave the store refused."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assess.extensions import make_engine
from assess.models import StoredFile, StoredFileChunk
from assess.services.file_store import (
    CHUNK,
    DatabaseStore,
    FileStore,
    FolderStore,
    Missing,
    StoreError,
    TooLarge,
    open_store,
)

BIG = os.urandom(CHUNK * 2 + 12345)  # three chunks in the database store


@pytest.fixture
def engine(database_url, test_database):
    engine = make_engine(database_url, **test_database.engine_options)
    yield engine
    engine.dispose()


@pytest.fixture(params=["folder", "database"])
def store(request, engine, tmp_path) -> FileStore:
    config = {
        "ASSESS_FILE_STORE": request.param,
        "UPLOAD_DIR": tmp_path / "files" / "uploads",
        "REPORT_RESULT_DIR": tmp_path / "files" / "reports",
    }
    return open_store(config, engine)


def held(store: FileStore, engine, tmp_path: Path) -> tuple[list[str], int, int]:
    """Everything either backend could have left: files on disk (any name), rows of both tables."""
    files = tmp_path / "files"
    on_disk = sorted(str(p.relative_to(files)) for p in files.rglob("*") if p.is_file())
    with engine.connect() as connection:
        files = connection.scalar(select(func.count()).select_from(StoredFile))
        chunks = connection.scalar(select(func.count()).select_from(StoredFileChunk))
    return on_disk, files, chunks


def test_a_file_put_is_read_back_byte_for_byte_listed_and_removed(store, engine, tmp_path):
    kept = store.put("evidence/" + "a" * 32, io.BytesIO(BIG))
    store.put("reports/job-1-national-plan-XA-en.pdf", io.BytesIO(b"%PDF-1.4 small"))
    assert kept.size == len(BIG) and kept.sha256 == hashlib.sha256(BIG).hexdigest()
    assert store.read("evidence/" + "a" * 32) == BIG
    assert store.size("reports/job-1-national-plan-XA-en.pdf") == 14
    assert list(store.stored_keys()) == [
        "evidence/" + "a" * 32,
        "reports/job-1-national-plan-XA-en.pdf",
    ]
    with store.open("evidence/" + "a" * 32) as handle:
        pieces = iter(lambda: handle.read(100_000), b"")
        assert b"".join(pieces) == BIG
    if store.kind == "database":
        assert held(store, engine, tmp_path) == ([], 2, 4)
    else:
        assert held(store, engine, tmp_path)[1:] == (0, 0)
    store.delete("evidence/" + "a" * 32)
    store.delete("evidence/" + "a" * 32)  # twice: nothing there is not an error
    assert not store.exists("evidence/" + "a" * 32)
    with pytest.raises(Missing):
        store.open("evidence/" + "a" * 32)
    assert list(store.stored_keys()) == ["reports/job-1-national-plan-XA-en.pdf"]


def test_a_put_replaces_the_file_under_its_key(store):
    store.put("reports/job-2-x.pdf", io.BytesIO(BIG))
    store.put("reports/job-2-x.pdf", io.BytesIO(b"shorter"))
    assert store.read("reports/job-2-x.pdf") == b"shorter"


def test_a_stream_over_the_bound_leaves_nothing_behind(store, engine, tmp_path):
    before = held(store, engine, tmp_path)
    with pytest.raises(TooLarge):
        store.put("evidence/" + "b" * 32, io.BytesIO(BIG), max_bytes=CHUNK + 1)
    assert held(store, engine, tmp_path) == before
    assert not store.exists("evidence/" + "b" * 32)


class _Watching(io.RawIOBase):
    """A stream that, between its pieces, asks a second store whether the file is visible yet."""

    def __init__(self, data: bytes, key: str, other: FileStore) -> None:
        self.data, self.key, self.other, self.seen = io.BytesIO(data), key, other, []

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self.seen.append(self.other.exists(self.key))
        piece = self.data.read(min(len(buffer), 300_000))
        buffer[: len(piece)] = piece
        return len(piece)


def test_nothing_is_visible_under_the_key_until_the_last_byte(
    store, database_url, test_database, tmp_path
):
    """Another node (its own engine) never sees a partly written file."""
    other_engine = make_engine(database_url, **test_database.engine_options)
    try:
        config = {
            "ASSESS_FILE_STORE": store.kind,
            "UPLOAD_DIR": tmp_path / "files" / "uploads",
            "REPORT_RESULT_DIR": tmp_path / "files" / "reports",
        }
        other = open_store(config, other_engine)
        stream = _Watching(BIG, "evidence/" + "c" * 32, other)
        store.put("evidence/" + "c" * 32, stream)
        assert len(stream.seen) > 3 and not any(stream.seen)
        assert other.read("evidence/" + "c" * 32) == BIG
    finally:
        other_engine.dispose()


@pytest.mark.parametrize(
    "key",
    [
        "evidence/../../etc/passwd",
        "../evidence/x",
        "evidence/.hidden",
        "evidence/",
        "uploads/abc",
        "evidence/a/b",
        "evidence/x.part",
        "/etc/passwd",
    ],
)
def test_keys_that_could_leave_the_store_are_refused(store, key):
    with pytest.raises(StoreError):
        store.put(key, io.BytesIO(b"x"))
    with pytest.raises(StoreError):
        store.exists(key)


def test_check_says_nothing_when_the_store_is_writable(store):
    assert store.check() is None


def test_check_names_a_folder_that_cannot_be_written(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    store = FolderStore({"evidence": blocker / "uploads", "reports": tmp_path / "reports"})
    problem = store.check()
    assert problem is not None and str(blocker / "uploads") in problem


def test_check_names_a_database_without_the_store_tables(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}")
    try:
        problem = DatabaseStore(engine).check()
    finally:
        engine.dispose()
    assert problem is not None and "stored_files" in problem


def test_an_unknown_store_is_refused(engine, tmp_path):
    with pytest.raises(StoreError, match="unknown file store 's3'"):
        open_store({"ASSESS_FILE_STORE": "s3", "UPLOAD_DIR": tmp_path}, engine)
