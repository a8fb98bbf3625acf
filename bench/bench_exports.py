"""Exports: one assessment and a round of a region of 15 countries (CSV, XLSX) beside the area
page in the same run, and the peak memory of exporting 1, 15 and 64 countries (tracemalloc)."""

from __future__ import annotations

import statistics
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from itertools import product
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert, select

from assess.exports.export import export
from assess.exports.scope import Scope
from assess.extensions import Database, make_engine
from assess.models import AnswerRecord, Assessment, Country, Region, User
from assess.services import assessments as lifecycle
from assess.services import demo as demo_data
from assess.services.db_schema import upgrade
from assess.services.people import ensure_country, ensure_region, hash_password
from assess.services.questionnaires import questionnaires
from bench.http_load import TOKEN

REPEATS = 7
SIZES = (1, 15, 64)
LETTERS = "ABCDEFGHIJKLMNOP"
ROUND = "2026"


def _codes(prefix: str, count: int) -> list[str]:
    """Country codes of a bench region: 'JA', 'JB', ..."""
    return [f"{first}{second}" for first, second in product(prefix, LETTERS)][:count]


def _app(tmp: Path) -> Flask:
    from assess.web.app import create_app

    url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return create_app({"DATABASE_URL": url, "SECRET_KEY": uuid.uuid4().hex})


def _seed(app: Flask) -> tuple[int, dict[int, str]]:
    """The demo people, XA's round answered in full, and regions of 1, 15 and 64 countries whose
    rounds hold a copy of XA's answers: XA's round's id, and the region code of each size."""
    regions = {}
    with Database.factory(app)() as session:
        demo_data.seed_people(session, hash_password(demo_data.PASSWORD))
        admin = session.scalar(select(User).where(User.username == "admin"))
        qid, version = demo_data.demo_questionnaire(session)
        questionnaire = questionnaires(session).get(qid, version)
        xa = session.scalar(select(Country).where(Country.code == "XA"))
        source = lifecycle.open_round(session, admin, xa, qid, version, ROUND)
        nfp = session.scalar(select(User).where(User.username == "nfp-xa"))
        demo_data.fill(session, nfp, source, questionnaire, "XA", share=1.0)
        answers = session.execute(
            select(AnswerRecord.question_id, AnswerRecord.status, AnswerRecord.value).where(
                AnswerRecord.assessment_id == source.id
            )
        ).all()
        for size, prefix in zip(SIZES, ("J", "K", "LMNO"), strict=True):
            region = ensure_region(session, f"B{size}", f"Bench region of {size}")
            regions[size] = region.code
            for code in _codes(prefix, size):
                country = ensure_country(session, code, f"Country {code}", region)
                opened = lifecycle.open_round(session, admin, country, qid, version, ROUND)
                rows = [
                    {"assessment_id": opened.id, "question_id": q, "status": s, "value": v}
                    for q, s, v in answers
                ]
                session.execute(insert(AnswerRecord), rows)
            session.commit()
        return source.id, regions


def _signed_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    login = {"username": username, "password": demo_data.PASSWORD}
    client.post("/login", data={**login, "csrf_token": TOKEN.search(page).group(1)})
    return client


def _median_ms(call: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _get(client, url: str) -> Callable[[], int]:
    def fetch() -> int:
        with client.get(url) as response:
            assert response.status_code == 200, url
            return len(response.get_data())

    return fetch


def _peak(app: Flask, region_code: str, fmt: str) -> tuple[float, int]:
    """Peak traced memory (MiB) while exporting the region's answers, and the bytes produced."""
    with app.app_context(), Database.factory(app)() as session:
        admin = session.scalar(select(User).where(User.username == "admin"))
        region = session.scalar(select(Region).where(Region.code == region_code))
        scope = Scope(region=region, round=ROUND)
        tracemalloc.start()
        made = export(session, admin, scope, "answers", fmt, "en")
        size = sum(len(chunk) for chunk in made.chunks)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / 2**20, size


def run() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp))
        source_id, regions = _seed(app)
        # The NFP fills the area page; admins export (both see XA's round, admins every region).
        nfp, admin = _signed_in(app, "nfp-xa"), _signed_in(app, "admin")
        with Database.factory(app)() as session:
            source = session.get(Assessment, source_id)
            questionnaire = questionnaires(session).get(
                source.questionnaire_id, source.questionnaire_version
            )
            area_page = f"/assessments/{source_id}/areas/{questionnaire.areas()[0].id}"
            questions = len(list(questionnaire.questions()))
        one = f"/assessments/{source_id}/export?table=answers&format="
        region = f"/regions/{regions[15]}/export?round={ROUND}&table=answers&format="
        rows = [
            ("questions per assessment", str(questions)),
            ("area page (median)", f"{_median_ms(_get(nfp, area_page)):.1f} ms"),
        ]
        for fmt in ("csv", "xlsx"):
            rows.append(
                (f"one assessment, {fmt} (median)", f"{_median_ms(_get(admin, one + fmt)):.1f} ms")
            )
        for fmt in ("csv", "xlsx"):
            took = _median_ms(_get(admin, region + fmt))
            rows.append((f"region of 15 countries, {fmt} (median)", f"{took:.1f} ms"))
        for fmt in ("csv", "xlsx"):
            for size in SIZES:
                peak, produced = _peak(app, regions[size], fmt)
                places = "1 country" if size == 1 else f"{size} countries"
                figure = f"peak memory, {fmt}, {places} ({produced // 1024:,} KiB written)"
                rows.append((figure, f"{peak:.2f} MiB"))
        app.extensions["assess.engine"].dispose()
    return rows
