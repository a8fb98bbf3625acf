"""`assess remind`: e-mail each person whose country's assessment is due soon (run it from cron)."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from assess.commands import application, database_session, settings_checked


@click.command()
@click.option(
    "--days",
    type=click.IntRange(0, 366),
    default=7,
    show_default=True,
    help="Remind of deadlines within this many days from today.",
)
def remind(days: int) -> None:
    """Remind the NFP and team of every assessment still with its country whose deadline is
    within DAYS days; each person once per round (recorded), in their language. Needs
    ASSESS_SMTP_HOST; run it daily, e.g. `0 6 * * * assess remind --days 7`."""
    from assess.jobs.mail import outbox_for
    from assess.services import notifications

    # Checked before the application (and its database connections) is made.
    outbox = outbox_for(settings_checked(), background=False)
    if outbox is None:
        raise click.ClickException("ASSESS_SMTP_HOST is not set: no e-mail can be sent")
    app = application()
    with database_session(app) as session:
        session.info["outbox"] = outbox
        sent = notifications.remind(session, datetime.now(UTC).date(), days)
    click.echo(f"{len(sent)} reminders sent")
