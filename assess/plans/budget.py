"""A plan's budget: its actions' costs per plan year, area, funding source and cost category,
the funded share, the funding gap and what is asked of partners (pure, exact decimals).

An action's cost is the one a person set (an override, with its reason) or else the sum of its
computed year costs. The computed costs say where the money goes: per plan year and per cost
category (the action's cost lines). An overridden cost is spread over the same years and
categories in the computed proportions, to the cent, the cents left over by rounding going to the
largest part; without computed costs it falls in the action's plan year, in no category. A cost
whose year is unknown or past the costed years is counted apart ("later"), never dropped, so every
table of the budget adds up to the same total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assess.plans.model import (
    FUNDING_SOURCES,
    SUPPORT_FORMS,
    Action,
    NationalPlan,
    Proposal,
    RegionalPlan,
)

CENT = Decimal("0.01")
ZERO = Decimal(0)
GAP = "not_found"  # the funding source of the gap: nobody found yet (or none said)
FUNDED = tuple(source for source in FUNDING_SOURCES if source != GAP)
# A cell of an action's cost: (cost category, plan year); "" no category, None no costed year.
Cell = tuple[str, int | None]


def action_cost(action: Action) -> Decimal | None:
    """The action's cost: the override a person set, else the sum of its computed year costs;
    None when it has neither."""
    if action.cost is not None:
        return Decimal(str(action.cost))
    if action.year_costs:
        return sum(action.year_costs, ZERO)
    return None


def spread(amount: Decimal, weights: Mapping[Cell, Decimal]) -> dict[Cell, Decimal]:
    """`amount` shared over the cells in proportion to their weights, each part to the cent and
    the parts adding up to `amount` (to the cent) exactly: what rounding leaves over goes to the
    largest part. Weights that add up to nothing give nothing: the caller places the amount."""
    total = sum(weights.values(), ZERO)
    if not weights or total == 0:
        return {}
    parts = {
        cell: (amount * weight / total).quantize(CENT, ROUND_HALF_UP)
        for cell, weight in weights.items()
    }
    largest = max(weights, key=lambda cell: (weights[cell], _cell_key(cell)))
    parts[largest] += amount.quantize(CENT, ROUND_HALF_UP) - sum(parts.values(), ZERO)
    return parts


def _cell_key(cell: Cell) -> tuple:
    category, year = cell
    return (-(year or 0), category)  # ties: the earliest year, then the category's id


def action_cells(action: Action, years: int) -> dict[Cell, Decimal]:
    """The action's cost per (category, plan year): its computed costs, or its override spread
    in their proportions, or, with nothing computed, the whole cost in its plan year."""
    cost = action_cost(action)
    if cost is None:
        return {}
    computed: dict[Cell, Decimal] = defaultdict(Decimal)
    if action.cost_lines:
        for line in action.cost_lines:
            for year, value in enumerate(line.years, start=1):
                if value:
                    computed[(line.category, _costed(year, years))] += value
    else:
        for year, value in enumerate(action.year_costs, start=1):
            if value:
                computed[("", _costed(year, years))] += value
    if sum(computed.values(), ZERO) == cost:
        return dict(computed)
    return spread(cost, computed) or {
        ("", _costed(action.plan_year, years)): cost.quantize(CENT, ROUND_HALF_UP)
    }


def _costed(year: int | None, years: int) -> int | None:
    """The plan year if it is one of the costed years, else None (counted as later)."""
    return year if year is not None and 1 <= year <= years else None


@dataclass(frozen=True)
class YearTotal:
    """One plan year: its number, its calendar year (None: no start year), the total and the
    part of each funding source (FUNDING_SOURCES order, the gap last)."""

    plan_year: int
    calendar_year: int | None
    total: Decimal
    by_source: tuple[Decimal, ...]


@dataclass(frozen=True)
class Share:
    """A part of the budget: what it is (an area, a source, a category or a form of support),
    its amount and how many actions it counts."""

    key: str
    title: str
    amount: Decimal
    actions: int


@dataclass(frozen=True)
class Budget:
    """A national plan's budget, in its currency, every table adding up to `total`."""

    currency: str
    start_year: int | None
    years: tuple[YearTotal, ...]  # plan year 1 first, every costed year
    later: Decimal  # costs of no costed year: a step reached later, or no plan year
    later_by_source: tuple[Decimal, ...]
    areas: tuple[Share, ...]  # in the plan's order of areas, those with a cost
    sources: tuple[Share, ...]  # every funding source, the gap last
    categories: tuple[Share, ...]  # by cost category id, "" (none) last
    total: Decimal
    funded: Decimal
    gap: Decimal
    requested: Decimal  # the cost of the actions on which assistance is requested
    requested_actions: int
    forms: tuple[Share, ...]  # the forms of support asked for, SUPPORT_FORMS order, "" last
    costed: int  # actions with a cost in the plan's currency
    uncosted: int  # actions without one
    other_currency: tuple[str, ...] = ()  # titles of actions costed in another currency

    @property
    def funded_share(self) -> Decimal | None:
        """The funded part of the total, as a share of 1; None when nothing is costed."""
        return self.funded / self.total if self.total else None


def national_budget(plan: NationalPlan) -> Budget | None:
    """The plan's budget; None when the plan has no costing (no currency)."""
    if not plan.currency:
        return None
    years = max(plan.years, 0)
    by_year: dict[int | None, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    by_area: dict[str, Decimal] = defaultdict(Decimal)
    by_category: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_source: dict[str, Decimal] = defaultdict(Decimal)
    by_form: dict[str, Decimal] = defaultdict(Decimal)
    requested, asked, costed, uncosted = ZERO, 0, 0, 0
    foreign: list[str] = []
    for action in plan.actions():
        cost = action_cost(action)
        if cost is None:
            uncosted += 1
            continue
        if action.currency and action.currency != plan.currency:
            foreign.append(action.title)  # a cost set in another currency: never added
            continue
        costed += 1
        source = funding_source(action)
        cells = action_cells(action, years)
        cost = sum(cells.values(), ZERO)  # an override to the cent, as spread
        for (category, year), value in cells.items():
            by_year[year][source] += value
            by_category[category] += value
            counts[("category", category)].add(action.id)
        by_area[action.area_id] += cost
        by_source[source] += cost
        counts[("area", action.area_id)].add(action.id)
        counts[("source", source)].add(action.id)
        if action.assistance_requested:
            requested += cost
            asked += 1
            form = action.support if action.support in SUPPORT_FORMS else ""
            by_form[form] += cost
            counts[("form", form)].add(action.id)
    order = (*FUNDED, GAP)
    total = sum(by_source.values(), ZERO)
    funded = sum((by_source[s] for s in FUNDED), ZERO)
    calendar = plan.start_year

    def year_total(year: int | None) -> tuple[Decimal, tuple[Decimal, ...]]:
        parts = tuple(by_year[year][s] for s in order) if year in by_year else (ZERO,) * len(order)
        return sum(parts, ZERO), parts

    later, later_parts = year_total(None)
    titles = {area.area_id: area.title for area in plan.areas}
    return Budget(
        currency=plan.currency,
        start_year=plan.start_year,
        years=tuple(
            YearTotal(y, calendar + y - 1 if calendar is not None else None, *year_total(y))
            for y in range(1, years + 1)
        ),
        later=later,
        later_by_source=later_parts,
        areas=tuple(
            Share(a.area_id, a.title, by_area[a.area_id], len(counts[("area", a.area_id)]))
            for a in plan.areas
            if a.area_id in by_area
        )
        + tuple(
            Share(k, k, v, len(counts[("area", k)])) for k, v in by_area.items() if k not in titles
        ),
        sources=tuple(Share(s, s, by_source[s], len(counts[("source", s)])) for s in order),
        categories=tuple(
            Share(c, c, by_category[c], len(counts[("category", c)]))
            for c in sorted(by_category, key=lambda c: (c == "", c))
        ),
        total=total,
        funded=funded,
        gap=by_source[GAP],
        requested=requested,
        requested_actions=asked,
        forms=tuple(
            Share(f, f, by_form[f], len(counts[("form", f)]))
            for f in (*SUPPORT_FORMS, "")
            if f in by_form
        ),
        costed=costed,
        uncosted=uncosted,
        other_currency=tuple(foreign),
    )


def funding_source(action: Action) -> str:
    """The action's funding source, the gap ("not_found") when none is said."""
    return action.funding_source if action.funding_source in FUNDED else GAP


@dataclass(frozen=True)
class CountryBudget:
    """One country's national plan in the region's budget."""

    country: str
    budget: Budget


@dataclass(frozen=True)
class ProposalBudget:
    """A regional project proposal and its budget (None: not known yet)."""

    proposal: Proposal
    amount: Decimal | None


@dataclass(frozen=True)
class RegionalBudget:
    """A region's budget: its countries' national plans, in the region's currency, and the
    Secretariat's proposals. Budgets in another currency are named, never added."""

    currency: str
    countries: tuple[CountryBudget, ...]
    proposals: tuple[ProposalBudget, ...]
    national: Decimal  # the national plans' total
    funded: Decimal
    gap: Decimal
    requested: Decimal
    proposed: Decimal  # the proposals' total
    other_currency: tuple[str, ...] = ()  # countries or proposals left out: another currency

    @property
    def total(self) -> Decimal:
        """The national plans and the proposals together."""
        return self.national + self.proposed


def regional_budget(plan: RegionalPlan) -> RegionalBudget | None:
    """The region's budget: the sum of its national plans' budgets plus its proposals; None
    when no national plan is costed and no proposal has a budget."""
    budgets = [
        (code, budget)
        for code in plan.countries
        if code in plan.national and (budget := national_budget(plan.national[code])) is not None
    ]
    proposals = [ProposalBudget(p, p.total()) for p in plan.proposals]
    currencies = [b.currency for _, b in budgets] + [
        p.proposal.currency for p in proposals if p.amount is not None and p.proposal.currency
    ]
    if not currencies:
        return None
    currency = _most_common(currencies)
    kept = [CountryBudget(code, b) for code, b in budgets if b.currency == currency]
    left = [code for code, b in budgets if b.currency != currency]
    counted = [p for p in proposals if p.amount is None or p.proposal.currency in ("", currency)]
    left += [p.proposal.title for p in proposals if p not in counted]
    return RegionalBudget(
        currency=currency,
        countries=tuple(kept),
        proposals=tuple(counted),
        national=_sum(c.budget.total for c in kept),
        funded=_sum(c.budget.funded for c in kept),
        gap=_sum(c.budget.gap for c in kept),
        requested=_sum(c.budget.requested for c in kept),
        proposed=_sum(p.amount for p in counted if p.amount is not None),
        other_currency=tuple(left),
    )


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def _most_common(values: list[str]) -> str:
    """The most frequent value, the first met among equals."""
    return max(values, key=lambda v: (values.count(v), -values.index(v)))
