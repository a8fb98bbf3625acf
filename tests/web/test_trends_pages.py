"""The trends pages: a country's and a region's scores round after round, their chart and links."""

from __future__ import annotations

import html
import re

import pytest

from assess.services import plans, progress
from assess.services.plans import national_plan_of
from tests.services.carry_support import CBRN_APP
from tests.services.trend_support import planned, round_of

APP_SETTINGS = CBRN_APP


@pytest.fixture
def rounds(db, world):
    """Arvenia: 2026 accepted under 1.0 with a plan, 2027 in draft under 1.1; Belmora: both
    rounds accepted."""
    xa_2026 = round_of(db, world, "XA", "1.0", "2026", status="submitted")
    round_of(db, world, "XA", "1.1", "2027", status="draft", share=0.6)
    xb_2026 = round_of(db, world, "XB", "1.0", "2026", status="submitted")
    round_of(db, world, "XB", "1.1", "2027")
    for earlier in (xa_2026, xb_2026):
        earlier.status = "accepted"
    db.commit()
    planned(db, world, xa_2026, a="completed", b="delayed")
    return xa_2026


def text_of(response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_a_country_s_page_shows_each_round_its_changes_and_the_plan_outcome(
    client, login, rounds
) -> None:
    login("nfp-xa")
    response = client.get("/countries/XA/trends")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    words = " ".join(text_of(response).split())
    assert "Trends: Arvenia" in words
    assert "Round 2027 is not accepted yet" in words
    # Titles, never ids; every area row with both rounds as columns.
    assert "Legal and regulatory framework" in words or "Legal framework" in words
    assert '<th scope="col"><span dir="auto">2026</span></th>' in page
    assert "Not comparable" in words  # areas holding questions new in 1.1
    assert re.search(r"Improved|Regressed|Unchanged", words)
    assert "<details>" in page and "<summary>" in page
    # The chart: an SVG with its axes named and a legend naming the areas.
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "Round" in svg and "Score" in svg and "Area scores per round" in svg
    assert "How the plan of round 2026 ended" in words
    assert re.search(r"Completed 1 Ongoing 0 Delayed 1", words)


def test_an_arabic_page_runs_right_to_left(client, login, rounds) -> None:
    login("nfp-xa")
    client.post("/language", data={"lang": "ar", "next": "/"})
    page = client.get("/countries/XA/trends").get_data(as_text=True)
    assert 'dir="rtl"' in page
    # The chart is mirrored: the first round sits on the right.
    svg = page[page.index("<svg") : page.index("</svg>")]
    first = re.search(r'<tspan x="([\d.]+)"[^>]*>2026<', svg)
    last = re.search(r'<tspan x="([\d.]+)"[^>]*>2027<', svg)
    assert first and last and float(first.group(1)) > float(last.group(1))


def test_a_region_s_page_means_its_countries_per_round(client, login, rounds) -> None:
    login("secretariat-seee")
    response = client.get("/regions/SEEE/trends")
    assert response.status_code == 200
    words = " ".join(text_of(response).split())
    assert "Trends: South East and Eastern Europe" in words
    assert "2 countries" in words and "1 country" in words
    assert "Countries: Arvenia and Belmora." in words
    assert re.search(r"\d+ improved, \d+ regressed, \d+ unchanged", words)
    assert "/countries/XA/trends" in response.get_data(as_text=True)


def test_a_country_without_a_round_says_so(client, login, world) -> None:
    login("nfp-xc")
    assert "No round to follow yet." in text_of(client.get("/countries/XC/trends"))


@pytest.mark.parametrize("who", ["nfp-xb", "team-xb", "coordinator", "expert", "secretariat-aaf"])
def test_others_get_404_for_a_country_s_trends(client, login, rounds, who) -> None:
    login(who)
    assert client.get("/countries/XA/trends").status_code == 404


@pytest.mark.parametrize("who", ["nfp-xa", "coordinator", "secretariat-aaf"])
def test_others_get_404_for_a_region_s_trends(client, login, rounds, who) -> None:
    login(who)
    assert client.get("/regions/SEEE/trends").status_code == 404


def test_unknown_codes_are_not_found(client, login, world) -> None:
    login("admin")
    assert client.get("/countries/QQ/trends").status_code == 404
    assert client.get("/regions/NOPE/trends").status_code == 404


def test_the_overview_region_page_and_dashboard_link_to_the_trends(client, login, rounds) -> None:
    login("secretariat-seee")
    overview = client.get(f"/assessments/{rounds.id}").get_data(as_text=True)
    assert 'href="/countries/XA/trends"' in overview
    region = client.get("/regions/SEEE").get_data(as_text=True)
    assert 'href="/regions/SEEE/trends"' in region and 'href="/countries/XB/trends"' in region
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert 'href="/regions/SEEE/trends"' in dashboard and 'href="/countries/XA/trends"' in dashboard


def test_the_previous_plans_kpis_show_their_target_and_last_value(
    client, login, db, world, rounds
) -> None:
    plan = national_plan_of(db, rounds)
    action_id = next(row.action_id for row in plan.actions if row.active)
    kpis = [
        {"name": "Drills held", "baseline": "0", "target": "4", "date": "2027-12-31"},
        {"name": "Staff trained", "baseline": "", "target": "30", "date": ""},
    ]
    plans.edit_action(db, world["nfp-xa"], plan, action_id, {"kpis": kpis})
    for day, value in (("2026-10-01", "3"), ("2026-06-01", "1")):
        fields = {"kpi": "Drills held", "value": value, "refers_to": day}
        progress.record_progress(db, world["nfp-xa"], plan, action_id, fields)
    login("nfp-xa")
    words = " ".join(text_of(client.get("/countries/XA/trends")).split())
    assert "Drills held : target 4 (by 2027-12-31); last recorded 3 on 2026-10-01" in words
    assert "Staff trained : target 30; no value recorded" in words
