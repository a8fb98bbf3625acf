"""`assess db` (schema migrations) and `assess demo` (seed demo data and serve it)."""

from __future__ import annotations

import click

from assess.commands import application


@click.group()
def db() -> None:
    """The database schema (ASSESS_DATABASE_URL; default: SQLite in the instance folder)."""


@db.command()
@click.option("--revision", default="head", show_default=True, help="Revision to migrate to.")
def upgrade(revision: str) -> None:
    """Apply the migrations up to REVISION."""
    from assess.services.db_schema import current_revision
    from assess.services.db_schema import upgrade as migrate

    engine = application().extensions["assess.engine"]
    migrate(engine, revision)
    click.echo(f"database at revision {current_revision(engine)}")
    engine.dispose()


@db.command()
def current() -> None:
    """Print the revision the database is at and the newest one available."""
    from assess.services.db_schema import current_revision, head_revision

    engine = application().extensions["assess.engine"]
    click.echo(f"database: {current_revision(engine) or 'not migrated'}; newest: {head_revision()}")
    engine.dispose()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--no-serve", is_flag=True, help="Seed the demo data, then stop.")
def demo(host: str, port: int, no_serve: bool) -> None:
    """Migrate the database, seed the demo data (idempotently) and serve it."""
    from werkzeug.serving import run_simple

    from assess.config import environment
    from assess.extensions import Database
    from assess.services import demo as demo_data
    from assess.services.db_schema import upgrade as migrate
    from assess.services.demo_history import past_version

    app = application(serving=not no_serve, environ=environment(ASSESS_ENV="development"))
    migrate(app.extensions["assess.engine"])
    with Database.factory(app)() as session:
        logins = demo_data.seed(session)
        chosen = demo_data.demo_questionnaire(session)
        past = past_version(session, *chosen) if chosen else None
    click.echo(f"database: {app.config['DATABASE_URL']}")
    if chosen is None:
        click.echo("no questionnaire published: people seeded, no assessment", err=True)
    else:
        history = (
            f"; {', '.join(demo_data.HISTORY)} carried forward from round "
            f"{demo_data.PAST_ROUND} on {past} (accepted)"
            if past
            else ""
        )
        click.echo(f"assessments on {chosen[0]} {chosen[1]}, round {demo_data.ROUND}{history}")
    click.echo(logins_table(logins))
    if no_serve:
        return
    click.echo(f"serving on http://{host}:{port}/ (Ctrl-C stops)")
    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)


def logins_table(logins) -> str:
    """The demo accounts as an aligned text table."""
    from assess.services.demo import PASSWORD

    rows = [("user name", "role", "place")] + [(x.username, x.role, x.place) for x in logins]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join([f"demo logins (password for all: {PASSWORD})", *lines])
