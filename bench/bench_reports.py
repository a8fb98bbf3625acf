"""Rendering a ~20-page report (the Xanadu specimen with a 10-country comparison and a long annex):
time, pages per second, peak memory, and our total time against WeasyPrint alone rendering the
same final HTML with the same PDF options in the same run (goal: our own work adds at most 15%).

The measurement runs in a fresh child process, so its peak resident memory is the report's own.
Times are CPU seconds of that process (the best of RUNS): wall time on a shared machine swings
with other work, CPU time much less; the median wall time is printed too.
"""

from __future__ import annotations

import gc
import io
import json
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS_DIR = ROOT / "reports"
RUNS = 5
ANNEX_COPIES = 3
COUNTRIES = 10
GOAL = 1.15
CHILD = "import json, bench.bench_reports as b; print(json.dumps(b.measure()))"


def measure() -> dict[str, float]:
    """In this process: a warm-up render, then RUNS of ours and of WeasyPrint alone, alternated."""
    import pypdf
    from weasyprint import HTML

    from assess.reports.pdf import PDF_OPTIONS, PdfStamp, render_pdf
    from assess.reports.render import render_html
    from tests.reports.specimen import specimen_document

    document = specimen_document("en", annex_copies=ANNEX_COPIES, countries=COUNTRIES)
    stamp = PdfStamp(document.title, "xa", "1", "1", "0" * 64, datetime(2026, 1, 1, tzinfo=UTC))
    base_url = REPORTS_DIR.as_uri() + "/"

    def ours() -> bytes:
        html = render_html(document, reports_dir=REPORTS_DIR)
        return render_pdf(html, base_dir=REPORTS_DIR, metadata=stamp)

    html = render_html(document, reports_dir=REPORTS_DIR)
    pdf = ours()

    def alone() -> bytes:
        return HTML(string=html, base_url=base_url).write_pdf(**PDF_OPTIONS)

    timings: dict[str, list[float]] = {"ours": [], "alone": [], "wall": []}
    for run_number in range(RUNS):
        # Alternate which goes first, so neither always pays the other's garbage collection.
        order = (("ours", ours), ("alone", alone))
        for name, job in order if run_number % 2 == 0 else order[::-1]:
            gc.collect()
            started, wall = time.process_time(), time.perf_counter()
            job()
            timings[name].append(time.process_time() - started)
            if name == "ours":
                timings["wall"].append(time.perf_counter() - wall)
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return {
        "pages": pages,
        "ours": min(timings["ours"]),
        "alone": min(timings["alone"]),
        "wall": statistics.median(timings["wall"]),
        "bytes": len(pdf),
        # ru_maxrss is in kilobytes on Linux.
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run() -> list[tuple[str, str]]:
    """The figures, measured in a child process."""
    child = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=600,
    )
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    ratio = figures["ours"] / figures["alone"]
    verdict = "meets" if ratio <= GOAL else "misses"
    return [
        ("pages", str(figures["pages"])),
        ("pdf size", f"{figures['bytes'] / 1024:.0f} KiB"),
        (f"total cpu time (best of {RUNS})", f"{figures['ours']:.2f} s"),
        (f"total wall time (median of {RUNS})", f"{figures['wall']:.2f} s"),
        ("pages per cpu second", f"{figures['pages'] / figures['ours']:.1f}"),
        ("weasyprint alone, same html, cpu", f"{figures['alone']:.2f} s"),
        ("ours / weasyprint alone", f"{ratio:.3f} ({verdict} the {GOAL:.2f} goal)"),
        ("peak memory (child rss)", f"{figures['peak_mb']:.0f} MiB"),
    ]
