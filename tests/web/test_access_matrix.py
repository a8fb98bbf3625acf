"""The access matrix: every route that takes an object id, requested by every user of another
country or region, with GET and (for POST routes) a POST carrying a valid CSRF token: 404 or 403.

Routes are read from app.url_map, so a new route is covered as soon as it exists; a route whose
arguments the matrix cannot fill fails `test_every_route_argument_is_known_to_the_matrix`.
Admins see everything; experts and coordinators are outsiders to every country and region (they
see no answers; coordinators see regions only side by side, on a page that names no object).
Accounts are objects too: a national account belongs to its region (its secretariat manages it;
its country's users do not), any other account to no place (admins only).
The plans and report jobs are real: generated from the planted answers, their reports made.
The API's routes (/api/v1) are covered the same way: each user's client carries a token of theirs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pytest
from flask import Flask, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.exports.tables import TABLES
from assess.exports.writers import FORMATS
from assess.models import (
    AnswerRecord,
    Assessment,
    Country,
    Evidence,
    Ministry,
    Plan,
    PlanAction,
    Proposal,
    Query,
    Region,
    ReportJob,
    User,
)
from assess.services.drafts import PUBLISHED, checked, listing
from assess.services.questionnaires import questionnaire_of
from assess.web.policies import policy
from assess.web.questionnaires import shelves
from tests.web.api_support import token_header
from tests.web.test_leak_crawl import PLAN_QUESTIONNAIRES, plant_world

# Routes whose arguments name no object of a country or region, and why.
NO_OBJECT = {
    "static": "the project's stylesheets and scripts, the same for everyone",
    "account.invitation": "a single-use secret e-mailed to one person; it names no object, and "
    "an unknown or used one is a 404 (tests/web/test_account.py)",
    "account.revoke_token": "one's own API token; another person's is a 404 "
    "(tests/web/test_api_tokens.py)",
}
TOKEN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


@dataclass(frozen=True)
class Owned:
    """An object of one country (or of a whole region when `country` is None, or of no place,
    for admins only, when `region` is NO_PLACE), as route values; `admins` says whether admins
    see it (a report job is for those who make the plan's report, which admins do not)."""

    country: str | None
    region: str
    values: dict[str, object]
    admins: bool = True
    experts: bool = False  # questionnaire versions: experts and admins only
    coordinators: bool = False  # the interregional report a coordinator asked for

    def outsider(self, user: User) -> bool:
        """Whether `user` has no business seeing this object."""
        if user.role == "admin":
            return not self.admins
        if user.role == "expert":
            return not self.experts
        if user.role == "coordinator":
            return not self.coordinators
        if user.role == "secretariat":
            return user.region.code != self.region
        if user.role in ("nfp", "team"):
            return self.country is None or user.country.code != self.country
        return True


def _first(session: Session, query) -> object:
    return session.scalars(query.limit(1)).first()


def _plan_values(session: Session, plan: Plan | None) -> dict[str, object]:
    """A plan's action id and report job id, when it has them."""
    if plan is None:
        return {"action_id": None, "job_id": None}
    action = _first(session, select(PlanAction.action_id).where(PlanAction.plan_id == plan.id))
    job = _first(session, select(ReportJob.id).where(ReportJob.plan_id == plan.id))
    return {"action_id": action, "job_id": job}


def _assessment_values(session: Session, assessment: Assessment) -> dict[str, object]:
    questionnaire = questionnaire_of(session, assessment)
    evidence = _first(
        session,
        select(Evidence.id)
        .join(Evidence.answer)
        .where(AnswerRecord.assessment_id == assessment.id, Evidence.kind == "file"),
    )
    plan = _first(session, select(Plan).where(Plan.assessment_id == assessment.id))
    query = _first(session, select(Query.id).where(Query.assessment_id == assessment.id))
    return {
        "assessment_id": assessment.id,
        "query_id": query,
        "area_id": next(iter(questionnaire.areas())).id,
        "question_id": next(iter(questionnaire.questions())).id,
        "evidence_id": evidence,
        "country_code": assessment.country.code,
        "region_code": assessment.country.region.code,
        "ministry_id": _ministry_id(session, assessment.country),
        **_plan_values(session, plan),
    }


def _ministry_id(session: Session, country: Country) -> object:
    """The id of one of the country's ministries (planted by the leak crawl's world)."""
    return _first(session, select(Ministry.id).where(Ministry.country_id == country.id))


def _region_values(session: Session, region: Region) -> dict[str, object]:
    plan = _first(session, select(Plan).where(Plan.region_id == region.id))
    proposal = _first(session, select(Proposal.id).where(Proposal.region_id == region.id))
    return {"region_code": region.code, "proposal_id": proposal, **_plan_values(session, plan)}


def _plan_owner(plan: Plan, values: dict[str, object]) -> Owned:
    """An object of a plan (the plan itself, or one of its report jobs), owned as the plan is."""
    if plan.assessment is not None:
        country = plan.assessment.country
        return Owned(country.code, country.region.code, values)
    return Owned(None, plan.region.code, values)


NO_PLACE = ""


def _job_owner(job: ReportJob) -> Owned:
    """A plan's report job is for those who make the plan's report (not admins); the
    interregional report's job (no plan) for the coordinator who asked for it alone."""
    if job.plan is None:
        return Owned(None, NO_PLACE, {"job_id": job.id}, admins=False, coordinators=True)
    return replace(_plan_owner(job.plan, {"job_id": job.id}), admins=False)


def _account_owner(user: User) -> Owned:
    """An account, owned by the region of its country (national accounts) or by no place."""
    region = user.country.region.code if user.role in ("nfp", "team") else NO_PLACE
    return Owned(None, region, {"user_id": user.id})


def _version_owners(app: Flask) -> list[Owned]:
    """Each published questionnaire version, with its first area: no place's, experts' and
    admins' only."""
    with app.app_context():
        found = shelves()
    owned = []
    for qid, versions in listing(found, PUBLISHED):
        for version in versions:
            model = checked(found, PUBLISHED, qid, version).model
            values = {"shelf": PUBLISHED, "questionnaire_id": qid, "version": version}
            values["area_id"] = model.areas()[0].id
            owned.append(Owned(None, NO_PLACE, values, experts=True))
    return owned


# The arguments that name the object a route is about, narrowest first.
ANCHORS = (
    "job_id",
    "plan_id",
    "user_id",
    "assessment_id",
    "country_code",
    "region_code",
    "questionnaire_id",
)


def owned_objects(session: Session, app: Flask) -> dict[str, list[Owned]]:
    """Objects by the argument that anchors them: report jobs, plans, accounts, assessments (with
    their areas, questions, evidence and plan actions), countries and regions (with their plan
    actions), and questionnaire versions."""
    assessments = session.scalars(select(Assessment).order_by(Assessment.id)).all()
    countries = session.scalars(select(Country).order_by(Country.code)).all()
    regions = session.scalars(select(Region).order_by(Region.code)).all()
    return {
        "job_id": [_job_owner(job) for job in session.scalars(select(ReportJob))],
        "plan_id": [
            _plan_owner(plan, {"plan_id": plan.id, **_plan_values(session, plan)})
            for plan in session.scalars(select(Plan))
        ],
        "user_id": [_account_owner(u) for u in session.scalars(select(User).order_by(User.id))],
        "assessment_id": [
            Owned(a.country.code, a.country.region.code, _assessment_values(session, a))
            for a in assessments
        ],
        "country_code": [
            Owned(
                c.code,
                c.region.code,
                {
                    "country_code": c.code,
                    "region_code": c.region.code,
                    "ministry_id": _ministry_id(session, c),
                },
            )
            for c in countries
        ],
        "region_code": [Owned(None, r.code, _region_values(session, r)) for r in regions],
        "questionnaire_id": _version_owners(app),
    }


def anchor_of(arguments: set[str]) -> str | None:
    """The argument naming the object a route is about (the narrowest one it takes)."""
    return next((a for a in ANCHORS if a in arguments), None)


def unfillable(app: Flask, objects: dict[str, list[Owned]]) -> list[str]:
    """Routes with an argument no object of their kind has a value for."""
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in NO_OBJECT or not rule.arguments:
            continue
        anchor = anchor_of(rule.arguments)
        owned = objects[anchor] if anchor else []
        lacking = sorted(a for a in rule.arguments if all(o.values.get(a) is None for o in owned))
        if lacking:
            missing.append(f"{rule.rule}: {', '.join(lacking)}")
    return missing


def requests(app: Flask, objects: dict[str, list[Owned]]) -> Iterator[tuple[str, str, Owned]]:
    """(method, url, object) of every route taking an object, for every object of its kind that
    has every value the route takes (a plan with no action has no action page)."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        anchor = anchor_of(rule.arguments)
        if rule.endpoint in NO_OBJECT or anchor is None:
            continue
        for owned in objects[anchor]:
            values = {name: owned.values.get(name) for name in rule.arguments}
            if None in values.values():
                continue
            with app.test_request_context():
                url = url_for(rule.endpoint, **values)
            for method in sorted(rule.methods & {"GET", "POST"}):
                yield method, url, owned


# The application with CSRF checks on, as served: refusals must come from the policies; on the
# questionnaire with action templates, so the plans have actions. The world is built once for the
# module (tests/database.py), each test on a fresh copy.
APP_SETTINGS = {"WTF_CSRF_ENABLED": True, "QUESTIONNAIRES_DIR": PLAN_QUESTIONNAIRES}
WORLD = plant_world


@pytest.fixture
def objects(app: Flask, db: Session, world: dict[str, User]) -> dict[str, list[Owned]]:
    """Each country's assessment in the demo's status with answers, comments, evidence lines,
    an evidence file and queries, and the plans and reports made from them (as the leak crawl
    plants them)."""
    return owned_objects(db, app)


def signed_in(app: Flask, username: str):
    """A test client signed in as `username`, and the CSRF token of its session; it sends a
    token of theirs too, so that the API (/api/v1, Bearer tokens only) answers as them."""
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = token_header(app, username)
    page = client.get("/login").get_data(as_text=True)
    token = next(g for g in TOKEN.search(page).groups() if g)
    client.post(
        "/login", data={"username": username, "password": "assess-demo", "csrf_token": token}
    )
    dashboard = client.get("/dashboard")
    assert dashboard.status_code == 200, f"{username} could not sign in"
    found = TOKEN.search(dashboard.get_data(as_text=True))
    return client, next(g for g in found.groups() if g)


def test_every_route_argument_is_known_to_the_matrix(app, objects) -> None:
    assert unfillable(app, objects) == []


def outsider_leaks(app: Flask, objects, user: User) -> tuple[int, list[str]]:
    """How many requests `user` made for objects of others, and those not answered 403 or 404."""
    client, token = signed_in(app, user.username)
    checked, leaks = 0, []
    for method, url, owned in requests(app, objects):
        if not owned.outsider(user):
            continue
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token}, headers={"X-CSRFToken": token})
        checked += 1
        if response.status_code not in (403, 404):
            leaks.append(f"{method} {url}: {response.status_code}")
    return checked, leaks


@pytest.mark.parametrize(
    "username",
    ["admin", "expert", "coordinator", "secretariat-seee", "secretariat-aaf"]
    + [f"{role}-{code}" for code in ("xa", "xb", "xc", "xd") for role in ("nfp", "team")],
)
def test_user_gets_404_or_403_for_every_object_of_another_country_or_region(
    app, objects, world, username
) -> None:
    checked, leaks = outsider_leaks(app, objects, world[username])
    assert (checked > 0, leaks) == (True, [])


def test_the_matrix_reports_a_route_that_shows_any_assessment(app, objects, world) -> None:
    @policy("signed-in")
    def leaky(assessment_id: int) -> str:
        return f"assessment {assessment_id}"

    app.add_url_rule("/assessments/<int:assessment_id>/leaky", "leaky", leaky)
    _checked, leaks = outsider_leaks(app, objects, world["nfp-xa"])
    assert [leak for leak in leaks if "/leaky" in leak] == [
        f"GET /assessments/{owned.values['assessment_id']}/leaky: 200"
        for owned in objects["assessment_id"]
        if owned.country != "XA"
    ]


# Pages an insider may still be refused, and why: the submission review, accepting and reopening
# are for reviewers only; sending for review is the NFP's; only admins reset passwords (a
# secretariat manages its national accounts otherwise).
REVIEWERS_ONLY = ("/review", "/accept", "/reopen")
NFP_ONLY = "/submit"
ADMINS_ONLY = "/password"
# The offline workbook holds the areas its reader may change: the country's NFP and team only.
EDITORS_ONLY = "/offline/workbook"


@pytest.mark.parametrize("username", ["admin", "expert", "secretariat-seee", "nfp-xa", "team-xa"])
def test_insiders_open_every_page_of_their_own_objects(app, objects, world, username) -> None:
    """The matrix's own check: the same URLs do open for those who may see them."""
    user = world[username]
    client, _token = signed_in(app, username)
    refused = []
    for method, url, owned in requests(app, objects):
        if method != "GET" or owned.outsider(user):
            continue
        if url.endswith(REVIEWERS_ONLY) and user.role in ("nfp", "team"):
            continue
        if url.endswith(NFP_ONLY) and user.role != "nfp":
            continue
        if ADMINS_ONLY in url and user.role != "admin":
            continue
        if url.endswith(EDITORS_ONLY) and user.role not in ("nfp", "team"):
            continue
        with client.get(url) as response:  # closed: a download streams from an open file
            status = response.status_code
        if status != 200:
            refused.append(f"{url}: {status}")
    assert refused == []


@pytest.mark.parametrize(
    "username", ["expert", "coordinator", "secretariat-aaf", "nfp-xb", "team-xc"]
)
def test_every_table_and_format_of_an_export_is_refused_to_outsiders(
    app, objects, world, username
) -> None:
    """The matrix requests each export route with its default table and format; here every
    table in every format, each export of an assessment or region `username` may not see."""
    user = world[username]
    client, _token = signed_in(app, username)
    checked, leaks = 0, []
    for method, url, owned in requests(app, objects):
        if "/export" not in url or owned.outsider(user) is False:
            continue
        for table in TABLES:
            for fmt in FORMATS:
                with client.get(f"{url}?table={table}&format={fmt}") as response:
                    status = response.status_code
                checked += 1
                if status not in (403, 404):
                    leaks.append(f"{method} {url}?table={table}&format={fmt}: {status}")
    assert (checked > 0, leaks) == (True, [])


def test_the_matrix_requests_the_api_with_every_kind_of_object(app, objects) -> None:
    api = {url for _method, url, _owned in requests(app, objects) if url.startswith("/api/v1/")}
    kinds = ("/assessments/", "/answers", "/scores", "/plans/", "/questionnaires/")
    assert [kind for kind in kinds if not any(kind in url for url in api)] == []
