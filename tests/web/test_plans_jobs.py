"""Reports made outside the request: a job runs in a bounded worker, its page shows progress and
then the download; a job over its time bound fails with the reason."""

from __future__ import annotations

from datetime import timedelta

import pypdf
import pytest

from assess.models import ReportJob, utcnow
from tests.web.plan_support import PLAN_QUESTIONNAIRES, assessment_of, signed_in


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES, REPORT_RESULT_DIR=tmp_path / "out")


def _start(app, db, username: str = "nfp-xa", lang: str = "en"):
    client = signed_in(app, username)
    a = assessment_of(db, "XA")
    response = client.post(f"/assessments/{a.id}/plan/report", data={"lang": lang})
    app.extensions["assess.jobs"].wait(120)
    return client, response


def test_a_report_job_runs_to_done_and_its_pdf_downloads(app, db, demo, tmp_path):
    client, response = _start(app, db)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-status="done">The report is ready.<' in page and 'value="100"' in page
    with client.get(response.headers["Location"] + "/download") as download:
        assert download.status_code == 200 and download.data.startswith(b"%PDF-")
        (tmp_path / "job.pdf").write_bytes(download.data)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(tmp_path / "job.pdf").pages)
    assert "Arvenia" in text and "National CBRN action plan" in text


def test_a_waiting_job_page_follows_its_job_by_script_and_by_a_link(app, db, demo):
    """No meta refresh (WCAG 2.2.1: a page must not reload itself on a timer): a script follows
    the job in place, and without scripts a link reads the page again."""
    client = signed_in(app, "nfp-xa")
    job = ReportJob(plan_id=_plan_id(app, db), lang="en", status="running", progress=30)
    db.add(job)
    db.commit()
    page = client.get(f"/plans/jobs/{job.id}").get_data(as_text=True)
    assert "http-equiv" not in page
    assert '<script src="/static/js/job.js" defer></script>' in page
    assert f'<a id="job-check" href="/plans/jobs/{job.id}">Check again</a>' in page
    assert 'value="30"' in page


@pytest.mark.parametrize(
    ("status", "phrase"),
    [
        ("queued", "Le rapport attend d'être lancé."),
        ("running", "Le rapport est en cours de production."),
        ("done", "Le rapport est prêt."),
        ("failed", "La production du rapport a échoué."),
    ],
)
def test_the_job_status_is_a_phrase_in_the_reader_language(app, db, demo, status, phrase):
    client = signed_in(app, "nfp-xa")
    client.post("/language", data={"lang": "fr"})
    job = ReportJob(plan_id=_plan_id(app, db), lang="fr", status=status, progress=30)
    db.add(job)
    db.commit()
    page = client.get(f"/plans/jobs/{job.id}").get_data(as_text=True)
    assert f'<p id="job-status" role="status" data-status="{status}">{phrase}</p>' in page


def _plan_id(app, db) -> int:
    from assess.services import plans
    from tests.web.plan_support import person

    return plans.generate_national(db, person(db, "nfp-xa"), assessment_of(db, "XA")).plan.id


def test_a_job_over_its_time_bound_fails_with_the_reason(make_app, db, demo, tmp_path):
    slow = make_app(
        QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES,
        REPORT_RESULT_DIR=tmp_path / "out",
        ASSESS_JOB_TIMEOUT=0.2,
    )
    client, response = _start(slow, db)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-failure="timeout">It took longer than the server allows' in page
    assert "stopped: it took longer" not in page  # the detail is for the log, not the reader
    assert client.get(response.headers["Location"] + "/download").status_code == 404
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_a_job_without_enough_memory_fails_cleanly(make_app, db, demo, tmp_path):
    tight = make_app(
        QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES,
        REPORT_RESULT_DIR=tmp_path / "out",
        ASSESS_JOB_MEMORY_MB=64,
    )
    client, response = _start(tight, db)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-failure="worker">The program making it stopped' in page
    assert "the worker failed" not in page and "Traceback" not in page


@pytest.mark.parametrize("username", ["nfp-xb", "secretariat-aaf", "admin", "expert"])
def test_only_those_who_may_use_the_plan_see_its_job(app, db, demo, username):
    _client, response = _start(app, db)
    other = signed_in(app, username)
    assert other.get(response.headers["Location"]).status_code == 404
    assert other.get(response.headers["Location"] + "/download").status_code == 404


def test_the_secretariat_and_team_download_the_countrys_report(app, db, demo):
    _client, response = _start(app, db, username="secretariat-seee")
    with signed_in(app, "team-xa").get(response.headers["Location"] + "/download") as download:
        assert download.status_code == 200


def test_an_unknown_job_backend_is_refused_with_the_known_ones(make_app):
    with pytest.raises(ValueError) as refusal:
        make_app(ASSESS_JOB_BACKEND="celery")
    assert str(refusal.value) == "ASSESS_JOB_BACKEND is 'celery'; use one of: embedded, rq"


def _left_running(db, plan_id: int, minutes: int) -> ReportJob:
    """A job a stopped server left 'running', created `minutes` ago."""
    job = ReportJob(plan_id=plan_id, lang="en", status="running", progress=30)
    job.created_at = utcnow() - timedelta(minutes=minutes)
    db.add(job)
    db.commit()
    return job


def test_a_job_left_running_past_its_bound_fails_when_its_page_is_read(app, db, demo):
    job = _left_running(db, _plan_id(app, db), minutes=10)
    page = signed_in(app, "nfp-xa").get(f"/plans/jobs/{job.id}").get_data(as_text=True)
    assert 'data-status="failed">The report failed.<' in page
    assert 'data-failure="overdue">It was not finished: the server may have stopped' in page
    assert "job.js" not in page and 'id="job-check"' not in page


def test_a_job_left_running_within_its_bound_keeps_running(app, db, demo):
    job = _left_running(db, _plan_id(app, db), minutes=5)
    page = signed_in(app, "nfp-xa").get(f"/plans/jobs/{job.id}").get_data(as_text=True)
    assert 'data-status="running">The report is being made.<' in page


def test_jobs_left_running_past_their_bound_fail_when_the_app_starts(app, make_app, db, demo):
    job = _left_running(db, _plan_id(app, db), minutes=10)
    make_app(QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES)
    db.expire_all()
    assert db.get(ReportJob, job.id).status == "failed"


def test_why_a_job_failed_is_said_in_the_reader_language_and_its_detail_kept(app, db, demo):
    job = _left_running(db, _plan_id(app, db), minutes=10)
    client = signed_in(app, "nfp-xa")
    client.post("/language", data={"lang": "fr", "next": "/"})
    page = client.get(f"/plans/jobs/{job.id}").get_data(as_text=True)
    assert 'data-failure="overdue">Il n' in page and "Relancez-le." in page
    assert "not finished within" not in page
    db.refresh(job)
    assert (job.failure, job.error) == (
        "overdue",
        "stopped: not finished within 360 s (the server may have stopped)",
    )


@pytest.mark.parametrize(
    ("lang", "about", "back"),
    [
        ("en", "Report of the national action plan of Arvenia, round 2026, in French", "Back"),
        ("fr", "Rapport du plan d’action national de Arvenia, cycle 2026, en français", "Retour"),
    ],
)
def test_the_job_page_names_the_country_plan_and_language_and_links_back(
    app, db, demo, lang, about, back
):
    client = signed_in(app, "nfp-xa")
    client.post("/language", data={"lang": lang})
    plan_id = _plan_id(app, db)
    job = ReportJob(plan_id=plan_id, lang="fr", status="done", progress=100)
    db.add(job)
    db.commit()
    page = client.get(f"/plans/jobs/{job.id}").get_data(as_text=True)
    assessment_id = db.get(ReportJob, job.id).plan.assessment_id
    assert f'<h1 id="job-about">{about}</h1>' in page
    assert f"<title>{about} · assess</title>" in page
    assert f'<a id="job-back" href="/assessments/{assessment_id}/plan">{back}' in page


def test_the_worker_tells_who_asked_that_the_report_is_ready(make_app, db, demo, tmp_path, mailbox):
    """The report worker (a subprocess) sends its own e-mail, in the asker's language, with the
    job page's link; it carries no answer of the plan."""
    app = make_app(
        QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES,
        REPORT_RESULT_DIR=tmp_path / "out",
        **mailbox.settings,
    )
    demo["nfp-xa"].email, demo["nfp-xa"].language = "nfp-xa@example.org", "fr"
    db.commit()
    _client, response = _start(app, db)
    job_path = response.headers["Location"]
    [message] = mailbox.to("nfp-xa@example.org")
    assert message["Subject"] == "Votre rapport est prêt"
    assert f"https://assess.example.org{job_path}" in message.get_content()
