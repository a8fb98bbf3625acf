"""Metrics counted by several processes at once (gunicorn's workers, report workers) add up in
the folder they share: each process is a real interpreter counting at the same time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parent.parent
COUNT = """
import sys
from pathlib import Path
from assess import metrics
metrics.configure(Path(sys.argv[1]))
sys.stdin.readline()  # every process starts counting at the same moment
for _ in range(int(sys.argv[2])):
    metrics.answer_saved()
    metrics.request_answered("fill.save_answer", "POST", 200, 0.02)
metrics.report_job("done")
"""
SHOW = """
import sys
from pathlib import Path
from assess import metrics
metrics.configure(Path(sys.argv[1]))
sys.stdout.write(metrics.exposition().decode())
"""


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def python(script: str, *args: str, **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT, text=True, **options)


def test_two_processes_counting_into_one_folder_add_up(tmp_path: Path) -> None:
    folder = tmp_path / "metrics"
    writers = [python(COUNT, str(folder), "2000", stdin=subprocess.PIPE) for _ in range(2)]
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        writer.stdin.close()
        assert writer.wait(60) == 0
    assert len(list(folder.glob("counter_*.db"))) == 2  # one file per process
    reader = python(SHOW, str(folder), stdout=subprocess.PIPE)
    shown = samples(reader.communicate(timeout=60)[0])
    assert reader.returncode == 0
    assert shown[("assess_answers_saved_total", ())] == 4000
    assert shown[("assess_report_jobs_total", (("event", "done"),))] == 2
    save = (("endpoint", "fill.save_answer"), ("method", "POST"), ("status", "200"))
    assert shown[("assess_requests_total", save)] == 4000
    latency = (("endpoint", "fill.save_answer"),)
    assert shown[("assess_request_duration_seconds_count", latency)] == 4000
    assert shown[("assess_request_duration_seconds_bucket", (*latency, ("le", "0.025")))] == 4000
    assert shown[("assess_request_duration_seconds_bucket", (*latency, ("le", "0.01")))] == 0


def test_without_a_folder_a_process_shows_its_own_counts_only(tmp_path: Path) -> None:
    script = (
        "from assess import metrics\n"
        "metrics.answer_saved()\n"
        "import sys; sys.stdout.write(metrics.exposition().decode())\n"
    )
    shown = [samples(python(script, stdout=subprocess.PIPE).communicate(timeout=60)[0])]
    shown.append(samples(python(script, stdout=subprocess.PIPE).communicate(timeout=60)[0]))
    assert [s[("assess_answers_saved_total", ())] for s in shown] == [1, 1]
