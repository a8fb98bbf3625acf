"""`assess backup FILE` and `assess restore FILE`: the whole database and every stored file."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from assess.commands import application

log = logging.getLogger("assess.backup")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    """Write every row of the database and every evidence file and report PDF to FILE (a new
    .tar.gz with a manifest of SHA-256s), reading the rows as of one moment (PostgreSQL)."""
    from assess.services.backup import backup as make_backup

    manifest = _with_database_and_store(make_backup, file)
    rows = sum(part.get("rows", 0) for part in manifest["parts"])
    files = [part for part in manifest["parts"] if "key" in part]
    click.echo(
        f"{file}: {rows} rows of {len(manifest['parts']) - len(files)} tables, {len(files)} "
        f"files ({sum(p['size'] for p in files)} bytes), database revision {manifest['revision']}"
    )


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(file: Path) -> None:
    """Restore a backup made by `assess backup` into an empty database (migrated here if it has
    no tables) and an empty file store, after checking every part's SHA-256. Refused when the
    database or the store holds anything, or the backup is of another database revision."""
    from assess.services.backup import restore as load_backup

    counts = _with_database_and_store(load_backup, file)
    files = counts.pop("files")
    # The restored audit trail is the backup's own: the restore itself goes to the log.
    log.warning("restored %s: %s rows, %s files", file, sum(counts.values()), files)
    rows = sum(counts.values())
    click.echo(f"{file}: restored {rows} rows of {len(counts)} tables, {files} files")


def _with_database_and_store(action: Callable[..., Any], file: Path) -> Any:
    """`action(engine, store, file)` on the configured database and file store; a BackupError
    becomes the command's error message."""
    from assess.services.backup import BackupError

    app = application()
    engine, store = app.extensions["assess.engine"], app.extensions["assess.files"]
    try:
        return action(engine, store, file)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    finally:
        engine.dispose()
