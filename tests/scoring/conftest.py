"""Fixtures of the scoring tests: the model builders, and the published-counts summary."""

from __future__ import annotations

from typing import Any

import pytest
from scoring_builders import Build

PUBLISHED_COUNTS = pytest.StashKey[list[str]]()


@pytest.fixture(scope="session")
def build() -> type[Build]:
    return Build


@pytest.fixture(scope="session")
def published_counts(request: pytest.FixtureRequest) -> list[str]:
    """Lines the published tests record ("SPAR: 185/185 countries exact"), shown at the end."""
    return request.config.stash.setdefault(PUBLISHED_COUNTS, [])


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    lines = config.stash.get(PUBLISHED_COUNTS, [])
    if lines:
        terminalreporter.section("published indices reproduced")
        for line in lines:
            terminalreporter.write_line(line)
