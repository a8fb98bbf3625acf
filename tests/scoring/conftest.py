"""Fixtures of the scoring tests: the model builders (the published-counts summary is in
tests/conftest.py, where the process that writes the summary reads it)."""

from __future__ import annotations

import pytest

from tests.scoring.scoring_builders import Build


@pytest.fixture(scope="session")
def build() -> type[Build]:
    return Build
