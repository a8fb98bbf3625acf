"""The budget of a plan, on costs computed by hand to the cent: every kind of action (computed
costs, an override spread in their proportions, a hand-set cost without computed ones, a cost of
no costed year, no cost at all), every table adding up to the same total."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from assess.plans import CostLine, Proposal, ProposalAction, RegionalPlan, RegionCoverage
from assess.plans.budget import (
    action_cells,
    action_cost,
    national_budget,
    regional_budget,
    spread,
)
from tests.plans.costed import action, money, plan

D = Decimal


def computed() -> list:
    return [
        # computed, not overridden: 1,000 of workforce in year 1, 250 of equipment in years 2-3
        action(
            "a1",
            year_costs=money("1000", "250", "250"),
            cost_lines=(
                CostLine("meeting", "workforce", "per_diems", money("1000", "0", "0")),
                CostLine("kit", "equipment", "detection", money("0", "250", "250")),
            ),
            plan_year=1,
            funding_source="national",
        ),
        # overridden: 900 spread as the computed 100 and 200, 300 and 600
        action(
            "a2",
            cost=900.0,
            cost_reason="the supplier's quote",
            year_costs=money("100", "200", "0"),
            cost_lines=(CostLine("kit", "equipment", "detection", money("100", "200", "0")),),
            plan_year=1,
            funding_source="partners",
            assistance_requested=True,
            support="training",
        ),
        # overridden: 1,000 over three equal years, the odd cent in the first
        action(
            "a3",
            area="labs",
            cost=1000.0,
            cost_reason="a round figure",
            year_costs=money("1", "1", "1"),
            cost_lines=(CostLine("reagents", "supplies", "lab", money("1", "1", "1")),),
            plan_year=1,
            assistance_requested=True,
            support="equipment",
        ),
        # a cost set by hand without computed costs: whole in its plan year, in no category
        action(
            "a4", area="labs", cost=250.5, currency="USD", plan_year=2, funding_source="not_found"
        ),
        # no cost at all
        action("a5", area="labs"),
        # a cost of no plan year: counted later
        action(
            "a6",
            area="labs",
            cost=70.0,
            funding_source="initiative",
            assistance_requested=True,
            support="funding",
        ),
    ]


def test_an_actions_cost_is_its_override_else_the_sum_of_its_years() -> None:
    a1, a2, _, a4, a5, _ = computed()
    assert action_cost(a1) == D("1500")
    assert action_cost(a2) == D("900")
    assert action_cost(a4) == D("250.5")
    assert action_cost(a5) is None


def test_an_override_is_spread_in_the_computed_proportions_to_the_cent() -> None:
    _, a2, a3, a4, _, a6 = computed()
    assert action_cells(a2, 3) == {("equipment", 1): D("300.00"), ("equipment", 2): D("600.00")}
    assert action_cells(a3, 3) == {
        ("supplies", 1): D("333.34"),
        ("supplies", 2): D("333.33"),
        ("supplies", 3): D("333.33"),
    }
    assert action_cells(a4, 3) == {("", 2): D("250.50")}
    assert action_cells(a6, 3) == {("", None): D("70.00")}
    # a plan year past the costed years is later too
    assert action_cells(replace(a4, plan_year=4), 3) == {("", None): D("250.50")}


def test_spread_adds_up_exactly() -> None:
    parts = spread(D("100"), {("a", 1): D(1), ("a", 2): D(1), ("b", 1): D(1)})
    assert sorted(parts.values()) == [D("33.33"), D("33.33"), D("33.34")]
    assert sum(parts.values()) == D("100")
    assert spread(D("5"), {("a", 1): D(0)}) == {}


def test_the_budget_per_year_area_source_and_category() -> None:
    budget = national_budget(plan(computed()))
    assert budget is not None
    assert budget.currency == "USD"
    assert budget.total == D("3720.50")
    assert [(y.plan_year, y.calendar_year, y.total) for y in budget.years] == [
        (1, 2027, D("1633.34")),
        (2, 2028, D("1433.83")),
        (3, 2029, D("583.33")),
    ]
    # national, initiative, partners, not found
    assert [y.by_source for y in budget.years] == [
        money("1000", "0", "300", "333.34"),
        money("250", "0", "600", "583.83"),
        money("250", "0", "0", "333.33"),
    ]
    assert budget.later == D("70") and budget.later_by_source == money("0", "70", "0", "0")
    assert [(s.key, s.title, s.amount, s.actions) for s in budget.areas] == [
        ("legal", "Legal framework", D("2400"), 2),
        ("labs", "Laboratories", D("1320.50"), 3),
    ]
    assert [(s.key, s.amount, s.actions) for s in budget.sources] == [
        ("national", D("1500"), 1),
        ("initiative", D("70"), 1),
        ("partners", D("900"), 1),
        ("not_found", D("1250.50"), 2),
    ]
    assert [(s.key, s.amount) for s in budget.categories] == [
        ("equipment", D("1400")),
        ("supplies", D("1000")),
        ("workforce", D("1000")),
        ("", D("320.50")),
    ]
    assert (budget.funded, budget.gap) == (D("2470"), D("1250.50"))
    assert budget.funded_share == D("2470") / D("3720.50")
    assert (budget.requested, budget.requested_actions) == (D("1970"), 3)
    assert [(s.key, s.amount) for s in budget.forms] == [
        ("training", D("900")),
        ("equipment", D("1000")),
        ("funding", D("70")),
    ]
    assert (budget.costed, budget.uncosted) == (5, 1)


def test_every_table_adds_up_to_the_total() -> None:
    budget = national_budget(plan(computed()))
    assert budget is not None
    for parts in (
        [y.total for y in budget.years] + [budget.later],
        [s.amount for s in budget.areas],
        [s.amount for s in budget.sources],
        [s.amount for s in budget.categories],
    ):
        assert sum(parts) == budget.total


def test_a_plan_without_costing_has_no_budget_and_no_start_year_no_calendar() -> None:
    assert national_budget(plan(computed(), currency="")) is None
    budget = national_budget(plan(computed(), start_year=None))
    assert budget is not None and [y.calendar_year for y in budget.years] == [None] * 3
    empty = national_budget(plan([]))
    assert empty is not None and empty.total == 0 and empty.funded_share is None


def proposal(pid: int, budget: str | None, *costs: str | None, currency: str = "USD") -> Proposal:
    return Proposal(
        pid,
        f"Proposal {pid}",
        "draft",
        ("XA", "XB"),
        tuple(
            ProposalAction("XA", f"p{pid}-{n}", "", D(c) if c else None)
            for n, c in enumerate(costs)
        ),
        D(budget) if budget else None,
        currency,
    )


def regional(national: dict, proposals: tuple[Proposal, ...]) -> RegionalPlan:
    return RegionalPlan(
        "q",
        "1",
        "en",
        "SEEE",
        tuple(national),
        (),
        (),
        (),
        (),
        national,
        RegionCoverage(tuple(national)),
        proposals=proposals,
    )


def test_the_regions_budget_adds_its_national_plans_and_proposals() -> None:
    xa = plan(computed())
    xb = plan([action("b1", cost=1000.0, plan_year=1, funding_source="national")])
    xc = plan([action("c1", cost=5.0, plan_year=1)], currency="EUR")
    proposals = (proposal(1, "5000"), proposal(2, None, "100", "250.25"), proposal(3, None))
    budget = regional_budget(regional({"XA": xa, "XB": xb, "XC": xc}, proposals))
    assert budget is not None
    assert budget.currency == "USD"
    assert [c.country for c in budget.countries] == ["XA", "XB"]
    assert budget.other_currency == ("XC",)
    assert budget.national == D("4720.50")
    assert (budget.funded, budget.gap, budget.requested) == (D("3470"), D("1250.50"), D("1970"))
    assert [p.amount for p in budget.proposals] == [D("5000"), D("350.25"), None]
    assert budget.proposed == D("5350.25")
    assert budget.total == D("10070.75")


def test_a_region_without_costs_has_no_budget() -> None:
    national = {"XA": plan([], currency="")}
    assert regional_budget(regional(national, (proposal(1, None),))) is None
    # a proposal's budget alone makes one, in its currency
    alone = regional_budget(regional(national, (proposal(1, "12", currency="EUR"),)))
    assert alone is not None and (alone.currency, alone.total) == ("EUR", D("12"))


def test_a_cost_in_another_currency_is_named_never_added() -> None:
    euros = action("e1", cost=99.0, currency="EUR", plan_year=1)
    budget = national_budget(plan([*computed(), euros]))
    assert budget is not None
    assert budget.total == D("3720.50") and budget.costed == 5
    assert budget.other_currency == ("Action e1",)
