"""A plan report's budget, timeline and monitoring sections, and the sentences its executive
summary says of the budget; the regional report's budget and proposals. Plain texts and chart
blocks out, amounts in the reader's locale and the plan's currency (`words.numbers`).

Pure: a plan (and its questionnaire, for the cost categories' names) in; the budget is computed
once, by `plans.budget`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from assess.plans import Action, NationalPlan, RegionalPlan
from assess.plans.budget import (
    Budget,
    RegionalBudget,
    Share,
)
from assess.questionnaire.model import Questionnaire
from assess.reports import document as d
from assess.words import budget_words as bw
from assess.words.catalogue import Words
from assess.words.numbers import money, number, percent, word_list
from assess.words.plan_codes import code_word

MAX_YEARS = 15  # the most calendar years a timeline spans; later dates are cut at its edge
# The last recorded value of each KPI, by (action id, KPI name), as the follow-up records them.
LastValues = Mapping[tuple[str, str], str]


def summary_sentences(budget: Budget | None, w: Words) -> tuple[str, ...]:
    """What the executive summary says of the budget: the total cost, the funded share and the
    gap, what is asked of partners and how many actions are not costed; nothing without one."""
    if budget is None:
        return ()
    lines = []
    if budget.costed:
        c = budget.currency
        lines.append(bw.total_cost(budget.costed, budget.total, c, w))
        lines.append(bw.funded_share(budget.funded_share, budget.funded, budget.gap, c, w))
        forms = [share.key for share in budget.forms if share.key]
        lines.append(bw.asked_of_partners(budget.requested_actions, budget.requested, forms, c, w))
    if budget.uncosted:
        lines.append(bw.not_costed_yet(budget.uncosted, w))
    if budget.other_currency:
        lines.append(bw.other_currency(budget.other_currency, w))
    return tuple(lines)


def budget_section(budget: Budget | None, questionnaire: Questionnaire, w: Words) -> d.Section:
    """The budget summary: the chart and tables by year, area, source (the gap last), cost
    category and form of support asked for; one line when the plan is not costed."""
    heading = w.gettext("Budget summary")
    if budget is None:
        return d.Section(heading, (d.Paragraph(bw.not_costed(w)),))
    c = budget.currency

    def amount(value: Decimal) -> str:
        return money(value, c, w.lang)

    sources = tuple(code_word("funding", s.key, w.lang) for s in budget.sources)
    columns = [(_year_label(y.plan_year, y.calendar_year, w), y.by_source) for y in budget.years]
    totals = [y.total for y in budget.years]
    if budget.later:
        columns.append((w.gettext("Later"), budget.later_by_source))
        totals.append(budget.later)
    chart = d.BudgetChart(
        w.gettext("Cost per year by funding source"),
        tuple((label, tuple(parts)) for label, parts in columns),
        sources,
        tuple(amount(t) for t in totals),
        w.gettext("Amounts in %(currency)s", currency=c),
    )
    year_rows = tuple(
        (label, *(amount(p) for p in parts), amount(total))
        for (label, parts), total in zip(columns, totals, strict=True)
    )
    total_word = w.gettext("Total")
    by_year = d.Table(
        (w.gettext("Year"), *sources, total_word),
        (
            *year_rows,
            (total_word, *(amount(s.amount) for s in budget.sources), amount(budget.total)),
        ),
        caption=w.gettext("Cost per year and funding source"),
        numeric=tuple(range(1, len(sources) + 2)),
    )
    blocks: list[d.Block] = [
        *(d.Paragraph(p) for p in summary_sentences(budget, w)),
        chart,
        by_year,
        _shares(w.gettext("Cost per area"), w.gettext("Area"), budget.areas, budget, w),
        _shares(
            w.gettext("Cost per funding source"),
            w.gettext("Funding source"),
            tuple(_titled(s, code_word("funding", s.key, w.lang)) for s in budget.sources),
            budget,
            w,
        ),
    ]
    if budget.categories:
        names = _category_titles(questionnaire, w)
        categories = tuple(
            _titled(s, names.get(s.key, s.key) if s.key else w.gettext("No category"))
            for s in budget.categories
        )
        blocks.append(
            _shares(w.gettext("Cost per category"), w.gettext("Category"), categories, budget, w)
        )
    if budget.forms:
        forms = tuple(
            _titled(s, code_word("support", s.key, w.lang) if s.key else w.gettext("Not said"))
            for s in budget.forms
        )
        blocks.append(
            _shares(
                w.gettext("Assistance requested from partners"),
                w.gettext("Form of support"),
                forms,
                budget,
                w,
                total=budget.requested,
            )
        )
    return d.Section(heading, tuple(blocks))


def _titled(share: Share, title: str) -> Share:
    return Share(share.key, title, share.amount, share.actions)


def _shares(
    caption: str,
    name: str,
    shares: Sequence[Share],
    budget: Budget,
    w: Words,
    total: Decimal | None = None,
) -> d.Table:
    """A table of parts of the budget: name, actions, amount, share of the total; a total row."""
    whole = budget.total if total is None else total
    rows = tuple(
        (
            s.title,
            str(s.actions),
            money(s.amount, budget.currency, w.lang),
            percent(s.amount / budget.total, w.lang) if budget.total else "",
        )
        for s in shares
    )
    total_row = (
        w.gettext("Total"),
        "",
        money(whole, budget.currency, w.lang),
        percent(whole / budget.total, w.lang) if budget.total else "",
    )
    columns = (name, w.gettext("Actions"), w.gettext("Cost"), w.gettext("Share of the total"))
    return d.Table(columns, (*rows, total_row), caption=caption, numeric=(1, 2, 3))


def _year_label(plan_year: int, calendar_year: int | None, w: Words) -> str:
    # A calendar year is written without grouping (2027, never 2,027).
    if calendar_year is not None:
        return str(calendar_year)
    return w.gettext("Year %(num)s", num=plan_year)


def _category_titles(questionnaire: Questionnaire, w: Words) -> dict[str, str]:
    costing = questionnaire.costing
    if costing is None:
        return {}
    return {cid: category.title.get(w.lang) for cid, category in costing.categories.items()}


def action_numbers(plan: NationalPlan) -> dict[str, int]:
    """Each action's number, as the table of prioritised actions numbers it."""
    return {a.id: n for n, a in enumerate(plan.actions(), start=1)}


def action_span(action: Action, start_year: int | None) -> tuple[str, str]:
    """The action's start and end (ISO dates): as planned, else its plan year's whole year."""
    if action.start and action.end:
        return action.start, action.end
    if action.plan_year is not None and start_year is not None:
        year = start_year + action.plan_year - 1
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    return action.start, action.end


def _years_of(spans: Sequence[tuple[str, str]]) -> list[int]:
    found = []
    for span in spans:
        for value in span:
            try:
                found.append(dt.date.fromisoformat(value).year)
            except ValueError:
                continue
    return found


def timeline_section(plan: NationalPlan, today: dt.date | None, w: Words) -> d.Section:
    """A Gantt chart per area: each action from its start to its end, numbered as in the table
    of actions, over the plan's years (and any year its actions reach, up to MAX_YEARS)."""
    heading = w.gettext("Timeline")
    numbers = action_numbers(plan)
    spans = {a.id: action_span(a, plan.start_year) for a in plan.actions()}
    years = _years_of(list(spans.values()))
    if plan.start_year is not None and plan.years:
        years += [plan.start_year, plan.start_year + plan.years - 1]
    if not years:
        return d.Section(heading, (d.Paragraph(w.gettext("No action has dates yet.")),))
    first = plan.start_year if plan.start_year is not None else min(years)
    count = min(max(years) - first + 1, MAX_YEARS)
    charts = []
    for area in plan.areas:
        actions = sorted(
            (a for g in area.gaps for a in g.actions), key=lambda a: numbers.get(a.id, 0)
        )
        if not actions:
            continue
        rows = tuple((f"{numbers[a.id]}. {a.title}", *spans[a.id]) for a in actions)
        charts.append(
            d.GanttChart(
                area.title,
                rows,
                first,
                count,
                today=today,
                today_label=w.gettext("Report date") if today else "",
            )
        )
    intro = w.gettext(
        "Each action from its start to its end, numbered as in the table of prioritised "
        "actions; the dashed line marks the report's date."
    )
    return d.Section(heading, (d.Paragraph(intro), *charts))


def monitoring_section(
    plan: NationalPlan, w: Words, last_values: LastValues | None = None
) -> d.Section:
    """Each action's indicators (KPIs) with their baseline, target and date, the last value
    recorded when the follow-up gives any (a column of its own), and the action's status and
    progress."""
    numbers = action_numbers(plan)
    columns = [
        w.gettext("No."),
        w.gettext("Action"),
        w.gettext("Indicator"),
        w.gettext("Baseline"),
        w.gettext("Target"),
        w.gettext("By"),
    ]
    if last_values:
        columns.append(w.gettext("Last recorded"))
    columns += [w.gettext("Status"), w.gettext("Progress")]
    rows = []
    for action in plan.actions():
        status = code_word("status", action.status, w.lang)
        progress = percent(action.progress / 100, w.lang)
        kpis = [(k.name, k.baseline, k.target, k.date) for k in action.kpis]
        if not kpis:
            kpis = [(action.kpi, "", "", "")]
        for name, baseline, target, by in kpis:
            row = [number(numbers[action.id], w.lang), action.title, name, baseline, target, by]
            if last_values:
                row.append(last_values.get((action.id, name), "") if name else "")
            rows.append((*row, status, progress))
    numeric = (0, len(columns) - 1)
    table = d.Table(tuple(columns), tuple(rows), numeric=numeric)
    return d.Section(w.gettext("Monitoring"), (table,))


def regional_budget_sections(
    plan: RegionalPlan, budget: RegionalBudget | None, names: Mapping[str, str], w: Words
) -> tuple[d.Section, ...]:
    """The region's budget (`regional_budget(plan)`: each country's costed national plan, the
    proposals, the totals) and the Secretariat's project proposals; one line when nothing is
    costed."""
    proposals = _proposals_section(plan, budget, names, w)
    heading = w.gettext("Budget of the region")
    if budget is None:
        return (d.Section(heading, (d.Paragraph(bw.not_costed(w)),)), proposals)
    currency = budget.currency

    def amount(value: Decimal) -> str:
        return money(value, currency, w.lang)

    rows = tuple(
        (
            names.get(c.country, c.country),
            amount(c.budget.total),
            amount(c.budget.funded),
            amount(c.budget.gap),
            amount(c.budget.requested),
        )
        for c in budget.countries
    )
    total = (
        w.gettext("Total"),
        amount(budget.national),
        amount(budget.funded),
        amount(budget.gap),
        amount(budget.requested),
    )
    columns = (
        w.gettext("Country"),
        w.gettext("Cost"),
        w.gettext("Funded"),
        w.gettext("Funding gap"),
        w.gettext("Assistance requested"),
    )
    blocks: list[d.Block] = [
        *(d.Paragraph(p) for p in regional_summary(budget, names, w)),
        d.Table(
            columns,
            (*rows, total),
            caption=w.gettext("National plans"),
            numeric=(1, 2, 3, 4),
        ),
    ]
    return (d.Section(heading, tuple(blocks)), proposals)


def regional_summary(
    budget: RegionalBudget | None, names: Mapping[str, str], w: Words
) -> tuple[str, ...]:
    """What the regional summary says of the budget: national plans' cost and gap, proposals."""
    if budget is None:
        return ()
    lines = []
    if budget.countries:
        lines.append(
            bw.national_plans_cost(
                len(budget.countries), budget.national, budget.gap, budget.currency, w
            )
        )
    if budget.proposals:
        lines.append(bw.proposals_cost(len(budget.proposals), budget.proposed, budget.currency, w))
    if budget.other_currency:
        lines.append(bw.other_currency([names.get(n, n) for n in budget.other_currency], w))
    return tuple(lines)


def _proposals_section(
    plan: RegionalPlan, budget: RegionalBudget | None, names: Mapping[str, str], w: Words
) -> d.Section:
    heading = w.gettext("Regional project proposals")
    if not plan.proposals:
        return d.Section(heading, (d.Paragraph(w.gettext("No proposal has been made yet.")),))
    amounts = {p.proposal.id: p.amount for p in budget.proposals} if budget else {}
    rows = tuple(
        (
            number(n, w.lang),
            p.title,
            code_word("proposal", p.status, w.lang),
            word_list([names.get(c, c) for c in p.countries], w.lang),
            "; ".join(f"{names.get(a.country, a.country)}: {a.title}" for a in p.actions),
            money(amounts.get(p.id), p.currency or (budget.currency if budget else ""), w.lang)
            if amounts.get(p.id) is not None
            else "",
        )
        for n, p in enumerate(plan.proposals, start=1)
    )
    columns = (
        w.gettext("No."),
        w.gettext("Proposal"),
        w.gettext("Status"),
        w.gettext("Countries"),
        w.gettext("Actions"),
        w.gettext("Budget"),
    )
    return d.Section(heading, (d.Table(columns, rows, numeric=(0, 5)),))
