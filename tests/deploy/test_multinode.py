"""Several machines: docs/deploy.md's recipe run as separate processes on PostgreSQL and Redis.

Two gunicorn web nodes (2 workers each) on two free ports, started from the web unit's ExecStart
line with the recipe's environment file; a person signs in on one node and goes on on the other;
then a node and a report's worker are killed with `kill -9` in the middle of their work. At the
end every acknowledged save (answered 2xx) is in the database and its audit trail, and every
finished report downloads from either node. Skips without PostgreSQL unless
ASSESS_REQUIRE_DEPLOY=1 (CI)."""

from __future__ import annotations

import http.client
import io
import itertools
import json
import os
import re
import secrets
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine, Row

from assess.config import DEFAULT_MAX_UPLOAD_BYTES, FORM_ALLOWANCE
from assess.models import AnswerRecord, Assessment, AuditEvent, Country, ReportJob
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Question, Questionnaire
from assess.services import demo as demo_data
from assess.services.backup import read_manifest
from bench.deploy import ROOT, Cluster, Service, blocks, environment_file
from tests.smtp import Mailbox

pytestmark = [pytest.mark.deploy, pytest.mark.postgres, pytest.mark.slow]

POSTGRES = os.environ.get("ASSESS_TEST_DATABASE_URL", "")
if not POSTGRES.startswith("postgresql"):
    POSTGRES = os.environ.get(
        "ASSESS_CI_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
# A database of the running Redis no other test or benchmark uses (API tests 15, their benchmark
# 14, the job tests 13, the job and workshop benchmarks 12 and 10).
REDIS = "redis://127.0.0.1:6379/11"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
SAVERS = 4
STREAM_SECONDS = 6.0
JOB_SECONDS = 150
WORKER_UNIT = "assess-worker@.service"
WORKER_MODULE = b"assess.jobs.worker"  # the embedded backend's job process


@dataclass
class Browser:
    """One person's browser: a session cookie sent to whichever node it talks to."""

    cookie: str = ""
    token: str = ""

    def request(self, port: int, method: str, path: str, body: bytes | None = None, **headers):
        if self.cookie:
            headers["Cookie"] = self.cookie
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, response.headers, data

    def sign_in(self, port: int, username: str) -> Browser:
        _status, _headers, page = self.request(port, "GET", "/login")
        token = TOKEN.search(page.decode()).group(1)
        form = f"username={username}&password={demo_data.PASSWORD}&csrf_token={token}"
        status, headers, _ = self.request(
            port, "POST", "/login", form.encode(), **{"Content-Type": FORM}
        )
        assert status == 302 and "/login" not in headers["Location"], "sign-in refused"
        return self

    def page_token(self, port: int, path: str) -> None:
        """Open a page and keep its CSRF token, as the page's script does."""
        status, _headers, page = self.request(port, "GET", path)
        assert status == 200, f"GET {path} answered {status}"
        self.token = TOKEN.search(page.decode()).group(1)


FORM = "application/x-www-form-urlencoded"
FORM_TYPE = {"Content-Type": FORM}


@dataclass
class Save:
    """An autosave as the page's script sends it; `acknowledged` when answered 2xx."""

    question: str
    comment: str
    port: int
    acknowledged: bool = False
    sent_at: float = 0.0


@dataclass
class Saver:
    """A person saving one question again and again, through a balancer over the live nodes."""

    browser: Browser
    assessment: int
    question: Question
    ports: list[int]
    name: str
    versions: dict[str, int] = field(default_factory=dict)
    saves: list[Save] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def save(self, port: int, comment: str) -> Save:
        level = self.question.scale.levels[len(self.saves) % len(self.question.scale.levels)]
        attempt = Save(self.question.id, comment, port, sent_at=time.monotonic())
        self.saves.append(attempt)
        for _ in range(3):  # a conflict: the person keeps their answer, as the page offers
            payload = {
                "state": "answered",
                "value": str(level.value),
                "comment": comment,
                "version": self.versions.get(self.question.id, 0),
            }
            status, _headers, body = self.browser.request(
                port,
                "POST",
                f"/assessments/{self.assessment}/answers/{self.question.id}",
                json.dumps(payload).encode(),
                **{"Content-Type": "application/json", "X-CSRFToken": self.browser.token},
            )
            reply = json.loads(body)
            if status == 409:
                self.versions[self.question.id] = reply["theirs"]["version"]
                continue
            if status != 200:
                self.refused.append(f"{status}: {body[:200]!r}")
                return attempt
            self.versions[self.question.id] = reply["version"]
            attempt.acknowledged = True
            return attempt
        return attempt

    def stream(self, until: float) -> None:
        """Save until `until`, round robin over the nodes; a node that fails to answer is left
        (a balancer's max_fails), and the save it was sent is not acknowledged."""
        live = list(self.ports)
        for n in itertools.count():
            if time.monotonic() >= until or not live:
                return
            port = live[n % len(live)]
            try:
                self.save(port, f"{self.name}-{n}")
            except (OSError, http.client.HTTPException):
                live.remove(port)
            time.sleep(0.05)


@pytest.fixture
def database() -> Iterator[str]:
    """A schema of its own on PostgreSQL, dropped at the end."""
    try:
        admin = create_engine(POSTGRES, connect_args={"connect_timeout": 3})
        with admin.connect():
            pass
    except Exception as error:  # not reachable: say why
        reason = f"PostgreSQL not reachable at {POSTGRES}: {type(error).__name__}"
        if os.environ.get("ASSESS_REQUIRE_DEPLOY") == "1":
            pytest.fail(reason + " (ASSESS_REQUIRE_DEPLOY=1: the multi-node test must run)")
        pytest.skip(reason)
    schema = f"multinode_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def cluster(tmp_path: Path, database: str, mailbox: Mailbox) -> Iterator[Cluster]:
    overrides = {
        "ASSESS_SECRET_KEY": secrets.token_hex(32),
        "ASSESS_DATABASE_URL": database,
        "ASSESS_REDIS_URL": REDIS,
        "ASSESS_METRICS_TOKEN": secrets.token_hex(16),
        "ASSESS_JOB_QUEUE": f"multinode-{uuid.uuid4().hex[:12]}",
        # The test's SMTP server (tests/smtp.py) stands for the organisation's.
        **{key: str(value) for key, value in mailbox.settings.items()},
    }
    made = Cluster(tmp_path, overrides)
    try:
        yield made
    finally:
        made.stop()


def editable_levels(questionnaire: Questionnaire, count: int) -> list[Question]:
    """Level questions always shown and taking a comment, in one area."""
    chosen = [
        q
        for q in questionnaire.questions()
        if q.type == "level" and q.when is None and q.comment and q.evidence.allowed
    ]
    assert len(chosen) >= count
    return chosen[:count]


def wait_for_job(engine: Engine, job_id: int, states: tuple[str, ...]) -> Row:
    deadline = time.monotonic() + JOB_SECONDS
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            job = connection.execute(
                select(
                    ReportJob.status, ReportJob.failure, ReportJob.error, ReportJob.attempts
                ).where(ReportJob.id == job_id)
            ).one()
        if job.status in states:
            return job
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} not {states} within {JOB_SECONDS} s: {job.status}")


def ask_for_pdf(person: Browser, port: int, assessment: int) -> int:
    plan = f"/assessments/{assessment}/plan"
    person.page_token(port, plan)
    status, headers, _ = person.request(
        port, "POST", f"{plan}/report", f"csrf_token={person.token}".encode(), **FORM_TYPE
    )
    assert status == 303, f"asking for the PDF answered {status}"
    return int(headers["Location"].rstrip("/").rsplit("/", 1)[1])


def read_pdf(person: Browser, port: int, job_id: int) -> str:
    status, headers, data = person.request(port, "GET", f"/plans/jobs/{job_id}/download")
    assert status == 200, f"job {job_id} from port {port}: {status}"
    assert headers["Content-Type"] == "application/pdf" and data.startswith(b"%PDF-")
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def job_process(job_id: int, node: Service) -> int:
    """The embedded backend's process making `job_id`'s report inside a node's process group."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                words = (entry / "cmdline").read_bytes().split(b"\0")
                group = os.getpgid(int(entry.name))
            except (OSError, ProcessLookupError):
                continue
            if group == node.process.pid and words[-3:-1] == [
                b"assess.jobs.worker",
                b"%d" % job_id,
            ]:
                return int(entry.name)
        time.sleep(0.1)
    raise AssertionError(f"no process found making job {job_id}")


def saved_count(cluster: Cluster, port: int) -> float:
    """What a node's /metrics says of the answers it saved."""
    token = cluster.settings["ASSESS_METRICS_TOKEN"]
    status, _headers, body = Browser().request(
        port, "GET", "/metrics", Authorization=f"Bearer {token}"
    )
    assert status == 200
    found = re.search(rb"^assess_answers_saved_total ([0-9.e+]+)$", body, re.MULTILINE)
    return float(found.group(1))


def test_the_recipe_admits_the_largest_upload() -> None:
    """nginx's client_max_body_size takes the largest upload the environment file allows."""
    recipe = blocks()
    limit = int(
        environment_file(recipe["assess.env"]).get(
            "ASSESS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES
        )
    )
    size = re.search(r"client_max_body_size (\d+)([km]?);", recipe["nginx.conf"])
    allowed = int(size.group(1)) * {"": 1, "k": 1024, "m": 1024**2}[size.group(2)]
    assert allowed >= limit + FORM_ALLOWANCE


def test_two_nodes_a_worker_and_kill_9(cluster: Cluster) -> None:
    started = time.monotonic()
    cluster.run("migrate")
    cluster.run("demo")
    node_a, port_a = cluster.web("node-a")
    node_b, port_b = cluster.web("node-b")
    # A queue backend's workers run on machines of their own; the embedded one needs none.
    embedded = cluster.job_backend == "embedded"
    workers = [] if embedded else [cluster.start(WORKER_UNIT, "worker-1", "1")]
    cluster.oneshot("assess-remind.service")

    engine = create_engine(cluster.settings["ASSESS_DATABASE_URL"])
    with engine.connect() as connection:
        assessment = connection.execute(
            select(Assessment.id, Assessment.questionnaire_id, Assessment.questionnaire_version)
            .join(Country)
            .where(Country.code == "XA", Assessment.round_year == int(demo_data.ROUND))
        ).one()
    folder = ROOT / "questionnaires" / assessment.questionnaire_id
    questionnaire = load_questionnaire(folder / f"{assessment.questionnaire_version}.yaml")
    questions = editable_levels(questionnaire, SAVERS + 1)
    area = questionnaire.area_of(questions[0].id).id
    area_page = f"/assessments/{assessment.id}/areas/{area}"

    # 1. Signed in on A, saving on B with the same cookie.
    person = Browser().sign_in(port_a, "nfp-xa")
    person.page_token(port_b, area_page)
    first = Saver(person, assessment.id, questions[0], [port_b], "journey")
    sent = [first.save(port_b, "journey-on-b-0"), first.save(port_b, "journey-on-b-1")]
    assert all(s.acknowledged for s in sent), first.refused

    # 2. An evidence file uploaded on A, downloaded from B.
    content = f"Decree of the CBRN committee, multi-node {uuid.uuid4().hex}\n".encode()
    boundary = uuid.uuid4().hex
    head = 'Content-Disposition: form-data; name="file"; filename="decree.txt"'
    body = b"".join(
        (
            f"--{boundary}\r\n{head}\r\nContent-Type: text/plain\r\n\r\n".encode(),
            content,
            f"\r\n--{boundary}--\r\n".encode(),
        )
    )
    status, _headers, reply = person.request(
        port_a,
        "POST",
        f"/assessments/{assessment.id}/answers/{questions[0].id}/evidence",
        body,
        **{
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Accept": "application/json",
            "X-CSRFToken": person.token,
        },
    )
    assert status == 201, reply[:300]
    status, _headers, downloaded = person.request(port_b, "GET", json.loads(reply)["file"]["url"])
    assert (status, downloaded) == (200, content)

    # 3. A PDF asked for on B, made by a worker, downloaded from A and from B.
    job = ask_for_pdf(person, port_b, assessment.id)
    assert wait_for_job(engine, job, ("done", "failed")).status == "done"
    texts = {port: read_pdf(person, port, job) for port in (port_a, port_b)}
    assert texts[port_a] == texts[port_b] and "Arvenia" in texts[port_a]
    finished = [job]

    # 4. A stream of saves from several people over both nodes; node B killed in the middle.
    savers = []
    for n, question in enumerate(questions[1:]):
        browser = Browser().sign_in(port_a if n % 2 else port_b, "nfp-xa")
        browser.page_token(port_a, area_page)
        savers.append(Saver(browser, assessment.id, question, [port_a, port_b], f"s{n}"))
    until = time.monotonic() + STREAM_SECONDS
    threads = [threading.Thread(target=s.stream, args=(until,)) for s in savers]
    for thread in threads:
        thread.start()
    time.sleep(STREAM_SECONDS / 3)
    killed_at = time.monotonic()
    node_b.kill()
    for thread in threads:
        thread.join(STREAM_SECONDS + 30)
    saves = [s for saver in savers for s in saver.saves]
    acknowledged = [s for s in saves if s.acknowledged]
    assert not [r for saver in savers for r in saver.refused]
    assert [s for s in acknowledged if s.port == port_b and s.sent_at < killed_at]
    assert [s for s in acknowledged if s.sent_at > killed_at + 0.5], "nothing saved after the kill"

    # 5. The process making a report killed in the middle of the job: a queue's worker (its
    # whole process group: the work horse too) with a second worker started, or the embedded
    # backend's job process inside node A.
    job = ask_for_pdf(person, port_a, assessment.id)
    running = wait_for_job(engine, job, ("running", "done", "failed"))
    assert running.status == "running", "the job finished before it could be killed"
    if workers:
        workers[0].kill()
        workers.append(cluster.start(WORKER_UNIT, "worker-2", "2"))
    else:
        os.kill(job_process(job, node_a), signal.SIGKILL)
    killed_job_at = time.monotonic()
    ended = wait_for_job(engine, job, ("done", "failed"))
    recovered = time.monotonic() - killed_job_at
    if workers:
        assert ended.status == "done", f"the queue did not retry the job: {ended.error}"
        assert ended.attempts == 2, "the job was not taken up again: it was not killed"
        finished.append(job)
    else:
        # The embedded backend marks the job failed; the person asks again.
        assert (ended.status, ended.failure) == ("failed", "worker"), ended.error
        again = ask_for_pdf(person, port_a, assessment.id)
        assert wait_for_job(engine, again, ("done", "failed")).status == "done"
        finished.append(again)

    # 6. Node B back (systemd restarts it); every finished job from either node, every
    # acknowledged save in the database and its audit trail.
    cluster.web("node-b", port_b)
    for job_id in finished:
        assert "Arvenia" in read_pdf(person, port_a, job_id)
        assert "Arvenia" in read_pdf(person, port_b, job_id)
    all_acknowledged = [*sent, *acknowledged]
    assert saved_count(cluster, port_a) == sum(1 for s in all_acknowledged if s.port == port_a)
    with engine.connect() as connection:
        events = connection.execute(
            select(AuditEvent.question_id, AuditEvent.new).where(
                AuditEvent.assessment_id == assessment.id
            )
        ).all()
        rows = dict(
            connection.execute(
                select(AnswerRecord.question_id, AnswerRecord.comment).where(
                    AnswerRecord.assessment_id == assessment.id
                )
            ).all()
        )
    audited = {(q, new.get("comment")) for q, new in events if isinstance(new, dict)}
    found = [s for s in all_acknowledged if (s.question, s.comment) in audited]
    assert len(found) == len(all_acknowledged)
    for saver in [first, *savers]:
        last = max((n for n, s in enumerate(saver.saves) if s.acknowledged), default=None)
        # The stored answer is the last acknowledged save, or one sent after it whose answer
        # was lost with the node.
        assert rows[saver.question.id] in {s.comment for s in saver.saves[last:]}
    # 7. The nightly backup unit, run now: every file of the store is in it.
    cluster.oneshot("assess-backup.service")
    (backup,) = (cluster.instance("admin") / "backups").glob("assess-*.tar.gz")
    manifest = read_manifest(backup)
    stored = [part for part in manifest["parts"] if part["name"].startswith("files/")]
    assert manifest["file_store"] == cluster.file_store
    # Evidence file, one PDF per finished job, and the killed job's PDF if a queue retried it.
    assert len(stored) == 1 + len(finished)
    engine.dispose()
    print(
        f"multinode: {len(all_acknowledged)} acknowledged saves of {len(saves) + len(sent)} "
        f"sent, all {len(found)} found; {len(finished)} jobs from both nodes; "
        f"{cluster.job_backend}: killed job ended {ended.status} {recovered:.1f} s later; "
        f"{time.monotonic() - started:.1f} s"
    )
    assert node_a.running
