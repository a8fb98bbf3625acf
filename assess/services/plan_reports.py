"""Plan reports from stored plans: the document, its provenance stamp, its HTML and its PDF.

A report prints the stored plan: built again in the report's language from the answers the plan
was made from (kept with it), with people's edits; never from today's answers. When those
changed since, its cover says so.

The stamp's time is the last change of the data (answers, status, plan edits) unless the caller
names one, so the same stored data give the same bytes whenever the report is made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import Country, Plan
from assess.reports.document import ReportDocument, Section, marking_in
from assess.reports.pdf import PdfStamp, render_pdf
from assess.reports.plan_documents import CountryData, Cover, national_document
from assess.reports.regional_document import regional_document
from assess.reports.render import render_html
from assess.reports.trend_document import trends_section
from assess.services.plan_inputs import (
    SCORING_VERSION,
    digest,
    inputs_changed,
    stored_national_inputs,
    stored_regional_inputs,
)
from assess.services.plans import edited_national, edited_regional, last_change, stored_edits
from assess.services.progress import LastValue, last_values
from assess.services.trends import (
    ReportTrends,
    national_report_trends,
    regional_report_trends,
)
from assess.words.catalogue import words_in
from assess.words.numbers import date

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


def national_report(
    session: Session, plan: Plan, *, lang: str, marking: str | None, when: datetime | None
) -> Report:
    """A stored national plan's report: the answers it was made from and people's edits (marked
    `marking`, or the standard marking in `lang` when None)."""
    assert plan.assessment is not None
    marking = marking_in(marking, lang)
    country = plan.assessment.country
    inputs = stored_national_inputs(session, plan)
    built = edited_national(inputs, plan, lang)
    at = when or last_change(plan, inputs.changed_at)
    cover = _cover(session, plan, country.name, inputs.round, at, marking)
    data = CountryData(country.name, inputs.answers, inputs.comments)
    followed = national_report_trends(session, plan.assessment, inputs)
    recorded = last_values(session, plan)
    document = national_document(
        built,
        inputs.questionnaire,
        inputs.score,
        data,
        cover,
        trends=_trends(followed, lang),
        last_values={key: _recorded(last, lang) for key, last in recorded.items()},
    )
    content = {"data": inputs.content(), "edits": stored_edits(plan), "lang": lang}
    if followed:
        content["trends"] = followed.content
    if recorded:
        content["progress"] = sorted(
            [action, kpi, last.value, last.refers_to.isoformat()]
            for (action, kpi), last in recorded.items()
        )
    stamp = _stamp(document, inputs.questionnaire, content, marking, at, lang)
    return Report(document, stamp, _filename("national", country.code, lang))


def regional_report(
    session: Session, plan: Plan, *, lang: str, marking: str | None, when: datetime | None
) -> Report:
    """A stored regional plan's report: the accepted assessments it was made from, and edits
    (marked as the national report is)."""
    assert plan.region is not None
    marking = marking_in(marking, lang)
    inputs = stored_regional_inputs(session, plan)
    built = edited_regional(inputs, plan, lang)
    at = when or last_change(plan, inputs.changed_at)
    rounds = ", ".join(sorted({i.round for i in inputs.countries.values()}))
    cover = _cover(session, plan, plan.region.name, rounds, at, marking)
    waiting = (*inputs.coverage.in_progress, *inputs.coverage.not_started)
    names = country_names(session, [*inputs.countries, *waiting])
    # The annex prints the answers of the countries that agreed, under the plan's version:
    # carried ones as carried.
    given = {code: inputs.on_target.get(code, i) for code, i in inputs.countries.items()}
    countries = {code: CountryData(names[code], i.answers, i.comments) for code, i in given.items()}
    others = {code: names[code] for code in waiting}
    followed = regional_report_trends(session, plan.region)
    named = country_names(session, followed.trends.countries) if followed else {}
    document = regional_document(
        built,
        inputs.questionnaire,
        countries,
        cover,
        others,
        shared=inputs.shared,
        trends=_trends(followed, lang, named),
    )
    content = {"data": inputs.content(), "edits": stored_edits(plan), "lang": lang}
    if followed:
        content["trends"] = followed.content
    stamp = _stamp(document, inputs.questionnaire, content, marking, at, lang)
    return Report(document, stamp, _filename("regional", plan.region.code, lang))


def _recorded(last: LastValue, lang: str) -> str:
    """A KPI's last recorded value as the monitoring table prints it, with its day."""
    return f"{last.value} ({date(last.refers_to, lang)})"


def _trends(
    followed: ReportTrends | None, lang: str, names: Mapping[str, str] | None = None
) -> Section | None:
    """The "Trends" section, when there is an earlier round to compare with."""
    if followed is None:
        return None
    return trends_section(followed.trends, followed.outcome, words_in(lang), names)


def _cover(
    session: Session, plan: Plan, place: str, rounds: str, at: datetime, marking: str
) -> Cover:
    """The cover; it says when the answers changed after the plan was made."""
    made = plan.generated_at.date() if inputs_changed(session, plan) else None
    return Cover(place, rounds, at.date(), marking, outdated_since=made)


def country_names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    """The countries' names, by code."""
    rows = session.execute(select(Country.code, Country.name).where(Country.code.in_(codes)))
    return {code: name for code, name in rows}


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
