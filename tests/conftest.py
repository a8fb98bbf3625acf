"""Fixtures every test package may use: paths, and the published-data gate."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ASSESS_SHARED_DIR", ROOT.parent / "shared"))
EXTERNAL_DATA = SHARED / "external-data"
QUESTIONNAIRES = ROOT / "questionnaires"
TEST_DATA = ROOT / "tests" / "data"

# Properties are checked here, speed in bench/: on a busy two-core machine (CI runs two workers)
# a slow example is no failure, so Hypothesis' timing checks are off for every test.
settings.register_profile("assess", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("assess")


@pytest.fixture(scope="session")
def external_data() -> Path:
    """../shared/external-data; skips when absent, fails instead when ASSESS_REQUIRE_PUBLISHED=1."""
    if not EXTERNAL_DATA.is_dir():
        reason = f"published tables not found at {EXTERNAL_DATA}"
        if os.environ.get("ASSESS_REQUIRE_PUBLISHED") == "1":
            pytest.fail(reason + " (ASSESS_REQUIRE_PUBLISHED=1: they must run here)")
        pytest.skip(reason)
    return EXTERNAL_DATA
