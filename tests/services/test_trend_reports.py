"""The "Trends" section of the national and regional plan reports, read back from their PDFs
(text with pypdf; pages rendered to PNG in test-artifacts/reports to look at)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pypdf
import pytest

from assess.services import plans
from assess.services.plan_reports import national_report, regional_report, render_report
from assess.services.plans import national_plan_of
from assess.services.trends import followed_rounds
from tests.reports.readback import ARTIFACTS, normalised
from tests.services.carry_support import CBRN_APP, country
from tests.services.trend_support import planned, round_of

APP_SETTINGS = CBRN_APP


@pytest.fixture
def stored(db, world):
    """Arvenia and Belmora: 2026 accepted under 1.0, 2027 accepted under 1.1; Arvenia's 2026
    plan has two actions completed and one delayed; the 2027 plans are generated."""
    first = [round_of(db, world, c, "1.0", "2026", status="submitted") for c in ("XA", "XB")]
    second = [round_of(db, world, c, "1.1", "2027", status="submitted") for c in ("XA", "XB")]
    for assessment in first:
        assessment.status = "accepted"
    db.commit()
    planned(db, world, first[0], a="completed", b="completed", c="delayed")
    for assessment in second:
        assessment.status = "accepted"
    db.commit()
    national = plans.generate_national(db, world["nfp-xa"], second[0]).plan
    regional = plans.generate_regional(db, world["secretariat-seee"], first[0].country.region).plan
    return national, regional


def pdf_text(data: bytes) -> str:
    return normalised(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages))


def trends_pages(data: bytes, name: str) -> list[Path]:
    """The pages holding the Trends section, rendered to PNG (50 dpi) for a person to look at."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    found = [i + 1 for i, p in enumerate(reader.pages) if "2026" in (p.extract_text() or "")]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    pdf.write_bytes(data)
    first, last = found[0], found[min(len(found), 3) - 1]
    prefix = ARTIFACTS / f"{name}-page"
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", str(first), "-l", str(last), str(pdf), str(prefix)],
        check=True,
    )
    return sorted(ARTIFACTS.glob(f"{name}-page*.png"))


def section(text: str, heading: str, following: str) -> str:
    """The text from the section's numbered heading to the next one's."""
    found = list(re.finditer(rf"\d+ {heading} ", text))  # the last: the contents list it first
    assert found, f"no section {heading}"
    start = found[-1]
    end = text.find(following, start.end())
    return text[start.end() : end if end > 0 else None]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_national_report_has_a_trends_section(db, stored, lang) -> None:
    report = national_report(db, stored[0], lang=lang, marking="RESTRICTED", when=None)
    data = render_report(report)
    text = pdf_text(data)
    assert trends_pages(data, f"trends-national-{lang}")
    if lang != "en":
        assert "2026" in text and "2027" in text
        return
    part = section(text, "Trends", "Gaps and priorities")
    assert "Since round 2026, areas improved:" in part
    assert "Area scores per round" in part
    assert "Legal and regulatory framework" in part and "National CBRN legislation" in part
    assert re.search(r"▲ Improved|▼ Regressed|= Unchanged", part)
    assert "≠ Not comparable" in part  # areas holding questions new in 1.1
    assert "How the plan of round 2026 ended" in part
    assert re.search(r"Completed 2 Ongoing 0 Delayed 1 Planned \d+ Cancelled 0", part)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_regional_report_has_a_trends_section(db, stored, lang) -> None:
    report = regional_report(db, stored[1], lang=lang, marking="RESTRICTED", when=None)
    data = render_report(report)
    text = pdf_text(data)
    assert trends_pages(data, f"trends-regional-{lang}")
    if lang != "en":
        return
    part = section(text, "Trends", "Shared priorities")
    assert "Countries: Arvenia and Belmora." in part
    assert "2 countries" in part
    assert re.search(r"\d improved, \d regressed, \d unchanged", part)
    assert "How the plan of round 2026 ended" in part


def test_a_report_without_an_earlier_round_has_no_trends_section(db, world) -> None:
    only = round_of(db, world, "XD", "1.1", "2026")
    plan = plans.generate_national(db, world["nfp-xd"], only).plan
    report = national_report(db, plan, lang="en", marking="RESTRICTED", when=None)
    assert "Trends" not in [s.heading for s in report.document.sections]


def test_the_stamp_changes_with_the_previous_plan_s_statuses(db, world, stored) -> None:
    before = national_report(db, stored[0], lang="en", marking="R", when=None).stamp
    plan = national_plan_of(db, followed_rounds(db, country(db, "XA"))[0])
    row = next(r for r in plan.actions if r.active and r.edits.get("status") is None)
    plans.edit_action(db, world["nfp-xa"], plan, row.action_id, {"status": "ongoing"})
    after = national_report(db, stored[0], lang="en", marking="R", when=before.generated_at).stamp
    assert after.data_sha256 != before.data_sha256
