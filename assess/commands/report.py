"""`assess report national|regional`: a stored plan's report as a PDF."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from assess.commands import application, database_session

DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.group()
def report() -> None:
    """Plan reports as PDFs (the database of ASSESS_DATABASE_URL; marking ASSESS_REPORT_MARKING)."""


def _options(command):
    command = click.option("--lang", default="en", show_default=True, help="Report language.")(
        command
    )
    command = click.option(
        "--date", "date", type=DATE, help="Date to stamp (default: the data's last change)."
    )(command)
    command = click.option("--marking", help="Classification marking on every page.")(command)
    return click.option(
        "-o",
        "--output",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="The PDF file to write.",
    )(command)


@report.command()
@click.option("--country", required=True, help="Country code, e.g. XA.")
@click.option("--round", "round_label", help="Round label (default: the newest assessment).")
@_options
def national(country: str, round_label: str | None, lang, date, marking, output: Path) -> None:
    """The report of the national plan stored for a country's assessment."""
    from assess.services import plan_reports, plans
    from assess.services.errors import ServiceError
    from assess.services.plan_lookup import assessment_of

    app = application()
    with app.app_context(), database_session(app) as session:
        try:
            stored = plans.reported_national_plan(
                session, assessment_of(session, country, round_label)
            )
            made = plan_reports.national_report(
                session, stored, lang=lang, marking=_marking(app, marking), when=_when(date)
            )
        except ServiceError as error:
            raise click.ClickException(error.message) from error
        _write(output, plan_reports.render_report(made, Path(app.config["REPORTS_DIR"])))
    _wrote(output, made)


@report.command()
@click.option("--region", required=True, help="Region code, e.g. SEEE.")
@_options
def regional(region: str, lang, date, marking, output: Path) -> None:
    """The report of the region's stored plan."""
    from assess.services import plan_reports, plans
    from assess.services.errors import ServiceError
    from assess.services.plan_lookup import region_of

    app = application()
    with app.app_context(), database_session(app) as session:
        try:
            stored = plans.reported_regional_plan(session, region_of(session, region))
            made = plan_reports.regional_report(
                session, stored, lang=lang, marking=_marking(app, marking), when=_when(date)
            )
        except ServiceError as error:
            raise click.ClickException(error.message) from error
        _write(output, plan_reports.render_report(made, Path(app.config["REPORTS_DIR"])))
    _wrote(output, made)


def _wrote(output: Path, made) -> None:
    """Say what was written, and warn when the plan is older than the answers."""
    click.echo(f"wrote {output} ({made.document.place}, {made.stamp.data_sha256[:12]})")
    if made.document.notice:
        click.echo(made.document.notice, err=True)


def _marking(app, marking: str | None) -> str | None:
    return app.config["ASSESS_REPORT_MARKING"] if marking is None else marking


def _when(date: datetime | None) -> datetime | None:
    return None if date is None else date.replace(tzinfo=UTC)


def _write(output: Path, data: bytes) -> None:
    """Write through a temporary file and a rename: no half-written PDF is ever left."""
    partial = output.with_name(output.name + ".part")
    partial.write_bytes(data)
    partial.replace(output)
