"""The regional plan builder: shared priorities, the regional risk picture and roll-ups."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from assess.plans import SECRETARIAT, RegionCoverage, build_national_plan, build_regional_plan
from assess.reports.document import Table
from assess.reports.plan_documents import CountryData, Cover
from assess.reports.regional_document import regional_document
from assess.words.catalogue import words_in
from tests.plans.plan_data import levels

REGION = ("XA", "XB", "XC", "XD", "XE")


@pytest.fixture(scope="module")
def regional(cbrn, scored):
    return build_regional_plan(cbrn, {c: scored(c) for c in REGION}, lang="en", region="SEEE")


def test_a_shared_action_names_every_country_whose_plan_has_it(regional):
    for shared in regional.shared:
        national_id = shared.action.id.removeprefix("R:")
        holders = tuple(
            c for c in REGION if national_id in {a.id for a in regional.national[c].actions()}
        )
        assert shared.countries == holders
        assert shared.shared_by == len(holders) >= 2


def test_regional_actions_are_owned_by_the_secretariat(regional):
    assert {s.action.lead_agency for s in regional.shared} == {SECRETARIAT}


def test_most_shared_actions_come_first(regional):
    counts = [s.shared_by for s in regional.shared]
    assert counts == sorted(counts, reverse=True)


def test_min_countries_decides_what_counts_as_shared(cbrn, scored):
    scores = {c: scored(c) for c in REGION}
    plan = build_regional_plan(cbrn, scores, lang="en", min_countries=5)
    assert plan.shared and all(s.shared_by == 5 for s in plan.shared)


def test_cross_border_scenarios_come_first(regional):
    flags = [r.cross_border for r in regional.risks]
    assert flags == sorted(flags, reverse=True)
    assert any(flags)


def test_area_rollups_cover_every_country(regional, cbrn, scored):
    for area in regional.areas:
        assert area.rollup.coverage == "5 of 5 countries"
        assert dict(area.by_country) == {c: scored(c).nodes[area.area_id].score for c in REGION}


def test_a_country_answered_under_another_version_is_left_out(small):
    scores = {c: levels(small, {"leg_own": 1, "leg_inherit": 2}) for c in ("XA", "XB")}
    scores["XC"] = replace(scores["XA"], version="0.9")
    plan = build_regional_plan(small, scores, lang="en")
    assert plan.countries == ("XA", "XB")
    assert [(x.country, x.reason) for x in plan.left_out] == [
        ("XC", "answered under version 0.9, not 1.0")
    ]


def test_the_regional_risk_takes_the_median_rating(small):
    scores = {c: levels(small, {"leg_own": 1}) for c in ("XA", "XB", "XC")}
    plan = build_regional_plan(small, scores, lang="en")
    plume = next(r for r in plan.risks if r.scenario_id == "plume")
    assert (plume.likelihood, plume.impact, plume.mean_risk, plume.high_in) == (2, 5, 10.0, ())
    spill = next(r for r in plan.risks if r.scenario_id == "spill")
    assert spill.high_in == ("XA", "XB", "XC")


def test_national_plans_inside_match_the_national_builder(regional, cbrn, scored):
    assert regional.national["XC"] == build_national_plan(
        cbrn, scored("XC"), lang="en", country="XC"
    )


def test_min_countries_below_one_is_refused(small):
    with pytest.raises(ValueError, match="min_countries must be at least 1, not 0"):
        build_regional_plan(small, {}, lang="en", min_countries=0)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "5 of 5 countries"),
        ("fr", "5 pays sur 5"),
        ("ar", "5 من 5 بلدان"),
        ("ru", "5 из 5 стран"),
    ],
)
def test_the_report_says_coverage_in_its_own_language(cbrn, scored, lang, expected):
    plan = build_regional_plan(cbrn, {c: scored(c) for c in REGION}, lang=lang, region="SEEE")
    countries = {c: CountryData(c, {}, {}) for c in REGION}
    document = regional_document(
        plan, cbrn, countries, Cover("SEEE", "2026", dt.date(2026, 11, 21)), shared=()
    )
    tables = [
        block
        for section in document.sections
        for block in section.blocks
        if isinstance(block, Table) and words_in(lang).gettext("Coverage") in block.columns
    ]
    assert tables and {row[-1] for row in tables[0].rows} == {expected}


@pytest.mark.parametrize(
    ("lang", "not_started", "expected"),
    [
        (
            "en",
            ("XE",),
            "2 of 5 countries combined (accepted); 1 in progress: Dravenland; "
            "1 not started: Elmora; 1 left out (another questionnaire): Corvalia.",
        ),
        (
            "fr",
            ("XE",),
            "2 pays sur 5 combinés (acceptés) ; 1 en cours : Dravenland ; "
            "1 non commencé : Elmora ; 1 écarté (autre questionnaire) : Corvalia.",
        ),
        (
            "fr",
            ("XE", "XF"),
            "2 pays sur 6 combinés (acceptés) ; 1 en cours : Dravenland ; "
            "2 non commencés : Elmora et Fenwick ; 1 écarté (autre questionnaire) : Corvalia.",
        ),
    ],
)
def test_the_summary_counts_every_country_of_the_region(small, lang, not_started, expected):
    scores = {c: levels(small, {"leg_own": 1}) for c in ("XA", "XB")}
    scores["XC"] = replace(scores["XA"], questionnaire_id="other")
    coverage = RegionCoverage(("XA", "XB", "XC"), ("XD",), not_started)
    plan = build_regional_plan(small, scores, lang=lang, coverage=coverage)
    names = {"XA": "Arvenia", "XB": "Belmora", "XC": "Corvalia"}
    countries = {c: CountryData(name, {}, {}) for c, name in names.items()}
    waiting = {"XD": "Dravenland", "XE": "Elmora", "XF": "Fenwick"}
    cover = Cover("SEEE", "2026", dt.date(2026, 11, 21))
    document = regional_document(plan, small, countries, cover, waiting, shared=())
    assert document.sections[0].blocks[0].text == expected
