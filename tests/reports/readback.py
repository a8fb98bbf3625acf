"""Helpers of the report tests: the Xanadu specimen rendered to a PDF, and readers that take the
PDF apart with pypdf and poppler's tools."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pypdf

from assess.reports.fetcher import AssetFetcher
from assess.reports.pdf import PdfStamp, render_pdf
from assess.reports.render import render_html
from tests.reports.specimen import specimen_document

ROOT = Path(__file__).resolve().parents[2]
REPORTS_DIR = ROOT / "reports"
ARTIFACTS = ROOT / "test-artifacts" / "reports"
MARKUP = (
    '<link rel=attachment href="file:///etc/passwd"> <img src="http://127.0.0.1:9/x"> '
    "<script>alert(1)</script>"
)
# A megabyte with no space in it: the worst case for line breaking, were it not truncated.
HOSTILE_ANSWER = MARKUP + " " + "x" * 1_000_000
COUNTRIES = 10
# Bidi controls pdftotext wraps right-to-left runs in; they carry no letters.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def stamp(title: str, lang: str) -> PdfStamp:
    """A fixed provenance stamp, as a plan would give it."""
    return PdfStamp(
        title=title,
        questionnaire_id="cbrn-national",
        questionnaire_version="2026.1",
        scoring_version="1.0",
        data_sha256="5" * 64,
        generated_at=datetime(2026, 11, 21, 9, 30, tzinfo=UTC),
        lang=lang,
    )


@dataclass(frozen=True)
class Rendered:
    """A rendered specimen: the PDF's path and bytes, and what the fetcher saw."""

    path: Path
    data: bytes
    fetcher: AssetFetcher
    pages: tuple[str, ...]


def render_specimen(lang: str, folder: Path) -> Rendered:
    """The hostile Xanadu specimen in `lang`, rendered to `folder`/xanadu-`lang`.pdf."""
    document = specimen_document(lang, hostile_answer=HOSTILE_ANSWER, countries=COUNTRIES)
    fetcher = AssetFetcher(REPORTS_DIR)
    html = render_html(document, reports_dir=REPORTS_DIR)
    data = render_pdf(
        html, base_dir=REPORTS_DIR, metadata=stamp(document.title, lang), fetcher=fetcher
    )
    path = folder / f"xanadu-{lang}.pdf"
    path.write_bytes(data)
    pages = tuple(page.extract_text() for page in pypdf.PdfReader(path).pages)
    return Rendered(path, data, fetcher, pages)


def run(*command: str | Path) -> str:
    """The standard output of a poppler tool, which must succeed."""
    return subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def normalised(text: str) -> str:
    """Text with bidi controls dropped and presentation forms folded (NFKC), spaces collapsed."""
    text = unicodedata.normalize("NFKC", BIDI_CONTROLS.sub("", text))
    return " ".join(text.split())
