"""The region page's form that opens a round for some or all of the region's countries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from assess.models import Assessment, Country, utcnow
from assess.services import assessments as lifecycle

DEADLINE = (utcnow().date() + timedelta(days=60)).isoformat()
YESTERDAY = (utcnow().date() - timedelta(days=1)).isoformat()


def opened(db) -> list[tuple[str, str, str | None]]:
    db.expire_all()
    rows = db.execute(
        select(Country.code, Assessment.round_label, Assessment.deadline)
        .join(Assessment.country)
        .order_by(Country.code, Assessment.id)
    )
    return [
        (code, label, deadline.isoformat() if deadline else None) for code, label, deadline in rows
    ]


def form(**fields: object) -> dict[str, object]:
    return {
        "countries": ["XA", "XB"],
        "questionnaire": "web-test|1.0",
        "year": "2027",
        "period": "",
        "deadline": DEADLINE,
    } | fields


def checked_countries(page: str) -> list[str]:
    return re.findall(
        r'<input checked id="countries-\d+" name="countries" type="checkbox" value="(\w+)"', page
    )


def test_every_country_of_the_region_is_chosen_at_first(client, world, login) -> None:
    login("secretariat-seee")
    page = client.get("/regions/SEEE").get_data(as_text=True)
    assert checked_countries(page) == ["XA", "XB"]
    assert 'name="year"' in page and 'name="period"' in page and 'type="date"' in page


def test_a_secretariat_opens_a_round_for_its_whole_region(client, world, login, db) -> None:
    login("secretariat-seee")
    response = client.post("/regions/SEEE/rounds", data=form(period="H1"))
    assert (response.status_code, response.headers["Location"]) == (302, "/regions/SEEE")
    assert opened(db) == [("XA", "2027-H1", DEADLINE), ("XB", "2027-H1", DEADLINE)]
    page = client.get("/regions/SEEE").get_data(as_text=True)
    assert "Round 2027-H1 opened for Arvenia and Belmora." in page
    assert page.count(f'<time datetime="{DEADLINE}">{DEADLINE}</time>') == 2


def test_an_admin_opens_a_round_for_some_countries(client, world, login, db) -> None:
    login("admin")
    response = client.post("/regions/AAF/rounds", data=form(countries=["XD"]))
    assert response.status_code == 302
    assert opened(db) == [("XD", "2027", DEADLINE)]


def test_a_refused_form_keeps_what_was_typed_and_says_each_problem_beside_its_field(
    client, world, login, db
) -> None:
    login("secretariat-seee")
    data = form(countries=["XB"], year="next year", period="Q3", deadline=YESTERDAY)
    response = client.post("/regions/SEEE/rounds", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert checked_countries(page) == ["XB"]
    assert 'value="next year"' in page and f'value="{YESTERDAY}"' in page
    assert '<option selected value="Q3">' in page
    assert re.search(
        r'<p class="error" id="year-error">Give the round&#39;s year as four digits', page
    )
    assert f'<p class="error" id="deadline-error">The deadline {YESTERDAY} is past' in page
    assert opened(db) == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"deadline": ""}, "deadline", "This field is required."),
        ({"deadline": "31/12/2027"}, "deadline", "Not a valid date value."),
        ({"countries": []}, "countries", "Choose at least one country."),
        ({"period": "H3"}, "period", "Not a valid choice."),
    ],
)
def test_a_round_missing_a_part_is_refused_beside_that_field(
    client, world, login, db, fields, field, message
) -> None:
    login("secretariat-seee")
    response = client.post("/regions/SEEE/rounds", data=form(**fields))
    assert response.status_code == 422
    assert f'<p class="error" id="{field}-error">{message}' in response.get_data(as_text=True)
    assert opened(db) == []


def test_a_country_of_another_region_cannot_be_posted(client, world, login, db) -> None:
    login("secretariat-seee")
    response = client.post("/regions/SEEE/rounds", data=form(countries=["XA", "XC"]))
    assert response.status_code == 422
    assert "&#39;XC&#39; is not a valid choice" in response.get_data(as_text=True)
    assert opened(db) == []


@pytest.mark.parametrize("username", ["secretariat-aaf", "nfp-xa", "team-xa", "expert"])
def test_others_cannot_open_a_round_for_the_region(client, world, login, db, username) -> None:
    login(username)
    assert client.post("/regions/SEEE/rounds", data=form()).status_code == 404
    assert opened(db) == []


def test_countries_that_have_the_round_are_named_and_the_others_opened(
    client, world, login, db
) -> None:
    xa = db.scalar(select(Country).where(Country.code == "XA"))
    lifecycle.open_round(db, world["admin"], xa, "web-test", "1.0", "2027")
    login("secretariat-seee")
    page = client.post("/regions/SEEE/rounds", data=form(), follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "Round 2027 opened for Belmora." in text
    assert "Arvenia already has a round &#39;2027&#39; of web-test." in text
    assert opened(db) == [("XA", "2027", None), ("XB", "2027", DEADLINE)]


def test_when_every_country_has_the_round_the_refusal_names_them(client, world, login, db) -> None:
    for code in ("XA", "XB"):
        country = db.scalar(select(Country).where(Country.code == code))
        lifecycle.open_round(db, world["admin"], country, "web-test", "1.0", "2027")
    login("secretariat-seee")
    response = client.post("/regions/SEEE/rounds", data=form())
    assert response.status_code == 422
    assert (
        '<p class="error" id="countries-error">Arvenia, Belmora already have a round '
        "&#39;2027&#39; of web-test." in response.get_data(as_text=True)
    )


def test_the_dashboard_shows_each_rounds_deadline(client, world, login) -> None:
    login("secretariat-seee")
    client.post("/regions/SEEE/rounds", data=form(countries=["XA"]))
    login("nfp-xa")
    page = client.get("/dashboard").get_data(as_text=True)
    assert f'<time datetime="{DEADLINE}">{DEADLINE}</time>' in page


def test_in_arabic_dates_and_round_names_stay_left_to_right_in_a_sentence(
    client, world, login, db
) -> None:
    # Without isolates an Arabic sentence shows 2026-12-03 as 03-12-2026 and 2027-H1 as H1-2027.
    client.post("/language", data={"lang": "ar", "next": "/"})
    login("secretariat-seee")
    page = client.post("/regions/SEEE/rounds", data=form(deadline=YESTERDAY)).get_data(as_text=True)
    assert f"\u2066{YESTERDAY}\u2069" in page
    client.post("/regions/SEEE/rounds", data=form(period="H1"))
    assert "\u20662027-H1\u2069" in client.get("/regions/SEEE").get_data(as_text=True)
