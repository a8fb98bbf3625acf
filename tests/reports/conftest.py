"""Fixtures for the report tests: the Xanadu specimen rendered once per language."""

from __future__ import annotations

import pytest

from tests.reports.readback import Rendered, render_specimen


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """The specimen in English and Arabic, each rendered once for the whole session."""
    folder = tmp_path_factory.mktemp("pdf")
    return {lang: render_specimen(lang, folder) for lang in ("en", "ar")}
