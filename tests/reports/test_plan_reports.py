"""Plan reports read back from their PDFs: made by `assess report` from a stored region of two
accepted cbrn-needs assessments, one of them holding a hostile answer and a megabyte comment."""

from __future__ import annotations

import datetime
import functools
import itertools
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from assess.cli import main
from assess.extensions import Database
from assess.models import AnswerRecord, Assessment, Country, Plan, PlanAction
from assess.reports.document import GRID_ANSWER_LIMIT
from assess.services.plan_inputs import national_inputs
from assess.services.plans import edited_national, national_plan_of
from assess.words.numbers import date as written_date
from assess.words.numbers import number as written_number
from tests.reports.plan_readback import ARTIFACTS, EDITED_LEAD, PRIVATE_ANSWER, Stored, build
from tests.reports.readback import MARKUP, normalised, run

DATE = "2026-11-21"
KINDS = (("national", "en"), ("national", "ar"), ("regional", "en"), ("regional", "ar"))


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Stored:
    return build(tmp_path_factory.mktemp("plans-db"))


def invoke(stored: Stored, folder: Path, args: list[str]):
    """`assess ARGS` against the stored database, as an operator would run it."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("ASSESS_ENV", "development")
        env.setenv("ASSESS_DATABASE_URL", stored.url)
        env.setenv("ASSESS_QUESTIONNAIRES_DIR", str(stored.app.config["QUESTIONNAIRES_DIR"]))
        env.setenv("ASSESS_INSTANCE_DIR", str(folder))
        env.setenv("ASSESS_REPORT_MARKING", "RESTRICTED")
        return CliRunner().invoke(main, args)


def report(stored: Stored, folder: Path, kind: str, lang: str, *extra: str) -> Path:
    """Run `assess report KIND` against the stored database; the PDF it wrote."""
    output = folder / f"{kind}-{lang}.pdf"
    place = ["--country", "XA"] if kind == "national" else ["--region", "SEEE"]
    args = ["report", kind, *place, "--lang", lang, "--date", DATE, "-o", str(output), *extra]
    result = invoke(stored, folder, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {output}")
    return output


@pytest.fixture(scope="module")
def pdfs(stored: Stored, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("plan-pdfs")
    return {(kind, lang): report(stored, folder, kind, lang) for kind, lang in KINDS}


@functools.cache
def pages(path: Path) -> tuple[str, ...]:
    """The PDF's pages as text, extracted once per file (each is written once, read many times)."""
    return tuple(page.extract_text() for page in pypdf.PdfReader(path).pages)


def text(path: Path) -> str:
    return normalised(" ".join(pages(path)))


@pytest.fixture(scope="module")
def national(stored: Stored):
    """XA's inputs and its plan with the stored edits, in English."""
    with Database.factory(stored.app)() as session:
        xa = session.scalars(
            select(Assessment).join(Assessment.country).where(Country.code == "XA")
        ).one()
        inputs = national_inputs(session, xa)
        return inputs, edited_national(inputs, national_plan_of(session, xa), "en")


@pytest.mark.parametrize(("kind", "place"), [("national", "Arvenia"), ("regional", "South East")])
def test_cover_names_the_place_round_date_and_marking(pdfs, kind, place):
    cover = normalised(pages(pdfs[(kind, "en")])[0])
    day = written_date(datetime.date.fromisoformat(DATE), "en")  # November 21, 2026
    for words in (place, "2026", day, "RESTRICTED"):
        assert words in cover


@pytest.mark.parametrize(("kind", "lang"), KINDS)
def test_every_page_carries_the_marking(pdfs, kind, lang):
    assert all("RESTRICTED" in page for page in pages(pdfs[(kind, lang)]))


def test_area_scores_are_printed(pdfs, national):
    _inputs, plan = national
    printed = text(pdfs[("national", "en")])
    for area in plan.areas:
        # One decimal, ties half up as on paper (51.25 prints 51.3).
        assert f"{area.title} {written_number(area.score, 'en', places=1)}" in printed


def test_actions_appear_in_priority_order(pdfs, national):
    _inputs, plan = national
    printed = text(pdfs[("national", "en")])
    cursor = printed.rindex("Prioritised actions")
    for number, action in enumerate(plan.actions(), start=1):
        found = printed.find(f"{number} {action.priority.capitalize()}", cursor)
        assert found != -1, (number, action.id)
        cursor = found


def test_an_edited_lead_agency_prints_as_text(pdfs):
    assert normalised(EDITED_LEAD) in text(pdfs[("national", "en")])


@pytest.mark.parametrize(("kind", "lang"), KINDS)
def test_every_font_is_embedded(pdfs, kind, lang):
    rows = run("pdffonts", pdfs[(kind, lang)]).splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)


@pytest.mark.parametrize("kind", ["national", "regional"])
def test_the_hostile_answer_prints_as_text_and_attaches_nothing(pdfs, kind):
    path = pdfs[(kind, "en")]
    assert run("pdfdetach", "-list", path).strip() == "0 embedded files"
    printed = text(path)
    if kind == "national":
        assert normalised(MARKUP) in printed
        assert "x" * 3001 not in "".join(printed.split())
        assert "(truncated)" in printed
    else:  # the regional annex's grid cuts each answer to its cell, the markup still as text
        assert normalised(MARKUP[:GRID_ANSWER_LIMIT] + "…") in printed
        assert normalised(MARKUP[GRID_ANSWER_LIMIT:]) not in printed


def test_the_stamp_names_questionnaire_scoring_data_and_time(pdfs, national):
    info = pypdf.PdfReader(pdfs[("national", "en")]).metadata
    assert (info["/QuestionnaireId"], info["/QuestionnaireVersion"]) == ("cbrn-needs", "1.1")
    assert info["/ScoringVersion"].startswith("assess ")
    assert len(info["/DataSHA256"]) == 64
    assert info["/GeneratedAt"] == "2026-11-21T00:00:00Z"


def test_the_same_report_twice_gives_identical_bytes(stored, pdfs, tmp_path):
    again = report(stored, tmp_path, "national", "en")
    assert again.read_bytes() == pdfs[("national", "en")].read_bytes()


def test_without_a_date_the_stamp_is_the_datas_last_change(stored, tmp_path):
    output = tmp_path / "undated.pdf"
    args = ["report", "regional", "--region", "SEEE", "-o", str(output)]
    assert invoke(stored, tmp_path, args).exit_code == 0
    with Database.factory(stored.app)() as session:
        times = [
            *session.scalars(select(AnswerRecord.updated_at)),
            *session.scalars(select(Assessment.updated_at)),
            *session.scalars(
                select(PlanAction.updated_at).join(PlanAction.plan).where(Plan.kind == "regional")
            ),
        ]
    stamped = pypdf.PdfReader(output).metadata["/GeneratedAt"]
    assert stamped == max(times).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_arabic_national_report_reads_in_logical_order(pdfs, national):
    inputs, _plan = national
    printed = text(pdfs[("national", "ar")])
    for words in ("الملخص التنفيذي", "الإجراءات حسب الأولوية", "الملحق: الإجابات والتعليقات"):
        assert words in printed
    assert inputs.questionnaire.node("leg").title.get("ar") in printed


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_regional_annex_prints_only_the_answers_a_country_shared(pdfs, lang):
    printed = text(pdfs[("regional", lang)])
    assert "file:///etc/passwd" in printed  # XA shared its answers (the hostile one among them)
    assert PRIVATE_ANSWER not in printed  # XB did not


def test_the_regional_annex_names_the_countries_that_did_not_share(pdfs):
    printed = text(pdfs[("regional", "en")])
    assert "1 country did not share its answers with the region: Belmora." in printed


def test_the_regional_report_shows_shared_priorities_and_both_countries(pdfs):
    printed = text(pdfs[("regional", "en")])
    for words in ("Shared priorities", "Regional comparison", "Arvenia", "Belmora", "2 of 2"):
        assert words in printed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["national", "--country", "QQ"], "No country with the code 'QQ'."),
        (
            ["national", "--country", "XA", "--round", "1999"],
            "Arvenia has no assessment of round '1999'.",
        ),
        (
            ["national", "--country", "XB"],
            "No plan has been generated for Belmora's round 2026 yet",
        ),
        (["regional", "--region", "AAF"], "No accepted assessment in African Atlantic Façade yet"),
        (["regional", "--region", "ZZZ"], "No region with the code 'ZZZ'."),
    ],
)
def test_a_report_of_nothing_is_refused_with_the_reason(stored, tmp_path, args, message):
    result = invoke(stored, tmp_path, ["report", *args, "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert message in result.output
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(("kind", "lang"), KINDS)
def test_pages_render_to_png_for_review(pdfs, kind, lang):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{kind}-{lang}-*.png"):
        old.unlink()
    run("pdftoppm", "-r", "50", "-png", pdfs[(kind, lang)], ARTIFACTS / f"{kind}-{lang}")
    pictures = sorted(ARTIFACTS.glob(f"{kind}-{lang}-*.png"))
    assert len(pictures) == len(pages(pdfs[(kind, lang)]))


def drawn_rtl(label: str) -> str:
    """How pypdf reads back an Arabic label WeasyPrint drew in an SVG chart: in reading order,
    without the spaces between its words (each glyph is set on its own). Had its letters been
    drawn in the wrong order, they would read back turned round."""
    return "".join(label.split())


def chart_page(path: Path, caption: str) -> str:
    """The text of the last page holding `caption` (a chart's caption, after the contents)."""
    return next(page for page in reversed(pages(path)) if caption in normalised(page))


def longest_area(national, lang: str) -> tuple[str, float]:
    inputs, plan = national
    area = max(plan.areas, key=lambda a: len(inputs.questionnaire.node(a.area_id).title.get(lang)))
    return inputs.questionnaire.node(area.area_id).title.get(lang), area


def test_the_radar_names_every_axis_whole_in_english(pdfs, national):
    _inputs, plan = national
    page = normalised(chart_page(pdfs[("national", "en")], "Scores per area"))
    axes = [a for a in plan.areas if a.score is not None]
    for area, after in itertools.pairwise(axes):
        # The radar's label, its score, then the next axis's label: the table reads otherwise.
        score = written_number(area.score, "en", places=1, trim=True)
        assert f"{area.title} {score} {after.title}" in page


@pytest.mark.parametrize(
    ("kind", "caption"), [("national", "Scores per area"), ("regional", "Regional comparison")]
)
def test_the_longest_area_name_is_drawn_whole_in_english(pdfs, national, kind, caption):
    name, _area = longest_area(national, "en")
    page = chart_page(pdfs[(kind, "en")], caption)
    assert f"{name} " in normalised(page)
    assert "…" not in page


@pytest.mark.parametrize(
    ("kind", "caption"),
    [("national", "الدرجات حسب المجال"), ("regional", "المقارنة الإقليمية")],
)
def test_the_longest_area_name_is_drawn_whole_and_in_order_in_arabic(pdfs, national, kind, caption):
    name, _area = longest_area(national, "ar")
    page = "".join(normalised(chart_page(pdfs[(kind, "ar")], caption)).split())
    assert drawn_rtl(name) in page
    assert "…" not in page


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_heat_map_names_both_countries_whole(pdfs, lang):
    caption = {"en": "Regional comparison", "ar": "المقارنة الإقليمية"}[lang]
    page = normalised(chart_page(pdfs[("regional", lang)], caption))
    for country in ("Arvenia", "Belmora"):
        assert country in page
