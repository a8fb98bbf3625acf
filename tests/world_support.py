"""Module worlds: a database state and its files built once per test module, restored before
each of its tests, so every test starts from the same world without paying to build it again.

A test module declares `WORLD = build` (build(app, session, users) plants what it needs on top of
the demo's people and places); tests/database.py builds it once, and its `database_url` and
`make_app` give each test of the module a fresh copy of it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import Connection, func, select, text
from sqlalchemy.orm import Session

from assess.extensions import make_engine
from assess.models import Base, User

Build = Callable[[Flask, Session, dict[str, User]], object]
# The folders a world writes files into (evidence, reports), under the world's own folder.
FOLDERS = ("uploads", "reports")


@dataclass(frozen=True)
class World:
    """A built world: its SQLite file (or, on PostgreSQL, its rows) and its files."""

    folder: Path  # where the tests' app keeps its files: restored from `pristine` per test
    pristine: Path
    sqlite_file: Path | None
    rows: dict[str, list[dict[str, Any]]]

    def settings(self) -> dict[str, Path]:
        """The app settings that point at the world's files (their paths are stored in rows)."""
        return {"UPLOAD_DIR": self.folder / "uploads", "REPORT_RESULT_DIR": self.folder / "reports"}

    def restore_files(self) -> None:
        """Put the world's files back as built, whatever the previous test wrote."""
        for name in FOLDERS:
            shutil.rmtree(self.folder / name, ignore_errors=True)
            shutil.copytree(self.pristine / name, self.folder / name)


def capture(url: str, engine_options: dict[str, Any], folder: Path) -> World:
    """The world now in the database at `url` and in `folder`'s files."""
    pristine = folder.with_name(folder.name + "-pristine")
    for name in FOLDERS:
        (folder / name).mkdir(parents=True, exist_ok=True)
        shutil.copytree(folder / name, pristine / name)
    if url.startswith("sqlite:///"):
        sqlite_file = Path(url.removeprefix("sqlite:///"))
        # The last connection's close checkpoints the write-ahead log into the file itself.
        assert not sqlite_file.with_name(sqlite_file.name + "-wal").exists()
        return World(folder, pristine, sqlite_file, {})
    engine = make_engine(url, **engine_options)
    with engine.connect() as connection:
        rows = {
            table.name: [dict(row) for row in connection.execute(select(table)).mappings()]
            for table in Base.metadata.sorted_tables
        }
    engine.dispose()
    return World(folder, pristine, None, rows)


def restore_rows(connection: Connection, world: World) -> None:
    """Load the world's rows into an emptied PostgreSQL database, sequences after the last id."""
    for table in Base.metadata.sorted_tables:
        if world.rows[table.name]:
            connection.execute(table.insert(), world.rows[table.name])
        column = table.autoincrement_column
        last = None if column is None else connection.scalar(select(func.max(column)))
        if last is not None:
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, :column), :last)"),
                {"table": f'"{table.name}"', "column": column.name, "last": last},
            )
