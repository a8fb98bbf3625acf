"""Fixtures every test package may use: paths, the published-data gate, and the summary of
published indices reproduced."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import pytest
import werkzeug.test
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ASSESS_SHARED_DIR", ROOT.parent / "shared"))
EXTERNAL_DATA = SHARED / "external-data"
QUESTIONNAIRES = ROOT / "questionnaires"
TEST_DATA = ROOT / "tests" / "data"
# Lines tests record in the process that runs them (an xdist worker, or the only process).
RECORDED = pytest.StashKey[list[str]]()

# The database and application fixtures, for every test package.
pytest_plugins = ("tests.database", "tests.smtp")

# Properties are checked here, speed in bench/: on a busy two-core machine (CI runs two workers)
# a slow example is no failure, so Hypothesis' timing checks are off for every test.
settings.register_profile("assess", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("assess")

# Werkzeug's test client encodes a multipart body over 500 KB into a temporary file it never
# closes; pytest then reports the unclosed file in whichever test the garbage collector runs in.
# The newest cbrn-needs (650 KB with its five languages) is uploaded whole by the draft tests, so
# the test client encodes in memory. The application's own parsing of uploads is unchanged.
werkzeug.test.stream_encode_multipart = functools.partial(
    werkzeug.test.stream_encode_multipart, use_tempfile=False
)


@pytest.fixture(scope="session")
def external_data() -> Path:
    """../shared/external-data; skips when absent, fails instead when ASSESS_REQUIRE_PUBLISHED=1."""
    if not EXTERNAL_DATA.is_dir():
        reason = f"published tables not found at {EXTERNAL_DATA}"
        if os.environ.get("ASSESS_REQUIRE_PUBLISHED") == "1":
            pytest.fail(reason + " (ASSESS_REQUIRE_PUBLISHED=1: they must run here)")
        pytest.skip(reason)
    return EXTERNAL_DATA


@pytest.fixture(scope="session")
def published_counts(request: pytest.FixtureRequest) -> list[str]:
    """Lines the published tests record ("SPAR: 185/185 countries exact"), shown at the end."""
    return request.config.stash.setdefault(RECORDED, [])


def pytest_runtest_teardown(item: pytest.Item) -> None:
    """Attach the lines a test recorded to its report: only reports leave an xdist worker."""
    recorded = item.config.stash.get(RECORDED, [])
    item.user_properties.extend(("published", line) for line in recorded)
    recorded.clear()


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    lines = [
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "teardown"
        for name, value in report.user_properties
        if name == "published"
    ]
    if lines:
        terminalreporter.section("published indices reproduced")
        for line in lines:
            terminalreporter.write_line(line)
