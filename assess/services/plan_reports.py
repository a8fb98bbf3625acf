"""Plan reports from stored data: the document, its provenance stamp, its HTML and its PDF.

The stamp's time is the last change of the data (answers, status, plan edits) unless the caller
names one, so the same stored data give the same bytes whenever the report is made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from assess.models import Assessment, Region
from assess.reports.document import ReportDocument
from assess.reports.pdf import PdfStamp, render_pdf
from assess.reports.plans_report import CountryData, Cover, national_document, regional_document
from assess.reports.render import render_html
from assess.services.plan_inputs import (
    SCORING_VERSION,
    NationalInputs,
    digest,
    national_inputs,
    regional_inputs,
)
from assess.services.plans import (
    edited_national,
    edited_regional,
    last_change,
    national_plan_of,
    regional_plan_of,
    stored_edits,
)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_REPORTS_DIR = ROOT / "reports"
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Report:
    """A report ready to render: what it says and the stamp its PDF carries."""

    document: ReportDocument
    stamp: PdfStamp
    filename: str  # for downloads: kind, place code and language


def _filename(kind: str, code: str, lang: str) -> str:
    safe = "".join(c for c in f"{code}-{lang}" if c.isascii() and (c.isalnum() or c == "-"))
    return f"{kind}-plan-{safe}.pdf"


def _country(inputs: NationalInputs) -> CountryData:
    comments = {qid: r.comment for qid, r in inputs.records.items() if r.comment}
    return CountryData(inputs.assessment.country.name, inputs.answers, comments)


def national_report(
    session: Session, assessment: Assessment, *, lang: str, marking: str, when: datetime | None
) -> Report:
    """The national plan report of an assessment, with the stored plan's edits."""
    inputs = national_inputs(session, assessment)
    stored = national_plan_of(session, assessment)
    plan = edited_national(inputs, stored, lang)
    at = when or last_change(stored, inputs.changed_at)
    cover = Cover(assessment.country.name, assessment.round_label, at.date().isoformat(), marking)
    document = national_document(plan, inputs.questionnaire, inputs.score, _country(inputs), cover)
    content = {"data": inputs.content(), "edits": stored_edits(stored), "lang": lang}
    stamp = _stamp(document, inputs.questionnaire, content, marking, at, lang)
    return Report(document, stamp, _filename("national", assessment.country.code, lang))


def regional_report(
    session: Session, region: Region, *, lang: str, marking: str, when: datetime | None
) -> Report:
    """The regional plan report of a region's accepted assessments, with the stored edits."""
    inputs = regional_inputs(session, region)
    stored = regional_plan_of(session, region)
    plan = edited_regional(inputs, stored, lang)
    at = when or last_change(stored, inputs.changed_at)
    rounds = sorted({i.assessment.round_label for i in inputs.countries.values()})
    cover = Cover(region.name, ", ".join(rounds), at.date().isoformat(), marking)
    countries = {code: _country(i) for code, i in inputs.countries.items()}
    document = regional_document(plan, inputs.questionnaire, countries, cover)
    content = {"data": inputs.content(), "edits": stored_edits(stored), "lang": lang}
    stamp = _stamp(document, inputs.questionnaire, content, marking, at, lang)
    return Report(document, stamp, _filename("regional", region.code, lang))


def _stamp(document, questionnaire, content, marking: str, at: datetime, lang: str) -> PdfStamp:
    return PdfStamp(
        title=f"{document.title} · {document.place}",
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        scoring_version=SCORING_VERSION,
        data_sha256=digest({**content, "marking": marking}),
        generated_at=at,
        lang=lang,
    )


def render_report(
    report: Report, reports_dir: Path = DEFAULT_REPORTS_DIR, progress: Progress | None = None
) -> bytes:
    """The report's PDF bytes, through the reports' own templates, fetcher and stamp."""
    html = render_html(report.document, reports_dir=reports_dir)
    if progress:
        progress(50)
    return render_pdf(html, base_dir=reports_dir, metadata=report.stamp)
