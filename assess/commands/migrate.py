"""`assess migrate --dry-run`: what opening a round under a version would carry, per country."""

from __future__ import annotations

import click

from assess.commands import application, database_session


@click.command()
@click.argument("questionnaire_id")
@click.argument("version")
@click.option("--round", "round_label", required=True, help="The round to open, e.g. 2027-H1.")
@click.option("--region", help="Only the countries of this region (its code, e.g. SEEE).")
@click.option(
    "--dry-run", is_flag=True, help="Print what would carry; nothing is written (required)."
)
def migrate(
    questionnaire_id: str, version: str, round_label: str, region: str | None, dry_run: bool
) -> None:
    """Print, for each country, what round ROUND under QUESTIONNAIRE_ID VERSION would carry from
    its last accepted round: counts carried and not carried, and why each was not.

    Opening a round carries its answers (on the region page); this command only forecasts it.
    """
    if not dry_run:
        raise click.UsageError(
            "answers are carried when a round is opened (the region page); "
            "add --dry-run to print what would carry"
        )
    from assess.services import carry_forward, rounds
    from assess.services.errors import ServiceError

    app = application()
    with app.app_context(), database_session(app) as session:
        try:
            name = rounds.parse_label(round_label)
            countries = _countries(session, region)
            found = carry_forward.forecast(
                session, countries, questionnaire_id, version, name.year, name.period
            )
        except ServiceError as error:
            raise click.UsageError(error.message) from error
        for line in _lines(found, name.label):
            click.echo(line)


def _countries(session, region: str | None):
    from sqlalchemy import select

    from assess.models import Country, Region
    from assess.services.errors import InvalidInput

    query = select(Country).order_by(Country.code)
    if region is not None:
        found = session.scalar(select(Region).where(Region.code == region.upper()))
        if found is None:
            raise InvalidInput(f"no region with the code {region}")
        query = query.where(Country.region_id == found.id)
    return session.scalars(query).all()


def _lines(found, label: str):
    """A line per country, then a line per answer that would not carry."""
    for forecast in found:
        name = f"{forecast.country.code} {forecast.country.name}"
        if forecast.carrying is None:
            yield f"{name}: no accepted round before {label}; the round would start blank"
            continue
        source, result = forecast.carrying.source, forecast.carrying.result
        yield (
            f"{name}: from {source.round_label} ({source.questionnaire_id} "
            f"{source.questionnaire_version}): {len(result.carried)} carried, "
            f"{len(result.not_carried)} not carried"
        )
        for lost in result.not_carried:
            yield f"  {lost.question_id}: {lost.why}"
