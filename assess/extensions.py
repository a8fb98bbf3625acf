"""The Flask extensions and the database handle, created once and bound to an app in create_app."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

login_manager = LoginManager()
csrf = CSRFProtect()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite gets foreign keys on and a busy timeout, as PostgreSQL has.

    A server's pooled connections are pinged before each use: after PostgreSQL restarts or drops
    them (a failover, an idle timeout, pg_terminate_backend) the pool opens new ones instead of
    handing a dead one to the next request."""
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {}).update({"timeout": 30})
    else:
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL: readers never wait for the writer; NORMAL: a commit is durable at the next checkpoint.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Database:
    """One engine per app and one session per request, closed when the request ends."""

    def init_app(self, app: Flask, engine: Engine, info: dict[str, Any]) -> None:
        """Bind `engine` to `app`; `info` is copied into every session (e.g. the questionnaires)."""
        app.extensions["assess.db"] = sessionmaker(engine, info=info, expire_on_commit=False)
        app.teardown_appcontext(self._close)

    @staticmethod
    def factory(app: Flask) -> sessionmaker[Session]:
        """The session factory of `app` (for commands and tests that work outside a request)."""
        return app.extensions["assess.db"]

    @property
    def session(self) -> Session:
        """The current request's session, opened on first use."""
        if "db_session" not in g:
            g.db_session = self.factory(current_app)()
        return g.db_session

    @staticmethod
    def _close(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


db = Database()


def file_store() -> Any:
    """The current application's file store (assess.services.file_store.FileStore): evidence
    files and report PDFs, on this machine's disk or in the shared database."""
    return current_app.extensions["assess.files"]
