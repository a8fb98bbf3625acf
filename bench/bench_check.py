"""`assess check` on hostile files, against checking the cbrn-needs definition in the same run."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from assess.questionnaire.loader import check_paths

QUESTIONS = 8000  # each question names an unknown question and an unknown scale
SEXAGESIMAL_PARTS = 200_000  # a scalar of 200,000 base-60 parts: 400 KB of text
RUNS = 3
CBRN_NEEDS = Path(__file__).resolve().parent.parent / "questionnaires" / "cbrn-needs"


def _text(en: str) -> dict[str, str]:
    return {"en": en}


def unknown_references(questions: int = QUESTIONS) -> dict[str, Any]:
    """A definition whose `questions` level questions each name an unknown question in their
    condition (`${nope_<n>}`, X010) and an unknown scale (`nope_<n>`, R101): two unknown
    references per question, each checked against every question or scale declared."""
    children = [
        {
            "id": f"q{n}",
            "type": "level",
            "scale": f"nope_{n}",
            "text": _text(f"Question {n}"),
            "when": f"${{nope_{n}}} = 1",
        }
        for n in range(1, questions + 1)
    ]
    levels = [{"value": i, "label": _text(f"Level {i}")} for i in range(1, 6)]
    return {
        "assess": 1,
        "id": "hostile-refs",
        "version": "1.0",
        "default_language": "en",
        "languages": ["en"],
        "title": _text("Unknown references"),
        "scoring": {"scale": {"min": 0, "max": 100}, "aggregation": "mean"},
        "scales": {f"scale_{n}": {"kind": "level", "levels": levels} for n in range(1, 51)},
        "children": [{"id": "area", "kind": "area", "title": _text("Area"), "children": children}],
    }


def sexagesimal_text(parts: int = SEXAGESIMAL_PARTS) -> str:
    """A YAML file of long plain scalars that YAML 1.1 reads as numbers in base 60 (`1:1:...`,
    each of `parts` parts: an int, a float, a negative int), and as long ones that look like them
    and are text (they fail the number patterns at their very end)."""
    number = ":".join("1" * parts)
    scalars = [number, f"{number}.5", f"-{number}", f"{number}:x", f"1{'_' * parts}:1x"]
    lines = ["assess: 1", "id: hostile-numbers", "version: '1.0'", "notes:"]
    lines += [f"  - {scalar}" for scalar in scalars]
    return "\n".join(lines) + "\n"


def write_files(root: Path) -> tuple[Path, Path]:
    """The file of unknown references and the file of base-60 numbers, under `root`."""
    refs = root / "hostile-refs.yaml"
    refs.write_text(yaml.safe_dump(unknown_references(), sort_keys=False), encoding="utf-8")
    numbers = root / "hostile-numbers.yaml"
    numbers.write_text(sexagesimal_text(), encoding="utf-8")
    return refs, numbers


def best_of(runs: int, action: Callable[[], object]) -> tuple[float, float]:
    """The fastest wall and CPU times of `runs` runs, in seconds (CPU is the honest one on a busy
    machine)."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def run() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        refs, numbers = write_files(Path(tmp))
        found = check_paths([refs])
        unknown = sum(1 for p in found if p.code in ("X010", "R101"))
        baseline = best_of(RUNS, lambda: check_paths([CBRN_NEEDS]))
        checking_refs = best_of(RUNS, lambda: check_paths([refs]))
        checking_numbers = best_of(RUNS, lambda: check_paths([numbers]))
        size = numbers.stat().st_size
    rows = [("unknown references reported (X010, R101)", f"{unknown:,}")]
    for i, kind in enumerate(("wall", "CPU")):
        rows += [
            (f"check cbrn-needs, 3 versions ({kind})", f"{baseline[i]:.2f} s"),
            (
                f"check 16,000 unknown references (goal < 10 s) ({kind})",
                f"{checking_refs[i]:.2f} s",
            ),
            (
                f"check base-60 numbers, {size / 1024:,.0f} KiB ({kind})",
                f"{checking_numbers[i]:.2f} s",
            ),
            (f"unknown references / cbrn-needs ({kind})", f"{checking_refs[i] / baseline[i]:.2f}x"),
            (f"base-60 numbers / cbrn-needs ({kind})", f"{checking_numbers[i] / baseline[i]:.2f}x"),
        ]
    return rows
