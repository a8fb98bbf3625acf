"""A country's and a region's trends read from the database (assess.services.trends)."""

from __future__ import annotations

import pytest

from assess.services import trends as service
from assess.services.errors import NotFound
from assess.services.plan_inputs import national_inputs
from tests.services.carry_support import CBRN_APP, country
from tests.services.trend_support import planned, round_of

APP_SETTINGS = CBRN_APP


@pytest.fixture
def two_rounds(db, world):
    """Arvenia: 2026 accepted under 1.0 with a plan, 2027 in draft under 1.1; Belmora: both
    accepted (1.0, then 1.1)."""
    xa_2026 = round_of(db, world, "XA", "1.0", "2026", status="submitted")
    xa_2027 = round_of(db, world, "XA", "1.1", "2027", status="draft", share=0.6)
    xb_2026 = round_of(db, world, "XB", "1.0", "2026", status="submitted")
    xb_2027 = round_of(db, world, "XB", "1.1", "2027")
    for earlier in (xa_2026, xb_2026):
        earlier.status = "accepted"
    db.commit()
    plan, ids = planned(db, world, xa_2026, a="completed", b="completed", c="delayed")
    return {"xa": (xa_2026, xa_2027), "xb": (xb_2026, xb_2027), "plan": (plan, ids)}


def test_a_country_follows_its_accepted_rounds_and_the_current_one(db, world, two_rounds) -> None:
    found = service.trends_of_country(db, world["nfp-xa"], country(db, "XA"))
    assert found.trends.rounds == ("2026", "2027")
    assert (found.in_progress, found.compared) == ("2027", True)
    assert found.trends.questionnaire.version == "1.1"
    # Each round's figures are its own score, under the version it was answered under.
    first, second = two_rounds["xa"]
    own = {r: national_inputs(db, a).score for r, a in (("2026", first), ("2027", second))}
    for area in found.trends.areas:
        for node in (area.area, *area.indicators):
            for label, point in zip(found.trends.rounds, node.points, strict=True):
                expected = own[label].nodes.get(node.node_id)
                assert (point.score if point else None) == (expected.score if expected else None)


def test_indicators_holding_a_new_question_do_not_compare_across_versions(
    db, world, two_rounds
) -> None:
    found = service.trends_of_country(db, world["secretariat-seee"], country(db, "XA"))
    nodes = {n.node_id: n for a in found.trends.areas for n in (a.area, *a.indicators)}
    # surv_wastewater and aware_rumours are new in 1.1.
    for node_id in ("surv_health", "surv", "aware_riskcomm", "aware"):
        assert nodes[node_id].changes[1] == "not_comparable", node_id
    changes = {n.changes[1] for n in nodes.values()}
    assert changes - {"not_comparable", None} and changes <= {
        "improved",
        "regressed",
        "unchanged",
        "not_comparable",
        None,
    }


def test_the_previous_round_s_plan_outcome_counts_people_s_statuses(db, world, two_rounds) -> None:
    plan, ids = two_rounds["plan"]
    found = service.trends_of_country(db, world["nfp-xa"], country(db, "XA"))
    outcome = found.outcome
    assert outcome is not None and outcome.round == "2026"
    active = sum(1 for row in plan.actions if row.active)
    assert dict(outcome.counts) == {
        "completed": 2,
        "ongoing": 0,
        "delayed": 1,
        "planned": active - 3,
        "cancelled": 0,
    }
    assert {a.action_id for a in outcome.actions[:2]} == set(ids[:2])
    assert outcome.actions[2].action_id == ids[2]


def test_one_round_has_nothing_to_compare(db, world) -> None:
    round_of(db, world, "XD", "1.1", "2026")
    found = service.trends_of_country(db, world["nfp-xd"], country(db, "XD"))
    assert (found.trends.rounds, found.compared, found.outcome) == (("2026",), False, None)
    assert all(n.changes == (None,) for a in found.trends.areas for n in (a.area, *a.indicators))


def test_a_country_without_rounds_has_no_trends(db, world) -> None:
    found = service.trends_of_country(db, world["nfp-xc"], country(db, "XC"))
    assert (found.trends, found.compared, found.outcome) == (None, False, None)


@pytest.mark.parametrize("who", ["coordinator", "expert", "nfp-xb", "secretariat-aaf"])
def test_a_country_s_trends_are_not_found_for_others(db, world, two_rounds, who) -> None:
    with pytest.raises(NotFound):
        service.trends_of_country(db, world[who], country(db, "XA"))


def test_a_region_combines_accepted_rounds_per_label(db, world, two_rounds) -> None:
    region = country(db, "XA").region
    found = service.trends_of_region(db, world["secretariat-seee"], region)
    assert found.trends.rounds == ("2026", "2027")
    assert found.trends.countries == ("XA", "XB")
    leg = next(a.area for a in found.trends.areas if a.area.node_id == "leg")
    # 2026: both accepted; 2027: Belmora only (Arvenia's is a draft).
    assert [p.count for p in leg.points] == [2, 1]
    scores = [national_inputs(db, a).score.nodes["leg"].score for a in two_rounds["xb"]]
    xa = national_inputs(db, two_rounds["xa"][0]).score.nodes["leg"].score
    assert leg.points[0].score == pytest.approx((scores[0] + xa) / 2)
    assert leg.points[1].score == pytest.approx(scores[1])
    assert sum(leg.tallies[1].values()) == 1
    # The previous label's plans: Arvenia's (Belmora has none).
    assert list(found.outcomes) == ["XA"]
    assert found.outcome == found.outcomes["XA"]


@pytest.mark.parametrize("who", ["coordinator", "nfp-xa", "secretariat-aaf"])
def test_a_region_s_trends_are_not_found_for_others(db, world, two_rounds, who) -> None:
    with pytest.raises(NotFound):
        service.trends_of_region(db, world[who], country(db, "XA").region)


def test_a_region_without_accepted_rounds_has_no_trends(db, world) -> None:
    round_of(db, world, "XC", "1.1", "2026", status="draft")
    found = service.trends_of_region(db, world["admin"], country(db, "XC").region)
    assert (found.trends, found.compared, found.outcome) == (None, False, None)


def test_region_labels_follow_the_order_rounds_were_opened(db, world) -> None:
    """Belmora's 2027 comes before Arvenia's 2028, though Arvenia's code sorts first."""
    xa_2026 = round_of(db, world, "XA", "1.1", "2026")
    xb_2027 = round_of(db, world, "XB", "1.1", "2027")
    xa_2028 = round_of(db, world, "XA", "1.1", "2028")
    assert (xa_2026.round_year, xb_2027.round_year, xa_2028.round_year) == (2026, 2027, 2028)
    found = service.trends_of_region(db, world["admin"], country(db, "XA").region)
    assert found.trends.rounds == ("2026", "2027", "2028")
