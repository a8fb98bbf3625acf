"""The report fetcher serves our asset files and refuses every other URL, whatever its disguise."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assess.reports.fetcher import AssetFetcher, RefusedFetch
from assess.reports.pdf import PdfStamp, render_pdf
from tests.reports.readback import REPORTS_DIR, run


@pytest.fixture
def reports_dir(tmp_path: Path) -> Path:
    """A copy of the reports folder with a secret beside it and a symlink pointing at it."""
    copy = tmp_path / "reports"
    shutil.copytree(REPORTS_DIR, copy)
    (tmp_path / "secret.txt").write_text("root:x:0:0", encoding="utf-8")
    (copy / "assets").mkdir(exist_ok=True)  # git keeps no empty folder: a fresh clone has none
    (copy / "assets" / "escape.txt").symlink_to(tmp_path / "secret.txt")
    (copy / "assets" / "fonts-link").symlink_to(copy / "fonts")
    return copy


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x",
        "https://example.org/print.css",
        "ftp://127.0.0.1/x",
        "data:text/css,body{}",
        "file://otherhost{root}/fonts/DejaVuSans.ttf",
        "file://{root}/templates/report.html",
        "file://{root}/fonts/../../secret.txt",
        "file://{root}/fonts/%2e%2e/%2e%2e/secret.txt",
        "file://{root}/assets/escape.txt",
        "file://{root}/fonts/missing.ttf",
        "file://{root}/fonts/",
        "file://{root}/../secret.txt",
    ],
)
def test_fetcher_refuses_everything_but_asset_files(reports_dir: Path, url: str):
    fetcher = AssetFetcher(reports_dir)
    asked = url.replace("{root}", str(reports_dir))
    with pytest.raises(RefusedFetch):
        fetcher.fetch(asked)
    assert fetcher.refused == [asked]
    assert fetcher.served == []


@pytest.mark.parametrize(
    ("relative", "content_type"),
    [
        ("fonts/DejaVuSans.ttf", "font/ttf"),
        ("css/print.css", "text/css"),
        ("assets/fonts-link/DejaVuSans-Bold.ttf", "font/ttf"),
    ],
)
def test_fetcher_serves_asset_files_with_their_type(
    reports_dir: Path, relative: str, content_type: str
):
    fetcher = AssetFetcher(reports_dir)
    url = (reports_dir / relative).as_uri()
    response = fetcher.fetch(url)
    assert response.content_type == content_type
    assert response.read() == (reports_dir / relative).read_bytes()
    assert fetcher.served == [url]


HOSTILE_HTML = """<!DOCTYPE html><html><head>
<link rel="attachment" href="file:///etc/passwd">
<link rel="attachment" href="../secret.txt">
<link rel="stylesheet" href="http://127.0.0.1:9/evil.css">
</head><body><p>raw</p><img src="http://127.0.0.1:9/x"><img src="assets/escape.txt">
</body></html>"""


def test_raw_hostile_html_attaches_and_loads_nothing(reports_dir: Path, tmp_path: Path):
    # Even HTML that skipped the templates' escaping gets nothing past render_pdf.
    fetcher = AssetFetcher(reports_dir)
    stamp = PdfStamp("t", "q", "1", "1", "0" * 64, datetime(2026, 1, 1, tzinfo=UTC))
    pdf = tmp_path / "raw.pdf"
    pdf.write_bytes(render_pdf(HOSTILE_HTML, base_dir=reports_dir, metadata=stamp, fetcher=fetcher))
    assert run("pdfdetach", "-list", pdf).strip() == "0 embedded files"
    assert sorted(fetcher.refused) == sorted(
        [
            "http://127.0.0.1:9/evil.css",
            "http://127.0.0.1:9/x",
            (reports_dir / "assets" / "escape.txt").as_uri(),
        ]
    )
    text = run("pdftotext", pdf, "-")
    assert "raw" in text
    assert "root:" not in text
