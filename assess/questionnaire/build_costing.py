"""Builds the costing (unit costs by category) and the line items of action templates, and
checks that every line item names a unit cost and number questions that exist."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from assess.questionnaire.build import Builder, items
from assess.questionnaire.model import (
    CostCategory,
    Costing,
    LineItem,
    LocalText,
    Position,
    Questionnaire,
    UnitCost,
    frozen_map,
)
from assess.questionnaire.structure import INVALID, Checked, item_pos
from assess.questionnaire.suggest import did_you_mean
from assess.questionnaire.yamlsafe import YamlFloat
from assess.words.numbers import CURRENCIES

MAX_YEARS = 10


def exact(value: Any) -> Decimal | None:
    """The exact decimal a YAML number was written as (0.083 is 0.083, not its binary float);
    None when it is not finite."""
    if isinstance(value, YamlFloat):
        try:
            found = Decimal(value.text.replace("_", ""))
        except InvalidOperation:
            found = Decimal(repr(float(value)))  # forms Decimal cannot read (sexagesimal 1:30)
    elif isinstance(value, float):
        found = Decimal(repr(value))
    else:
        found = Decimal(int(value))
    return found if found.is_finite() else None


def amount(base: Builder, value: Any, what: str, where: Position | None, path: str) -> Decimal:
    """A cost or multiplier: exact, finite and not negative (reported as C110 otherwise)."""
    found = exact(value)
    if found is None or found < 0:
        message = f"{what} must be a number of at least 0, not {value}"
        base.ctx.add("C110", message, where, path)
        return Decimal(0)
    return found


def build_costing(top: Checked, base: Builder) -> Costing | None:
    """The questionnaire's costing, reporting every problem in it; None when it has none."""
    data = top.get("costing")
    if data is None:
        return None
    base.has_costing = True
    currency = check_currency(top, data, base)
    years = data["years"]
    if not 1 <= years <= MAX_YEARS:
        message = f"years must be from 1 to {MAX_YEARS} (the plan years costed), not {years}"
        base.ctx.add("C111", message, data.value_pos("years"), data.sub("years"))
        years = max(1, min(years, MAX_YEARS))
    categories = build_categories(data, base)
    return Costing(
        currency=currency,
        year=data.get("year", 0),
        years=years,
        categories=frozen_map(categories),
        unit_costs=frozen_map(build_unit_costs(data, categories, base)),
    )


def check_currency(top: Checked, data: Checked, base: Builder) -> str:
    currency = data.get("currency")
    if currency is None:
        if "currency" not in data.raw:
            message = "the costing needs 'currency': the ISO 4217 code of its unit costs (USD)"
            base.ctx.add("C104", message, top.key_pos("costing"), data.sub("currency"))
        return ""
    if currency not in CURRENCIES:
        hint = did_you_mean(currency.upper(), CURRENCIES)
        message = f"currency '{currency}' is not an ISO 4217 code in use{hint}"
        base.ctx.add("C104", message, data.value_pos("currency"), data.sub("currency"))
        return ""
    return currency


def build_categories(data: Checked, base: Builder) -> dict[str, CostCategory]:
    out: dict[str, CostCategory] = {}
    seen: dict[str, Position | None] = {}
    for _, category, where, path in items(data, "categories"):
        if base.duplicate(category["id"], seen, where, path, "cost category", "C108"):
            continue
        subcategories: dict[str, LocalText] = {}
        inner: dict[str, Position | None] = {}
        for _, sub, at, sub_path in items(category, "subcategories"):
            if not base.duplicate(sub["id"], inner, at, sub_path, "subcategory", "C108"):
                subcategories[sub["id"]] = base.text(sub, "title")
        title = base.text(category, "title")
        out[category["id"]] = CostCategory(category["id"], title, frozen_map(subcategories))
    return out


def build_unit_costs(
    data: Checked, categories: dict[str, CostCategory], base: Builder
) -> dict[str, UnitCost]:
    out: dict[str, UnitCost] = {}
    seen: dict[str, Position | None] = {}
    for _, item, where, path in items(data, "unit_costs"):
        if base.duplicate(item["id"], seen, where, path, "unit cost", "C107"):
            continue
        check_category(item, categories, base)
        value = amount(base, item["value"], "value", item.value_pos("value"), item.sub("value"))
        out[item["id"]] = UnitCost(
            id=item["id"],
            title=base.text(item, "title"),
            category=item["category"],
            subcategory=item["subcategory"],
            value=value,
            unit=base.text(item, "unit"),
        )
    return out


def check_category(item: Checked, categories: dict[str, CostCategory], base: Builder) -> None:
    """The unit cost's category is declared, and its subcategory is one of that category's."""
    name, sub = item["category"], item["subcategory"]
    category = categories.get(name)
    if category is None:
        message = f"cost category '{name}' is not declared under 'costing.categories'"
        message += did_you_mean(name, categories)
        base.ctx.add("C105", message, item.value_pos("category"), item.sub("category"))
    elif sub not in category.subcategories:
        message = f"subcategory '{sub}' is not a subcategory of '{name}'"
        message += did_you_mean(sub, category.subcategories)
        base.ctx.add("C106", message, item.value_pos("subcategory"), item.sub("subcategory"))


def line_items(base: Builder, action: Checked) -> tuple[LineItem, ...]:
    """The line items of an action template, kept with their data for the checks after."""
    out = []
    for _, data, where, _ in items(action, "costs"):
        times = []
        for i, value in enumerate(data["times"]):
            if value is INVALID:
                continue
            at = item_pos(base.ctx.file, data.raw.get("times"), i, data.value_pos("times"))
            times.append(amount(base, value, "a multiplier", at, f"{data.sub('times')}[{i}]"))
        item = LineItem(
            unit_cost=data["unit_cost"],
            times=tuple(times),
            per=tuple(p for p in data["per"] if p is not INVALID),
            recurring=data["recurring"],
            title=base.text(data, "title"),
        )
        base.line_items.append((item, data, where))
        out.append(item)
    return tuple(out)


def check_line_items(q: Questionnaire, base: Builder) -> None:
    """Every line item names a unit cost of the costing and number questions of the tree."""
    if not base.line_items:
        return
    if q.costing is None and not base.has_costing:
        _, data, where = base.line_items[0]
        count = len(base.line_items)
        message = f"{count} line item(s) under 'costs', but the questionnaire has no 'costing'"
        base.ctx.add("C109", message, where, data.path)
        return
    unit_costs = q.costing.unit_costs if q.costing is not None else {}
    questions = {question.id: question for question in q.questions()}
    for item, data, _ in base.line_items:
        if item.unit_cost not in unit_costs:
            hint = did_you_mean(item.unit_cost, unit_costs)
            message = f"unit cost '{item.unit_cost}' is not declared under 'costing.unit_costs'"
            at = data.value_pos("unit_cost")
            base.ctx.add("C101", message + hint, at, data.sub("unit_cost"))
        check_per(item, data, questions, base)


def check_per(item: LineItem, data: Checked, questions: dict, base: Builder) -> None:
    for i, name in enumerate(item.per):
        at = item_pos(base.ctx.file, data.raw.get("per"), i, data.value_pos("per"))
        path = f"{data.sub('per')}[{i}]"
        question = questions.get(name)
        if question is None:
            message = f"'per' names '{name}', which is no question of this questionnaire"
            base.ctx.add("C102", message + did_you_mean(name, questions), at, path)
        elif question.type != "number":
            message = f"'per' names '{name}', a {question.type} question: only the answers of "
            message += "number questions multiply a cost"
            base.ctx.add("C103", message, at, path)
