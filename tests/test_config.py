"""The settings table: each kind of value read and checked, and README.md's table kept in step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assess.config import CHOICE, SETTINGS, ConfigError, from_environment, read

README = Path(__file__).resolve().parents[1] / "README.md"
BY_VARIABLE = {setting.variable: setting for setting in SETTINGS}


@pytest.mark.parametrize(
    ("variable", "raw", "value"),
    [
        ("ASSESS_JOB_TIMEOUT", "0.5", 0.5),
        ("ASSESS_JOB_TIMEOUT", "300", 300.0),
        ("ASSESS_JOB_MEMORY_MB", " 64 ", 64),
        ("ASSESS_ENV", "development", "development"),
        ("ASSESS_REPORT_MARKING", "SECRET", "SECRET"),
        ("ASSESS_UPLOAD_DIR", "/data/uploads", Path("/data/uploads")),
        ("ASSESS_CURRENCY", " usd ", "USD"),
    ],
    ids=["positive float", "whole float", "positive int", "choice", "text", "path", "currency"],
)
def test_each_kind_of_setting_reads_its_value(variable: str, raw: str, value: object) -> None:
    assert read({variable: raw})[variable] == value


@pytest.mark.parametrize(
    ("variable", "raw", "message"),
    [
        (
            "ASSESS_JOB_TIMEOUT",
            "abc",
            "ASSESS_JOB_TIMEOUT is 'abc'; give a number above 0, e.g. 300",
        ),
        ("ASSESS_JOB_TIMEOUT", "-1", "ASSESS_JOB_TIMEOUT is '-1'; give a number above 0, e.g. 300"),
        (
            "ASSESS_JOB_TIMEOUT",
            "nan",
            "ASSESS_JOB_TIMEOUT is 'nan'; give a number above 0, e.g. 300",
        ),
        (
            "ASSESS_JOB_TIMEOUT",
            "inf",
            "ASSESS_JOB_TIMEOUT is 'inf'; give a number above 0, e.g. 300",
        ),
        (
            "ASSESS_JOB_MEMORY_MB",
            "1.5",
            "ASSESS_JOB_MEMORY_MB is '1.5'; give a whole number above 0, e.g. 2048",
        ),
        ("ASSESS_JOB_MEMORY_MB", "²", "ASSESS_JOB_MEMORY_MB is '²'; give a whole number above 0"),
        (
            "ASSESS_MAX_UPLOAD_BYTES",
            "-1",
            "ASSESS_MAX_UPLOAD_BYTES is '-1'; give a whole number above 0, e.g. 10485760",
        ),
        (
            "ASSESS_ENV",
            "bogus",
            "ASSESS_ENV is 'bogus'; use one of: development, production, testing",
        ),
        (
            "ASSESS_REPORT_MARKING",
            "  ",
            "ASSESS_REPORT_MARKING is '  '; give a value that is not blank",
        ),
        ("ASSESS_SECRET_KEY", " ", "ASSESS_SECRET_KEY is ' '; give a value that is not blank"),
        ("ASSESS_UPLOAD_DIR", "\t", "ASSESS_UPLOAD_DIR is '\\t'; give a folder path"),
        (
            "ASSESS_CURRENCY",
            "FRF",
            "ASSESS_CURRENCY is 'FRF'; give the ISO 4217 code of a currency in use, e.g. EUR",
        ),
    ],
    ids=[
        "float: text",
        "float: negative",
        "float: nan",
        "float: infinite",
        "int: fraction",
        "int: superscript digit",
        "int: negative",
        "choice: unknown",
        "text: blank",
        "text without default: blank",
        "path: blank",
        "currency: out of use",
    ],
)
def test_a_wrong_value_is_refused_naming_the_variable_and_what_to_give(
    variable: str, raw: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=f"^{re.escape(message)}"):
        read({variable: raw})


@pytest.mark.parametrize("environ", [{}, {"ASSESS_JOB_TIMEOUT": ""}], ids=["unset", "empty"])
def test_an_unset_or_empty_variable_takes_the_default(environ: dict[str, str]) -> None:
    assert read(environ)["ASSESS_JOB_TIMEOUT"] == 300.0


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.variable)
def test_every_default_is_a_value_its_own_check_accepts(setting) -> None:
    assert (setting.default is None) != (setting.derived == "")
    assert bool(setting.choices) == (setting.kind is CHOICE)
    if setting.default is not None:
        assert setting.read({}) is not None


def test_the_report_settings_reach_the_application_from_the_environment() -> None:
    config = from_environment(
        Path("/srv/i"),
        {
            "ASSESS_ENV": "development",
            "ASSESS_REPORT_MARKING": "SECRET",
            "ASSESS_JOB_BACKEND": "embedded",
            "ASSESS_JOB_TIMEOUT": "12.5",
            "ASSESS_JOB_MEMORY_MB": "512",
        },
    )
    assert [config[key] for key in ("ASSESS_REPORT_MARKING", "ASSESS_JOB_TIMEOUT")] == [
        "SECRET",
        12.5,
    ]
    assert (config["ASSESS_JOB_BACKEND"], config["ASSESS_JOB_MEMORY_MB"]) == ("embedded", 512)


def readme_settings() -> dict[str, tuple[str, str]]:
    """README.md's settings table: variable -> (meaning, default), as written."""
    section = README.read_text(encoding="utf-8").split("## Running it for real\n", 1)[1]
    table = section.split("| variable | meaning | default |\n|---|---|---|\n", 1)[1]
    rows = {}
    for line in table.split("\n\n", 1)[0].splitlines():
        variable, meaning, default = (cell.strip() for cell in line.strip("|").split(" | "))
        rows[variable.strip("`")] = (meaning, default)
    return rows


def test_the_readme_names_exactly_the_declared_settings() -> None:
    assert list(readme_settings()) == [setting.variable for setting in SETTINGS]


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.variable)
def test_the_readme_gives_each_setting_its_meaning_and_default(setting) -> None:
    meaning, default = readme_settings()[setting.variable]
    assert meaning == setting.help
    if setting.default is None:
        assert default == setting.derived
    else:
        assert default.split(" ")[0] == f"`{setting.default}`"
