"""Notifications: each kind read back from a real SMTP server (tests/smtp.py), in English and
French, with a link and never an answer, a query's text or another country's data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from assess.jobs.mail import SmtpSettings, outbox_for
from assess.models import Assessment, Reminder, ReportJob
from assess.services import assessments as lifecycle
from assess.services import notifications
from assess.services.answers import save_answer
from tests.services.test_assessments import answer_required

QUERY = "Which law is this?"
COMMENT = "Secret comment of Arvenia"
XB_COMMENT = "Belmora keeps this to itself"
BASE = "https://assess.example.org"


@pytest.fixture
def mail(db, world, mailbox):
    """The test session sends through the test SMTP server; NFPs read English, teams French."""
    outbox = outbox_for(mailbox.settings)
    db.info.update(outbox=outbox, base_url=BASE)
    for name, person in world.items():
        person.email = f"{name}@example.org"
        person.language = "fr" if name.startswith("team-") else "en"
        person.full_name = name.upper()
    db.commit()
    mailbox.outbox = outbox
    return mailbox


def received(mail, address: str) -> list:
    mail.outbox.wait()
    return mail.to(address)


@pytest.fixture
def draft(db, world) -> Assessment:
    country = world["nfp-xa"].country
    assessment = lifecycle.open_round(
        db, world["secretariat-seee"], country, "web-test", "1.0", "2026", date(2026, 12, 10)
    )
    save_answer(db, world["nfp-xa"], assessment, "leg_law", "answered", 2, COMMENT, 0)
    return assessment


@pytest.fixture
def belmora(db, world) -> Assessment:
    """Belmora's (XB) round, in the same region, with a comment of its own."""
    country = world["nfp-xb"].country
    assessment = lifecycle.open_round(
        db, world["secretariat-seee"], country, "web-test", "1.0", "2026", date(2026, 12, 9)
    )
    save_answer(db, world["nfp-xb"], assessment, "leg_law", "answered", 3, XB_COMMENT, 0)
    return assessment


def submit(db, world, assessment) -> None:
    answer_required(db, world["nfp-xa"], assessment)
    lifecycle.submit(db, world["nfp-xa"], assessment)


def body(message) -> str:
    return message.get_content()


def test_submitting_tells_the_region_secretariat_with_a_link(db, world, mail, draft) -> None:
    submit(db, world, draft)
    [message] = received(mail, "secretariat-seee@example.org")
    assert message["Subject"] == "Arvenia sent its assessment 2026 for review"
    assert message["From"] == "assess@example.org"
    assert f"{BASE}/assessments/{draft.id}/review" in body(message)
    assert "Hello SECRETARIAT-SEEE," in body(message)
    assert received(mail, "secretariat-aaf@example.org") == []
    assert received(mail, "nfp-xa@example.org") == []


def test_returning_tells_the_country_in_each_persons_language(db, world, mail, draft) -> None:
    submit(db, world, draft)
    lifecycle.return_with_queries(db, world["secretariat-seee"], draft, {"leg_law": QUERY})
    [english] = received(mail, "nfp-xa@example.org")
    [french] = received(mail, "team-xa@example.org")
    assert english["Subject"] == "Assessment 2026 of Arvenia returned with queries"
    assert french["Subject"] == "Évaluation 2026 de Arvenia renvoyée avec des questions"
    assert french["Content-Language"] == "fr"
    for message in (english, french):
        assert f"{BASE}/assessments/{draft.id}\r\n" in body(message)
        assert QUERY not in body(message)
        assert COMMENT not in body(message)


def test_accepting_tells_the_country(db, world, mail, draft) -> None:
    submit(db, world, draft)
    lifecycle.accept(db, world["secretariat-seee"], draft)
    [english] = received(mail, "nfp-xa@example.org")
    [french] = received(mail, "team-xa@example.org")
    assert english["Subject"] == "Assessment 2026 of Arvenia accepted"
    assert french["Subject"] == "Évaluation 2026 de Arvenia acceptée"
    assert "Elle est désormais en lecture seule." in body(french)


@pytest.mark.parametrize(
    ("kind", "address", "english", "french_address", "french"),
    [
        (
            "answered",
            "secretariat-seee@example.org",
            "A query on the assessment 2026 of Arvenia was answered",
            None,
            None,
        ),
        (
            "reopened",
            "nfp-xa@example.org",
            "Assessment 2026 of Arvenia reopened",
            "team-xa@example.org",
            "Évaluation 2026 de Arvenia rouverte",
        ),
    ],
)
def test_the_kinds_other_branches_call_are_worded(
    db, world, mail, draft, kind, address, english, french_address, french
) -> None:
    notifications.notify(db, kind, draft)
    assert [m["Subject"] for m in received(mail, address)] == [english]
    if french_address:
        assert [m["Subject"] for m in received(mail, french_address)] == [french]


def test_a_person_who_turned_a_kind_off_does_not_receive_it(db, world, mail, draft) -> None:
    world["team-xa"].notifications_off = ["accepted"]
    db.commit()
    submit(db, world, draft)
    lifecycle.accept(db, world["secretariat-seee"], draft)
    assert received(mail, "team-xa@example.org") == []
    assert len(received(mail, "nfp-xa@example.org")) == 1


def test_people_without_an_address_or_inactive_receive_nothing(db, world, mail, draft) -> None:
    world["team-xa"].email = None
    world["nfp-xa"].active = False
    db.commit()
    assert notifications.notify(db, "reopened", draft) == []


def test_without_an_smtp_server_nothing_is_sent(db, world, draft) -> None:
    assert notifications.outbox_of(db) is None
    assert notifications.notify(db, "reopened", draft) == []


def test_a_message_to_arvenia_carries_nothing_of_belmora(db, world, mail, draft, belmora) -> None:
    submit(db, world, draft)
    answer_required(db, world["nfp-xb"], belmora)
    lifecycle.submit(db, world["nfp-xb"], belmora)
    lifecycle.return_with_queries(db, world["secretariat-seee"], draft, {"leg_law": QUERY})
    notifications.remind(db, date(2026, 12, 5), 7)
    for address in ("nfp-xa@example.org", "team-xa@example.org"):
        messages = received(mail, address)
        assert messages
        for message in messages:
            text = message.as_string()
            for foreign in ("Belmora", XB_COMMENT, f"/assessments/{belmora.id}", COMMENT, QUERY):
                assert foreign not in text


def test_the_deadline_reminder_goes_once_per_person_and_round(
    db, world, mail, draft, belmora
) -> None:
    first = notifications.remind(db, date(2026, 12, 5), 7)
    again = notifications.remind(db, date(2026, 12, 6), 7)
    assert (len(first), again) == (4, [])
    [english] = received(mail, "nfp-xa@example.org")
    [french] = received(mail, "team-xb@example.org")
    assert english["Subject"] == "Assessment 2026 of Arvenia is due on December 10, 2026"
    assert french["Subject"] == "Évaluation 2026 de Belmora à rendre le 9 décembre 2026"
    recorded = db.scalars(select(Reminder.kind)).all()
    assert recorded == ["deadline"] * 4


def test_the_reminder_skips_rounds_due_later_or_already_sent(
    db, world, mail, draft, belmora
) -> None:
    submit(db, world, draft)
    far = notifications.remind(db, date(2026, 12, 3), 7)
    assert [m["To"] for m in far] == [
        "NFP-XB <nfp-xb@example.org>",
        "TEAM-XB <team-xb@example.org>",
    ]


def test_report_ready_tells_who_asked_for_it(db, world, mail, draft) -> None:
    from assess.models import Plan

    plan = Plan(
        kind="national",
        assessment=draft,
        questionnaire_id="web-test",
        questionnaire_version="1.0",
        data_sha256="0" * 64,
    )
    job = ReportJob(plan=plan, lang="fr", status="done", created_by_id=world["team-xa"].id)
    db.add_all([plan, job])
    db.commit()
    [message] = notifications.report_ready(db, job)
    [read] = received(mail, "team-xa@example.org")
    assert read["Subject"] == "Votre rapport est prêt"
    assert f"{BASE}/plans/jobs/{job.id}" in body(read)
    assert message["To"] == read["To"]


def test_smtp_settings_are_none_without_a_host() -> None:
    assert SmtpSettings.from_config({"ASSESS_SMTP_HOST": None}) is None


def test_the_deadline_kind_is_due_within_the_days_given(db, world, draft) -> None:
    due = notifications.due_assessments(db, draft.deadline - timedelta(days=3), 3)
    assert [a.id for a in due] == [draft.id]
    assert notifications.due_assessments(db, draft.deadline - timedelta(days=4), 3) == []
