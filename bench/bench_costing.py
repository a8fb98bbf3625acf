"""Costing a national plan of 1,400 line items, beside scoring the same assessment and building
the same plan uncosted, in the same run."""

from __future__ import annotations

import copy
import statistics
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from assess.plans import build_national_plan
from assess.plans.costing import number_answers
from assess.questionnaire.answers import Answer
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Questionnaire
from assess.scoring import score_assessment
from bench.bench_scoring import timed

AREAS, GAPS = 10, 5  # the plan keeps at most 5 gaps per area: all 50 questions are planned
STEPS, LINES = 4, 7  # from level 1 to 5: 4 steps of 7 line items, 28 per question
UNITS = 40
PROFILE = ("population", "regions", "districts", "labs")
RUNS = 15


def line(n: int) -> dict[str, Any]:
    """A line item: fixed multipliers, one or two answers, one-off or recurring."""
    item: dict[str, Any] = {"unit_cost": f"u{n % UNITS}", "times": [2, 0.25]}
    item["per"] = [PROFILE[n % 4]] + ([PROFILE[(n + 1) % 4]] if n % 3 == 0 else [])
    item["recurring"] = n % 2 == 0
    return item


def definition() -> dict[str, Any]:
    """10 areas of 5 level questions with targets, every step costed; a profile of numbers."""
    levels = [{"value": v, "label": f"Level {v}"} for v in range(1, 6)]
    areas = []
    for a in range(AREAS):
        questions = []
        for g in range(GAPS):
            actions = [
                {"step": s, "title": f"Step {s}", "type": "training",
                 "costs": [line(a * 1000 + g * 100 + s * 10 + n) for n in range(LINES)]}
                for s in range(1, STEPS + 1)
            ]  # fmt: skip
            questions.append(
                {"id": f"q{a}_{g}", "type": "level", "text": "Q", "scale": "capability",
                 "target": 5, "actions": actions}
            )  # fmt: skip
        areas.append({"id": f"a{a}", "kind": "area", "title": "Area", "children": questions})
    profile = [{"id": p, "type": "number", "text": p, "min": 0} for p in PROFILE]
    unit_costs = [
        {"id": f"u{u}", "title": f"Unit {u}", "category": "c", "subcategory": "s",
         "value": 100 + u * 12.5}
        for u in range(UNITS)
    ]  # fmt: skip
    return {
        "assess": 1, "id": "bench-costing", "version": "1.0", "default_language": "en",
        "title": "Benchmark", "scales": {"capability": {"kind": "level", "levels": levels}},
        "costing": {
            "currency": "USD", "year": 2024,
            "categories": [{"id": "c", "title": "C", "subcategories": [{"id": "s", "title": "S"}]}],
            "unit_costs": unit_costs,
        },
        "children": [{"id": "profile", "title": "Profile", "children": profile}, *areas],
    }  # fmt: skip


def uncosted(data: dict[str, Any]) -> dict[str, Any]:
    """The same definition without its costing and line items."""
    plain = copy.deepcopy(data)
    del plain["costing"]
    for area in plain["children"][1:]:
        for question in area["children"]:
            for action in question["actions"]:
                del action["costs"]
    return plain


def load(data: dict[str, Any]) -> Questionnaire:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return load_questionnaire(path)


def median_ms(action: Any) -> tuple[float, float]:
    """Median wall and CPU milliseconds of RUNS calls."""
    runs = [timed(action) for _ in range(RUNS)]
    return tuple(statistics.median(t[i] for t in runs) * 1000 for i in (0, 1))  # type: ignore[return-value]


def run() -> list[tuple[str, str]]:
    data = definition()
    costed, plain = load(data), load(uncosted(data))
    answers = {q.id: Answer(q.id, "answered", 1) for q in costed.questions() if q.type == "level"}
    for n, name in enumerate(PROFILE):
        answers[name] = Answer(name, "answered", float(10 ** (n + 1)) + 0.5)
    numbers = number_answers(costed, answers)
    score = score_assessment(costed, answers)
    plan = build_national_plan(costed, score, lang="en", numbers=numbers, start_year=2026)
    items = sum(len(action.cost_lines) for action in plan.actions())
    total = sum((c for action in plan.actions() for c in action.year_costs), Decimal(0))
    assert total > 0 and not any(action.cost_missing for action in plan.actions())
    scoring = median_ms(lambda: score_assessment(costed, answers))
    plain_score = score_assessment(plain, answers)
    bare = median_ms(lambda: build_national_plan(plain, plain_score, lang="en"))
    priced = median_ms(
        lambda: build_national_plan(costed, score, lang="en", numbers=numbers, start_year=2026)
    )
    label = f"national plan, {len(plan.actions())} actions, {items:,} line items"
    return [
        (f"score the assessment, median of {RUNS} (CPU)", f"{scoring[1]:.2f} ms"),
        (f"{label}, uncosted (CPU)", f"{bare[1]:.2f} ms"),
        (f"{label}, costed (CPU)", f"{priced[1]:.2f} ms"),
        (f"{label}, costed (wall)", f"{priced[0]:.2f} ms"),
        ("costed plan / scoring (CPU)", f"{priced[1] / scoring[1]:.2f}x"),
        ("costed plan / uncosted plan (CPU)", f"{priced[1] / bare[1]:.2f}x"),
    ]
