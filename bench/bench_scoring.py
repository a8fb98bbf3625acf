"""Scoring one assessment of a generated 500-question questionnaire with full traces (target
under 10 ms), and a regional roll-up of 64 countries x 5 rounds."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from assess.questionnaire.answers import Answer
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Question, Questionnaire
from assess.scoring import explain, rollup, score_assessment

MODULES, AREAS, INDICATORS, QUESTIONS = 5, 4, 5, 5  # 5 x 4 x 5 x 5 = 500 questions
TYPES = ("level", "checklist", "yes_partial_no", "single_choice", "number")
RUNS = 31
COUNTRIES, ROUNDS = 64, 5


def question(qid: str, kind: str) -> dict[str, Any]:
    spec: dict[str, Any] = {"id": qid, "type": kind, "text": f"Question {qid}"}
    if kind in ("level", "checklist"):
        spec.update(scale="capability", target=4)
    if kind == "checklist":
        spec["attributes"] = {
            lvl: [{"id": f"{qid}_a{lvl}", "text": f"Attribute {lvl}"}] for lvl in range(1, 6)
        }
    if kind == "single_choice":
        spec["options"] = [
            {"id": f"o{i}", "label": f"Option {i}", "score": i * 25} for i in range(5)
        ]
    if kind == "number":
        spec.update(min=0, normalise={"min": 0, "max": 1000, "log": True})
    return spec


def definition() -> dict[str, Any]:
    """A questionnaire of modules > areas > indicators > questions, mixing answer types."""
    levels = [{"value": v, "label": f"Level {v}"} for v in range(1, 6)]
    bands = [
        {"id": f"b{i}", "label": f"Band {i}", "min": i * 20, "max": i * 20 + 20} for i in range(5)
    ]
    modules = []
    for m in range(MODULES):
        areas = []
        for a in range(AREAS):
            indicators = []
            for i in range(INDICATORS):
                ids = [f"q{m}_{a}_{i}_{q}" for q in range(QUESTIONS)]
                children = [question(qid, TYPES[n]) for n, qid in enumerate(ids)]
                indicators.append(
                    {"id": f"i{m}_{a}_{i}", "kind": "indicator", "title": "Indicator",
                     "target": 4, "children": children}
                )  # fmt: skip
            areas.append(
                {"id": f"a{m}_{a}", "kind": "area", "title": "Area", "children": indicators}
            )
        modules.append({"id": f"m{m}", "kind": "module", "title": "Module", "children": areas})
    return {
        "assess": 1, "id": "bench", "version": "1.0", "default_language": "en",
        "title": "Benchmark", "scoring": {"bands": "five", "round": 1},
        "scales": {"capability": {"kind": "level", "levels": levels}},
        "bands": {"five": bands}, "children": modules,
    }  # fmt: skip


def answers(questionnaire: Questionnaire, rnd: random.Random) -> dict[str, Answer]:
    """Every question answered with a valid value drawn from `rnd`."""
    found = {}
    for q in questionnaire.questions():
        found[q.id] = Answer(q.id, "answered", value_for(q, rnd))
    return found


def value_for(q: Question, rnd: random.Random) -> Any:
    if q.type == "level":
        return rnd.randint(1, 5)
    if q.type == "checklist":
        return frozenset(a.id for lvl in q.attributes.values() for a in lvl if rnd.random() < 0.7)
    if q.type in ("yes_partial_no", "single_choice"):
        return rnd.choice([o.id for o in q.options])
    return float(rnd.randint(0, 2000))


def load() -> Questionnaire:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.yaml"
        path.write_text(yaml.safe_dump(definition(), sort_keys=False), encoding="utf-8")
        return load_questionnaire(path)


def timed(action: Any) -> tuple[float, float]:
    """Wall and CPU seconds of one call: CPU time stays honest on a busy machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def run() -> list[tuple[str, str]]:
    questionnaire = load()
    rnd = random.Random(20240501)
    one = answers(questionnaire, rnd)
    runs = [timed(lambda: score_assessment(questionnaire, one)) for _ in range(RUNS)]
    wall, cpu = (statistics.median(t[i] for t in runs) * 1000 for i in (0, 1))
    lines = len(explain(score_assessment(questionnaire, one).root.trace).splitlines())
    rounds = [
        {
            f"c{c}": score_assessment(questionnaire, answers(questionnaire, rnd))
            for c in range(COUNTRIES)
        }
        for _ in range(ROUNDS)
    ]
    rolled = timed(lambda: [rollup(questionnaire, scored) for scored in rounds])
    one_label = f"score one assessment, {count_questions(questionnaire)} questions, full trace"
    roll_label = f"regional roll-up, {COUNTRIES} countries x {ROUNDS} rounds"
    return [
        (f"{one_label}, median of {RUNS} (wall)", f"{wall:.2f} ms"),
        (f"{one_label}, median of {RUNS} (CPU)", f"{cpu:.2f} ms"),
        ("trace of the whole assessment, explained", f"{lines} lines"),
        (f"{roll_label} (wall)", f"{rolled[0] * 1000:.1f} ms"),
        (f"{roll_label} (CPU)", f"{rolled[1] * 1000:.1f} ms"),
    ]


def count_questions(questionnaire: Questionnaire) -> int:
    return sum(1 for _ in questionnaire.questions())
