"""The dashboard of an admin who sees 64 fully answered rounds (cbrn-needs 1.0): its existing
query for the assessments, beside the completion and open queries it now shows for each one
(assess.services.assessments.completions), measured in the same run on SQLite."""

from __future__ import annotations

import gc
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def _best(step) -> tuple[float, float]:
    """The best (CPU, wall) seconds of RUNS calls of `step`."""
    found = []
    for _ in range(RUNS):
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        step()
        found.append((time.process_time() - cpu, time.perf_counter() - wall))
    return min(found)


def run() -> list[tuple[str, str]]:
    from assess.extensions import Database, make_engine
    from assess.services import access
    from assess.services import assessments as lifecycle
    from assess.services.db_schema import upgrade
    from assess.web.app import create_app
    from bench.bench_rounds import _seed

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'dashboard.sqlite3'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        app = create_app({"DATABASE_URL": url, "QUESTIONNAIRES_DIR": ROOT / "questionnaires"})
        try:
            with app.app_context(), Database.factory(app)() as session:
                admin, _carried, _empty = _seed(session)
                seen = session.scalars(access.visible_assessments(admin)).all()
                listed = _best(lambda: session.scalars(access.visible_assessments(admin)).all())
                counted = _best(lambda: lifecycle.completions(session, seen))
        finally:
            app.extensions["assess.engine"].dispose()
    rows = [
        (f"list {len(seen)} assessments: CPU (wall)", _ms(listed)),
        (f"completion and queries of {len(seen)}: CPU (wall)", _ms(counted)),
        ("per assessment (CPU)", f"{counted[0] * 1000 / len(seen):.1f} ms"),
        ("completion / list (CPU)", f"{counted[0] / max(listed[0], 1e-9):.0f}x"),
    ]
    return rows


def _ms(times: tuple[float, float]) -> str:
    return f"{times[0] * 1000:.0f} ms ({times[1] * 1000:.0f} ms)"
