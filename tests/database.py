"""The tests' database and application fixtures: `make_app`, `app`, `db`, `world`, `demo`, and
modules' worlds built once (`WORLD`); every test package may use them (tests/conftest.py).

The database is ASSESS_TEST_DATABASE_URL when set (PostgreSQL: one schema per test session,
dropped at the end; tables emptied after each test), else a SQLite file per test copied from one
migrated at the start. Either way the schema comes from the Alembic migrations. A module that
sets `WORLD` (see world_support.py) has its world built once and copied into each test's database.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from jinja2 import FileSystemBytecodeCache
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from assess.extensions import Database, make_engine
from assess.models import AuditEvent, Base, User
from assess.services import demo as demo_data
from assess.services.db_schema import upgrade
from assess.web.app import create_app
from tests.world_support import World, capture, restore_rows

TEST_QUESTIONNAIRES = Path(__file__).parent / "web" / "data" / "questionnaires"
PASSWORD = demo_data.PASSWORD


@dataclass(frozen=True)
class TestDatabase:
    """Where the tests' database is: a URL, engine options, and how to empty it between tests."""

    url: str
    engine_options: dict[str, Any]
    template: Path | None  # SQLite: a migrated file each test copies

    @property
    def dialect(self) -> str:
        return "postgresql" if self.url.startswith("postgresql") else "sqlite"


@pytest.fixture(scope="session")
def test_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestDatabase]:
    """The database the web tests run on, migrated once per test session."""
    url = os.environ.get("ASSESS_TEST_DATABASE_URL")
    if not url:
        template = tmp_path_factory.mktemp("db") / "template.sqlite3"
        engine = make_engine(f"sqlite:///{template}")
        upgrade(engine)
        engine.dispose()
        yield TestDatabase(f"sqlite:///{template}", {}, template)
        return
    schema = f"test_web_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    options = {"connect_args": {"options": f"-csearch_path={schema}"}}
    engine = make_engine(url, **options)
    upgrade(engine)
    engine.dispose()
    try:
        yield TestDatabase(url, options, None)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def template_cache(tmp_path_factory: pytest.TempPathFactory) -> FileSystemBytecodeCache:
    """Compiled page templates, shared by every app the tests make (keyed by each source's
    checksum): Jinja compiles each template once per session instead of once per test."""
    return FileSystemBytecodeCache(str(tmp_path_factory.mktemp("templates")))


@pytest.fixture(scope="module")
def module_world(
    request: pytest.FixtureRequest,
    test_database: TestDatabase,
    tmp_path_factory: pytest.TempPathFactory,
    password_hash: str,
) -> World | None:
    """The module's `WORLD`, built once on the demo's people and places (None without one)."""
    build = getattr(request.module, "WORLD", None)
    if build is None:
        return None
    folder = tmp_path_factory.mktemp("world")
    url = test_database.url
    if test_database.template is not None:
        shutil.copyfile(test_database.template, folder / "world.sqlite3")
        url = f"sqlite:///{folder / 'world.sqlite3'}"
    files = {"UPLOAD_DIR": folder / "uploads", "REPORT_RESULT_DIR": folder / "reports"}
    app = create_app(
        {**_settings(url, test_database, files), **getattr(request.module, "APP_SETTINGS", {})}
    )
    with Database.factory(app)() as session:
        demo_data.seed_people(session, password_hash)
        build(app, session, {user.username: user for user in session.scalars(select(User))})
    app.extensions["assess.engine"].dispose()
    built = capture(url, test_database.engine_options, folder)
    if test_database.template is None:
        _empty(test_database)
    return built


@pytest.fixture
def database_url(
    test_database: TestDatabase, module_world: World | None, tmp_path: Path
) -> Iterator[str]:
    """A migrated database for one test: empty, or holding a fresh copy of the module's world."""
    if module_world is not None:
        module_world.restore_files()
    if test_database.template is not None:
        copy = tmp_path / "assess.sqlite3"
        source = module_world.sqlite_file if module_world else None
        shutil.copyfile(source or test_database.template, copy)
        yield f"sqlite:///{copy}"
        return
    if module_world is not None:
        engine = make_engine(test_database.url, **test_database.engine_options)
        with engine.begin() as connection:
            restore_rows(connection, module_world)
        engine.dispose()
    yield test_database.url
    _empty(test_database)


def _empty(test_database: TestDatabase) -> None:
    """Empty every table of the PostgreSQL test schema, ids starting again at 1."""
    engine = make_engine(test_database.url, **test_database.engine_options)
    audit = f'"{AuditEvent.__table__.name}"'
    # DELETE, not TRUNCATE: TRUNCATE makes new files for every table, a quarter of a second per
    # test. The audit table's append-only guard is off only inside this transaction.
    with engine.begin() as connection:
        connection.execute(text(f"ALTER TABLE {audit} DISABLE TRIGGER USER"))
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
        connection.execute(text(f"ALTER TABLE {audit} ENABLE TRIGGER USER"))
        for table in Base.metadata.sorted_tables:
            if table.autoincrement_column is not None:
                connection.execute(
                    text("SELECT setval(pg_get_serial_sequence(:table, :column), 1, false)"),
                    {"table": f'"{table.name}"', "column": table.autoincrement_column.name},
                )
    engine.dispose()


def _settings(url: str, test_database: TestDatabase, files: dict[str, Path]) -> dict[str, Any]:
    """The tests' app settings: the database, the web test questionnaires, where files go, CSRF
    checks off."""
    return {
        "DATABASE_URL": url,
        "DATABASE_ENGINE_OPTIONS": test_database.engine_options,
        "QUESTIONNAIRES_DIR": TEST_QUESTIONNAIRES,
        "WTF_CSRF_ENABLED": False,
        **files,
    }


@pytest.fixture
def make_app(
    database_url: str,
    test_database: TestDatabase,
    module_world: World | None,
    template_cache: FileSystemBytecodeCache,
    tmp_path: Path,
) -> Iterator[Callable[..., Flask]]:
    """Builds an app on the test database; keyword arguments override settings (a module with a
    `WORLD` keeps its files where the world put them)."""
    made: list[Flask] = []
    files = module_world.settings() if module_world else {"UPLOAD_DIR": tmp_path / "uploads"}

    def build(**overrides: Any) -> Flask:
        app = create_app({**_settings(database_url, test_database, files), **overrides})
        app.jinja_env.bytecode_cache = template_cache
        made.append(app)
        return app

    yield build
    for app in made:
        app.extensions["assess.engine"].dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask], request: pytest.FixtureRequest) -> Flask:
    """The application on an empty migrated database, CSRF checks off, with the settings its test
    module asks for in a module-level `APP_SETTINGS` (e.g. fill_support.FILL_APP)."""
    return make_app(**getattr(request.module, "APP_SETTINGS", {}))


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    """A session of the app's database, for arranging and checking what tests do."""
    session = Database.factory(app)()
    yield session
    session.close()


@pytest.fixture(scope="session")
def password_hash() -> str:
    """The demo password's argon2 hash with the cheapest parameters: verifying a hash costs what
    its own parameters say, and production's are slow on purpose (the service code is the same)."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)


@pytest.fixture
def world(db: Session, password_hash: str, module_world: World | None) -> dict[str, User]:
    """The demo's regions, countries and users (no assessments), users by name (and, in a module
    with a `WORLD`, everything it built)."""
    if module_world is None:
        demo_data.seed_people(db, password_hash)
    return {user.username: user for user in db.scalars(select(User))}


@pytest.fixture
def demo(db: Session, password_hash: str, world: dict[str, User]) -> dict[str, User]:
    """The whole demo: people and one assessment per country, each in its status."""
    demo_data.seed(db, password_hash)
    return world


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def login(client: FlaskClient) -> Callable[..., Any]:
    """Signs the test client in as `username` (password assess-demo); returns the response."""

    def sign_in(username: str, password: str = PASSWORD) -> Any:
        return client.post("/login", data={"username": username, "password": password})

    return sign_in
