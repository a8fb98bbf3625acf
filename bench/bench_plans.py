"""Plan reports end to end: the national plan of a fully answered cbrn-needs assessment and the
regional plan of 10 countries, from typed answers to PDF (scoring, plan, document, HTML, PDF).

For each: time, pages per second, peak memory, and our total time against WeasyPrint alone
rendering the same final HTML in the same run (goal: our own work adds at most 15%). Each report
is measured in a fresh child process so its peak resident memory is its own; times are CPU seconds
(the best of the runs), the wall time of our best run is printed too.
"""

from __future__ import annotations

import gc
import io
import json
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS_DIR = ROOT / "reports"
QUESTIONNAIRE = ROOT / "questionnaires" / "cbrn-needs" / "1.1.yaml"
COUNTRIES = tuple(f"X{chr(ord('A') + i)}" for i in range(10))
RUNS = {"national": 3, "regional": 2}
GOAL = 1.15
CHILD = "import json, sys, bench.bench_plans as b; print(json.dumps(b.measure(sys.argv[1])))"


def answered(questionnaire, country: str) -> dict:
    """Every applicable question answered as a person would, deterministically per country."""
    from assess.questionnaire.answers import Answer, applicable, coerce
    from assess.services.demo import raw_answer

    given: dict = {}
    for question in questionnaire.questions():
        if question.id in applicable(questionnaire, given):
            value = coerce(
                question, raw_answer(question, random.Random(f"{country}:{question.id}"))
            )
            given[question.id] = Answer(question.id, "answered", value)
    return given


def _builder(kind: str):
    """A function making the report's document from answers, and the answers it starts from."""
    from assess.plans import build_national_plan, build_regional_plan
    from assess.questionnaire.loader import load_questionnaire
    from assess.reports.plan_documents import CountryData, Cover, national_document
    from assess.reports.regional_document import regional_document
    from assess.scoring import score_assessment

    q = load_questionnaire(QUESTIONNAIRE, root=QUESTIONNAIRE.parents[1])
    countries = COUNTRIES[:1] if kind == "national" else COUNTRIES
    answers = {code: answered(q, code) for code in countries}
    cover = Cover("Arvenia", "2026", "2026-11-21", "RESTRICTED")

    def document():
        scores = {code: score_assessment(q, given) for code, given in answers.items()}
        data = {code: CountryData(code, given, {}) for code, given in answers.items()}
        if kind == "national":
            plan = build_national_plan(q, scores["XA"], lang="en", country="XA")
            return national_document(plan, q, scores["XA"], data["XA"], cover)
        plan = build_regional_plan(q, scores, lang="en", region="SEEE")
        # Every country shares its answers: the longest regional report, as measured before.
        return regional_document(plan, q, data, cover, shared=set(data))

    return document


def measure(kind: str) -> dict[str, float]:
    """In this process: a warm-up, then RUNS of ours and of WeasyPrint alone, alternated."""
    import pypdf
    from weasyprint import HTML

    from assess.reports.pdf import PDF_OPTIONS, PdfStamp, render_pdf
    from assess.reports.render import render_html

    document = _builder(kind)
    stamp = PdfStamp(
        "plan", "cbrn-needs", "1.1", "bench", "0" * 64, datetime(2026, 1, 1, tzinfo=UTC)
    )

    def ours() -> bytes:
        html = render_html(document(), reports_dir=REPORTS_DIR)
        return render_pdf(html, base_dir=REPORTS_DIR, metadata=stamp)

    html = render_html(document(), reports_dir=REPORTS_DIR)
    pdf = ours()

    def alone() -> bytes:
        return HTML(string=html, base_url=REPORTS_DIR.as_uri() + "/").write_pdf(**PDF_OPTIONS)

    timings: dict[str, list[float]] = {"ours": [], "alone": [], "wall": []}
    for run_number in range(RUNS[kind]):
        order = (("ours", ours), ("alone", alone))
        for name, job in order if run_number % 2 == 0 else order[::-1]:
            gc.collect()
            started, wall = time.process_time(), time.perf_counter()
            job()
            timings[name].append(time.process_time() - started)
            if name == "ours":
                timings["wall"].append(time.perf_counter() - wall)
    return {
        "pages": len(pypdf.PdfReader(io.BytesIO(pdf)).pages),
        "ours": min(timings["ours"]),
        "alone": min(timings["alone"]),
        "wall": min(timings["wall"]),
        # ru_maxrss is in kilobytes on Linux.
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _figures(kind: str) -> list[tuple[str, str]]:
    child = subprocess.run(
        [sys.executable, "-c", CHILD, kind],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=1800,
    )
    f = json.loads(child.stdout.strip().splitlines()[-1])
    ratio = f["ours"] / f["alone"]
    verdict = "meets" if ratio <= GOAL else "misses"
    runs = RUNS[kind]
    return [
        (f"{kind}: pages", str(f["pages"])),
        (f"{kind}: total cpu time (best of {runs})", f"{f['ours']:.2f} s"),
        (f"{kind}: wall time of that run", f"{f['wall']:.2f} s"),
        (f"{kind}: pages per cpu second", f"{f['pages'] / f['ours']:.1f}"),
        (f"{kind}: weasyprint alone, same html, cpu", f"{f['alone']:.2f} s"),
        (f"{kind}: ours / weasyprint alone", f"{ratio:.3f} ({verdict} the {GOAL:.2f} goal)"),
        (f"{kind}: peak memory (child rss)", f"{f['peak_mb']:.0f} MiB"),
    ]


def run() -> list[tuple[str, str]]:
    """The figures of the national and the 10-country regional plan report."""
    return _figures("national") + _figures("regional")
