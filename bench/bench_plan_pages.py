"""A stored plan's pages in the reader's language against the same pages in English (the language
its proposals are stored in): Dravenland's national plan under the newest cbrn-needs, one of its
action pages, and the AAF regional plan, from the demo seeded on the shipped questionnaires,
in-process on SQLite, medians of REQUESTS requests each, measured in the same run.

A page in another language words its proposals from the questionnaire texts of the plan built
again from its stored answers (services/plan_views.py), kept per plan and inputs: the first
request after a start pays that build ("cold", the texts dropped before each of COLD requests),
the others find it kept ("warm").
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import select

from assess.extensions import Database, make_engine
from assess.models import Assessment, Country, Plan
from assess.services import demo as demo_data
from assess.services import plan_views
from assess.services.db_schema import upgrade
from assess.web.app import create_app
from bench.http_load import TOKEN

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = 30
COLD = 10


def _client(app, username: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    form = {"username": username, "password": demo_data.PASSWORD}
    client.post("/login", data={**form, "csrf_token": TOKEN.search(page).group(1)})
    return client


def _median_ms(client, url: str, lang: str, requests: int, cold: bool = False) -> float:
    headers = {"Accept-Language": lang}
    assert client.get(url, headers=headers).status_code == 200, url
    times = []
    for _ in range(requests):
        if cold:
            plan_views._kept.clear()
        start = time.perf_counter()
        client.get(url, headers=headers)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def run() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'plans.sqlite3'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        app = create_app(
            {
                "DATABASE_URL": url,
                "QUESTIONNAIRES_DIR": ROOT / "questionnaires",
                "SECRET_KEY": uuid.uuid4().hex,
                "UPLOAD_DIR": Path(tmp) / "uploads",
            }
        )
        with Database.factory(app)() as session:
            demo_data.seed(session)
            plan = session.scalars(
                select(Plan)
                .join(Plan.assessment)
                .join(Assessment.country)
                .where(Country.code == "XD", Assessment.round_label == "2026")
            ).one()
            action = next(r.action_id for r in plan.actions if r.active)
            pages = {
                "national plan page": (f"/assessments/{plan.assessment_id}/plan", "nfp-xd"),
                "action page": (f"/plans/{plan.id}/actions/{action}", "nfp-xd"),
                "regional plan page": ("/regions/AAF/plan", "secretariat-aaf"),
            }
        figures = []
        for name, (path, user) in pages.items():
            client = _client(app, user)
            lang = "fr" if name == "regional plan page" else "pt"
            english = _median_ms(client, path, "en", REQUESTS)
            warm = _median_ms(client, path, lang, REQUESTS)
            cold = _median_ms(client, path, lang, COLD, cold=True)
            figures += [
                (f"{name}, en: median", f"{english:.1f} ms"),
                (f"{name}, {lang} (texts kept): median", f"{warm:.1f} ms"),
                (f"{name}, {lang} (texts built): median", f"{cold:.1f} ms"),
                (f"{name}, {lang} kept / en", f"{warm / english:.2f}x"),
                (f"{name}, {lang} built / en", f"{cold / english:.2f}x"),
            ]
        app.extensions["assess.engine"].dispose()
    return figures
