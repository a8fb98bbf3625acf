"""`assess` refuses a wrong setting in one line with exit status 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from assess.cli import main

ASSESS = Path(sys.executable).with_name("assess")
WRONG = {
    "ASSESS_JOB_TIMEOUT": ("abc", "give a number above 0, e.g. 300"),
    "ASSESS_ENV": ("bogus", "use one of: development, production, testing"),
    "ASSESS_MAX_UPLOAD_BYTES": ("-1", "give a whole number above 0, e.g. 10485760"),
    "ASSESS_JOB_BACKEND": ("celery", "use one of: embedded, rq"),
}


def report_args(folder: Path) -> list[str]:
    return ["report", "national", "--country", "XA", "-o", str(folder / "plan.pdf")]


def test_the_installed_command_refuses_a_wrong_setting_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "ASSESS_JOB_TIMEOUT": "abc", "ASSESS_INSTANCE_DIR": str(tmp_path)}
    done = subprocess.run(
        [str(ASSESS), *report_args(tmp_path)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        "Error: ASSESS_JOB_TIMEOUT is 'abc'; give a number above 0, e.g. 300\n",
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("variable", sorted(WRONG))
def test_a_report_with_a_wrong_setting_exits_2_naming_the_variable(
    variable: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw, expected = WRONG[variable]
    monkeypatch.setenv("ASSESS_INSTANCE_DIR", str(tmp_path / "instance"))
    monkeypatch.setenv(variable, raw)
    result = CliRunner().invoke(main, report_args(tmp_path))
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"Error: {variable} is '{raw}'; {expected}\n",
    )
    assert not (tmp_path / "plan.pdf").exists()


def test_every_command_checks_the_settings_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSESS_JOB_MEMORY_MB", "lots")
    result = CliRunner().invoke(main, ["schema"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "Error: ASSESS_JOB_MEMORY_MB is 'lots'; give a whole number above 0, e.g. 2048\n",
    )
