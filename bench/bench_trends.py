"""Trends over 5 rounds x 64 countries beside the single-round equivalent, in the same run.

Rounds 2026 and 2027 answered cbrn-needs 1.0, 2028 to 2030 answered 1.1 (so the change from 2027
to 2028 goes through the declared migration). Each figure starts from typed answers and includes
scoring, as the service does: a region's trends (every round of every country scored, then
region_trends) beside scoring one round of the 64 countries; one country's trends (5 rounds
scored, then country_trends) beside scoring one of its rounds. CPU time is the best of RUNS; peak
memory is tracemalloc's peak over one more run (tracemalloc slows what it traces, so it is not
timed).
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable

from bench.bench_plans import ROOT, answered

FOLDER = ROOT / "questionnaires"
COUNTRIES = tuple(f"{chr(ord('A') + i // 26)}{chr(ord('A') + i % 26)}" for i in range(64))
ROUNDS = (("2026", "1.0"), ("2027", "1.0"), ("2028", "1.1"), ("2029", "1.1"), ("2030", "1.1"))
RUNS = 3
REGION, REGION_ONE = "region trends, 64 x 5 rounds", "region, one round scored (64)"
COUNTRY, COUNTRY_ONE = "country trends, 5 rounds", "country, one round scored"


def _world():
    """Each country's rounds: (label, questionnaire, typed answers), oldest first."""
    from assess.questionnaire.registry import QuestionnaireRegistry

    registry = QuestionnaireRegistry(FOLDER)
    versions = {v: registry.get("cbrn-needs", v) for v in ("1.0", "1.1")}
    return {
        c: [(label, versions[v], answered(versions[v], f"{c}-{label}")) for label, v in ROUNDS]
        for c in COUNTRIES
    }


def _scored(rounds):
    from assess.scoring import score_assessment
    from assess.scoring.trends import ScoredRound

    return [ScoredRound(label, q, a, score_assessment(q, a)) for label, q, a in rounds]


def _tasks(world) -> dict[str, Callable[[], object]]:
    from assess.scoring import score_assessment
    from assess.scoring.trends import country_trends, region_trends

    labels = [label for label, _ in ROUNDS]
    first = COUNTRIES[0]
    _, last_q, last_answers = world[first][-1]
    return {
        REGION: lambda: region_trends({c: _scored(rounds) for c, rounds in world.items()}, labels),
        REGION_ONE: lambda: [
            score_assessment(rounds[-1][1], rounds[-1][2]) for rounds in world.values()
        ],
        COUNTRY: lambda: country_trends(_scored(world[first])),
        COUNTRY_ONE: lambda: score_assessment(last_q, last_answers),
    }


def _cpu(task: Callable[[], object]) -> float:
    task()  # warm-up: questionnaire caches filled as in a running server
    best = float("inf")
    for _ in range(RUNS):
        gc.collect()
        started = time.process_time()
        task()
        best = min(best, time.process_time() - started)
    return best


def _peak(task: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        task()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def run() -> list[tuple[str, str]]:
    """Times and peak memory of trends beside single rounds, and their ratios."""
    tasks = _tasks(_world())
    figures = {name: (_cpu(task), _peak(task)) for name, task in tasks.items()}
    rows = []
    for name, (cpu, peak) in figures.items():
        rows.append((f"{name}: cpu (best of {RUNS})", f"{cpu * 1000:.0f} ms"))
        rows.append((f"{name}: peak memory (tracemalloc)", f"{peak:.1f} MiB"))
    pairs = (
        ("region trends / one round", REGION, REGION_ONE),
        ("country trends / one round", COUNTRY, COUNTRY_ONE),
    )
    for label, trends, single in pairs:
        rows.append((f"{label}, cpu", f"{figures[trends][0] / figures[single][0]:.2f}x"))
        rows.append((f"{label}, peak memory", f"{figures[trends][1] / figures[single][1]:.2f}x"))
    return rows
