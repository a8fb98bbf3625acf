"""The leak crawl: a unique marker in each country's answers, comments, evidence and queries;
every user crawls every page and download they can reach; no marker of a country reaches anyone
outside it.

Who may read a country's answers (assess.services.access): its NFP and team, the secretariat of
its region, and admins. Experts read questionnaires, never answers, so they may see no marker.
"""

from __future__ import annotations

import html
import re
import uuid
from collections import deque
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import Assessment, Country, Region, User
from assess.services import assessments as lifecycle
from assess.services import demo as demo_data
from assess.services.answers import save_answer
from assess.services.evidence_files import add_file
from assess.services.questionnaires import questionnaire_of, questionnaires

LINK = re.compile(r'(?:href|src|action)="([^"]*)"')
MAX_PAGES = 3000
# Routes the crawl never requests, and why.
NOT_CRAWLED = {"auth.logout": "ends the session being crawled"}


def marker(code: str) -> str:
    """The unique text planted in country `code`'s data."""
    return f"LEAK{code}{uuid.uuid5(uuid.NAMESPACE_URL, code).hex[:12]}"


def plant(app: Flask, db: Session, users: dict[str, User], code: str) -> Assessment:
    """The country's demo round, answered in full, its marker in a text answer, a comment,
    evidence lines, an evidence file (name and content) and a query, then taken to the demo's
    status for that country."""
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
    folder, limit = Path(app.config["UPLOAD_DIR"]), app.config["MAX_UPLOAD_BYTES"]
    add_file(db, nfp, assessment, first.id, f"{marker(code)}.txt", content, folder, limit)
    status = demo_data.STATUSES[code]
    if status != "draft":
        lifecycle.submit(db, nfp, assessment)
    if status == "returned":
        queries = {first.id: f"query {marker(code)}"}
        lifecycle.return_with_queries(db, secretariat, assessment, queries)
    if status == "accepted":
        lifecycle.accept(db, secretariat, assessment)
    return assessment


@pytest.fixture
def planted(app: Flask, world: dict[str, User], db: Session) -> dict[str, Assessment]:
    """Each demo country's assessment, markers planted, in the demo's statuses."""
    return {code: plant(app, db, world, code) for code, _name, _region in demo_data.COUNTRIES}


def may_read(user: User, code: str, region: str) -> bool:
    """Whether `user` may read country `code`'s answers (see the module's docstring)."""
    if user.role == "admin":
        return True
    if user.role == "secretariat":
        return user.region.code == region
    return user.role in ("nfp", "team") and user.country.code == code


def route_urls(app: Flask, db: Session) -> Iterator[str]:
    """Every GET route of the app with every object id there is (assessments with each of their
    areas and questions, regions, countries), so pages no link leads to are fetched too."""
    values: dict[str, list] = {
        "region_code": [r.code for r in db.scalars(select(Region))],
        "country_code": [c.code for c in db.scalars(select(Country))],
    }
    assessments = db.scalars(select(Assessment)).all()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in {*NOT_CRAWLED, "static"}:
            continue
        for filled in _fillings(db, rule.arguments, values, assessments):
            with app.test_request_context():
                yield url_for(rule.endpoint, **filled)


def _fillings(db, arguments, values, assessments) -> Iterator[dict]:
    if "assessment_id" in arguments:
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
            seen[path] = response.get_data(as_text=True)
            if response.status_code in (301, 302, 303, 307, 308):
                queue.append(urlsplit(response.headers["Location"]).path)
        queue.extend(links(seen[path]))
    assert len(seen) < MAX_PAGES, "the crawl did not end: a page links to endlessly new paths"
    return seen


def signed_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    client.post("/login", data={"username": username, "password": demo_data.PASSWORD})
    return client


def markers_seen(pages: dict[str, str]) -> dict[str, set[str]]:
    """Country code -> the paths whose body carries that country's marker."""
    codes = [code for code, _name, _region in demo_data.COUNTRIES]
    return {code: {path for path, body in pages.items() if marker(code) in body} for code in codes}


USERS = ["admin", "expert", "secretariat-seee", "secretariat-aaf"] + [
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
