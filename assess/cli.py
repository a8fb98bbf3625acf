"""The `assess` command line. Subcommands live in assess.commands and load only when used, so
`assess check` never imports the web stack."""

from __future__ import annotations

import importlib

import click

from assess.commands import settings_checked

# name -> "module:attribute" of a click command; each module is owned by the feature it serves.
COMMANDS: dict[str, str] = {
    "check": "assess.commands.check:check",
    "schema": "assess.commands.check:schema",
    "score": "assess.commands.score:score",
    "db": "assess.commands.web:db",
    "demo": "assess.commands.web:demo",
    "report": "assess.commands.report:report",
    "diff": "assess.commands.diff:diff",
    "migrate": "assess.commands.migrate:migrate",
    "remind": "assess.commands.remind:remind",
    "translations": "assess.commands.translations:translations",
    "import": "assess.commands.importing:importing",
    "worker": "assess.commands.worker:worker",
    "backup": "assess.commands.backup:backup",
    "restore": "assess.commands.backup:restore",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return None
        return getattr(module, attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="assess")
def main() -> None:
    """assess: CBRN needs and risk assessments, from questionnaire files to action plans.

    Settings come from ASSESS_* environment variables (see README.md); a wrong one stops here."""
    settings_checked()
