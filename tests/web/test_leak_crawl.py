"""The leak crawl: a unique marker in each country's answers, comments, evidence and queries,
and so in the national plans and reports made from them; every user crawls every page and
download they can reach (report PDFs read back as text); no marker of a country reaches anyone
outside it.

Who may read a country's answers (assess.services.access): its NFP and team, the secretariat of
its region, and admins. Experts read questionnaires, never answers, so they may see no marker;
coordinators read regions side by side, never a country's data, so they may see none either.
"""

from __future__ import annotations

import html
import re
import uuid
from collections import deque
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.exports.tables import TABLES
from assess.exports.writers import FORMATS
from assess.extensions import Database
from assess.models import Assessment, Country, Plan, Proposal, Region, ReportJob, User
from assess.services import assessments as lifecycle
from assess.services import assistance, ministries, notifications, plans, report_jobs
from assess.services import demo as demo_data
from assess.services import queries as query_threads
from assess.services.answers import save_answer
from assess.services.evidence_files import add_file
from assess.services.questionnaires import questionnaire_of, questionnaires
from tests.web.api_support import token_header

# The web test questionnaire with action templates, so the plans made from it have actions.
PLAN_QUESTIONNAIRES = Path(__file__).parent / "data" / "plan_questionnaires"
LINK = re.compile(r'(?:href|src|action)="([^"]*)"')
MAX_PAGES = 3000
# Every table of an export in every format (the crawl reads workbooks too).
EXPORT_QUERIES = [{"table": t, "format": f} for t in TABLES for f in FORMATS]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Routes the crawl never requests, and why.
NOT_CRAWLED = {"auth.logout": "ends the session being crawled"}


def marker(code: str) -> str:
    """The unique text planted in country `code`'s data."""
    return f"LEAK{code}{uuid.uuid5(uuid.NAMESPACE_URL, code).hex[:12]}"


def plant(app: Flask, db: Session, users: dict[str, User], code: str) -> Assessment:
    """The country's demo round, answered in full, its marker in a text answer, a comment,
    evidence lines, an evidence file (name and content), and once submitted a query and its
    reply, then taken to the demo's status for that country."""
    country = db.scalar(select(Country).where(Country.code == code))
    secretariat = users[f"secretariat-{country.region.code.lower()}"]
    nfp = users[f"nfp-{code.lower()}"]
    qid, version = demo_data.demo_questionnaire(db)
    assessment = lifecycle.open_round(db, secretariat, country, qid, version, "2026")
    questionnaire = questionnaires(db).get(qid, version)
    demo_data.fill(db, nfp, assessment, questionnaire, code, share=1.0)
    text_question = next(q for q in questionnaire.questions() if q.type == "text")
    save_answer(db, nfp, assessment, text_question.id, "answered", f"notes {marker(code)}", None, 1)
    first = next(iter(questionnaire.questions()))
    save_answer(
        db, nfp, assessment, first.id, "dont_know", None, f"comment {marker(code)}", 1,
        [f"evidence {marker(code)}", f"https://evidence.example/{marker(code)}"],
    )  # fmt: skip
    content = BytesIO(f"file {marker(code)}\n".encode())
    store, limit = app.extensions["assess.files"], app.config["MAX_UPLOAD_BYTES"]
    add_file(db, nfp, assessment, first.id, f"{marker(code)}.txt", content, store, limit)
    plant_ministry(db, users, assessment, questionnaire.areas()[0].id)
    status = demo_data.STATUSES[code]
    if status != "draft":
        lifecycle.submit(db, nfp, assessment)
        raised = f"query {marker(code)}"
        query = query_threads.raise_query(db, secretariat, assessment, first.id, raised)
        if status == "returned":
            lifecycle.return_with_queries(db, secretariat, assessment, {})
        query_threads.reply(db, nfp, query, f"reply {marker(code)}")
    if status == "accepted":
        lifecycle.accept(db, secretariat, assessment)
    return assessment


def plant_ministry(db: Session, users: dict[str, User], assessment: Assessment, area: str) -> None:
    """A ministry named with the country's marker, its team member in it, its part marked done."""
    code = assessment.country.code
    nfp, team = users[f"nfp-{code.lower()}"], users[f"team-{code.lower()}"]
    name = f"ministry {marker(code)}"
    made = ministries.create_ministry(db, nfp, assessment.country, name, "", [area], [team.id])
    ministries.mark_part(db, team, assessment, made, True)


def plant_plans(app: Flask, db: Session, users: dict[str, User]) -> list[Plan]:
    """A national plan generated from each assessment by its NFP, who puts the country's marker
    in an action's lead agency and requests assistance on it (an action its region's other
    countries' plans have too, when there is one, so that their requests are grouped); for each
    region a proposal of its first group (its secretariat); a regional plan for each region with
    an accepted assessment (its secretariat); each plan's report made by a job."""
    made = []
    for assessment in db.scalars(select(Assessment).order_by(Assessment.id)).all():
        nfp = users[f"nfp-{assessment.country.code.lower()}"]
        made.append((nfp, plans.generate_national(db, nfp, assessment).plan))
    for nfp, plan in made:
        code = plan.assessment.country.code
        action_id = _shared_action(plan, [other for _nfp, other in made])
        changes = {
            "lead_agency": f"agency {marker(code)}",
            "assistance_requested": True,
            "support": "training",
        }
        plans.edit_action(db, nfp, plan, action_id, changes)
    for region in db.scalars(select(Region).order_by(Region.code)).all():
        secretariat = users[f"secretariat-{region.code.lower()}"]
        group = assistance.region_requests(db, region)[0]
        assistance.make_proposal(db, secretariat, region, group.key, "Project", currency="EUR")
    for region in db.scalars(select(Region).order_by(Region.code)).all():
        if any(a.status == "accepted" for c in region.countries for a in _rounds(db, c)):
            secretariat = users[f"secretariat-{region.code.lower()}"]
            made.append((secretariat, plans.generate_regional(db, secretariat, region).plan))
    for user, plan in made:
        make_report(app, db, user, plan)
    return [plan for _user, plan in made]


def _shared_action(plan: Plan, others: list[Plan]) -> str:
    """The first action id the plan shares with another country's plan of its region, else its
    first action's."""
    region = plan.assessment.country.region_id
    mine = [row.action_id for row in plan.actions if row.active]
    theirs = {
        row.action_id
        for other in others
        if other is not plan and other.assessment.country.region_id == region
        for row in other.actions
        if row.active
    }
    return next((action_id for action_id in mine if action_id in theirs), mine[0])


def _rounds(db: Session, country: Country) -> list[Assessment]:
    return list(db.scalars(select(Assessment).where(Assessment.country_id == country.id)))


def make_report(app: Flask, db: Session, user: User, plan: Plan | None) -> ReportJob:
    """The plan's English report (no plan: the interregional report), made by a job run here and
    now (as a worker would)."""
    job = ReportJob(plan=plan, lang="en", status="queued", progress=0, created_by_id=user.id)
    db.add(job)
    db.commit()
    report_jobs.run_job(db, job.id, report_jobs.settings_for(app.config))
    return job


def plant_world(app: Flask, db: Session, users: dict[str, User]) -> None:
    """Each demo country's assessment, markers planted, in the demo's statuses, with the plans
    and reports made from them, and the coordinator's interregional report; and XD's next round,
    carried from its accepted one (its area pages show the markers as carried answers and as last
    round's answers)."""
    for code, _name, _region in demo_data.COUNTRIES:
        plant(app, db, users, code)
    plant_plans(app, db, users)
    make_report(app, db, users["coordinator"], None)
    accepted = db.scalar(select(Assessment).join(Assessment.country).where(Country.code == "XD"))
    qid, version = accepted.questionnaire_id, accepted.questionnaire_version
    lifecycle.open_round(db, users["secretariat-aaf"], accepted.country, qid, version, CARRIED)


# Built once for the module (tests/database.py), each test on a fresh copy; reports are
# written in the world's own folder.
APP_SETTINGS = {"QUESTIONNAIRES_DIR": PLAN_QUESTIONNAIRES}
WORLD = plant_world
CARRIED = "2027"  # XD's round carried from its accepted one


@pytest.fixture
def planted(db: Session) -> dict[str, Assessment]:
    """Each demo country's planted assessment, by country code; XD's carried round as XD-2027."""
    return {
        a.country.code + (f"-{CARRIED}" if a.round_label == CARRIED else ""): a
        for a in db.scalars(select(Assessment))
    }


def may_read(user: User, code: str, region: str) -> bool:
    """Whether `user` may read country `code`'s answers (see the module's docstring)."""
    if user.role == "admin":
        return True
    if user.role == "secretariat":
        return user.region.code == region
    return user.role in ("nfp", "team") and user.country.code == code


def route_urls(app: Flask, db: Session) -> Iterator[str]:
    """Every GET route of the app with every object id there is (assessments with each of their
    areas and questions, plans with each of their actions, report jobs, regions, countries), so
    pages no link leads to are fetched too."""
    values: dict[str, list] = {
        "region_code": [r.code for r in db.scalars(select(Region))],
        "country_code": [c.code for c in db.scalars(select(Country))],
        "job_id": list(db.scalars(select(ReportJob.id))),
        "proposal_id": list(db.scalars(select(Proposal.id))),
    }
    assessments = db.scalars(select(Assessment)).all()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in {*NOT_CRAWLED, "static"}:
            continue
        for filled in _fillings(db, rule.arguments, values, assessments):
            for query in EXPORT_QUERIES if rule.endpoint.startswith("exports.") else [{}]:
                with app.test_request_context():
                    yield url_for(rule.endpoint, **filled, **query)


def _fillings(db, arguments, values, assessments) -> Iterator[dict]:
    if "plan_id" in arguments:
        for plan in db.scalars(select(Plan)).all():
            actions = [action.action_id for action in plan.actions]
            yield from _product(arguments, {"plan_id": [plan.id], "action_id": actions})
    elif "assessment_id" in arguments:
        for assessment in assessments:
            questionnaire = questionnaire_of(db, assessment)
            options = {
                "assessment_id": [assessment.id],
                "area_id": [area.id for area in questionnaire.areas()],
                "question_id": [q.id for q in questionnaire.questions()],
            }
            yield from _product(arguments, options)
    else:
        yield from _product(arguments, values)


def _product(arguments, options) -> Iterator[dict]:
    filled = [{}]
    for name in sorted(arguments):
        filled = [{**f, name: value} for f in filled for value in options.get(name, [])]
    yield from filled


def links(body: str) -> Iterator[str]:
    """The same-site paths a page links to, loads or posts to (fetched with GET)."""
    for target in LINK.findall(body):
        path, _fragment = urldefrag(html.unescape(target))
        parts = urlsplit(path)
        if path.startswith("/") and not parts.netloc:
            yield path


def crawl(client: FlaskClient, starts: list[str]) -> dict[str, str]:
    """Every page reachable by following links from `starts`: path -> response body."""
    seen: dict[str, str] = {}
    queue = deque(starts)
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen or path == "/logout":
            continue
        with client.get(path) as response:
            seen[path] = _text(response)
            if response.status_code in (301, 302, 303, 307, 308):
                queue.append(urlsplit(response.headers["Location"]).path)
        queue.extend(links(seen[path]))
    assert len(seen) < MAX_PAGES, "the crawl did not end: a page links to endlessly new paths"
    return seen


def _text(response) -> str:
    """What a response shows: its body, a PDF's extracted text, or a workbook's cells."""
    if response.mimetype == XLSX:
        book = load_workbook(BytesIO(response.get_data()), read_only=True)
        rows = (row for sheet in book for row in sheet.iter_rows(values_only=True))
        return "\n".join(str(cell) for row in rows for cell in row if cell is not None)
    if response.mimetype != "application/pdf":
        return response.get_data(as_text=True)
    reader = PdfReader(BytesIO(response.get_data()))
    return "\n".join(page.extract_text() for page in reader.pages)


def signed_in(app: Flask, username: str) -> FlaskClient:
    """A client signed in as `username`, carrying a token of theirs for the API's routes."""
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = token_header(app, username)
    client.post("/login", data={"username": username, "password": demo_data.PASSWORD})
    return client


def markers_seen(pages: dict[str, str]) -> dict[str, set[str]]:
    """Country code -> the paths whose body carries that country's marker."""
    codes = [code for code, _name, _region in demo_data.COUNTRIES]
    return {code: {path for path, body in pages.items() if marker(code) in body} for code in codes}


USERS = ["admin", "expert", "coordinator", "secretariat-seee", "secretariat-aaf"] + [
    f"{role}-{code}" for code in ("xa", "xb", "xc", "xd") for role in ("nfp", "team")
]


@pytest.mark.parametrize("username", USERS)
def test_no_marker_of_another_country_reaches_the_user(app, db, world, planted, username):
    user = world[username]
    pages = crawl(signed_in(app, username), ["/", *route_urls(app, db)])
    regions = {code: region for code, _name, region in demo_data.COUNTRIES}
    leaks = {
        code: sorted(paths)
        for code, paths in markers_seen(pages).items()
        if paths and not may_read(user, code, regions[code])
    }
    assert leaks == {}


@pytest.mark.parametrize(
    ("username", "code"), [("nfp-xa", "XA"), ("team-xc", "XC"), ("secretariat-aaf", "XD")]
)
def test_the_crawl_finds_the_markers_those_who_may_read_them(app, db, planted, username, code):
    """The crawl's own check: the markers do reach the pages their readers are shown."""
    pages = crawl(signed_in(app, username), ["/"])
    assert markers_seen(pages)[code] != set()


@pytest.mark.parametrize(
    ("username", "code", "export"),
    [
        ("nfp-xa", "XA", "/export?table=answers&format=xlsx"),
        ("team-xc", "XC", "/export?table=answers&format=json"),
        ("secretariat-aaf", "XD", "/regions/AAF/export?"),
        ("admin", "XB", "/export?table=answers&format=csv"),
    ],
)
def test_the_crawl_reads_the_markers_in_exports(app, db, planted, username, code, export):
    """The crawl's own check: a country's answers reach its exports (workbooks read as cells),
    so the leak test reads every table in every format."""
    pages = crawl(signed_in(app, username), ["/", *route_urls(app, db)])
    assert [path for path in markers_seen(pages)[code] if export in path] != []


@pytest.mark.parametrize(
    ("username", "code"), [("nfp-xa", "XA"), ("team-xc", "XC"), ("secretariat-aaf", "XD")]
)
def test_the_crawl_reads_the_markers_through_the_api(app, db, planted, username, code):
    """The API is crawled with the user's token: its answers and plans carry their markers."""
    pages = crawl(signed_in(app, username), list(route_urls(app, db)))
    through_api = {path for path in markers_seen(pages)[code] if path.startswith("/api/v1/")}
    assert any("/answers" in path for path in through_api)
    assert any(path.startswith("/api/v1/plans/") for path in through_api)


@pytest.mark.parametrize(
    ("username", "code", "page"),
    [("team-xb", "XB", "/countries/XB/ministries"), ("secretariat-aaf", "XC", "/parts/")],
)
def test_the_crawl_reads_the_ministries_where_their_readers_work(
    app, db, planted, username, code, page
):
    """The crawl's own check: a ministry's name reaches the national team page (the team) and
    the part pages (the secretariat), so the leak test reads them."""
    pages = crawl(signed_in(app, username), ["/"])
    found = {path for path, body in pages.items() if f"ministry {marker(code)}" in body}
    assert any(page in path for path in found)


@pytest.mark.parametrize(("username", "code"), [("team-xc", "XC"), ("secretariat-seee", "XB")])
def test_the_crawl_reads_query_threads_where_their_readers_work(app, db, planted, username, code):
    """The crawl's own check: a query's reply reaches the dashboard and the question's area page,
    so the leak test reads the threads' messages."""
    pages = crawl(signed_in(app, username), ["/"])
    found = {path for path, body in pages.items() if f"reply {marker(code)}" in body}
    assert ["/dashboard" in found, any("/areas/" in path for path in found)] == [True, True]


@pytest.mark.parametrize("username", ["nfp-xd", "secretariat-aaf"])
def test_the_crawl_finds_carried_and_last_round_answers(app, db, planted, username):
    """The crawl's own check: a carried round's area pages show the earlier round's markers."""
    pages = crawl(signed_in(app, username), ["/"])
    areas = f"/assessments/{planted['XD-2027'].id}/areas/"
    assert [path for path in markers_seen(pages)["XD"] if areas in path] != []


def test_the_world_groups_two_countries_requests_in_one_proposal(db, planted) -> None:
    """The crawl's own check: each region's proposal takes up both its countries' requests, so
    a country's assistance page could show the other country's part, and the crawl reads it."""
    taken = {
        proposal.region.code: sorted(
            {item.plan_action.plan.assessment.country.code for item in proposal.actions}
        )
        for proposal in db.scalars(select(Proposal))
    }
    assert taken == {"SEEE": ["XA", "XB"], "AAF": ["XC", "XD"]}


@pytest.mark.parametrize(
    ("username", "code", "page"),
    [
        ("nfp-xa", "XA", "/countries/XA/assistance"),
        ("team-xb", "XB", "/countries/XB/assistance"),
        ("secretariat-seee", "XB", "/regions/SEEE/assistance"),
        ("secretariat-aaf", "XC", "/regions/AAF/assistance"),
    ],
)
def test_the_crawl_reads_the_requests_where_their_readers_work(
    app, db, planted, username, code, page
):
    """The crawl's own check: a request's marked lead agency reaches the assistance pages."""
    pages = crawl(signed_in(app, username), ["/"])
    assert page in markers_seen(pages)[code]


@pytest.mark.parametrize(
    ("username", "code", "kind"),
    [
        ("nfp-xa", "XA", "/plans/jobs/"),
        ("team-xd", "XD", "/download"),
        ("secretariat-aaf", "XC", "/plan"),
        ("secretariat-aaf", "XD", "/download"),
    ],
)
def test_the_crawl_reads_the_markers_in_plans_and_reports(app, db, planted, username, code, kind):
    """The crawl's own check: markers flow into the plan pages and report PDFs it reads."""
    pages = crawl(signed_in(app, username), ["/", *route_urls(app, db)])
    assert [path for path in markers_seen(pages)[code] if kind in path] != []


def test_the_coordinator_reads_regions_side_by_side_and_no_country_name(app, db, planted):
    pages = crawl(signed_in(app, "coordinator"), ["/", *route_urls(app, db)])
    assert "1 of 2 countries" in html.unescape(pages["/interregional"])
    # The crawl read the coordinator's report PDF (the other jobs' downloads are 404 pages).
    reports = [path for path, body in pages.items() if "Interregional CBRN overview" in body]
    assert [path for path in reports if path.endswith("/download")] != []
    names = [name for _code, name, _region in demo_data.COUNTRIES]
    named = {path: [n for n in names if n in html.unescape(body)] for path, body in pages.items()}
    assert {path: found for path, found in named.items() if found} == {}


def regional_reports(app: Flask, db: Session, users: dict[str, User]) -> dict[str, str]:
    """Each region's plan regenerated by its secretariat (the region needs an accepted round),
    its report made by a job and downloaded by the secretariat: region code -> the PDF's text."""
    texts = {}
    for region in db.scalars(select(Region).order_by(Region.code)).all():
        secretariat = users[f"secretariat-{region.code.lower()}"]
        job = make_report(
            app, db, secretariat, plans.generate_regional(db, secretariat, region).plan
        )
        with signed_in(app, secretariat.username).get(f"/plans/jobs/{job.id}/download") as response:
            assert response.mimetype == "application/pdf"
            texts[region.code] = _text(response)
    return texts


def in_regional_reports(texts: dict[str, str]) -> dict[str, list[str]]:
    """Region code -> the countries whose marker its regional report prints."""
    codes = [code for code, _name, _region in demo_data.COUNTRIES]
    return {region: [c for c in codes if marker(c) in text] for region, text in texts.items()}


@pytest.fixture
def both_regions_accepted(db, world, planted) -> dict[str, Assessment]:
    """XA's round accepted too, so both regions have a regional plan."""
    lifecycle.submit(db, world["nfp-xa"], planted["XA"])
    lifecycle.accept(db, world["secretariat-seee"], planted["XA"])
    return planted


def test_without_consent_no_country_answers_in_a_regional_report(
    app, db, world, both_regions_accepted
):
    texts = regional_reports(app, db, world)
    assert in_regional_reports(texts) == {"AAF": [], "SEEE": []}
    assert "did not share its answers with the region: Dravenland." in texts["AAF"]
    assert "did not share its answers with the region: Arvenia." in texts["SEEE"]


def test_a_consenting_countrys_answers_reach_its_own_regional_report_only(
    app, db, world, both_regions_accepted
):
    xd = both_regions_accepted["XD"]
    nfp = signed_in(app, "nfp-xd")
    assert nfp.post(f"/assessments/{xd.id}/sharing", data={"shares": "y"}).status_code == 302
    db.expire_all()  # the choice was saved by the app's own session
    texts = regional_reports(app, db, world)
    assert in_regional_reports(texts) == {"AAF": ["XD"], "SEEE": []}


def test_no_e_mail_carries_a_marker_or_another_countrys_name(make_app, db, world, mailbox):
    """Every notification kind about every planted assessment, the deadline reminders and the
    report-ready messages, read back from the test SMTP server: no message carries any country's
    marker (answers stay in the application), nor the name of a country its reader may not see."""
    app = make_app(**APP_SETTINGS, **mailbox.settings)
    for user in world.values():
        user.email = f"{user.username}@example.org"
    db.commit()
    factory = Database.factory(app)
    with factory() as session:
        assessments = session.scalars(select(Assessment).order_by(Assessment.id)).all()
        for assessment in assessments:
            assessment.deadline = date.today()
            for kind in (*notifications.TOWARD_COUNTRY, *notifications.TOWARD_REVIEWERS):
                notifications.notify(session, kind, assessment)
        session.commit()
        notifications.remind(session, date.today(), 1)
        for job in session.scalars(select(ReportJob)).all():
            notifications.report_ready(session, job)
    app.extensions["assess.outbox"].wait()
    regions = {code: region for code, _name, region in demo_data.COUNTRIES}
    names = {code: name for code, name, _region in demo_data.COUNTRIES}
    by_address = {user.email: user for user in world.values()}
    leaks, readers = [], set()
    for message in mailbox.messages:
        reader = by_address[message["To"].addresses[0].addr_spec]
        readers.add(reader.username)
        text = message.as_string() + message.get_content()
        for code in names:
            if marker(code) in text:
                leaks.append(f"{reader.username}: marker of {code}")
            if names[code] in text and not may_read(reader, code, regions[code]):
                leaks.append(f"{reader.username}: name of {code}")
    assert leaks == []
    assert {"nfp-xa", "team-xd", "secretariat-seee", "secretariat-aaf", "coordinator"} <= readers
