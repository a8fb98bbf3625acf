"""A workshop's load: a region's national teams saving at once over two web nodes on PostgreSQL.

15 countries, each with its own round of the newest cbrn-needs; 100 people (6 or 7 a country,
each on a question of their own, as a team shares out its areas) each save an answer every 2 s,
over two gunicorn nodes (2 workers each) started from docs/deploy.md's web unit, half the people
on each (a balancer's round robin). First quiet, then, with a queue backend, 40 report requests
at once while the saves go on: the savers' p95 during the flood against the quiet p95 of the same
run. The embedded backend would start 40 report processes at once (issue #16): not flooded."""

from __future__ import annotations

import json
import os
import random
import secrets
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, text

from assess.extensions import Database, make_engine
from assess.models import Region, ReportJob, Role, User
from assess.services import assessments as lifecycle
from assess.services import demo as demo_data
from assess.services import plans
from assess.services.people import ensure_country, ensure_user, hash_password
from assess.services.questionnaires import questionnaires
from assess.web.app import create_app
from bench.bench_web import PG_URL, postgres_reachable, schema_database
from bench.deploy import ROOT, Cluster
from bench.http_load import Client

COUNTRIES = 15
PEOPLE = 100
PERIOD = 2.0  # each person saves every 2 s
QUIET_SECONDS = 40.0
FLOOD_SECONDS = 40.0
FLOOD = 40
REGION = "SEEE"
# ISO 3166 user-assigned codes after the demo's XA to XD: invented countries.
CODES = [f"X{chr(ord('E') + n)}" for n in range(COUNTRIES)]
# Report workers during the flood. On one 2-core machine they share the cores with both web nodes
# and PostgreSQL (docs/deploy.md gives workers machines of their own): run with 1 to see the
# savers' latency with a core left to the web, with 2 for both cores busy making PDFs.
WORKERS = int(os.environ.get("ASSESS_BENCH_WORKSHOP_WORKERS", "2"))
# A Redis database of its own (tests/deploy uses 11, bench_queue 12, other tests 13 and 15).
REDIS = "redis://127.0.0.1:6379/10"


@dataclass
class Person:
    """One person at the workshop: their country's round, their question, their node."""

    client: Client
    assessment: int
    question: str
    levels: list[int]
    timings: list[tuple[float, float, int]] = field(default_factory=list)  # (sent, seconds, status)
    version: int = 0

    def save(self, turn: int) -> None:
        payload = {
            "state": "answered",
            "value": str(self.levels[turn % len(self.levels)]),
            "comment": f"workshop turn {turn}",
            "version": self.version,
        }
        sent = time.monotonic()
        try:
            status, body = self.client.request(
                "POST",
                f"/assessments/{self.assessment}/answers/{self.question}",
                json.dumps(payload).encode(),
                **{"Content-Type": "application/json", "X-CSRFToken": self.client.token},
            )
        except OSError:
            status, body = 0, b""
        self.timings.append((sent, time.monotonic() - sent, status))
        if status == 200:
            self.version = json.loads(body)["version"]

    def run(self, start: float, until: float) -> None:
        """Save every PERIOD seconds from a random moment of the first period until `until`."""
        due = start + random.uniform(0, PERIOD)
        turn = 0
        while due < until:
            time.sleep(max(0.0, due - time.monotonic()))
            self.save(turn)
            turn += 1
            due += PERIOD


def seed_workshop(env: dict[str, str]) -> dict[str, tuple[int, list[tuple[str, list[int]]]]]:
    """The workshop's countries, NFPs and rounds; by country code, its round and the level
    questions its people save (each with its levels)."""
    app = create_app(
        {
            "DATABASE_URL": env["ASSESS_DATABASE_URL"],
            "QUESTIONNAIRES_DIR": ROOT / "questionnaires",
            "SECRET_KEY": env["ASSESS_SECRET_KEY"],
        }
    )
    rounds = {}
    with Database.factory(app)() as session:
        region = session.scalars(select(Region).where(Region.code == REGION)).one()
        secretariat = session.scalars(
            select(User).where(User.username == f"secretariat-{REGION.lower()}")
        ).one()
        qid, version = demo_data.demo_questionnaire(session)
        questionnaire = questionnaires(session).get(qid, version)
        questions = [
            (q.id, [level.value for level in q.scale.levels])
            for q in questionnaire.questions()
            if q.type == "level" and q.when is None and q.comment
        ]
        password = hash_password(demo_data.PASSWORD)
        for code in CODES:
            country = ensure_country(session, code, f"Workshop country {code}", region)
            ensure_user(session, f"nfp-{code.lower()}", password, Role.NFP, country=country)
            opened = lifecycle.open_round(session, secretariat, country, qid, version, "2026")
            # "Make the PDF" is on the plan's page once the plan is generated: each NFP has
            # generated theirs before asking for its report.
            nfp = session.scalars(select(User).where(User.username == f"nfp-{code.lower()}")).one()
            plans.generate_national(session, nfp, opened)
            rounds[code] = (opened.id, questions)
    app.extensions["assess.engine"].dispose()
    return rounds


def cpu_seconds(groups: list[int]) -> float:
    """CPU time (user + system) of every process now in these process groups."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # after the name: state ppid pgrp ... utime (12th) stime (13th)
        if int(fields[2]) in groups:
            total += int(fields[11]) + int(fields[12])
    return total / tick


def cpu_stalled() -> float | None:
    """Microseconds some task of this machine waited for a CPU so far (Linux's PSI), if known."""
    try:
        some = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except OSError:
        return None
    return float(some.rsplit("total=", 1)[1])


class CommitProbe(threading.Thread):
    """A commit of one row every 100 ms on the same PostgreSQL, timed: what the database alone
    answers in the same seconds, to tell its share of the saves' tail."""

    def __init__(self, url: str, until: float) -> None:
        super().__init__(daemon=True)
        self.url, self.until = url, until
        self.seconds: list[tuple[float, float, int]] = []  # as the saves': (sent, seconds, 200)

    def run(self) -> None:
        engine = make_engine(self.url)
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE workshop_probe (at timestamptz)"))
        with engine.connect() as connection:
            while time.monotonic() < self.until:
                before = time.monotonic()
                connection.execute(text("INSERT INTO workshop_probe VALUES (now())"))
                connection.commit()
                self.seconds.append((before, time.monotonic() - before, 200))
                time.sleep(0.1)
        engine.dispose()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def rows_for(label: str, timings: list[tuple[float, float, int]]) -> list[tuple[str, str]]:
    seconds = [t for _sent, t, _status in timings]
    errors = sum(1 for _sent, _t, status in timings if status != 200)
    shown = ", ".join(
        f"p{int(share * 100)} {percentile(seconds, share) * 1000:.1f}"
        for share in (0.5, 0.95, 0.99)
    )
    return [
        (f"{label}: saves (errors)", f"{len(timings):,} ({errors})"),
        (f"{label}: latency ms", shown),
    ]


def requesters(ports: list[int]) -> list[tuple[Client, str]]:
    """The FLOOD people who will ask for a report, signed in beforehand: each country's NFP in
    turn, over both nodes; with their country's code."""
    chosen = []
    for n in range(FLOOD):
        code = CODES[n % len(CODES)]
        chosen.append((Client(ports[n % 2]).sign_in(f"nfp-{code.lower()}"), code))
    return chosen


def flood(asking: list[tuple[Client, str]], rounds: dict) -> list[tuple[int, float]]:
    """Every requester asks for their national plan's report at once; (status, seconds) each."""
    answers: list[tuple[int, float]] = []
    lock = threading.Lock()

    def ask(client: Client, code: str) -> None:
        before = time.monotonic()
        status, _body = client.request(
            "POST",
            f"/assessments/{rounds[code][0]}/plan/report",
            f"csrf_token={client.token}".encode(),
            **{"Content-Type": "application/x-www-form-urlencoded"},
        )
        with lock:
            answers.append((status, time.monotonic() - before))

    threads = [threading.Thread(target=ask, args=pair) for pair in asking]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def run() -> list[tuple[str, str]]:
    if not postgres_reachable():
        return [("workshop", f"PostgreSQL not reachable at {PG_URL}: skipped")]
    with tempfile.TemporaryDirectory() as tmp, schema_database(PG_URL, Path(tmp)) as url:
        cluster = Cluster(
            Path(tmp),
            {
                "ASSESS_SECRET_KEY": secrets.token_hex(32),
                "ASSESS_DATABASE_URL": url,
                "ASSESS_REDIS_URL": REDIS,
                "ASSESS_JOB_QUEUE": f"workshop-{secrets.token_hex(6)}",
            },
        )
        try:
            return _workshop(cluster)
        finally:
            cluster.stop()


def _workshop(cluster: Cluster) -> list[tuple[str, str]]:
    cluster.run("migrate")
    cluster.run("demo")
    rounds = seed_workshop(cluster.env("admin"))
    nodes = [cluster.web("node-a"), cluster.web("node-b")]
    ports = [port for _node, port in nodes]
    groups = [node.process.pid for node, _port in nodes]
    flooding = cluster.job_backend != "embedded"
    if flooding:
        for n in range(1, WORKERS + 1):
            cluster.start("assess-worker@.service", f"worker-{n}", str(n))
    asking = requesters(ports) if flooding else []
    people = []
    for n in range(PEOPLE):
        code = CODES[n % COUNTRIES]
        assessment, questions = rounds[code]
        question, levels = questions[n // COUNTRIES]
        client = Client(ports[n % 2]).sign_in(f"nfp-{code.lower()}")
        people.append(Person(client, assessment, question, levels))
    cpu_before, stalled_before = cpu_seconds(groups), cpu_stalled()
    start = time.monotonic()
    quiet_end = start + QUIET_SECONDS
    until = quiet_end + (FLOOD_SECONDS if flooding else 0)
    probe = CommitProbe(cluster.settings["ASSESS_DATABASE_URL"], until)
    probe.start()
    threads = [threading.Thread(target=p.run, args=(start, until)) for p in people]
    for thread in threads:
        thread.start()
    rows = [
        ("workshop: people, countries, web nodes", f"{PEOPLE}, {COUNTRIES}, 2 x 2 workers"),
        ("workshop: report workers", str(WORKERS if flooding else 0)),
        (
            "workshop: job backend, file store",
            f"{cluster.job_backend}, {cluster.file_store}",
        ),
    ]
    asked: list[tuple[int, float]] = []
    time.sleep(max(0.0, quiet_end - time.monotonic()))
    cpu_quiet = cpu_seconds(groups) - cpu_before
    stalled_after, load = cpu_stalled(), os.getloadavg()[0]
    if flooding:
        asked = flood(asking, rounds)
    for thread in threads:
        thread.join()
    timings = [t for person in people for t in person.timings]
    quiet = [t for t in timings if t[0] < quiet_end]
    rows += rows_for(f"quiet, a save every {PERIOD:g} s each, {QUIET_SECONDS:g} s", quiet)
    rows.append(("quiet: web nodes' CPU per save", f"{cpu_quiet / len(quiet) * 1000:.1f} ms"))
    # Whether the slowest saves are the first ones (each web worker's first requests) or spread.
    for label, part in (
        ("in the first 10 s", [t[1] for t in quiet if t[0] < start + 10]),
        ("after the first 10 s", [t[1] for t in quiet if t[0] >= start + 10]),
    ):
        rows.append(
            (f"quiet: p99 of saves sent {label}", f"{percentile(part, 0.99) * 1000:.1f} ms")
        )
    probe.join()
    alone = [t for t in probe.seconds if t[0] < quiet_end]
    rows += [(f"quiet: {label}", value) for label, value in rows_for("a lone commit", alone)]
    rows.append(("quiet: load average (1 min) at its end", f"{load:.1f}"))
    if stalled_before is not None and stalled_after is not None:
        share = (stalled_after - stalled_before) / 1e6 / QUIET_SECONDS
        rows.append(("quiet: time some task waited for a CPU (PSI)", f"{share:.0%}"))
    if not flooding:
        return [
            *rows,
            ("flood of 40 reports", "skipped: the embedded backend starts a process per report"),
        ]
    flooded = [t for t in timings if t[0] >= quiet_end]
    rows += rows_for(f"during {FLOOD} report requests, {FLOOD_SECONDS:g} s", flooded)
    ratio = percentile([t[1] for t in flooded], 0.95) / percentile([t[1] for t in quiet], 0.95)
    rows.append(("p95 during the flood / quiet (goal <= 2x)", f"{ratio:.2f}x"))
    alone = [t for t in probe.seconds if t[0] >= quiet_end]
    rows += [(f"flood: {label}", value) for label, value in rows_for("a lone commit", alone)]
    statuses = Counter(status for status, _seconds in asked)
    shown = ", ".join(f"{count} x {status}" for status, count in sorted(statuses.items()))
    rows.append(("report requests answered", shown))
    waited = [seconds for _status, seconds in asked]
    rows.append(("report requests: slowest answer", f"{max(waited) * 1000:.0f} ms"))
    for first in range(0, int(FLOOD_SECONDS), 10):
        window = [t for t in flooded if first <= t[0] - quiet_end < first + 10]
        rows.append(
            (
                f"flood: p95 of saves sent {first}-{first + 10} s after the requests",
                f"{percentile([t[1] for t in window], 0.95) * 1000:.1f} ms",
            )
        )
    rows.append(("reports done at the end", str(_done(cluster))))
    return rows


def _done(cluster: Cluster) -> int:
    app = create_app(
        {
            "DATABASE_URL": cluster.settings["ASSESS_DATABASE_URL"],
            "QUESTIONNAIRES_DIR": ROOT / "questionnaires",
            "SECRET_KEY": cluster.settings["ASSESS_SECRET_KEY"],
        }
    )
    with Database.factory(app)() as session:
        done = len(session.scalars(select(ReportJob).where(ReportJob.status == "done")).all())
    app.extensions["assess.engine"].dispose()
    return done
