"""Report jobs in /metrics: queued by the server, done in the worker process, counted together
through the metrics folder every process writes into (ASSESS_METRICS_DIR)."""

from __future__ import annotations

import pytest

from tests.web.plan_support import PLAN_QUESTIONNAIRES, assessment_of, signed_in
from tests.web.test_metrics_page import TOKEN, figure


@pytest.fixture
def app(make_app, tmp_path):
    made = make_app(
        QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES,
        REPORT_RESULT_DIR=tmp_path / "out",
        ASSESS_METRICS_TOKEN=TOKEN,
        ASSESS_METRICS_DIR=tmp_path / "metrics",
    )
    yield made
    make_app(ASSESS_METRICS_DIR=None)  # back to counting in this process


@pytest.mark.slow
def test_queued_and_done_jobs_are_counted_across_the_server_and_its_worker(
    app, db, demo, tmp_path
) -> None:
    """The worker is another process: its count reaches /metrics through the shared folder."""
    client = signed_in(app, "nfp-xa")
    response = client.post(
        f"/assessments/{assessment_of(db, 'XA').id}/plan/report", data={"lang": "en"}
    )
    assert response.status_code == 303
    app.extensions["assess.jobs"].wait(120)
    assert figure(client, "assess_report_jobs_total", event="queued") == 1
    assert figure(client, "assess_report_jobs_total", event="done") == 1
    assert figure(client, "assess_report_jobs_total", event="failed") == 0
    assert figure(client, "assess_sign_in_failures_total", reason="wrong") == 0
    # Each process wrote its own file: the server and the worker.
    assert len(list((tmp_path / "metrics").glob("counter_*.db"))) == 2
