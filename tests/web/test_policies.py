"""Access declared once: every route names a policy, and no country sees another's data."""

from __future__ import annotations

import pytest
from flask import Flask, url_for
from sqlalchemy import select

from assess.models import Assessment, Country, Proposal, Region
from assess.web.policies import POLICIES, policy_of
from tests.web.api_support import token_header

# Endpoints that are not views of ours, each with the reason it needs no policy.
WITHOUT_POLICY = {"static": "public stylesheets and scripts, the same for everyone"}


def test_every_route_declares_a_policy(app: Flask) -> None:
    undeclared = sorted(
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in WITHOUT_POLICY
        and policy_of(app.view_functions[rule.endpoint]) not in POLICIES
    )
    assert undeclared == []


def test_the_route_walk_sees_a_view_without_a_policy(app: Flask) -> None:
    app.add_url_rule("/undeclared", "undeclared", lambda: "open")
    assert policy_of(app.view_functions["undeclared"]) is None


def requests_for(app: Flask, argument: str, value: str):
    """(method, url) of every route taking `argument`, filled in with `value`."""
    questionnaire_ids = {"question_id": "leg_law", "area_id": "legal"}
    for rule in app.url_map.iter_rules():
        if argument not in rule.arguments:
            continue
        values = {name: questionnaire_ids.get(name, "1") for name in rule.arguments}
        values[argument] = value
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"OPTIONS"})[0]
        with app.test_request_context():
            yield method, url_for(rule.endpoint, **values)


def outsiders(code: str, region: str) -> list[str]:
    """Every demo user with no business in country `code` of `region`."""
    countries = {"XA": "seee", "XB": "seee", "XC": "aaf", "XD": "aaf"}
    users = ["expert"] + [f"secretariat-{r}" for r in ("seee", "aaf") if r != region]
    users += [f"{role}-{c.lower()}" for c in countries if c != code for role in ("nfp", "team")]
    return users


@pytest.mark.parametrize("code", ["XA", "XB", "XC", "XD"])
def test_nobody_outside_a_country_gets_anything_of_its_assessment(app, demo, db, code) -> None:
    assessment = db.scalars(
        select(Assessment).join(Assessment.country).where(Country.code == code)
    ).one()
    region = assessment.country.region.code.lower()
    leaks = []
    for username in outsiders(code, region):
        client = app.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = token_header(app, username)
        client.post("/login", data={"username": username, "password": "assess-demo"})
        for method, url in requests_for(app, "assessment_id", str(assessment.id)):
            status = client.open(url, method=method).status_code
            if status != 404:
                leaks.append((username, method, url, status))
    assert leaks == []


def sign_in(app: Flask, username: str):
    """A client signed in as `username`, with a token of theirs for the API's routes."""
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = token_header(app, username)
    client.post("/login", data={"username": username, "password": "assess-demo"})
    return client


@pytest.mark.parametrize("username", ["nfp-xa", "team-xa", "secretariat-seee", "admin"])
def test_the_country_its_secretariat_and_admins_see_its_assessment(app, demo, db, username):
    assessment = db.scalars(
        select(Assessment).join(Assessment.country).where(Country.code == "XA")
    ).one()
    assert sign_in(app, username).get(f"/assessments/{assessment.id}").status_code == 200


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("secretariat-seee", 200),
        ("admin", 200),
        ("secretariat-aaf", 404),
        ("nfp-xa", 404),
        ("expert", 404),
    ],
)
def test_a_region_is_seen_by_its_secretariat_and_admins_only(app, db, world, username, status):
    # A proposal of the region, so that its page (id 1, as requests_for fills ids) exists.
    seee = db.scalars(select(Region).where(Region.code == "SEEE")).one()
    db.add(Proposal(region=seee, title="Detection", status="draft", currency="EUR"))
    db.commit()
    leaks = [
        (method, url)
        for method, url in requests_for(app, "region_code", "SEEE")
        if method == "GET" and sign_in(app, username).get(url).status_code != status
    ]
    assert leaks == []


@pytest.mark.parametrize("username", ["expert", "secretariat-seee", "nfp-xa", "team-xa"])
def test_administration_is_refused_to_everyone_but_admins(app, world, username):
    assert sign_in(app, username).get("/admin/").status_code == 403


def test_an_admin_sees_the_administration_page(app, world):
    page = sign_in(app, "admin").get("/admin/").get_data(as_text=True)
    assert "secretariat-aaf" in page and "Dravenland (XD)" in page


@pytest.mark.parametrize("username", ["secretariat-aaf", "nfp-xa", "team-xa", "expert"])
def test_review_actions_are_refused_to_the_country_and_other_regions(app, demo, db, username):
    assessment = db.scalars(
        select(Assessment).join(Assessment.country).where(Country.code == "XB")
    ).one()
    client = sign_in(app, username)
    statuses = {
        client.post(f"/assessments/{assessment.id}/{action}").status_code
        for action in ("return", "accept")
    }
    assert statuses <= {403, 404}
    db.expire_all()
    assert assessment.status == "submitted"
