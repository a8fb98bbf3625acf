"""One stored plan behind the plan page and its PDF: the PDF prints the stored actions with
people's edits, and when the answers changed after the plan was made, both say so."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from sqlalchemy import update
from sqlalchemy.engine import make_url

from assess.cli import main
from assess.models import AnswerRecord, Plan
from assess.services import plans
from assess.services.answers import save_answer
from assess.words.numbers import date as written_date
from assess.words.plan_codes import code_word
from tests.web.plan_support import (
    PLAN_QUESTIONNAIRES,
    accept_all,
    assessment_of,
    person,
    region,
    signed_in,
)

LEAD = "Civil Protection Directorate"
NOTICE = "The answers changed after this plan was made on {date}; regenerate it to include them."


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES, REPORT_RESULT_DIR=tmp_path / "out")


def _set_level(db, question_id: str, level: float) -> None:
    a, nfp = assessment_of(db, "XA"), person(db, "nfp-xa")
    record = next((r for r in a.answers if r.question_id == question_id), None)
    save_answer(db, nfp, a, question_id, "answered", level, None, record.version if record else 0)


@pytest.fixture
def plan(db, demo) -> Plan:
    """XA's plan with every question at level 1 (nine actions), one lead agency edited."""
    for question_id in ("leg_own", "leg_inherit", "leg_alone", "resp_teams"):
        _set_level(db, question_id, 1)
    made = plans.generate_national(db, person(db, "nfp-xa"), assessment_of(db, "XA")).plan
    plans.edit_action(db, person(db, "nfp-xa"), made, "resp_ind:3", {"lead_agency": LEAD})
    return made


def _notice(plan: Plan) -> str:
    return NOTICE.format(date=written_date(plan.generated_at.date(), "en"))


def _page(app, db) -> str:
    url = f"/assessments/{assessment_of(db, 'XA').id}/plan"
    return html.unescape(signed_in(app, "nfp-xa").get(url).get_data(as_text=True))


def _pdf(app, db, folder: Path) -> list[str]:
    """The plan's report made by a report job, as the NFP starts it; the text of its pages."""
    client = signed_in(app, "nfp-xa")
    url = f"/assessments/{assessment_of(db, 'XA').id}/plan/report"
    started = client.post(url, data={"lang": "en"})
    app.extensions["assess.jobs"].wait(120)
    with client.get(started.headers["Location"] + "/download") as download:
        assert download.status_code == 200, download.status_code
        (folder / "plan.pdf").write_bytes(download.data)
    return [
        " ".join(page.extract_text().split()) for page in pypdf.PdfReader(folder / "plan.pdf").pages
    ]


def _page_rows(page: str) -> list[tuple[str, str, str]]:
    """The plan page's actions in order: (priority, title, lead agency)."""
    rows = []
    for chunk in page.split('<tr id="action-')[1:]:
        cells = re.findall(r"<td>(.*?)</td>", chunk, re.S)
        title = re.search(r'<a href="[^"]*">(.*?)</a>', chunk, re.S)
        assert title is not None
        # Titles and leads are isolated (<bdi>) for right-to-left pages: their words.
        words = [re.sub(r"<[^>]+>", "", text) for text in (title.group(1), cells[3])]
        rows.append((cells[1].split(" <span")[0], *words))
    return rows


def test_the_pdf_prints_the_pages_actions_with_their_edits(app, db, plan, tmp_path):
    # Answers that would drop four of the nine actions were the plan rebuilt from them.
    _set_level(db, "leg_alone", 3)
    _set_level(db, "resp_teams", 3)
    rows = _page_rows(_page(app, db))
    assert len(rows) == 9 and (code_word("priority", "high", "en"), "Exercise teams", LEAD) in rows
    printed = " ".join(_pdf(app, db, tmp_path))
    starts, cursor = [], printed.rindex("Prioritised actions")
    for number, (priority, title, _lead) in enumerate(rows, start=1):
        cursor = printed.find(f"{number} {priority} {title}", cursor)
        assert cursor != -1, (number, priority, title)
        starts.append(cursor)
    ends = [*starts[1:], printed.index("Annex", starts[-1])]
    for (_priority, _title, lead), start, end in zip(rows, starts, ends, strict=True):
        assert lead in printed[start:end]
    assert f"call for {len(rows)} actions" in printed


def test_changed_answers_are_said_on_the_page_and_the_pdf_cover(app, db, plan, tmp_path):
    _set_level(db, "resp_teams", 2)
    page = _page(app, db)
    assert _notice(plan) in page
    generate = f'action="/assessments/{assessment_of(db, "XA").id}/plan/generate"'
    assert generate in page
    cover = _pdf(app, db, tmp_path)[0]
    assert _notice(plan) in cover


def _command_url(database_url: str, test_database) -> str:
    """The test's database as a command reaches it: on PostgreSQL, its schema goes in the URL."""
    options = test_database.engine_options.get("connect_args", {}).get("options")
    url = make_url(database_url)
    return (url.update_query_dict({"options": options}) if options else url).render_as_string(
        hide_password=False
    )


def test_the_report_command_warns_that_the_answers_changed(
    app, db, plan, database_url, test_database, tmp_path, monkeypatch
):
    _set_level(db, "resp_teams", 2)
    monkeypatch.setenv("ASSESS_ENV", "development")
    monkeypatch.setenv("ASSESS_DATABASE_URL", _command_url(database_url, test_database))
    monkeypatch.setenv("ASSESS_QUESTIONNAIRES_DIR", str(PLAN_QUESTIONNAIRES))
    monkeypatch.setenv("ASSESS_INSTANCE_DIR", str(tmp_path))
    output = tmp_path / "plan.pdf"
    args = ["report", "national", "--country", "XA", "-o", str(output)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == _notice(plan)
    cover = pypdf.PdfReader(output).pages[0].extract_text()
    assert _notice(plan) in " ".join(cover.split())


def test_unchanged_answers_say_nothing(app, db, plan, tmp_path):
    assert "The answers changed" not in _page(app, db)
    assert not any("The answers changed" in page for page in _pdf(app, db, tmp_path))


def test_regenerating_takes_the_new_answers_and_ends_the_notice(app, db, plan):
    _set_level(db, "resp_teams", 3)
    client = signed_in(app, "nfp-xa")
    url = f"/assessments/{assessment_of(db, 'XA').id}/plan"
    assert client.post(f"{url}/generate").status_code == 303
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "The answers changed" not in page
    assert len(_page_rows(page)) == 7  # resp_ind:1 and resp_ind:2 are reached now


def test_the_notice_is_said_in_the_reader_language(app, db, plan):
    _set_level(db, "resp_teams", 2)
    client = signed_in(app, "nfp-xa")
    client.post("/language", data={"lang": "fr", "next": "/"})
    page = client.get(f"/assessments/{assessment_of(db, 'XA').id}/plan").get_data(as_text=True)
    assert "Les réponses ont changé après l'établissement de ce plan le " in html.unescape(page)


def test_a_report_page_without_a_plan_says_to_generate_it(app, db, demo):
    url = f"/assessments/{assessment_of(db, 'XA').id}/plan/report"
    page = signed_in(app, "nfp-xa").get(url)
    assert page.status_code == 200
    assert "No plan has been generated for Arvenia&#39;s round" in page.get_data(as_text=True)


def _forget_inputs(db, plan: Plan) -> None:
    """The plan as stored before plans kept their inputs."""
    db.execute(update(Plan).where(Plan.id == plan.id).values(inputs=None, inputs_changed_at=None))
    db.commit()


def test_an_older_plan_reads_from_answers_that_still_match_it(app, db, plan):
    _forget_inputs(db, plan)
    url = f"/assessments/{assessment_of(db, 'XA').id}/plan/report"
    page = html.unescape(signed_in(app, "nfp-xa").get(url).get_data(as_text=True))
    assert LEAD in page and "The answers changed" not in page


def test_an_older_plan_whose_answers_changed_asks_to_be_regenerated(app, db, plan):
    _forget_inputs(db, plan)
    _set_level(db, "resp_teams", 2)
    url = f"/assessments/{assessment_of(db, 'XA').id}/plan/report"
    page = html.unescape(signed_in(app, "nfp-xa").get(url).get_data(as_text=True))
    assert "This plan was made before plans kept their answers" in page


def test_a_regional_plan_says_when_its_accepted_answers_changed(app, db, demo):
    _set_level(db, "resp_teams", 1)
    accept_all(db, "SEEE")
    secretariat = person(db, "secretariat-seee")
    made = plans.generate_regional(db, secretariat, region(db, "SEEE")).plan
    client = signed_in(app, "secretariat-seee")
    assert "The answers changed" not in client.get("/regions/SEEE/plan").get_data(as_text=True)
    # An accepted answer changed behind the plan's back (no page allows it; the hash sees it).
    xa = assessment_of(db, "XA")
    db.execute(
        update(AnswerRecord)
        .where(AnswerRecord.assessment_id == xa.id, AnswerRecord.question_id == "resp_teams")
        .values(value=4)
    )
    db.commit()
    page = html.unescape(client.get("/regions/SEEE/plan").get_data(as_text=True))
    assert _notice(made) in page
    report = html.unescape(client.get("/regions/SEEE/plan/report").get_data(as_text=True))
    assert _notice(made) in report
