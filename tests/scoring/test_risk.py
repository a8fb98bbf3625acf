"""The risk register (R = L x I, bands) and priorities P = g x (alpha + (1 - alpha) r)."""

from __future__ import annotations

import pytest

from assess.scoring import RiskRating, ScoringError, score_assessment
from tests.scoring.scoring_builders import Build, answered


def assessed(build: type[Build], *scenarios, combine: str = "max", **kwargs):  # type: ignore[no-untyped-def]
    bands = {"risk": build.bandset("risk", 1, 5, 10, 15, 25)}
    indicator = build.group("ind", [build.question("q", target=4)], kind="indicator", target=4)
    register = build.register(*scenarios, combine=combine, bands="risk")
    questionnaire = build.questionnaire([indicator], bands=bands, risk=register)
    return score_assessment(questionnaire, answered(q=2), **kwargs)


@pytest.mark.parametrize(
    ("combine", "impact", "risk", "band"), [("max", 4, 12, "b10"), ("mean", 3, 9, "b5")]
)
def test_risk_is_likelihood_times_the_combined_impact(
    build: type[Build], combine: str, impact: float, risk: float, band: str
) -> None:
    scenario = build.scenario("s", likelihood=3, human=4, economic=2)
    result = assessed(build, scenario, combine=combine).risks["s"]
    assert (result.impact, result.risk, result.band, result.source) == (
        impact,
        risk,
        band,
        "default",
    )


def test_country_ratings_replace_the_register_defaults(build: type[Build]) -> None:
    scenario = build.scenario("s", likelihood=3, human=4)
    ratings = {"s": RiskRating(5, {"human": 5, "environmental": 2})}
    result = assessed(build, scenario, risk_ratings=ratings).risks["s"]
    assert (result.risk, result.normalised, result.source) == (25, 1.0, "country")


def test_a_scenario_without_ratings_is_unrated(build: type[Build]) -> None:
    result = assessed(build, build.scenario("s")).risks["s"]
    assert (result.risk, result.source) == (None, "unrated")


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        ({"nope": RiskRating(1)}, "unknown_scenario no scenario 'nope' in the register"),
        ({"s": RiskRating(6)}, "rating_off_scale s: likelihood 6 is not within 1..5"),
        (
            {"s": RiskRating(2, {"human": 0})},
            "rating_off_scale s: human impact 0 is not within 1..5",
        ),
        (
            {"s": RiskRating(2, {"moral": 3})},
            "unknown_dimension s: no impact dimension 'moral' (human, economic, environmental)",
        ),
    ],
)
def test_ratings_that_do_not_fit_the_register_are_refused(
    build: type[Build], ratings: dict, message: str
) -> None:
    with pytest.raises(ScoringError) as error:
        assessed(build, build.scenario("s", likelihood=1, human=1), risk_ratings=ratings)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("likelihood", "impact", "alpha", "expected", "band"),
    [
        # g = (4 - 2) / (4 - 1) = 2/3; r = (L x I - 1) / 24
        (1, 1, 0.5, 2 / 3 * 0.5, "medium"),
        (5, 5, 0.5, 2 / 3, "high"),
        (3, 3, 0.5, 2 / 3 * (0.5 + 0.5 * 8 / 24), "medium"),
        (3, 3, 1.0, 2 / 3, "high"),
        (1, 1, 0.2, 2 / 3 * 0.2, "low"),
    ],
)
def test_the_priority_combines_the_gap_and_the_largest_risk_of_its_scenarios(
    build: type[Build], likelihood: int, impact: int, alpha: float, expected: float, band: str
) -> None:
    scenarios = (
        build.scenario("s1", ("ind",), likelihood, human=impact),
        build.scenario("s2", ("ind",), 1, human=1),
    )
    result = assessed(build, *scenarios, alpha=alpha).priorities["ind"]
    assert (result.value, result.band) == (pytest.approx(expected), band)


def test_a_node_no_scenario_lists_has_no_risk_in_its_priority(build: type[Build]) -> None:
    result = assessed(build, build.scenario("s", ("other",), 5, human=5)).priorities["q"]
    assert (result.risk, result.scenarios) == (0.0, ())


def test_an_expert_override_keeps_the_computed_band_and_the_reason(build: type[Build]) -> None:
    overrides = {"ind": ("high", "Ministerial priority after the 2024 incident")}
    result = assessed(build, overrides=overrides).priorities["ind"]
    assert (result.band, result.computed_band, result.override_reason) == (
        "high",
        "medium",
        "Ministerial priority after the 2024 incident",
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nope": ("high", "why")}, "unknown_node override of 'nope': no such scored node"),
        (
            {"ind": ("urgent", "why")},
            "unknown_priority_band override of ind: 'urgent' is not high, medium or low",
        ),
        ({"ind": ("low", " ")}, "override_without_reason override of ind: give a reason"),
    ],
)
def test_overrides_need_a_known_node_a_known_band_and_a_reason(
    build: type[Build], overrides: dict, message: str
) -> None:
    with pytest.raises(ScoringError) as error:
        assessed(build, overrides=overrides)
    assert str(error.value) == message
