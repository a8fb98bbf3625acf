"""Opening rounds (assess.services.rounds): names, deadlines, many countries at once, who may."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from assess.models import Assessment, AuditEvent, Country, utcnow
from assess.services import assessments as lifecycle
from assess.services import rounds
from assess.services.errors import NotAllowed
from assess.services.rounds import RoundName, RoundRefused

TODAY = utcnow().date()
NEXT_MONTH = TODAY + timedelta(days=30)


def countries(db, *codes: str) -> list[Country]:
    return list(db.scalars(select(Country).where(Country.code.in_(codes)).order_by(Country.code)))


def rounds_of(db) -> list[tuple[str, str, int, str | None]]:
    db.expire_all()
    rows = db.execute(
        select(Country.code, Assessment.round_label, Assessment.round_year, Assessment.round_period)
        .join(Assessment.country)
        .order_by(Country.code, Assessment.id)
    )
    return [tuple(row) for row in rows]


@pytest.mark.parametrize(
    ("year", "period", "label"),
    [
        ("2027", None, "2027"),
        ("2027", "", "2027"),
        (" 2027 ", "H1", "2027-H1"),
        ("2027", "q3", "2027-Q3"),
        ("2000", "Q4", "2000-Q4"),
        ("2100", "H2", "2100-H2"),
        ("٢٠٢٧", "Q1", "2027-Q1"),  # Arabic-Indic digits, as an Arabic keyboard types them
    ],
)
def test_a_round_is_named_by_a_year_and_perhaps_a_half_or_quarter(year, period, label) -> None:
    assert rounds.round_name(year, period).label == label


@pytest.mark.parametrize(
    ("year", "period", "field", "message"),
    [
        ("next year", None, "year", "Give the round's year as four digits, from 2000 to 2100"),
        ("", None, "year", "Give the round's year as four digits"),
        ("27", None, "year", "Give the round's year as four digits"),
        ("1999", None, "year", "Give the round's year as four digits"),
        ("2101", None, "year", "Give the round's year as four digits"),
        ("2027", "H3", "period", "a quarter (Q1 to Q4), not 'H3'."),
        ("2027", "spring", "period", "not 'SPRING'."),
    ],
)
def test_a_round_name_that_is_not_a_year_and_period_is_refused(
    year, period, field, message
) -> None:
    with pytest.raises(RoundRefused, match=re.escape(message)) as refused:
        rounds.round_name(year, period)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("2026", RoundName(2026)),
        ("2026-H2", RoundName(2026, "H2")),
        ("2026-q1", RoundName(2026, "Q1")),
    ],
)
def test_a_label_as_typed_names_its_round(label, name) -> None:
    assert rounds.parse_label(label) == name


@pytest.mark.parametrize("label", ["2026-", "2026-H1-x", "R1", "2026 H1"])
def test_a_label_naming_no_round_is_refused(label) -> None:
    with pytest.raises(RoundRefused):
        rounds.parse_label(label)


def test_a_deadline_may_be_today_but_not_in_the_past() -> None:
    # today read now, not at import: a run that crosses midnight (UTC) saw yesterday's TODAY
    today = utcnow().date()
    assert rounds.checked_deadline(today, today) == today
    yesterday = today - timedelta(days=1)
    with pytest.raises(RoundRefused, match=f"The deadline {yesterday.isoformat()} is past") as no:
        rounds.checked_deadline(yesterday, today)
    assert no.value.field == "deadline"
    assert rounds.checked_deadline(today + timedelta(days=1)) == today + timedelta(days=1)


def test_a_secretariat_opens_a_round_for_every_country_of_its_region(db, world) -> None:
    chosen = countries(db, "XA", "XB")
    result = rounds.open_rounds(
        db, world["secretariat-seee"], chosen, "web-test", "1.0", RoundName(2027, "H1"), NEXT_MONTH
    )
    assert [a.country.code for a in result.opened] == ["XA", "XB"] and result.already == []
    assert rounds_of(db) == [("XA", "2027-H1", 2027, "H1"), ("XB", "2027-H1", 2027, "H1")]
    assert {(a.status, a.deadline, a.questionnaire_version) for a in result.opened} == {
        ("draft", NEXT_MONTH, "1.0")
    }


def test_every_round_opened_is_an_audit_event(db, world) -> None:
    result = rounds.open_rounds(
        db,
        world["admin"],
        countries(db, "XA", "XC"),
        "web-test",
        "1.0",
        RoundName(2027),
        NEXT_MONTH,
    )
    events = db.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.assessment_id, e.action, e.user_id, e.old) for e in events] == [
        (a.id, "open", world["admin"].id, None) for a in result.opened
    ]
    assert events[0].new == {
        "status": "draft",
        "questionnaire": "web-test 1.0",
        "round": "2027",
        "deadline": NEXT_MONTH.isoformat(),
        "carried_from": None,
        "confirm_carried": True,
    }


def test_countries_that_already_have_the_round_are_named_and_the_others_opened(db, world) -> None:
    lifecycle.open_round(db, world["admin"], countries(db, "XA")[0], "web-test", "1.0", "2027")
    result = rounds.open_rounds(
        db,
        world["secretariat-seee"],
        countries(db, "XA", "XB"),
        "web-test",
        "1.0",
        RoundName(2027),
        NEXT_MONTH,
    )
    assert [c.code for c in result.already] == ["XA"]
    assert [a.country.code for a in result.opened] == ["XB"]
    assert str(rounds.already_text(result.already, "web-test", result.name)) == (
        "Arvenia already has a round '2027' of web-test."
    )
    assert [code for code, *_ in rounds_of(db)] == ["XA", "XB"]


def test_when_every_chosen_country_has_the_round_nothing_is_opened(db, world) -> None:
    for country in countries(db, "XA", "XB"):
        lifecycle.open_round(db, world["admin"], country, "web-test", "1.0", "2027-Q2")
    with pytest.raises(
        RoundRefused,
        match=re.escape("Arvenia, Belmora already have a round '2027-Q2' of web-test."),
    ) as refused:
        rounds.open_rounds(
            db,
            world["admin"],
            countries(db, "XA", "XB"),
            "web-test",
            "1.0",
            RoundName(2027, "Q2"),
            NEXT_MONTH,
        )
    assert refused.value.field == "countries"
    assert len(rounds_of(db)) == 2


def test_the_same_year_in_another_period_is_another_round(db, world) -> None:
    xa = countries(db, "XA")[0]
    for label in ("2027", "2027-H1", "2027-H2"):
        lifecycle.open_round(db, world["admin"], xa, "web-test", "1.0", label)
    assert [label for _, label, *_ in rounds_of(db)] == ["2027", "2027-H1", "2027-H2"]


def test_a_round_needs_at_least_one_country(db, world) -> None:
    with pytest.raises(RoundRefused, match=re.escape("Choose at least one country.")) as refused:
        rounds.open_rounds(db, world["admin"], [], "web-test", "1.0", RoundName(2027), NEXT_MONTH)
    assert refused.value.field == "countries"


def test_a_deadline_in_the_past_opens_nothing(db, world) -> None:
    with pytest.raises(RoundRefused, match="is past"):
        rounds.open_rounds(
            db,
            world["admin"],
            countries(db, "XA"),
            "web-test",
            "1.0",
            RoundName(2027),
            TODAY - timedelta(days=1),
        )
    assert rounds_of(db) == []


def test_a_secretariat_cannot_open_rounds_for_another_regions_country(db, world) -> None:
    with pytest.raises(
        NotAllowed, match=re.escape("You may not open an assessment round for Corvalia.")
    ):
        rounds.open_rounds(
            db,
            world["secretariat-seee"],
            countries(db, "XA", "XC"),
            "web-test",
            "1.0",
            RoundName(2027),
            NEXT_MONTH,
        )
    assert rounds_of(db) == []


def test_a_round_opened_meanwhile_by_someone_else_refuses_the_whole_batch(
    db, world, monkeypatch
) -> None:
    # As if another secretariat's insert landed between this check and this insert.
    lifecycle.open_round(db, world["admin"], countries(db, "XB")[0], "web-test", "1.0", "2027")
    monkeypatch.setattr(rounds, "_having_round", lambda *args: [])
    with pytest.raises(RoundRefused, match="opened for one of these countries at this very moment"):
        rounds.open_rounds(
            db,
            world["secretariat-seee"],
            countries(db, "XA", "XB"),
            "web-test",
            "1.0",
            RoundName(2027),
            NEXT_MONTH,
        )
    assert rounds_of(db) == [("XB", "2027", 2027, None)]
