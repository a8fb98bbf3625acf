"""`assess score` over a generated table: 1,000 and 10,000 rows of a 300-node definition, each
run in its own process; time per row and peak memory (the child's VmHWM) of each, and their
ratios (goal: memory flat, time linear)."""

from __future__ import annotations

import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

GROUPS, QUESTIONS = 12, 24  # the root, 12 groups and 288 level questions: 301 nodes
SIZES = (1_000, 10_000)
# The child prints its peak resident memory in KiB: VmHWM, kept per address space, so it is the
# child's own (ru_maxrss survives exec: after other benchmarks it reported this process's peak).
CHILD = """
import resource, sys
from assess.cli import main
def peak():
    try:
        with open("/proc/self/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    main(sys.argv[1:])
except SystemExit as done:
    if done.code:
        raise
finally:
    print(peak(), file=sys.stderr)
"""


def definition() -> dict[str, Any]:
    groups = [
        {
            "id": f"g{g}",
            "title": f"Group {g}",
            "rank": g == 0,
            "children": [
                {"id": f"q{g}_{i}", "type": "level", "scale": "cap", "text": f"Question {g}.{i}"}
                for i in range(QUESTIONS)
            ],
        }
        for g in range(GROUPS)
    ]
    return {
        "assess": 1,
        "id": "bench",
        "version": "1.0",
        "default_language": "en",
        "title": "Bench",
        "scoring": {"scale": {"min": 0, "max": 100}, "aggregation": "mean", "bands": "halves"},
        "scales": {
            "cap": {
                "kind": "level",
                "levels": [{"value": v, "label": f"L{v}"} for v in range(1, 6)],
            }
        },
        "bands": {
            "halves": [
                {"id": "low", "label": "Low", "min": 0, "max": 50},
                {"id": "high", "label": "High", "min": 50, "max": 100},
            ]
        },
        "children": groups,
    }


def write_table(path: Path, rows: int, seed: int = 15) -> None:
    chance = random.Random(seed)
    ids = [f"q{g}_{i}" for g in range(GROUPS) for i in range(QUESTIONS)]
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["respondent", "name", *ids])
        for row in range(rows):
            cells = [chance.choice("12345x") for _ in ids]
            writer.writerow([f"r{row}", f"Country {row}", *cells])


def measure(folder: Path, rows: int) -> tuple[float, int]:
    """Seconds and peak kilobytes of one `assess score` process over `rows` rows."""
    table = folder / f"answers-{rows}.csv"
    write_table(table, rows)
    args = [folder / "bench.yaml", table, "--keep", "name", "-o", folder / f"scores-{rows}.csv"]
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "score", *map(str, args)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    return seconds, int(done.stderr.strip().splitlines()[-1])


def run() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "bench.yaml").write_text(yaml.safe_dump(definition()), encoding="utf-8")
        figures = {rows: measure(folder, rows) for rows in SIZES}
    small, large = SIZES
    out = []
    for rows, (seconds, peak) in figures.items():
        out.append((f"{rows:,} rows: time per row", f"{seconds / rows * 1000:.2f} ms"))
        out.append((f"{rows:,} rows: peak memory", f"{peak / 1024:.1f} MB"))
    time_ratio = figures[large][0] / figures[small][0]
    memory_ratio = figures[large][1] / figures[small][1]
    out.append(
        (f"time {large:,} / {small:,} rows (linear: {large // small}x)", f"{time_ratio:.2f}x")
    )
    out.append((f"peak memory {large:,} / {small:,} rows (flat: 1x)", f"{memory_ratio:.2f}x"))
    return out
