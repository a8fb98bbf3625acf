"""One module per `assess` subcommand, imported only when that command runs."""

from __future__ import annotations

from typing import Any

import click

from assess.config import ConfigError


def application(*, serving: bool = False) -> Any:
    """The Flask application for a command; configuration errors become a clear exit 1.

    Only a command that serves requests passes `serving=True` (it then needs ASSESS_SECRET_KEY)."""
    from assess.web.app import create_app

    try:
        return create_app(serving=serving)
    except ConfigError as error:
        raise click.ClickException(str(error)) from error
