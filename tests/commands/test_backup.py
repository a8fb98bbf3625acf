"""`assess backup` and `assess restore`, run as the operator runs them (separate processes):
a world with answers, evidence files and a made PDF is backed up, restored into a new empty
database and an empty store, and every row of every table and every file compared byte for byte;
on SQLite, and on PostgreSQL when ASSESS_TEST_DATABASE_URL is set. What restore refuses: a
database or a store that is not empty, a damaged backup, a backup of another revision."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text

from assess.extensions import Database, make_engine
from assess.models import (
    ApiToken,
    Assessment,
    Country,
    LoginAttempt,
    PlanAction,
    Proposal,
    ProposalAction,
    Region,
    ReportJob,
    User,
)
from assess.services import demo as demo_data
from assess.services import plans, report_jobs
from assess.services.backup import data_tables
from assess.services.db_schema import current_revision, upgrade
from assess.services.evidence_files import add_file
from assess.services.questionnaires import questionnaire_of
from assess.web.app import create_app
from tests.web.evidence_samples import PDF, PNG
from tests.web.plan_support import PLAN_QUESTIONNAIRES

ASSESS = Path(sys.executable).with_name("assess")
BIG_TEXT = b"".join(b"line %d of a long field report\n" % i for i in range(90_000))  # ~2.7 MB


@pytest.fixture
def new_database(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """Makes empty databases by name: SQLite files, or new schemas of the test PostgreSQL."""
    base = os.environ.get("ASSESS_TEST_DATABASE_URL")
    schemas: list[str] = []

    def make(name: str) -> str:
        if not base:
            return f"sqlite:///{tmp_path / (name + '.sqlite3')}"
        schema = f"test_backup_{name}_{uuid.uuid4().hex[:8]}"
        admin = create_engine(base)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
        schemas.append(schema)
        return f"{base}?options=-csearch_path%3D{schema}"

    yield make
    if schemas:
        admin = create_engine(base)
        with admin.begin() as connection:
            for schema in schemas:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def environment(url: str, folder: Path, store: str) -> dict[str, str]:
    """The settings of one installation: its database, its instance folder, its file store."""
    return {
        "ASSESS_DATABASE_URL": url,
        "ASSESS_INSTANCE_DIR": str(folder),
        "ASSESS_UPLOAD_DIR": str(folder / "uploads"),
        "ASSESS_QUESTIONNAIRES_DIR": str(PLAN_QUESTIONNAIRES),
        "ASSESS_FILE_STORE": store,
    }


@pytest.fixture
def installation() -> Iterator[Callable[..., Any]]:
    """Makes the application of an installation, as create_app builds it from its settings."""
    made: list[Any] = []

    def make(url: str, folder: Path, store: str) -> Any:
        env = environment(url, folder, store)
        made.append(create_app(serving=False, environ={**env, "ASSESS_ENV": "development"}))
        return made[-1]

    yield make
    for app in made:
        app.extensions["assess.engine"].dispose()


def migrated(url: str) -> str:
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def revision_of(url: str) -> str | None:
    engine = make_engine(url)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def run(command: str, file: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ASSESS_")}
    return subprocess.run(
        [str(ASSESS), command, str(file)],
        env={**clean, **env, "ASSESS_ENV": "development"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def build_world(app, password_hash: str) -> None:
    """The demo (people, places, rounds with answers and the audit trail), evidence files (one
    over several database chunks) on Arvenia's draft, and its national plan's PDF made by the
    report worker's own code."""
    with Database.factory(app)() as session:
        demo_data.seed(session, password_hash)
        user = session.scalars(select(User).where(User.username == "nfp-xa")).one()
        draft = session.scalars(
            select(Assessment).join(Assessment.country).where(Country.code == "XA")
        ).one()
        question = next(
            q for q in questionnaire_of(session, draft).questions() if q.evidence.allowed
        )
        store = app.extensions["assess.files"]
        for name, content in (("decree.pdf", PDF), ("site.png", PNG), ("field.txt", BIG_TEXT)):
            add_file(session, user, draft, question.id, name, io.BytesIO(content), store, 10**7)
        plan = plans.generate_national(session, user, draft).plan
        job = ReportJob(plan=plan, lang="en", created_by_id=user.id, status="queued", progress=0)
        session.add(job)
        session.commit()
        report_jobs.run_job(session, job.id, report_jobs.settings_for(app.config))
        # The kinds of value the demo leaves out: a failed sign-in (a boolean), a proposal with
        # a decimal budget and its action, an API token (times to the microsecond).
        action = session.scalars(select(PlanAction).order_by(PlanAction.id)).first()
        proposal = Proposal(
            region_id=draft.country.region_id, title="Détection — phase 2",
            budget=Decimal("1234567.89"), currency="EUR",
            actions=[ProposalAction(plan_action_id=action.id)],
        )  # fmt: skip
        session.add_all(
            [
                proposal,
                LoginAttempt(username="nfp-xa", ip="203.0.113.9", success=False),
                ApiToken(
                    user_id=user.id, name="ساعة", token_hash="ab" * 32,
                    expires_at=datetime(2027, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
                ),
            ]
        )  # fmt: skip
        session.commit()


def every_row(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: [
                    tuple(row)
                    for row in connection.execute(
                        select(table).order_by(*table.primary_key.columns)
                    )
                ]
                for table in data_tables()
            }
    finally:
        engine.dispose()


def every_file(app) -> dict[str, bytes]:
    store = app.extensions["assess.files"]
    return {key: store.read(key) for key in store.stored_keys()}


@pytest.mark.parametrize(
    ("source_store", "target_store"),
    [("folder", "folder"), ("database", "database"), ("database", "folder")],
)
def test_backup_wipe_restore_gives_back_every_row_and_every_file(
    new_database, installation, tmp_path, password_hash, source_store, target_store
):
    source_url, source_dir = migrated(new_database("source")), tmp_path / "source"
    source = installation(source_url, source_dir, source_store)
    build_world(source, password_hash)
    rows, files = every_row(source_url), every_file(source)
    assert len(files) == 4 and sum(len(r) for r in rows.values()) > 100
    assert [name for name, found in rows.items() if not found] == ["reminders"]

    backup = tmp_path / "assess.tar.gz"
    made = run("backup", backup, environment(source_url, source_dir, source_store))
    assert made.returncode == 0, made.stderr
    assert f"{sum(len(r) for r in rows.values())} rows" in made.stdout

    # The wipe: a new database that has never seen a migration, new empty folders.
    target_url, target_dir = new_database("target"), tmp_path / "target"
    restored = run("restore", backup, environment(target_url, target_dir, target_store))
    assert restored.returncode == 0, restored.stderr
    assert "4 files" in restored.stdout

    assert every_row(target_url) == rows
    target = installation(target_url, target_dir, target_store)
    assert every_file(target) == files
    assert revision_of(target_url) == revision_of(source_url)
    # New rows get new ids (PostgreSQL: the sequences were moved past the restored ids).
    with Database.factory(target)() as session:
        region = Region(code="ZZ", name="New after restore")
        session.add(region)
        session.commit()
        assert region.id == max(row[0] for row in rows["regions"]) + 1

    # Once restored, the database is not empty: a second restore is refused, nothing changed.
    again = run("restore", backup, environment(target_url, target_dir, target_store))
    assert again.returncode == 1
    assert "the database is not empty (table" in again.stderr
    assert every_file(target) == files


def _rewritten(backup: Path, out: Path, change: Callable[[str, bytes], bytes]) -> None:
    """A copy of a backup with some parts changed (the manifest left as it was, or changed)."""
    with tarfile.open(backup, "r:gz") as source, tarfile.open(out, "w:gz") as target:
        for member in source.getmembers():
            handle = source.extractfile(member)
            assert handle is not None
            data = change(member.name, handle.read())
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))


@pytest.fixture
def small_backup(
    new_database, installation, tmp_path, password_hash
) -> tuple[Path, dict[str, str]]:
    url, folder = migrated(new_database("small")), tmp_path / "small"
    app = installation(url, folder, "folder")
    with Database.factory(app)() as session:
        demo_data.seed_people(session, password_hash)
        user = session.scalars(select(User).where(User.username == "admin")).one()
        store = app.extensions["assess.files"]
        store.put("evidence/" + "e" * 32, io.BytesIO(PDF))
        assert user.id
    backup = tmp_path / "small.tar.gz"
    assert run("backup", backup, environment(url, folder, "folder")).returncode == 0
    return backup, environment(new_database("empty"), tmp_path / "empty", "folder")


def test_a_damaged_backup_is_refused_and_nothing_is_restored(small_backup, tmp_path):
    backup, target = small_backup
    damaged = tmp_path / "damaged.tar.gz"

    def flip(name: str, data: bytes) -> bytes:
        return data.replace(b"admin", b"admjn") if name == "tables/users.jsonl" else data

    _rewritten(backup, damaged, flip)
    refused = run("restore", damaged, target)
    assert refused.returncode == 1
    assert "tables/users.jsonl in the backup is damaged (its SHA-256 differs)" in refused.stderr
    assert every_row(target["ASSESS_DATABASE_URL"]) == {t.name: [] for t in data_tables()}
    assert not any(Path(target["ASSESS_UPLOAD_DIR"]).glob("*"))


def test_a_backup_of_another_revision_is_refused(small_backup, tmp_path):
    backup, target = small_backup
    older = tmp_path / "older.tar.gz"

    def revision(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        return json.dumps({**json.loads(data), "revision": "0009"}).encode()

    _rewritten(backup, older, revision)
    refused = run("restore", older, target)
    assert refused.returncode == 1
    assert "the backup is of database revision 0009 and this version of assess is at" in (
        refused.stderr
    )


def test_a_store_that_is_not_empty_is_refused(small_backup):
    backup, target = small_backup
    uploads = Path(target["ASSESS_UPLOAD_DIR"])
    uploads.mkdir(parents=True)
    (uploads / ("f" * 32)).write_bytes(b"left from before")
    refused = run("restore", backup, target)
    assert refused.returncode == 1
    assert "the file store (folder) is not empty (it holds evidence/ffff" in refused.stderr


def test_a_file_that_is_not_a_backup_is_refused(tmp_path, small_backup):
    _backup, target = small_backup
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(gzip.compress(b"not a tar at all"))
    refused = run("restore", bogus, target)
    assert refused.returncode == 1 and "is not an assess backup" in refused.stderr
