"""`assess migrate --dry-run`: what a round would carry, per country, without writing."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import func, select

from assess.cli import main
from assess.models import AnswerRecord, Assessment
from tests.services.carry_support import CBRN_APP, PUBLISHED, accepted_round
from tests.web.test_plans_stored import _command_url

APP_SETTINGS = CBRN_APP


def run(monkeypatch, database_url, test_database, tmp_path, *args: str):
    monkeypatch.setenv("ASSESS_ENV", "development")
    monkeypatch.setenv("ASSESS_DATABASE_URL", _command_url(database_url, test_database))
    monkeypatch.setenv("ASSESS_QUESTIONNAIRES_DIR", str(PUBLISHED))
    monkeypatch.setenv("ASSESS_INSTANCE_DIR", str(tmp_path))
    return CliRunner().invoke(main, ["migrate", *args])


def counts(db) -> tuple[int, int]:
    return (
        db.scalar(select(func.count()).select_from(Assessment)),
        db.scalar(select(func.count()).select_from(AnswerRecord)),
    )


def test_a_dry_run_prints_what_would_carry_for_each_country_of_a_region(
    db, world, monkeypatch, database_url, test_database, tmp_path
) -> None:
    earlier = accepted_round(db, world, "cbrn-needs", "1.0", "2026")
    given = len(earlier.answers)
    before = counts(db)
    result = run(
        monkeypatch, database_url, test_database, tmp_path,
        "--dry-run", "cbrn-needs", "1.1", "--round", "2027", "--region", "SEEE",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"XA Arvenia: from 2026 (cbrn-needs 1.0): {given - 1} carried, 1 not carried",
        "  plan_review_freq: the question was removed",
        "XB Belmora: no accepted round before 2027; the round would start blank",
    ]
    assert counts(db) == before


def test_a_round_before_the_accepted_one_carries_nothing(
    db, world, monkeypatch, database_url, test_database, tmp_path
) -> None:
    accepted_round(db, world, "cbrn-needs", "1.0", "2026")
    result = run(
        monkeypatch, database_url, test_database, tmp_path,
        "--dry-run", "cbrn-needs", "1.0", "--round", "2026-H1", "--region", "seee",
    )  # fmt: skip
    assert result.output.splitlines()[0] == (
        "XA Arvenia: no accepted round before 2026-H1; the round would start blank"
    )


def test_without_dry_run_the_command_is_refused_and_says_where_rounds_open(
    monkeypatch, database_url, test_database, tmp_path, world
) -> None:
    result = run(monkeypatch, database_url, test_database, tmp_path, "cbrn-needs", "1.1",
                 "--round", "2027")  # fmt: skip
    assert result.exit_code == 2
    assert "add --dry-run to print what would carry" in result.output


def test_bad_input_is_a_usage_error(monkeypatch, database_url, test_database, tmp_path, world):
    for args, said in [
        (("cbrn-needs", "9.9", "--round", "2027"), "cbrn-needs 9.9 is not published"),
        (("cbrn-needs", "1.1", "--round", "next year"), "Give the round's year as four digits"),
        (("cbrn-needs", "1.1", "--round", "2027", "--region", "ZZ"), "no region with the code"),
    ]:
        result = run(monkeypatch, database_url, test_database, tmp_path, "--dry-run", *args)
        assert (result.exit_code, said in result.output) == (2, True), result.output
