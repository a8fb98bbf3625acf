"""The demo: seeded idempotently, every status present, every login working, the commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from assess.cli import main
from assess.models import AnswerRecord, Assessment, AuditEvent, Country, User
from assess.services import assessments as lifecycle
from assess.services import demo as demo_data
from tests.database import TEST_QUESTIONNAIRES
from tests.services.carry_support import LATEST, PAST

USERNAMES = [
    "admin",
    "expert",
    "coordinator",
    "secretariat-seee",
    "secretariat-aaf",
    *(f"{role}-{code}" for code in ("xa", "xb", "xc", "xd") for role in ("nfp", "team")),
]


def counts(db) -> tuple[int, ...]:
    tables = (User, Country, Assessment, AnswerRecord, AuditEvent)
    return tuple(db.scalar(select(func.count()).select_from(t)) for t in tables)


def test_seeding_twice_changes_nothing(db, demo, password_hash) -> None:
    before = counts(db)
    demo_data.seed(db, password_hash)
    assert counts(db) == before


def test_each_country_has_an_assessment_in_its_status(db, demo) -> None:
    rows = db.execute(select(Country.code, Assessment.status).join(Assessment.country)).all()
    assert sorted(rows) == [
        ("XA", "draft"),
        ("XB", "submitted"),
        ("XC", "returned"),
        ("XD", "accepted"),
    ]


def assessment_of(db, code: str) -> Assessment:
    return db.scalars(select(Assessment).join(Assessment.country).where(Country.code == code)).one()


def test_the_draft_is_partly_answered_and_the_accepted_one_fully(db, demo) -> None:
    draft = lifecycle.area_progress(db, assessment_of(db, "XA"))
    accepted = lifecycle.area_progress(db, assessment_of(db, "XD"))
    assert 0 < sum(p.answered for p in draft) < sum(p.applicable for p in draft)
    assert all(p.answered == p.applicable for p in accepted)


def test_the_returned_assessment_carries_a_query(db, demo) -> None:
    queries = lifecycle.open_queries(db, assessment_of(db, "XC"))
    assert [[m.text for m in q.messages] for q in queries] == [[demo_data.QUERY]]


def test_one_team_member_may_edit_only_two_areas(db, demo) -> None:
    limited = db.scalars(select(User).where(User.username == "team-xc")).one()
    others = db.scalars(select(User.areas).where(User.role == "team", User.username != "team-xc"))
    assert (limited.areas, list(others)) == (["legal", "response"], [[], [], []])


@pytest.mark.parametrize("username", USERNAMES)
def test_every_demo_login_signs_in(demo, login, username) -> None:
    assert login(username).status_code == 302


def test_without_a_published_questionnaire_only_people_are_seeded(make_app, tmp_path) -> None:
    from assess.extensions import Database

    app = make_app(QUESTIONNAIRES_DIR=tmp_path)
    with Database.factory(app)() as session:
        logins = demo_data.seed(session)
        assert ([x.username for x in logins], counts(session)[2]) == (USERNAMES, 0)


def test_the_demo_command_seeds_and_prints_the_logins(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ASSESS_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    monkeypatch.setenv("ASSESS_QUESTIONNAIRES_DIR", str(TEST_QUESTIONNAIRES))
    monkeypatch.setenv("ASSESS_ENV", "development")
    result = CliRunner().invoke(main, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "assessments on web-test 1.0, round 2026" in result.output
    assert "demo logins (password for all: assess-demo)" in result.output
    listed = [line.split()[0] for line in result.output.splitlines()[5:]]
    assert listed == USERNAMES


def test_the_demo_command_names_the_history_of_the_shipped_questionnaire(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("ASSESS_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    monkeypatch.setenv(
        "ASSESS_QUESTIONNAIRES_DIR", str(Path(__file__).parents[2] / "questionnaires")
    )
    monkeypatch.setenv("ASSESS_ENV", "development")
    result = CliRunner().invoke(main, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == (
        f"assessments on cbrn-needs {LATEST}, round 2026; "
        f"XA, XC, XD carried forward from round 2025 on {PAST} (accepted)"
    )


def test_the_db_command_migrates_to_the_newest_revision(tmp_path: Path, monkeypatch) -> None:
    from assess.services.db_schema import head_revision

    monkeypatch.setenv("ASSESS_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.setenv("ASSESS_ENV", "development")
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert (result.exit_code, result.output) == (0, f"database at revision {head_revision()}\n")


def test_the_db_command_needs_no_secret_key_in_production(tmp_path: Path, monkeypatch) -> None:
    from assess.services.db_schema import head_revision

    monkeypatch.setenv("ASSESS_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.setenv("ASSESS_ENV", "production")
    monkeypatch.delenv("ASSESS_SECRET_KEY", raising=False)
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert (result.exit_code, result.output) == (0, f"database at revision {head_revision()}\n")


def test_the_served_application_still_refuses_production_without_a_secret(monkeypatch) -> None:
    from assess.config import ConfigError
    from assess.web.app import create_app

    monkeypatch.setenv("ASSESS_ENV", "production")
    monkeypatch.delenv("ASSESS_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="ASSESS_SECRET_KEY is not set"):
        create_app()
