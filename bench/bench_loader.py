"""Loading and validating a generated 2,000-question definition, against yaml.load of the file."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.yamlsafe import load_yaml_file

QUESTIONS = 2000
AREAS = 8
INDICATORS_PER_AREA = 10
RUNS = 5
GATE_EVERY = 5  # every 5th question is a yes/partial/no gate; the next one depends on it


def text(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


def capability_scale() -> dict[str, Any]:
    names = [("None", "Aucune"), ("Basic", "De base"), ("Developing", "En développement")]
    names += [("Established", "Établie"), ("Sustainable", "Durable")]
    levels = [
        {
            "value": i,
            "label": text(en, fr),
            "descriptor": text(f"Capacity is {en.lower()}.", f"La capacité est {fr.lower()}."),
        }
        for i, (en, fr) in enumerate(names, start=1)
    ]
    return {"kind": "level", "levels": levels}


def question(qid: str, n: int, gate: str | None) -> dict[str, Any]:
    """A level question on the shared scale, or every GATE_EVERY-th a yes/partial/no gate."""
    if n % GATE_EVERY == 0:
        return {
            "id": qid,
            "type": "yes_partial_no",
            "text": text(f"Does measure {n} exist?", f"La mesure {n} existe-t-elle ?"),
            "tags": {"cbrn": ["C", "B", "R", "N"][n % 4 : n % 4 + 1]},
        }
    node: dict[str, Any] = {
        "id": qid,
        "type": "level",
        "scale": "capability",
        "target": 4,
        "text": text(
            f"How mature is capability {n}?", f"Quelle est la maturité de la capacité {n} ?"
        ),
        "help": text("Pick the level that fits best.", "Choisissez le niveau le plus juste."),
        "refs": [f"JEE:P.{n % 7 + 1}.1"],
    }
    if gate:
        node["when"] = f"${{{gate}}} = 'yes'"
    return node


def indicator(area: int, number: int, per_indicator: int, first: int) -> dict[str, Any]:
    children, gate = [], None
    for n in range(first, first + per_indicator):
        qid = f"q{n}"
        children.append(question(qid, n, gate))
        gate = qid if n % GATE_EVERY == 0 else None
    actions = [
        {
            "step": step,
            "title": text(f"Reach level {step + 1}", f"Atteindre le niveau {step + 1}"),
            "activities": [text("Train the staff", "Former le personnel")],
            "type": "training",
            "horizon": "medium",
        }
        for step in range(1, 5)
    ]
    return {
        "id": f"a{area}_i{number}",
        "kind": "indicator",
        "title": text(f"Indicator {area}.{number}", f"Indicateur {area}.{number}"),
        "target": 4,
        "actions": actions,
        "children": children,
    }


def definition(qid: str, questions: int = QUESTIONS) -> dict[str, Any]:
    """A valid definition with `questions` questions in AREAS areas of INDICATORS_PER_AREA each."""
    per_indicator = questions // (AREAS * INDICATORS_PER_AREA)
    areas = []
    for a in range(1, AREAS + 1):
        indicators = [
            indicator(a, i, per_indicator, ((a - 1) * INDICATORS_PER_AREA + i - 1) * per_indicator)
            for i in range(1, INDICATORS_PER_AREA + 1)
        ]
        title = text(f"Area {a}", f"Domaine {a}")
        areas.append({"id": f"a{a}", "kind": "area", "title": title, "children": indicators})
    bands = [
        {"id": f"b{i}", "label": text(f"Band {i}", f"Bande {i}"), "min": i * 20, "max": i * 20 + 20}
        for i in range(5)
    ]
    return {
        "assess": 1,
        "id": qid,
        "version": "1.0",
        "default_language": "en",
        "languages": ["en", "fr"],
        "title": text("Benchmark questionnaire", "Questionnaire de mesure"),
        "scoring": {"scale": {"min": 0, "max": 100}, "aggregation": "mean", "bands": "five"},
        "scales": {"capability": capability_scale()},
        "bands": {"five": bands},
        "children": areas,
    }


def write_definition(root: Path, questions: int = QUESTIONS) -> Path:
    """Writes the generated definition at its place, root/<id>/1.0.yaml, and returns its path."""
    qid = f"bench-{questions}"
    path = root / qid / "1.0.yaml"
    path.parent.mkdir(parents=True)
    dumped = yaml.safe_dump(definition(qid, questions), sort_keys=False, allow_unicode=True)
    path.write_text(dumped, encoding="utf-8")
    return path


def best_of(runs: int, action: Callable[[], object]) -> float:
    """The fastest of `runs` timings, in seconds: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def run() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_definition(Path(tmp))
        raw = path.read_bytes()
        questions = sum(1 for _ in load_questionnaire(path, root=Path(tmp)).questions())
        baseline = best_of(RUNS, lambda: yaml.load(raw, Loader=yaml.CSafeLoader))
        reading = best_of(RUNS, lambda: load_yaml_file(path))
        loading = best_of(RUNS, lambda: load_questionnaire(path, root=Path(tmp)))
    return [
        ("questions", f"{questions:,}"),
        ("file size", f"{len(raw) / 1024:,.0f} KiB"),
        ("yaml.load (CSafeLoader)", f"{baseline * 1000:.1f} ms"),
        ("load_yaml_file (safe YAML)", f"{reading * 1000:.1f} ms"),
        ("load_questionnaire (load + validate)", f"{loading * 1000:.1f} ms"),
        ("safe YAML / yaml.load", f"{reading / baseline:.2f}x"),
        ("load_questionnaire / yaml.load (goal <= 3x)", f"{loading / baseline:.2f}x"),
    ]
