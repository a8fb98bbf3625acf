"""A regional plan of 15 countries on mixed questionnaire versions, beside the same region on one.

Mixed: 8 countries answered cbrn-needs 1.0 and are carried onto 1.1 through its declared migration,
7 answered 1.1. Single: the 15 answered 1.1. For each, from typed answers: every round brought onto
1.1 and scored, then the regional plan built. Each runs in a fresh child process so its peak
resident memory is its own; times are CPU seconds, the best of RUNS. Then the regional PDF of the
mixed region is rendered and its pages counted (goal: under 40) when every country's NFP agreed to
share its answers with the region (an annex with every country's answers side by side), when half
did, and when none did (the default: aggregates alone, the annex naming the countries).
"""

from __future__ import annotations

import gc
import io
import json
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime

from bench.bench_plans import REPORTS_DIR, ROOT, answered

FOLDER = ROOT / "questionnaires"
COUNTRIES = tuple(f"X{chr(ord('A') + i)}" for i in range(15))
EARLIER = COUNTRIES[:8]  # answered 1.0 in the mixed region
RUNS = 5
MAX_PAGES = 40
# Who shares answers with the region, per PDF counted: all, every other country, none.
SHARING = {"all": COUNTRIES, "half": COUNTRIES[::2], "none": ()}
CHILD = "import json, sys, bench.bench_regional as b; print(json.dumps(b.measure(sys.argv[1])))"


def _region(kind: str):
    """The target version, and each country's (questionnaire answered under, answers)."""
    from assess.questionnaire.registry import QuestionnaireRegistry

    registry = QuestionnaireRegistry(FOLDER)
    old, new = registry.get("cbrn-needs", "1.0"), registry.get("cbrn-needs", "1.1")
    under = {c: old if kind != "single" and c in EARLIER else new for c in COUNTRIES}
    return new, {c: (q, answered(q, c)) for c, q in under.items()}


def _plan(target, rounds):
    """Every round onto the target and scored, then the regional plan."""
    from assess.plans import build_regional_plan
    from assess.scoring.versions import named, onto

    on = {c: onto(q, target, answers, {}) for c, (q, answers) in rounds.items()}
    lost = tuple(item for c, o in on.items() for item in named(c, o, target.version))
    scores = {c: o.score for c, o in on.items()}
    plan = build_regional_plan(target, scores, lang="en", region="SEEE", not_comparable=lost)
    return plan, on


def _pages(target, rounds) -> dict[str, float]:
    """The pages of the region's PDF report when every country shares its answers, half, none."""
    import pypdf

    from assess.reports.pdf import PdfStamp, render_pdf
    from assess.reports.plan_documents import CountryData, Cover
    from assess.reports.regional_document import regional_document
    from assess.reports.render import render_html

    plan, on = _plan(target, rounds)
    data = {c: CountryData(c, o.answers, o.comments) for c, o in on.items()}
    cover = Cover("South East and Eastern Europe", "2026", "2026-11-21", "RESTRICTED")
    stamp = PdfStamp(
        "plan", "cbrn-needs", "1.1", "bench", "0" * 64, datetime(2026, 1, 1, tzinfo=UTC)
    )
    pages = {}
    for name, shared in SHARING.items():
        document = regional_document(plan, target, data, cover, shared=shared)
        html = render_html(document, reports_dir=REPORTS_DIR)
        pdf = render_pdf(html, base_dir=REPORTS_DIR, metadata=stamp)
        pages[name] = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return pages


def measure(kind: str) -> dict[str, float]:
    """In this process: a warm-up, then RUNS plans (or, for `pdf`, one report's pages)."""
    target, rounds = _region("mixed" if kind == "pdf" else kind)
    if kind == "pdf":
        return _pages(target, rounds)
    _plan(target, rounds)
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(RUNS):
        gc.collect()
        started, clock = time.process_time(), time.perf_counter()
        _plan(target, rounds)
        cpu.append(time.process_time() - started)
        wall.append(time.perf_counter() - clock)
    # ru_maxrss is in kilobytes on Linux.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"cpu": min(cpu), "wall": min(wall), "peak_mb": peak}


def _child(kind: str) -> dict[str, float]:
    found = subprocess.run(
        [sys.executable, "-c", CHILD, kind],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=1800,
    )
    return json.loads(found.stdout.strip().splitlines()[-1])


def run() -> list[tuple[str, str]]:
    """Plan of 15 countries, mixed versions beside one version; pages of the mixed PDF."""
    mixed, single, pdf = _child("mixed"), _child("single"), _child("pdf")
    rows = []
    for name, f in (("15 on 1.0 and 1.1", mixed), ("15 on 1.1", single)):
        rows += [
            (f"plan, {name}: cpu time (best of {RUNS})", f"{f['cpu'] * 1000:.0f} ms"),
            (f"plan, {name}: wall time (best of {RUNS})", f"{f['wall'] * 1000:.0f} ms"),
            (f"plan, {name}: peak memory (child rss)", f"{f['peak_mb']:.0f} MiB"),
        ]
    rows.append(("mixed / one version, cpu", f"{mixed['cpu'] / single['cpu']:.2f}x"))
    sharing = (
        ("all sharing answers", "all"),
        (f"{len(SHARING['half'])} of {len(COUNTRIES)} sharing answers", "half"),
        ("none sharing (default)", "none"),
    )
    for name, key in sharing:
        verdict = "meets" if pdf[key] < MAX_PAGES else "misses"
        rows.append((f"regional pdf of 15, {name}: pages", f"{pdf[key]} ({verdict} < {MAX_PAGES})"))
    return rows
