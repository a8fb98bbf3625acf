"""/metrics: Prometheus's text format behind a bearer token, and the figures move with what
people do (requests, saves, sign-in failures, report jobs)."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from assess.models import ReportJob
from assess.services import report_jobs
from tests.web.fill_support import FILL_APP, answer_url, open_draft
from tests.web.plan_support import signed_in

TOKEN = "metrics-token-for-the-tests-0123456789"
BEARER = {"Authorization": f"Bearer {TOKEN}"}


def figures(client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample /metrics shows: (name, labels) -> value."""
    response = client.get("/metrics", headers=BEARER)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.get_data(as_text=True))
        for sample in family.samples
    }


def figure(client, name: str, **labels: str) -> float:
    return figures(client).get((name, tuple(sorted(labels.items()))), 0.0)


APP_SETTINGS = {**FILL_APP, "ASSESS_METRICS_TOKEN": TOKEN}


@pytest.fixture
def metered(app):
    return app


def test_without_a_token_configured_there_is_no_metrics_page(make_app) -> None:
    unset = make_app(ASSESS_METRICS_TOKEN=None).test_client()
    assert unset.get("/metrics", headers=BEARER).status_code == 404


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, 401),
        ({"Authorization": "Bearer "}, 401),
        ({"Authorization": "Bearer wrong-token"}, 403),
        ({"Authorization": f"Bearer {TOKEN}x"}, 403),
        (BEARER, 200),
    ],
)
def test_only_the_configured_bearer_token_reads_the_metrics(metered, headers, status) -> None:
    response = metered.test_client().get("/metrics", headers=headers)
    assert response.status_code == status
    if status != 200:
        assert b"assess_requests" not in response.data


def test_requests_are_counted_by_endpoint_and_status_with_their_latency(metered) -> None:
    client = metered.test_client()
    ok = {"endpoint": "health.healthz", "method": "GET", "status": "200"}
    before = figure(client, "assess_requests_total", **ok)
    timed = figure(client, "assess_request_duration_seconds_count", endpoint="health.healthz")
    for _ in range(3):
        client.get("/healthz")
    client.get("/no-such-page")
    assert figure(client, "assess_requests_total", **ok) == before + 3
    assert figure(client, "assess_request_duration_seconds_count", endpoint="health.healthz") == (
        timed + 3
    )
    missing = {"endpoint": "unmatched", "method": "GET", "status": "404"}
    assert figure(client, "assess_requests_total", **missing) >= 1


def test_a_save_moves_the_saves_counter(metered, db, world) -> None:
    assessment = open_draft(db, world["admin"])
    client = signed_in(metered, "nfp-xa")
    before = figure(client, "assess_answers_saved_total")
    url = answer_url(assessment, "leg_law")
    response = client.post(url, json={"state": "answered", "value": "2", "version": 0})
    assert response.status_code == 200
    assert figure(client, "assess_answers_saved_total") == before + 1
    # The same answer again changes nothing: nothing saved, nothing counted.
    client.post(url, json={"state": "answered", "value": "2", "version": 1})
    assert figure(client, "assess_answers_saved_total") == before + 1


def test_sign_in_failures_are_counted(metered, world) -> None:
    client = metered.test_client()
    before = figure(client, "assess_sign_in_failures_total", reason="wrong")
    client.post("/login", data={"username": "admin", "password": "not-the-password"})
    client.post("/login", data={"username": "nobody", "password": "not-the-password"})
    assert figure(client, "assess_sign_in_failures_total", reason="wrong") == before + 2


def test_a_failed_job_is_counted_once(metered, db, world) -> None:
    client = metered.test_client()
    before = figure(client, "assess_report_jobs_total", event="failed")
    job = ReportJob(plan=None, lang="en", created_by_id=world["admin"].id, status="queued")
    db.add(job)
    db.commit()
    report_jobs.set_failed(db, job.id, "worker", "the worker failed: exit status 1")
    report_jobs.set_failed(db, job.id, "worker", "the worker failed: exit status 1")
    assert figure(client, "assess_report_jobs_total", event="failed") == before + 1
