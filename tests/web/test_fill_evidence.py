"""Evidence on the area page without scripts (attach and remove with the area's save) and
evidence required at submission, listed with links on the assessment's page."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from assess.models import AnswerRecord, Assessment, Evidence
from assess.services import assessments as lifecycle
from assess.services.answers import save_answer
from assess.services.errors import MissingAnswers
from tests.web.evidence_samples import PDF, PNG, upload
from tests.web.fill_support import FILL_APP, area_url, set_status

CHECKS = {"q-leg_checks-state": "answered", "q-leg_checks-value": ["chk_list"]}


APP_SETTINGS = FILL_APP


def post_area(client, assessment: int, data: dict, **files: tuple[bytes, str]):
    """The legal area page's form as a browser without scripts posts it (multipart)."""
    body = {**data, **{key: (io.BytesIO(content), name) for key, (content, name) in files.items()}}
    return client.post(area_url(assessment, "legal"), data=body, content_type="multipart/form-data")


def file_names(db) -> list[str]:
    db.expire_all()
    return list(db.scalars(select(Evidence.filename).where(Evidence.kind == "file")))


def evidence_block(html: str) -> str:
    match = re.search(r'<div class="evidence-files" id="q-leg_checks-files">.*?</div>', html, re.S)
    assert match, "no evidence files block for leg_checks"
    return match.group(0)


def test_the_area_save_attaches_a_chosen_file_and_returns_to_its_question(
    client, db, login, assessment
):
    login("nfp-xa")
    response = post_area(
        client,
        assessment,
        {**CHECKS, "attach": "leg_checks"},
        **{"q-leg_checks-file": (PDF, "decree.pdf")},
    )
    assert (response.status_code, response.headers["Location"]) == (
        303,
        f"{area_url(assessment, 'legal')}#q-leg_checks",
    )
    assert file_names(db) == ["decree.pdf"]
    block = evidence_block(client.get(area_url(assessment, "legal")).get_data(as_text=True))
    evidence_id = db.scalar(select(Evidence.id).where(Evidence.kind == "file"))
    assert (
        f'<a href="/assessments/{assessment}/evidence/{evidence_id}" download>decree.pdf</a>'
        in block
    )


def test_ticking_remove_and_saving_removes_the_file(client, db, login, assessment):
    login("nfp-xa")
    post_area(client, assessment, CHECKS, **{"q-leg_checks-file": (PDF, "decree.pdf")})
    evidence_id = db.scalar(select(Evidence.id).where(Evidence.kind == "file"))
    page = client.get(area_url(assessment, "legal")).get_data(as_text=True)
    echo = dict(re.findall(r'name="(q-[^"]+-(?:seen|version))"[^>]*value="([^"]*)"', page))
    response = post_area(client, assessment, {**CHECKS, **echo, "remove-file": str(evidence_id)})
    assert (response.status_code, file_names(db)) == (303, [])


def test_a_refused_file_is_shown_beside_its_question_and_the_answers_are_saved(
    client, db, login, assessment
):
    login("nfp-xa")
    response = post_area(client, assessment, CHECKS, **{"q-leg_checks-file": (PNG, "decree.pdf")})
    assert response.status_code == 422
    block = evidence_block(response.get_data(as_text=True))
    assert "&#39;decree.pdf&#39; is not a PDF file: its content is of another kind.</p>" in block
    db.expire_all()
    stored = db.scalars(select(AnswerRecord.value).where(AnswerRecord.assessment_id == assessment))
    assert (file_names(db), list(stored)) == ([], [["chk_list"]])


def test_a_read_only_page_lists_the_files_to_download_but_offers_no_change(
    client, db, login, assessment
):
    login("nfp-xa")
    upload(client, f"/assessments/{assessment}/answers/leg_checks/evidence", "decree.pdf", PDF)
    set_status(db, assessment, "submitted")
    block = evidence_block(client.get(area_url(assessment, "legal")).get_data(as_text=True))
    assert "decree.pdf</a>" in block
    assert ('type="file"' in block, 'name="remove-file"' in block) == (False, False)


def answer_checks(db, world, assessment_id: int, evidence: list[str] | None = None) -> None:
    """leg_law (required) and leg_checks (evidence required) answered by the NFP."""
    draft = db.get(Assessment, assessment_id)
    nfp = world["nfp-xa"]
    save_answer(db, nfp, draft, "leg_law", "answered", 2, None, 0)
    save_answer(db, nfp, draft, "leg_checks", "answered", {"chk_list"}, None, 0, evidence)


def test_submission_is_refused_while_an_answer_lacks_required_evidence(db, world, assessment):
    answer_checks(db, world, assessment)
    draft = db.get(Assessment, assessment)
    with pytest.raises(MissingAnswers) as refused:
        lifecycle.submit(db, world["nfp-xa"], draft)
    assert (refused.value.missing, refused.value.without_evidence) == ([], ["leg_checks"])
    assert refused.value.message == "evidence still needed for: Which controls are in place?"
    assert draft.status == "draft"


def test_missing_answers_and_evidence_are_said_together(db, world, assessment):
    draft = db.get(Assessment, assessment)
    save_answer(db, world["nfp-xa"], draft, "leg_checks", "answered", {"chk_list"}, None, 0)
    with pytest.raises(MissingAnswers) as refused:
        lifecycle.submit(db, world["nfp-xa"], draft)
    assert refused.value.message == (
        "1 required question unanswered: Is there a law on CBRN materials?; "
        "evidence still needed for: Which controls are in place?"
    )


@pytest.mark.parametrize("line", ["Decree 4 of 2020", "https://laws.example/4-2020"])
def test_an_evidence_text_or_link_satisfies_the_requirement(db, world, assessment, line):
    answer_checks(db, world, assessment, [line])
    lifecycle.submit(db, world["nfp-xa"], db.get(Assessment, assessment))
    assert db.get(Assessment, assessment).status == "submitted"


def test_an_evidence_file_satisfies_the_requirement(client, db, world, login, assessment):
    answer_checks(db, world, assessment)
    login("nfp-xa")
    upload(client, f"/assessments/{assessment}/answers/leg_checks/evidence", "decree.pdf", PDF)
    db.expire_all()
    assert lifecycle.missing_evidence(db, db.get(Assessment, assessment)) == []


@pytest.mark.parametrize("status", ["na", "dont_know"])
def test_an_answer_that_gives_no_value_needs_no_evidence(db, world, assessment, status):
    draft = db.get(Assessment, assessment)
    save_answer(db, world["nfp-xa"], draft, "leg_checks", status, None, None, 0)
    assert lifecycle.missing_evidence(db, draft) == []


def test_the_assessment_page_links_to_each_answer_needing_evidence(
    client, db, world, login, assessment
):
    answer_checks(db, world, assessment)
    login("nfp-xa")
    page = client.get(f"/assessments/{assessment}").get_data(as_text=True)
    section = page.split('id="missing-evidence-title"', 1)[1].split("</section>", 1)[0]
    link = (
        f'<a href="{area_url(assessment, "legal")}#q-leg_checks">Which controls are in place?</a>'
    )
    assert link in section


def test_submitting_from_the_page_says_which_evidence_is_missing(
    client, db, world, login, assessment
):
    answer_checks(db, world, assessment)
    login("nfp-xa")
    response = client.post(
        f"/assessments/{assessment}/submit", data={"confirm": "yes"}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    stopping = page[page.index('id="stopping"') :]
    assert (
        "Answers still needing evidence" in stopping and "Which controls are in place?" in stopping
    )
    assert db.get(Assessment, assessment).status == "draft"
