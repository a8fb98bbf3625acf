"""`assess remind`: deadline reminders e-mailed once per person and round, read back from the
test SMTP server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from assess.cli import main
from assess.services import assessments as lifecycle
from tests.database import TEST_QUESTIONNAIRES
from tests.web.test_plans_stored import _command_url


def run(monkeypatch, database_url, test_database, tmp_path, mail: dict | None, *args: str):
    monkeypatch.setenv("ASSESS_ENV", "development")
    monkeypatch.setenv("ASSESS_DATABASE_URL", _command_url(database_url, test_database))
    monkeypatch.setenv("ASSESS_QUESTIONNAIRES_DIR", str(TEST_QUESTIONNAIRES))
    monkeypatch.setenv("ASSESS_INSTANCE_DIR", str(tmp_path))
    for key, value in (mail or {}).items():
        monkeypatch.setenv(key, str(value))
    return CliRunner().invoke(main, ["remind", *args])


def test_reminders_go_once_to_the_countrys_people_in_their_language(
    db, world, mailbox, monkeypatch, database_url, test_database, tmp_path
) -> None:
    due = datetime.now(UTC).date() + timedelta(days=3)
    country = world["nfp-xa"].country
    lifecycle.open_round(db, world["secretariat-seee"], country, "web-test", "1.0", "2026", due)
    for name in ("nfp-xa", "team-xa", "secretariat-seee"):
        world[name].email = f"{name}@example.org"
    world["team-xa"].language = "fr"
    db.commit()
    first = run(monkeypatch, database_url, test_database, tmp_path, mailbox.settings, "--days", "7")
    again = run(monkeypatch, database_url, test_database, tmp_path, mailbox.settings)
    assert (first.exit_code, first.output, again.output) == (
        0,
        "2 reminders sent\n",
        "0 reminders sent\n",
    )
    subjects = sorted(m["Subject"] for m in mailbox.messages)
    assert subjects[0].startswith("Assessment 2026 of Arvenia is due on ")
    assert subjects[1].startswith("Évaluation 2026 de Arvenia à rendre le ")
    assert mailbox.to("secretariat-seee@example.org") == []


def test_a_deadline_further_than_the_days_given_is_not_reminded(
    db, world, mailbox, monkeypatch, database_url, test_database, tmp_path
) -> None:
    due = datetime.now(UTC).date() + timedelta(days=3)
    country = world["nfp-xa"].country
    lifecycle.open_round(db, world["secretariat-seee"], country, "web-test", "1.0", "2026", due)
    world["nfp-xa"].email = "nfp-xa@example.org"
    db.commit()
    result = run(
        monkeypatch, database_url, test_database, tmp_path, mailbox.settings, "--days", "2"
    )
    assert (result.output, mailbox.messages) == ("0 reminders sent\n", [])


def test_without_an_smtp_server_the_command_says_so(
    db, world, monkeypatch, database_url, test_database, tmp_path
) -> None:
    monkeypatch.delenv("ASSESS_SMTP_HOST", raising=False)
    result = run(monkeypatch, database_url, test_database, tmp_path, None)
    assert result.exit_code == 1
    assert "ASSESS_SMTP_HOST is not set: no e-mail can be sent" in result.output
