"""Report PDFs through the file store, on both stores: the worker stores the PDF, the web node
serves it through the access checks, and with the database store any node sharing the database
serves it too."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from assess.models import ReportJob
from tests.web.plan_support import PLAN_QUESTIONNAIRES, assessment_of, signed_in
from tests.web.test_file_store_pages import STORES, _files, held


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES, **_files(tmp_path))


@pytest.mark.parametrize("kind", STORES)
def test_a_report_pdf_made_by_the_worker_is_downloaded_from_the_store(
    make_app, db, demo, tmp_path, kind
):
    app = make_app(
        QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES, ASSESS_FILE_STORE=kind, **_files(tmp_path)
    )
    client = signed_in(app, "nfp-xa")
    response = client.post(f"/assessments/{assessment_of(db, 'XA').id}/plan/report")
    app.extensions["assess.jobs"].wait(120)
    job = db.scalars(select(ReportJob)).one()
    db.refresh(job)
    assert (job.status, job.result_key) == ("done", f"reports/job-{job.id}-national-plan-XA-en.pdf")
    with client.get(response.headers["Location"] + "/download") as download:
        assert download.status_code == 200 and download.data.startswith(b"%PDF-")
        assert download.headers["Content-Disposition"].endswith("national-plan-XA-en.pdf")
        pdf = download.data
    assert app.extensions["assess.files"].read(job.result_key) == pdf
    on_disk, files, _chunks = held(app)
    if kind == "database":
        assert (on_disk, files) == ([], 1)
    else:
        assert (
            files == 0
            and Path(app.config["REPORT_RESULT_DIR"], Path(job.result_key).name).is_file()
        )
    second = make_app(
        QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES,
        ASSESS_FILE_STORE=kind,
        **_files(tmp_path, "node-2"),
    )
    with signed_in(second, "nfp-xa").get(response.headers["Location"] + "/download") as other:
        assert (other.status_code, other.data == pdf) == (
            (200, True) if kind == "database" else (404, False)
        )
    with signed_in(second, "nfp-xb").get(response.headers["Location"] + "/download") as refused:
        assert refused.status_code == 404
