"""Report jobs through the rq backend: the national plans of a 15-country region made as one
batch of report jobs by 1 and then 2 `assess worker` processes (real processes, a real Redis on
ASSESS_BENCH_REDIS_URL, default redis://127.0.0.1:6379/12; `scripts/redis` starts one), on a
SQLite file seeded with the demo's people and 15 countries of SEEE, each round answered under
the newest cbrn-needs, accepted and its national plan generated.

Each batch is timed from the first job queued until the last is done, the workers started and
idle beforehand; the figure is the batch's throughput (reports per minute) and the ratio of the
two (goal >= 1.7x: with two workers on a machine of two cores shared with other work, the ratio
is bounded by the cores the machine gives).

Then the flood: gunicorn (2 processes) with the rq backend and 2 workers; four people autosave
answers of two draft rounds (XA, XB), each every 0.25 s (after a warm-up), first on a quiet
server, then right after a secretariat asked for 40 national reports at once
(ASSESS_JOBS_PER_USER raised to 40, so that none is refused): their autosave p95 in both phases,
measured in the same run (goal: the flood's within 2x of the quiet one).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from redis import Redis
from sqlalchemy import func, select

from assess.extensions import Database, make_engine
from assess.jobs.backends import Limits, make_backend
from assess.models import Assessment, ReportJob, Role, User
from assess.services import assessments as lifecycle
from assess.services import demo as demo_data
from assess.services import plans, report_jobs
from assess.services.db_schema import upgrade
from assess.services.people import ensure_country, ensure_user
from assess.services.questionnaires import questionnaires
from assess.web.app import create_app
from bench.bench_web import p95
from bench.http_load import Client, gunicorn, load

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES = tuple(f"Q{chr(ord('A') + i)}" for i in range(15))
REDIS_URL = os.environ.get("ASSESS_BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
ASSESS = Path(sys.executable).parent / "assess"


def _seed(session) -> list[int]:
    """15 countries of SEEE, each with an accepted round and its national plan: the plans' ids."""
    demo_data.seed_people(session)
    chosen = demo_data.demo_questionnaire(session)
    assert chosen is not None, "no published cbrn-needs in questionnaires/"
    questionnaire = questionnaires(session).get(*chosen)
    secretariat = session.scalars(select(User).where(User.username == "secretariat-seee")).one()
    region = secretariat.region
    ids = []
    for code in COUNTRIES:
        country = ensure_country(session, code, f"Country {code}", region)
        nfp = ensure_user(
            session, f"nfp-{code.lower()}", secretariat.password_hash, Role.NFP, country=country
        )
        session.commit()
        assessment = lifecycle.open_round(session, secretariat, country, *chosen, "2026")
        demo_data.fill(session, nfp, assessment, questionnaire, code, share=1.0)
        lifecycle.submit(session, nfp, assessment)
        lifecycle.accept(session, secretariat, assessment)
        ids.append(plans.generate_national(session, secretariat, assessment).plan.id)
    return ids


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    with open(log, "ab") as out:
        return subprocess.Popen(
            [str(ASSESS), "worker"], env=env, stdout=out, stderr=subprocess.STDOUT
        )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _batch(app, env: dict[str, str], workers: int, folder: Path) -> tuple[float, float]:
    """Seconds for `workers` workers to make every national plan's report, queued at once, and
    the CPU seconds the workers and their work horses used (from start to stop)."""
    cpu = _children_cpu()
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    env = {**env, "ASSESS_JOB_QUEUE": queue}
    backend = make_backend(
        "rq",
        redis_url=REDIS_URL,
        queue=queue,
        limits=Limits(app.config["ASSESS_JOB_TIMEOUT"], 0),
        attempts=report_jobs.ATTEMPTS,
    )
    running = [_worker(env, folder / f"worker-{workers}-{i}.log") for i in range(workers)]
    connection = Redis.from_url(REDIS_URL)
    try:
        while connection.scard(f"rq:workers:{queue}") < workers:
            time.sleep(0.1)
        with Database.factory(app)() as session:
            secretariat = session.scalars(
                select(User).where(User.username == "secretariat-seee")
            ).one()
            national = session.scalars(
                select(Assessment).where(Assessment.round_label == "2026")
            ).all()
            stored = [plans.national_plan_of(session, a) for a in national]
            stored = [p for p in stored if p is not None and p.assessment.country.code in COUNTRIES]
            started = time.perf_counter()
            ids = [
                report_jobs.start_report(
                    session, secretariat, plan, "en", backend, per_user=len(stored)
                ).id
                for plan in stored
            ]
            while True:
                session.expire_all()
                left = session.scalar(
                    select(func.count())
                    .select_from(ReportJob)
                    .where(ReportJob.id.in_(ids), ReportJob.status.in_(report_jobs.UNFINISHED))
                )
                if not left:
                    break
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
            failed = session.scalar(
                select(func.count())
                .select_from(ReportJob)
                .where(ReportJob.id.in_(ids), ReportJob.status == "failed")
            )
            assert failed == 0, f"{failed} reports failed (see {folder})"
            assert len(ids) == len(COUNTRIES)
    finally:
        for worker in running:
            worker.terminate()
            worker.wait(60)
    return elapsed, _children_cpu() - cpu


SAVES = 40  # per person and phase
WARM_UP = 10
PAUSE = 0.25
FLOOD = 40
SAVERS = ("nfp-xa", "team-xa", "nfp-xb", "team-xb")


def _drafts(session) -> dict[str, tuple[int, list[tuple[str, str]]]]:
    """A draft round for XA and XB, and for each saver its own questions with an answer each."""
    from random import Random

    from assess.models import Country
    from assess.questionnaire.answers import applicable

    chosen = demo_data.demo_questionnaire(session)
    questionnaire = questionnaires(session).get(*chosen)
    secretariat = session.scalars(select(User).where(User.username == "secretariat-seee")).one()
    free = [
        question
        for question in questionnaire.questions()
        if question.id in applicable(questionnaire, {})
        and isinstance(demo_data.raw_answer(question, Random(question.id)), str)
    ]
    rounds = {}
    for code in ("XA", "XB"):
        country = session.scalars(select(Country).where(Country.code == code)).one()
        rounds[code] = lifecycle.open_round(session, secretariat, country, *chosen, "2026").id
    per = len(free) // 2
    mine = {}
    for index, username in enumerate(SAVERS):
        half = free[(index % 2) * per : (index % 2 + 1) * per]
        questions = half[: per // 2] if index < 2 else half[per // 2 :]
        code = "XA" if index < 2 else "XB"
        answers = [(q.id, str(demo_data.raw_answer(q, Random(q.id)))) for q in questions]
        mine[username] = (rounds[code], answers)
    return mine


def _reports_started(url: str, after: int = 0) -> int:
    """How many report jobs after job number `after` workers have taken up."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(
                select(func.count())
                .select_from(ReportJob)
                .where(ReportJob.id > after, ReportJob.attempts > 0)
            )
    finally:
        engine.dispose()


def _last_job(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.max(ReportJob.id))) or 0
    finally:
        engine.dispose()


def _flood_rows(env: dict[str, str], plan_rounds: list[int], drafts, folder: Path):
    queue = f"bench-flood-{uuid.uuid4().hex[:8]}"
    env = {
        **env,
        "ASSESS_ENV": "development",
        "ASSESS_SECRET_KEY": uuid.uuid4().hex,
        "ASSESS_JOB_QUEUE": queue,
        "ASSESS_JOBS_PER_USER": str(FLOOD),
    }
    workers = [_worker(env, folder / f"flood-worker-{i}.log") for i in range(2)]
    try:
        with gunicorn("assess:create_app()", env) as port:
            savers = [Client(port).sign_in(name) for name in SAVERS]
            asker = Client(port).sign_in("secretariat-seee")

            def save(client: Client, turn: int) -> None:
                assessment, answers = drafts[SAVERS[savers.index(client)]]
                qid, value = answers[turn % len(answers)]
                client.autosave(f"/assessments/{assessment}", qid, value)

            load(savers, save, WARM_UP, 0)  # each gunicorn process loads the questionnaire once
            quiet, _ = load(savers, save, SAVES, PAUSE)
            before = _last_job(env["ASSESS_DATABASE_URL"])
            asked = []
            for n in range(FLOOD):
                status, _body = asker.request(
                    "POST",
                    f"/assessments/{plan_rounds[n % len(plan_rounds)]}/plan/report",
                    b"",
                    **{
                        "X-CSRFToken": asker.token,
                        "Content-Type": "application/x-www-form-urlencoded",
                    },
                )
                asked.append(status)
            flooded, _ = load(savers, save, SAVES, PAUSE)
            made = _reports_started(env["ASSESS_DATABASE_URL"], before)
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(60)
    assert asked.count(303) == FLOOD, f"report requests answered {sorted(set(asked))}"
    quiet95, flood95 = p95(quiet) * 1000, p95(flooded) * 1000
    verdict = "meets" if flood95 <= 2 * quiet95 else "misses"
    return [
        (f"autosave p95, quiet ({len(quiet)} saves)", f"{quiet95:.1f} ms"),
        (f"autosave p95, after {FLOOD} report requests ({len(flooded)})", f"{flood95:.1f} ms"),
        ("flood / quiet", f"{flood95 / quiet95:.2f}x ({verdict} <= 2x)"),
        ("reports of the flood taken up by the workers by then", f"{made} of {FLOOD}"),
    ]


def run() -> list[tuple[str, str]]:
    Redis.from_url(REDIS_URL).ping()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'queue.sqlite3'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        app = create_app(
            {
                "DATABASE_URL": url,
                "QUESTIONNAIRES_DIR": ROOT / "questionnaires",
                "SECRET_KEY": uuid.uuid4().hex,
                "UPLOAD_DIR": folder / "uploads",
                "REPORT_RESULT_DIR": folder / "instance" / "reports",
            }
        )
        with Database.factory(app)() as session:
            _seed(session)
            drafts = _drafts(session)
            plan_rounds = [
                a.id
                for a in session.scalars(select(Assessment)).all()
                if a.country.code in COUNTRIES
            ]
        env = {
            **os.environ,
            "ASSESS_ENV": "testing",
            "ASSESS_DATABASE_URL": url,
            "ASSESS_INSTANCE_DIR": str(folder / "instance"),
            "ASSESS_QUESTIONNAIRES_DIR": str(ROOT / "questionnaires"),
            "ASSESS_JOB_BACKEND": "rq",
            "ASSESS_REDIS_URL": REDIS_URL,
        }
        (one, one_cpu), (two, two_cpu) = (_batch(app, env, n, folder) for n in (1, 2))
        app.extensions["assess.engine"].dispose()
        flood = _flood_rows(env, plan_rounds, drafts, folder)
    n = len(COUNTRIES)
    ratio = one / two
    verdict = "meets" if ratio >= 1.7 else "misses"
    return [
        (f"{n} national reports, 1 worker", f"{one:.1f} s ({n / one * 60:.1f}/min)"),
        (f"{n} national reports, 2 workers", f"{two:.1f} s ({n / two * 60:.1f}/min)"),
        ("throughput, 2 workers / 1", f"{ratio:.2f}x ({verdict} >= 1.7x)"),
        ("CPU per report, 1 worker / 2 workers", f"{one_cpu / n:.2f} s / {two_cpu / n:.2f} s"),
        ("cores obtained (worker CPU / wall), 1 worker", f"{one_cpu / one:.2f}"),
        ("cores obtained (worker CPU / wall), 2 workers", f"{two_cpu / two:.2f}"),
        ("cores / load average at the end", f"{os.cpu_count()} / {os.getloadavg()[0]:.1f}"),
        *flood,
    ]
