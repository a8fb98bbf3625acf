"""The interregional overview: each region's aggregates and shared priorities side by side, for
coordinators and admins, read from the stored regional plans, and nothing about any one country."""

from __future__ import annotations

import html
from dataclasses import fields, is_dataclass

import pypdf
import pytest
from sqlalchemy import update

from assess.models import AnswerRecord
from assess.plans.interregional import NO_PLAN, STALE_PLAN, AreaFigures
from assess.scoring.rollup import rollup
from assess.services import demo as demo_data
from assess.services import interregional, plans
from assess.services.answers import save_answer
from assess.services.errors import NotAllowed
from assess.services.people import ensure_country, ensure_region
from assess.services.plan_inputs import accepted_assessments, national_inputs
from assess.words.catalogue import words_in
from tests.reports.readback import normalised
from tests.web.plan_support import (
    PLAN_QUESTIONNAIRES,
    accept_all,
    assessment_of,
    person,
    region,
    signed_in,
)

# A region of its own with a country and no assessment: it has no regional plan.
EMPTY_REGION = ("CA", "Central Asia")


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES, REPORT_RESULT_DIR=tmp_path / "out")


def _set_level(db, code: str, question_id: str, level: float) -> None:
    a, nfp = assessment_of(db, code), person(db, f"nfp-{code.lower()}")
    record = next((r for r in a.answers if r.question_id == question_id), None)
    save_answer(db, nfp, a, question_id, "answered", level, None, record.version if record else 0)


@pytest.fixture
def planned(db, demo):
    """Both demo regions accepted, with the same weak answers in one country of each, and their
    regional plans generated; a third region with no plan."""
    for code in ("XA", "XC"):
        for question_id in ("leg_own", "leg_inherit", "resp_teams"):
            _set_level(db, code, question_id, 1)
    for code in ("SEEE", "AAF"):
        accept_all(db, code)
        plans.generate_regional(db, person(db, f"secretariat-{code.lower()}"), region(db, code))
    ensure_country(db, "XE", "Estavia", ensure_region(db, *EMPTY_REGION))
    return demo


def _overview(db, username: str = "coordinator", lang: str = "en"):
    return interregional.overview(db, person(db, username), lang)


def test_each_region_shows_its_area_means_and_medians(db, planned) -> None:
    found = {view.code: view for view in _overview(db).regions}
    for code in ("SEEE", "AAF"):
        scored = {
            a.country.code: national_inputs(db, a)
            for a in accepted_assessments(db, region(db, code))
        }
        q = next(iter(scored.values())).questionnaire
        expected = rollup(q, {c: i.score for c, i in scored.items()})
        view = found[code]
        assert (view.combined, view.countries) == (2, 2)
        assert view.areas == {
            area.id: AreaFigures(expected.nodes[area.id].mean, expected.nodes[area.id].median, 2, 2)
            for area in q.areas()
            if expected.nodes[area.id].count
        }
        assert view.questionnaire == "Plan test 1.0"


def test_a_region_without_a_plan_is_listed_as_such(db, planned) -> None:
    empty = next(view for view in _overview(db).regions if view.code == EMPTY_REGION[0])
    assert (empty.missing, empty.areas, empty.priorities, empty.countries) == (NO_PLAN, {}, (), 1)


def test_an_area_scored_in_one_country_only_shows_no_mean(db, demo) -> None:
    """Over one country a mean is that country's score: it is not shown."""
    accept_all(db, "AAF")
    aaf = region(db, "AAF")
    assessment_of(db, "XC").status = "returned"
    db.commit()
    plans.generate_regional(db, person(db, "secretariat-aaf"), aaf)
    view = next(view for view in _overview(db).regions if view.code == "AAF")
    assert view.combined == 1
    assert view.areas and all(
        (figures.mean, figures.median, figures.count) == (None, None, 1)
        for figures in view.areas.values()
    )


def test_priorities_shared_in_several_regions_come_first_with_each_region(db, planned) -> None:
    found = _overview(db)
    seee = {p.key: p for p in next(v for v in found.regions if v.code == "SEEE").priorities}
    aaf = {p.key: p for p in next(v for v in found.regions if v.code == "AAF").priorities}
    both = set(seee) & set(aaf)
    assert both
    common = found.common[: len(both)]
    assert {c.key for c in common} == both
    assert all([v.code for v, _p in c.regions] == ["AAF", "SEEE"] for c in common)
    assert all(len(c.regions) == 1 for c in found.common[len(both) :])
    first = common[0]
    assert first.title == seee[first.key].title and first.indicator


def _strings(value) -> list[str]:
    """Every string and number an overview holds, however deep."""
    if is_dataclass(value):
        return [s for f in fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, tuple | list):
        return [s for item in value for s in _strings(item)]
    return [str(value)]


def test_the_overview_holds_nothing_of_any_one_country(db, planned) -> None:
    held = _strings(_overview(db))
    countries = [(code, name) for code, name, _region in demo_data.COUNTRIES]
    named = [w for w in held for code, name in countries if w == code or name in w]
    comments = [w for w in held for comment in demo_data.COMMENTS if comment in w]
    assert (named, comments) == ([], [])
    scores = {
        str(i.score.nodes[area].score)
        for code in ("SEEE", "AAF")
        for a in accepted_assessments(db, region(db, code))
        for i in [national_inputs(db, a)]
        for area in i.score.nodes
        if i.score.nodes[area].score is not None
    }
    means = {str(f.mean) for v in _overview(db).regions for f in v.areas.values()}
    # A mean may equal a country's score by chance; country scores are never held otherwise.
    assert [w for w in held if w in scores and w not in means] == []


@pytest.mark.parametrize("username", ["secretariat-seee", "nfp-xa", "team-xa", "expert"])
def test_only_coordinators_and_admins_get_the_overview(db, planned, username) -> None:
    with pytest.raises(NotAllowed):
        _overview(db, username)


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("coordinator", 200),
        ("admin", 200),
        ("secretariat-aaf", 404),
        ("nfp-xd", 404),
        ("expert", 404),
    ],
)
def test_the_page_is_for_coordinators_and_admins(app, planned, username, status) -> None:
    assert signed_in(app, username).get("/interregional").status_code == status


def test_the_page_names_regions_areas_and_priorities_never_ids(app, db, planned) -> None:
    page = html.unescape(signed_in(app, "coordinator").get("/interregional").get_data(as_text=True))
    for words in ("South East and Eastern Europe", "Central Asia", "Legal framework", "Response"):
        assert words in page
    assert "No regional plan has been generated yet." in page
    assert "2 of 2 countries" in page
    assert ">SEEE<" not in page and ">legal<" not in page
    for _code, name, _region in demo_data.COUNTRIES:
        assert name not in page


def test_the_page_says_numbers_in_the_reader_language(app, db, planned) -> None:
    client = signed_in(app, "coordinator")
    client.post("/language", data={"lang": "fr"})
    page = html.unescape(client.get("/interregional").get_data(as_text=True))
    mean = next(f.mean for v in _overview(db).regions for f in v.areas.values() if f.mean)
    assert f"moyenne {mean:.1f}".replace(".", ",") in page


def test_the_dashboard_links_the_overview_for_coordinators_only(app, planned) -> None:
    link = 'href="/interregional"'
    assert link in signed_in(app, "coordinator").get("/dashboard").get_data(as_text=True)
    assert link not in signed_in(app, "secretariat-seee").get("/dashboard").get_data(as_text=True)


def test_the_coordinators_dashboard_lists_no_region_and_no_assessment(app, planned) -> None:
    body = signed_in(app, "coordinator").get("/dashboard").get_data(as_text=True)
    assert ("/assessments/" in body, "/regions/" in body) == (False, False)


def test_a_region_whose_old_plan_cannot_be_read_again_is_listed_as_such(app, db, planned) -> None:
    """A plan stored before plans kept their answers, whose answers changed since."""
    plan = plans.regional_plan_of(db, region(db, "SEEE"))
    plan.inputs, plan.inputs_changed_at = None, None
    db.execute(
        update(AnswerRecord)
        .where(AnswerRecord.assessment_id == assessment_of(db, "XA").id)
        .values(comment="changed after the plan")
    )
    db.commit()
    seee = next(view for view in _overview(db).regions if view.code == "SEEE")
    assert (seee.missing, seee.areas) == (STALE_PLAN, {})
    page = html.unescape(signed_in(app, "coordinator").get("/interregional").get_data(as_text=True))
    assert "its secretariat should regenerate it" in page


def _pdf_text(app, lang: str, folder, username: str = "coordinator") -> str:
    """The interregional report made by a report job, as `username` starts it; its text."""
    client = signed_in(app, username)
    started = client.post("/interregional/report", data={"lang": lang})
    app.extensions["assess.jobs"].wait(120)
    with client.get(started.headers["Location"] + "/download") as response:
        assert (response.status_code, response.mimetype) == (200, "application/pdf")
        path = folder / f"interregional-{lang}.pdf"
        path.write_bytes(response.data)
    return normalised(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages))


def test_the_pdf_prints_each_regions_figures_and_shared_priorities(app, db, planned, tmp_path):
    text = _pdf_text(app, "en", tmp_path)
    found = _overview(db)
    seee = next(view for view in found.regions if view.code == "SEEE")
    for words in (
        "Interregional CBRN overview",
        "South East and Eastern Europe",
        "Central Asia",
        "No regional plan has been generated yet.",
        "Shared priorities across regions",
        found.common[0].title,
        f"{next(f.mean for f in seee.areas.values() if f.mean is not None):.1f}",
        "2 of 2 countries",
    ):
        assert words in text
    for _code, name, _region in demo_data.COUNTRIES:
        assert name not in text


def test_the_pdf_comes_in_arabic(app, planned, tmp_path):
    text = _pdf_text(app, "ar", tmp_path)
    assert normalised(words_in("ar").gettext("Shared priorities across regions")) in text


def test_the_report_page_prints_what_the_pdf_prints(app, db, planned):
    page = signed_in(app, "coordinator").get("/interregional/report?lang=en")
    body = html.unescape(page.get_data(as_text=True))
    assert "Interregional CBRN overview" in body and "Shared priorities across regions" in body
    assert "<svg" in body  # the heat map of means, as in the PDF


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("username", ["secretariat-seee", "nfp-xa", "expert"])
def test_only_coordinators_and_admins_get_the_report(app, planned, method, username):
    client = signed_in(app, username)
    assert getattr(client, method)("/interregional/report").status_code == 404


def test_an_admin_makes_the_report_too(app, planned, tmp_path):
    assert "Interregional CBRN overview" in _pdf_text(app, "en", tmp_path, "admin")


def test_the_report_job_is_followed_only_by_whoever_asked_for_it(app, db, planned):
    client = signed_in(app, "coordinator")
    job_url = client.post("/interregional/report", data={"lang": "en"}).headers["Location"]
    app.extensions["assess.jobs"].wait(120)
    assert client.get(job_url).status_code == 200
    for username in ("admin", "secretariat-seee", "nfp-xa", "expert"):
        other = signed_in(app, username)
        statuses = (other.get(job_url).status_code, other.get(job_url + "/download").status_code)
        assert statuses == (404, 404), username
