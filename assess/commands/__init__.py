"""One module per `assess` subcommand, imported only when that command runs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

from assess.config import ConfigError, read


class SettingError(click.ClickException):
    """A wrong setting: one line on stderr naming the variable, exit status 2 (a usage error)."""

    exit_code = 2


def settings_checked() -> dict[str, Any]:
    """Every setting of the environment, checked; SettingError when one is wrong."""
    try:
        return read()
    except ConfigError as error:
        raise SettingError(str(error)) from error


def application(*, serving: bool = False, environ: Mapping[str, str] | None = None) -> Any:
    """The Flask application for a command; configuration errors become SettingError.

    Only a command that serves requests passes `serving=True` (it then needs ASSESS_SECRET_KEY);
    `environ` replaces the process's environment."""
    from assess.web.app import create_app

    try:
        return create_app(serving=serving, environ=environ)
    except ConfigError as error:
        raise SettingError(str(error)) from error
