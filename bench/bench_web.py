"""An area page of 40 questions and an autosave: in-process and under gunicorn (2 workers) on
127.0.0.1, beside a bare Flask page rendering a plain WTForms form of the same 40 fields, all
measured in the same run; then autosave with 20 concurrent clients on PostgreSQL if reachable."""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask import Flask, render_template
from flask_wtf import FlaskForm
from jinja2 import DictLoader
from sqlalchemy import create_engine, select, text
from wtforms import DateField, DecimalField, RadioField, TextAreaField

from assess.extensions import Database, make_engine
from assess.models import Country, User
from assess.services import assessments as lifecycle
from assess.services import demo as demo_data
from assess.services.db_schema import upgrade
from bench.http_load import TOKEN, Client, gunicorn, load

QUESTIONS = 40
IN_PROCESS_REQUESTS = 100
LOAD_REQUESTS = 160
LOAD_CLIENTS = 8
AUTOSAVE_CLIENTS = 20
AUTOSAVES_PER_CLIENT = 20
# A person typing: the page's script saves at most every 0.8 s; here every 0.5 s, all 20 clients
# at the same moment (a burst of 20 saves every round), in 3 runs of 10 rounds: 600 saves whose
# p95 is the goal's figure, and each run's p95 to show how much it moves.
PACE = 0.5
PACED_ROUNDS = 10
PACED_RUNS = 3
PG_URL = os.environ.get("ASSESS_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/test")
LEVELS = [("1", "No capacity"), ("2", "Developing"), ("3", "Established"), ("4", "Sustainable")]
YPN = [("yes", "Yes"), ("partial", "Partially"), ("no", "No")]
KINDS = ("level", "yes_partial_no", "number", "text", "date")


def definition() -> dict:
    """One area of 40 questions, the five kinds in turn, levels with descriptors."""
    levels = [
        {"value": int(v), "label": {"en": label}, "descriptor": {"en": f"{label}: described."}}
        for v, label in LEVELS
    ]
    questions = []
    for n in range(QUESTIONS):
        kind = KINDS[n % len(KINDS)]
        node = {"id": f"q{n:02d}", "type": kind, "text": {"en": f"Question {n} about capacity?"}}
        if kind == "level":
            node["scale"] = "capability"
        if kind == "number":
            node |= {"min": 0, "max": 100000}
        questions.append(node)
    return {
        "assess": 1,
        "id": "bench-web",
        "version": "1.0",
        "default_language": "en",
        "languages": ["en"],
        "title": {"en": "Bench questionnaire"},
        "scoring": {"scale": {"min": 0, "max": 100}, "aggregation": "mean", "missing": "exclude"},
        "scales": {"capability": {"kind": "level", "levels": levels}},
        "children": [
            {"id": "area", "kind": "area", "title": {"en": "The area"}, "children": questions}
        ],
    }


class PlainForm(FlaskForm):
    """The baseline: the same 40 fields as a hand-written WTForms form."""


for _n in range(QUESTIONS):
    _kind = KINDS[_n % len(KINDS)]
    _label = f"Question {_n} about capacity?"
    _field = {
        "level": lambda label: RadioField(label, choices=LEVELS),
        "yes_partial_no": lambda label: RadioField(label, choices=YPN),
        "number": lambda label: DecimalField(label),
        "text": lambda label: TextAreaField(label),
        "date": lambda label: DateField(label),
    }[_kind](_label)
    setattr(PlainForm, f"q{_n:02d}", _field)

PLAIN_PAGE = """<!doctype html><html lang="en"><head><title>Plain</title></head><body><main>
<form method="post">{{ form.hidden_tag() }}{% for field in form if field.name != "csrf_token" %}
<fieldset><legend>{{ field.label.text }}</legend>{{ field() }}</fieldset>{% endfor %}
<button type="submit">Save</button></form></main></body></html>"""


def baseline_app() -> Flask:
    """The bare Flask page (gunicorn imports this factory)."""
    app = Flask("baseline")
    app.config["SECRET_KEY"] = "bench"
    # A loaded template is compiled once and cached, as the app's own templates are.
    app.jinja_loader = DictLoader({"plain.html": PLAIN_PAGE})

    @app.get("/")
    def page() -> str:
        return render_template("plain.html", form=PlainForm())

    return app


def p95(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def figures(name: str, latencies: list[float], elapsed: float) -> list[tuple[str, str]]:
    return [
        (f"{name}: requests/s", f"{len(latencies) / elapsed:.0f}"),
        (f"{name}: p95", f"{p95(latencies) * 1000:.1f} ms"),
    ]


def timed(calls: int, call: Callable[[int], None]) -> tuple[list[float], float]:
    """Latencies of `calls` sequential calls, and the time they took in all."""
    latencies = []
    start = time.perf_counter()
    for i in range(calls):
        before = time.perf_counter()
        call(i)
        latencies.append(time.perf_counter() - before)
    return latencies, time.perf_counter() - start


@dataclass(frozen=True)
class Setup:
    """The environment that points create_app at a prepared database, and the round's URL."""

    env: dict[str, str]
    assessment: str


@contextmanager
def prepared(database_url: str | None = None) -> Iterator[Setup]:
    """A migrated database with the demo people and XA's round of the bench questionnaire."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "questionnaires" / "bench-web"
        folder.mkdir(parents=True)
        (folder / "1.0.yaml").write_text(yaml.safe_dump(definition(), allow_unicode=True))
        with schema_database(database_url, Path(tmp)) as url:
            env = {
                "ASSESS_ENV": "development",
                "ASSESS_SECRET_KEY": uuid.uuid4().hex,
                "ASSESS_DATABASE_URL": url,
                "ASSESS_QUESTIONNAIRES_DIR": str(folder.parent),
                "ASSESS_INSTANCE_DIR": tmp,
            }
            yield Setup(env, f"/assessments/{_seed(env)}")


@contextmanager
def schema_database(url: str | None, tmp: Path) -> Iterator[str]:
    """A SQLite file in `tmp` without `url`, else a schema of its own on `url`, dropped after."""
    if url is None:
        yield f"sqlite:///{tmp / 'bench.sqlite3'}"
        return
    schema = f"bench_web_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{url}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _seed(env: dict[str, str]) -> int:
    engine = make_engine(env["ASSESS_DATABASE_URL"])
    upgrade(engine)
    engine.dispose()
    app = in_process_app(env)
    with Database.factory(app)() as session:
        demo_data.seed_people(session)
        country = session.scalar(select(Country).where(Country.code == "XA"))
        admin = session.scalar(select(User).where(User.username == "admin"))
        opened = lifecycle.open_round(session, admin, country, "bench-web", "1.0", "2026")
    app.extensions["assess.engine"].dispose()
    return opened.id


def in_process_app(env: dict[str, str]) -> Flask:
    """The application as `env` configures it, in this process."""
    from assess.web.app import create_app

    return create_app(
        {
            "DATABASE_URL": env["ASSESS_DATABASE_URL"],
            "QUESTIONNAIRES_DIR": Path(env["ASSESS_QUESTIONNAIRES_DIR"]),
            "SECRET_KEY": env["ASSESS_SECRET_KEY"],
        }
    )


def answer_for(n: int, turn: int) -> str:
    """A valid answer to question n that differs from one turn to the next."""
    kind = KINDS[n % len(KINDS)]
    if kind == "level":
        return str(1 + turn % 4)
    if kind == "yes_partial_no":
        return ("yes", "no")[turn % 2]
    if kind == "number":
        return str(turn)
    if kind == "date":
        return f"2024-01-{1 + turn % 28:02d}"
    return f"Answer {turn} to question {n}"


def in_process_rows(setup: Setup) -> list[tuple[str, str]]:
    """The area page, the baseline page and autosaves through Flask's test client."""
    app = in_process_app(setup.env)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    login = {"username": "nfp-xa", "password": demo_data.PASSWORD}
    client.post("/login", data={**login, "csrf_token": TOKEN.search(page).group(1)})
    token = client.get("/csrf-token").get_json()["token"]
    area = f"{setup.assessment}/areas/area"
    assert client.get(area).status_code == 200
    baseline = baseline_app().test_client()
    page_times = timed(IN_PROCESS_REQUESTS, lambda i: client.get(area))
    base_times = timed(IN_PROCESS_REQUESTS, lambda i: baseline.get("/"))
    versions: dict[str, int] = {}

    def save(i: int) -> None:
        qid = f"q{i % QUESTIONS:02d}"
        payload = {"state": "answered", "value": answer_for(i % QUESTIONS, i // QUESTIONS)}
        reply = client.post(
            f"{setup.assessment}/answers/{qid}",
            json={**payload, "version": versions.get(qid, 0)},
            headers={"X-CSRFToken": token},
        )
        versions[qid] = reply.get_json()["version"]

    save_times = timed(IN_PROCESS_REQUESTS, save)
    app.extensions["assess.engine"].dispose()
    ratio = (len(page_times[0]) / page_times[1]) / (len(base_times[0]) / base_times[1])
    return [
        *figures("in-process area page (40 questions)", *page_times),
        *figures("in-process plain WTForms page (40 fields)", *base_times),
        ("in-process area page / plain page throughput (goal >= 0.7)", f"{ratio:.2f}x"),
        *figures("in-process autosave", *save_times),
    ]


def served_rows(setup: Setup, label: str) -> list[tuple[str, str]]:
    """The same under gunicorn (2 workers) with concurrent clients over HTTP on 127.0.0.1."""
    per_client = LOAD_REQUESTS // LOAD_CLIENTS
    env = setup.env
    with gunicorn("assess.wsgi:app", env) as port:
        clients = [Client(port).sign_in("nfp-xa") for _ in range(LOAD_CLIENTS)]
        page = load(
            clients, lambda c, _t: c.request("GET", f"{setup.assessment}/areas/area"), per_client
        )
        savers = [Client(port).sign_in("nfp-xa") for _ in range(AUTOSAVE_CLIENTS)]
        numbered = {id(c): n for n, c in enumerate(savers)}

        def save(client: Client, turn: int) -> None:
            n = numbered[id(client)]
            client.autosave(setup.assessment, f"q{n:02d}", answer_for(n, turn))

        saves = load(savers, save, AUTOSAVES_PER_CLIENT)
        runs = []
        for run in range(PACED_RUNS):
            first = AUTOSAVES_PER_CLIENT + run * PACED_ROUNDS
            runs.append(load(savers, lambda c, t, f=first: save(c, f + t), PACED_ROUNDS, PACE))
    with gunicorn("bench.bench_web:baseline_app()", env) as port:
        plain = [Client(port) for _ in range(LOAD_CLIENTS)]
        base = load(plain, lambda c, _t: c.request("GET", "/"), per_client)
    ratio = (len(page[0]) / page[1]) / (len(base[0]) / base[1])
    paced = [latency for latencies, _ in runs for latency in latencies]
    each = ", ".join(f"{p95(latencies) * 1000:.1f}" for latencies, _ in runs)
    pacing = f"{AUTOSAVE_CLIENTS} clients each saving every {PACE:g} s, {label}"
    goal = " (goal < 50 ms)" if label == "PostgreSQL" else ""
    return [
        *figures(f"gunicorn area page, {LOAD_CLIENTS} clients, {label}", *page),
        *figures(f"gunicorn plain WTForms page, {LOAD_CLIENTS} clients", *base),
        (f"gunicorn area page / plain page throughput, {label} (goal >= 0.7)", f"{ratio:.2f}x"),
        *figures(
            f"gunicorn autosave, {AUTOSAVE_CLIENTS} clients back to back (saturation), {label}",
            *saves,
        ),
        (f"gunicorn autosave, {pacing}: requests/s", f"{len(paced) / sum(t for _, t in runs):.0f}"),
        (f"gunicorn autosave, {pacing}: p95 of each run", f"{each} ms"),
        (
            f"gunicorn autosave, {pacing}: p95 of {len(paced)} saves{goal}",
            f"{p95(paced) * 1000:.1f} ms",
        ),
    ]


def postgres_reachable() -> bool:
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except Exception:  # any failure means: not reachable; say so and go on
        return False
    return True


def run() -> list[tuple[str, str]]:
    """In-process and gunicorn figures on SQLite, then gunicorn on PostgreSQL when reachable."""
    with prepared() as setup:
        rows = in_process_rows(setup)
    with prepared() as setup:
        rows += served_rows(setup, "SQLite")
    if not postgres_reachable():
        return [*rows, ("PostgreSQL", f"not reachable at {PG_URL}: skipped")]
    with prepared(PG_URL) as setup:
        return rows + served_rows(setup, "PostgreSQL")
