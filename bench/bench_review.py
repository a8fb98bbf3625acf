"""The review page of a 122-question assessment (cbrn-needs 1.1, fully answered) with 20 query
threads and 10 answers changed since its return, beside the area page of the same assessment,
in-process on SQLite, measured in the same run.

Figures: the review page of one area (what it opens on), of every area at once (the former
single page), filtered to the queried questions, and the largest area page as its NFP reads it,
with the review page / area page time ratio.
"""

from __future__ import annotations

import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import select

from assess.extensions import Database, make_engine
from assess.models import Country, User
from assess.services import assessments as lifecycle
from assess.services import demo as demo_data
from assess.services import queries
from assess.services.answers import records_of, save_answer
from assess.services.db_schema import upgrade
from assess.services.questionnaires import questionnaires
from assess.web.app import create_app
from bench.http_load import TOKEN

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = 30
QUERIES = 20
CHANGED = 10


def _seed(app) -> tuple[int, str]:
    """XB's round of cbrn-needs 1.1, answered, submitted, queried on 20 questions (10 replied),
    returned, 10 answers changed to don't know, resubmitted; its id and its largest area."""
    with Database.factory(app)() as session:
        demo_data.seed_people(session)
        user = {
            name: session.scalar(select(User).where(User.username == name))
            for name in ("secretariat-seee", "nfp-xb")
        }
        country = session.scalar(select(Country).where(Country.code == "XB"))
        model = questionnaires(session).get("cbrn-needs", "1.1")
        assessment = lifecycle.open_round(
            session, user["secretariat-seee"], country, "cbrn-needs", "1.1", "2026"
        )
        demo_data.fill(session, user["nfp-xb"], assessment, model, "XB", share=1.0)
        lifecycle.submit(session, user["nfp-xb"], assessment)
        asked = list(records_of(session, assessment))[:: max(1, 120 // QUERIES)][:QUERIES]
        threads = [
            queries.raise_query(session, user["secretariat-seee"], assessment, qid, f"Why {qid}?")
            for qid in asked
        ]
        lifecycle.return_with_queries(session, user["secretariat-seee"], assessment, {})
        for query in threads[::2]:
            queries.reply(session, user["nfp-xb"], query, f"See the {query.question_id} act.")
        records = records_of(session, assessment)
        changeable = [q.id for q in model.questions() if q.allow_dont_know and q.id in records]
        for qid in changeable[:CHANGED]:
            record = records[qid]
            save_answer(session, user["nfp-xb"], assessment, qid, "dont_know", None,
                        None, record.version)  # fmt: skip
        lifecycle.resubmit(session, user["nfp-xb"], assessment)
        largest = max(model.areas(), key=lambda a: sum(not n.is_group for n in a.walk()))
        return assessment.id, largest.id


def _client(app, username: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    form = {"username": username, "password": demo_data.PASSWORD}
    client.post("/login", data={**form, "csrf_token": TOKEN.search(page).group(1)})
    return client


def _median_ms(client, url: str) -> float:
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2] * 1000


def run() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'review.sqlite3'}"
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
        assessment_id, area = _seed(app)
        review, nfp = _client(app, "secretariat-seee"), _client(app, "nfp-xb")
        base = f"/assessments/{assessment_id}"
        times = {
            "one area": _median_ms(review, f"{base}/review"),
            "every area": _median_ms(review, f"{base}/review?area=all"),
            "queried": _median_ms(review, f"{base}/review?area=all&show=queried"),
            "area page": _median_ms(nfp, f"{base}/areas/{area}"),
        }
        app.extensions["assess.engine"].dispose()
    label = f"122 questions, {QUERIES} queries"
    area_ms = times["area page"]
    return [
        (f"review page, first area ({label}): median", f"{times['one area']:.1f} ms"),
        (f"review page, every area ({label}): median", f"{times['every area']:.1f} ms"),
        (f"review page, queried questions ({label}): median", f"{times['queried']:.1f} ms"),
        (f"area page '{area}' (NFP, same assessment): median", f"{times['area page']:.1f} ms"),
        ("review page (first area) / area page", f"{times['one area'] / area_ms:.2f}x"),
        ("review page (every area) / area page", f"{times['every area'] / area_ms:.2f}x"),
    ]
