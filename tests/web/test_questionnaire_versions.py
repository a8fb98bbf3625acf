"""Questionnaire versions for experts and admins: the version page, its changes, area previews,
and drafts uploaded to be checked and previewed, never answered."""

from __future__ import annotations

import re
from html import unescape
from io import BytesIO
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from assess.config import ROOT
from assess.models import AuditEvent, Country
from assess.questionnaire.diff import diff_versions
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.registry import QuestionnaireRegistry
from assess.questionnaire.yamlsafe import MAX_BYTES
from assess.services import assessments as lifecycle
from assess.services.drafts import Shelves, store_upload
from assess.services.errors import InvalidInput

QUESTIONNAIRES = ROOT / "questionnaires"
CBRN = QUESTIONNAIRES / "cbrn-needs"
# The shipped versions, oldest first; a draft is the newest one as the next version would be.
SHIPPED = QuestionnaireRegistry(QUESTIONNAIRES).versions("cbrn-needs")
NEWEST = SHIPPED[-1]
DRAFT = "1.9"
PAGES = (
    "/questionnaires/published/cbrn-needs/1.1",
    "/questionnaires/published/cbrn-needs/1.1/changes",
    "/questionnaires/published/cbrn-needs/1.1/areas/profile",
    "/questionnaires/published/cbrn-needs/1.1/areas/profile/applicable",
)


@pytest.fixture
def app(make_app, tmp_path: Path) -> Flask:
    """The application on the shipped questionnaires, with a drafts folder of its own."""
    return make_app(QUESTIONNAIRES_DIR=QUESTIONNAIRES, DRAFTS_DIR=tmp_path / "drafts")


def text_of(response) -> str:
    return unescape(response.get_data(as_text=True))


def draft_of(version: str, *, edit: tuple[str, str] | None = None) -> bytes:
    """The newest version of cbrn-needs renamed `version`, with one text replaced when asked."""
    source = (CBRN / f"{NEWEST}.yaml").read_text(encoding="utf-8")
    source = source.replace(f'version: "{NEWEST}"', f'version: "{version}"', 1)
    if edit:
        assert edit[0] in source
        source = source.replace(edit[0], edit[1], 1)
    return source.encode()


def upload(client, data: bytes, name: str = "draft.yaml"):
    """Post a file to the drafts upload."""
    return client.post(
        "/questionnaires/drafts",
        data={"file": (BytesIO(data), name)},
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize("username", ["expert", "admin"])
def test_experts_and_admins_open_every_version_page(client, world, login, username) -> None:
    login(username)
    assert [client.get(url).status_code for url in PAGES] == [200] * len(PAGES)


@pytest.mark.parametrize("username", ["secretariat-seee", "nfp-xa", "team-xa"])
def test_every_other_role_gets_404_on_version_pages_and_uploads(
    client, world, login, username
) -> None:
    login(username)
    statuses = [client.get(url).status_code for url in PAGES]
    statuses.append(upload(client, draft_of(DRAFT)).status_code)
    assert statuses == [404] * (len(PAGES) + 1)


def test_the_version_page_shows_the_tree_and_says_it_has_no_problems(client, world, login):
    login("expert")
    page = text_of(client.get("/questionnaires/published/cbrn-needs/1.1"))
    model = load_questionnaire(CBRN / "1.1.yaml")
    missing = [node.id for node in model.walk() if f'data-node="{node.id}"' not in page]
    assert (missing, "No problems: the file loads cleanly." in page) == ([], True)
    assert "Changes from 1.0" in page


def test_the_changes_page_shows_every_change_and_each_earlier_questions_fate(
    client, world, login
) -> None:
    login("expert")
    page = text_of(client.get("/questionnaires/published/cbrn-needs/1.1/changes"))
    result = diff_versions(
        load_questionnaire(CBRN / "1.0.yaml"), load_questionnaire(CBRN / "1.1.yaml")
    )
    sections = {
        name: re.search(rf'id="section-{name}">(.*?)</section>', page, re.S).group(1)
        for name in ("added", "removed", "renamed", "retyped", "rescaled", "changed")
    }
    shown_nodes = {n: set(re.findall(r'data-node="([^"]+)"', s)) for n, s in sections.items()}
    assert shown_nodes == {
        "added": set(result.added),
        "removed": set(result.removed),
        "renamed": {new for _old, new in result.renamed},
        "retyped": {row[0] for row in result.retyped},
        "rescaled": set(result.rescaled),
        "changed": {c.node for c in result.changes},
    }
    rows = re.findall(r'<tr data-node="([^"]+)" data-field="([^"]+)">', page)
    assert len(rows) == len(result.changes) > 0
    fates = re.findall(r'data-question="([^"]+)" data-fate="([^"]+)"', page)
    assert fates == [(f.question, f.fate) for f in result.migration]


def test_the_changes_page_names_questions_by_their_text(client, world, login) -> None:
    login("expert")
    page = text_of(client.get("/questionnaires/published/cbrn-needs/1.1/changes"))
    question = load_questionnaire(CBRN / "1.0.yaml").node("has_nuclear_facility")
    assert question.text.values["en"] in page


def test_the_first_version_has_nothing_to_compare_with(client, world, login) -> None:
    login("admin")
    page = text_of(client.get("/questionnaires/published/cbrn-needs/1.0/changes"))
    assert "This is the first version: there is nothing to compare it with." in page


def test_the_dashboard_lists_versions_newest_first_with_changes_links(client, world, login) -> None:
    login("expert")
    page = text_of(client.get("/dashboard"))
    assert re.findall(r'data-version="([^"]+)"', page) == SHIPPED[::-1]
    for newer, older in zip(SHIPPED[1:], SHIPPED, strict=False):
        link = f'href="/questionnaires/published/cbrn-needs/{newer}/changes">changes from {older}'
        assert link in page


def test_the_preview_hides_a_conditional_question_until_its_condition_holds(
    client, world, login
) -> None:
    login("expert")
    url = "/questionnaires/published/cbrn-needs/1.1/areas/exer"
    blank = text_of(client.get(url))
    typed = text_of(client.get(url, query_string={"q-exer_last_field-value": "2023-05-01"}))
    block = re.compile(r'<fieldset[^>]*id="q-exer_lessons"[^>]*data-applicable="(\w+)"')
    assert (block.search(blank).group(1), block.search(typed).group(1)) == ("false", "true")
    assert 'value="2023-05-01"' in typed


def test_values_typed_on_one_area_decide_what_applies_on_another(client, world, login):
    login("expert")
    base = "/questionnaires/published/cbrn-needs/1.1/areas"
    typed = {
        "q-has_radioactive_sources-value": "no",
        "q-has_nuclear_facility-value": "no",
        "q-has_chemical_industry-value": "yes",
    }
    applies = client.get(f"{base}/secmat/applicable", query_string=typed).get_json()["applicable"]
    page = text_of(client.get(f"{base}/secmat", query_string=typed))
    assert ("secmat_rad_register" in applies, "secmat_chem_register" in applies) == (False, True)
    assert '<input type="hidden" name="q-has_radioactive_sources-value" value="no">' in page


def test_the_preview_saves_nothing_and_offers_no_save(client, world, login, db) -> None:
    login("expert")
    page = text_of(client.get("/questionnaires/published/cbrn-needs/1.1/areas/profile"))
    assert ('method="get"' in page, 'method="post" action="/questionnaires' in page) == (
        True,
        False,
    )
    assert ("data-autosave" in page, "Save this area" in page) == (False, False)


def test_a_draft_is_checked_kept_and_previewed(client, world, login, db, app) -> None:
    login("expert")
    response = upload(client, draft_of(DRAFT))
    assert response.headers["Location"] == f"/questionnaires/drafts/cbrn-needs/{DRAFT}"
    page = text_of(client.get(response.headers["Location"]))
    assert "This is a draft" in page and "No problems" in page
    preview = client.get(f"/questionnaires/drafts/cbrn-needs/{DRAFT}/areas/profile")
    assert preview.status_code == 200
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "draft-uploaded")).one()
    assert (event.user.username, event.new["version"], event.new["errors"]) == ("expert", DRAFT, 0)
    assert (Path(app.config["DRAFTS_DIR"]) / "cbrn-needs" / f"{DRAFT}.yaml").is_file()


def test_a_broken_draft_shows_each_problem_at_its_line(client, world, login) -> None:
    login("expert")
    broken = draft_of(DRAFT, edit=("type: single_choice", "type: single_choise"))
    line = broken.decode().splitlines().index("            type: single_choise") + 1
    upload(client, broken)
    page = text_of(client.get(f"/questionnaires/drafts/cbrn-needs/{DRAFT}"))
    assert re.search(rf"cbrn-needs/{re.escape(DRAFT)}\.yaml:{line}:\d+</code>", page)
    assert "The version has errors" in page
    assert client.get(f"/questionnaires/drafts/cbrn-needs/{DRAFT}/areas/profile").status_code == 404


def test_an_unreadable_upload_is_refused_with_its_problems_and_not_kept(
    client, world, login, app
) -> None:
    login("expert")
    response = upload(client, b"id: cbrn-needs\nversion: '1.2'\n\tbad: tab\n", "tabs.yaml")
    assert response.status_code == 422
    assert re.search(r"tabs\.yaml:3:\d+</code>", text_of(response))
    assert not (Path(app.config["DRAFTS_DIR"]) / "cbrn-needs").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"version: '1.2'\n", "The file needs an 'id'"),
        (b"id: cbrn-needs\nversion: two\n", "The file needs a 'version'"),
        (b"id: cbrn-needs\nversion: '1.1'\n", "Version 1.1 of cbrn-needs is published already"),
    ],
)
def test_an_upload_naming_no_new_version_is_refused(client, world, login, data, message):
    login("admin")
    response = upload(client, data)
    assert (response.status_code, message in text_of(response)) == (422, True)


def test_no_round_can_be_opened_on_a_draft(client, world, login, db) -> None:
    login("expert")
    upload(client, draft_of(DRAFT))
    country = db.scalars(select(Country).where(Country.code == "XA")).one()
    with pytest.raises(InvalidInput, match="not published"):
        lifecycle.open_round(db, world["admin"], country, "cbrn-needs", DRAFT, "2027")
    login("secretariat-seee")
    assert DRAFT not in text_of(client.get("/regions/SEEE"))


def test_an_upload_larger_than_a_definition_may_be_is_refused_unread(world, db, app) -> None:
    shelves = Shelves(QUESTIONNAIRES, Path(app.config["DRAFTS_DIR"]))
    data = b"id: cbrn-needs\nversion: '1.2'\n" + b"#" * MAX_BYTES
    with pytest.raises(InvalidInput, match=f"larger than {MAX_BYTES} bytes"):
        store_upload(db, world["expert"], shelves, "big.yaml", data)
    assert not Path(app.config["DRAFTS_DIR"]).exists()


def test_secretariats_and_national_teams_see_no_questionnaire_section(client, world, login):
    login("nfp-xa")
    page = text_of(client.get("/dashboard"))
    assert ("questionnaire-versions" in page, "/questionnaires/" in page) == (False, False)


def test_an_upload_without_a_file_is_refused(client, world, login) -> None:
    login("expert")
    response = client.post("/questionnaires/drafts", data={}, content_type="multipart/form-data")
    assert (response.status_code, "Choose a questionnaire file" in text_of(response)) == (400, True)
