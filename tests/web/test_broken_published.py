"""A broken file among the published questionnaires: read once per change, never a broken page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from flask import Flask

from assess.config import ROOT
from assess.questionnaire import loader

BROKEN = b'assess: 1\nid: broken\nversion: "1.0"\ntitle: {en: Broken}\nchildren: [\n'


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """The shipped cbrn-needs versions, and beside them broken/1.0.yaml (an unclosed list)."""
    folder = tmp_path / "published"
    shutil.copytree(ROOT / "questionnaires" / "cbrn-needs", folder / "cbrn-needs")
    (folder / "broken").mkdir()
    (folder / "broken" / "1.0.yaml").write_bytes(BROKEN)
    return folder


@pytest.fixture
def app(make_app, published: Path, tmp_path: Path) -> Flask:
    return make_app(QUESTIONNAIRES_DIR=published, DRAFTS_DIR=tmp_path / "drafts")


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The paths of the files read and checked (a spy on the loader: every read goes through)."""
    read: list[Path] = []
    real = loader.check_data

    def spy(data, path, **options):
        read.append(Path(path))
        return real(data, path, **options)

    monkeypatch.setattr(loader, "check_data", spy)
    return read


PAGES = ["/dashboard", "/admin/", "/questionnaires/published/broken/1.0"]


def test_a_broken_file_is_read_once_and_the_admin_pages_render(
    client, world, login, published: Path, reads: list[Path]
) -> None:
    login("admin")
    broken = published / "broken" / "1.0.yaml"
    for _ in range(2):
        for url in PAGES:
            response = client.get(url)
            assert response.status_code == 200, url
    page = client.get("/questionnaires/published/broken/1.0").get_data(as_text=True)
    assert "Y001" in page
    assert [path for path in reads if "broken" in path.parts] == [broken]

    # touched: read again, once, for every page
    stat = broken.stat()
    os.utime(broken, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    assert [path for path in reads if "broken" in path.parts] == [broken, broken]
