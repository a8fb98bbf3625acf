"""Opening a round for 64 countries: empty (no earlier accepted round) beside carried forward from
an accepted, fully answered round under cbrn-needs 1.0 into 1.1 through its declared migration,
measured in the same run on SQLite in a temporary folder.

Each opening is one `open_rounds` call for the 64 countries (one commit). Times are CPU seconds,
the best of RUNS alternated runs (a round of another quarter each time), with the wall time of
that run; peak memory is Python's (tracemalloc) over one more opening of each kind.
"""

from __future__ import annotations

import gc
import tempfile
import time
import tracemalloc
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES = 64
RUNS = 3
QUARTERS = ("Q1", "Q2", "Q3", "Q4")  # RUNS timed openings of each kind, then the traced one


def _codes(start: int) -> list[str]:
    return [f"{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(start, start + COUNTRIES)]


def _seed(session) -> tuple[object, list, list]:
    """An admin, a region of 64 countries with an accepted 2026 round under 1.0 (every applicable
    question answered) and one of 64 countries with none."""
    from assess.models import AnswerRecord, Country, Region, User
    from assess.questionnaire.answers import to_json
    from assess.services import rounds
    from assess.services.questionnaires import questionnaires
    from bench.bench_plans import answered

    admin = User(username="admin", password_hash="-", role="admin")
    carried, empty = Region(code="CARRY", name="Carried"), Region(code="EMPTY", name="Empty")
    session.add_all([admin, carried, empty])
    for region, codes in ((carried, _codes(0)), (empty, _codes(COUNTRIES))):
        session.add_all(Country(code=code, name=f"Country {code}", region=region) for code in codes)
    session.commit()
    old = questionnaires(session).get("cbrn-needs", "1.0")
    opened = rounds.open_rounds(
        session, admin, carried.countries, "cbrn-needs", "1.0", rounds.RoundName(2026), None
    ).opened
    for assessment in opened:
        for qid, answer in answered(old, assessment.country.code).items():
            value = to_json(old.node(qid), answer.value)
            session.add(AnswerRecord(assessment=assessment, question_id=qid, status="answered",
                                     value=value))  # fmt: skip
        assessment.status = "accepted"
    session.commit()
    return admin, list(carried.countries), list(empty.countries)


def _open(session, admin, countries, period: str) -> float:
    from assess.services import rounds

    name = rounds.RoundName(2027, period)
    opened = rounds.open_rounds(session, admin, countries, "cbrn-needs", "1.1", name, None)
    return len(opened.opened)


def run() -> list[tuple[str, str]]:
    from assess.extensions import Database, make_engine
    from assess.models import AnswerRecord
    from assess.services.db_schema import upgrade
    from assess.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'rounds.sqlite3'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        app = create_app({"DATABASE_URL": url, "QUESTIONNAIRES_DIR": ROOT / "questionnaires"})
        try:
            with app.app_context(), Database.factory(app)() as session:
                admin, carried, empty = _seed(session)
                times: dict[str, list[tuple[float, float]]] = {"empty": [], "carried": []}
                for run_number, period in enumerate(QUARTERS[:RUNS]):
                    order = (("empty", empty), ("carried", carried))
                    for kind, countries in order if run_number % 2 == 0 else order[::-1]:
                        gc.collect()
                        cpu, wall = time.process_time(), time.perf_counter()
                        _open(session, admin, countries, period)
                        times[kind].append((time.process_time() - cpu, time.perf_counter() - wall))
                peaks = {}
                for kind, countries in (("empty", empty), ("carried", carried)):
                    gc.collect()
                    tracemalloc.start()
                    _open(session, admin, countries, QUARTERS[RUNS])
                    peaks[kind] = tracemalloc.get_traced_memory()[1] / 2**20
                    tracemalloc.stop()
                carried_answers = session.scalar(
                    select(AnswerRecord.id).where(AnswerRecord.carried_from.is_not(None)).limit(1)
                )
        finally:
            app.extensions["assess.engine"].dispose()
    assert carried_answers is not None, "nothing was carried"
    rows = []
    for kind, label in (("empty", "open 64 empty rounds"), ("carried", "carry 64 rounds forward")):
        cpu, wall = min(times[kind])
        rows.append((f"{label}: CPU (wall)", f"{cpu * 1000:.0f} ms ({wall * 1000:.0f} ms)"))
        rows.append((f"{label}: peak Python memory", f"{peaks[kind]:.1f} MiB"))
    ratio = min(times["carried"])[0] / max(min(times["empty"])[0], 1e-9)
    rows.append(("carried / empty (CPU)", f"{ratio:.1f}x"))
    return rows
