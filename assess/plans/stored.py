"""An action as stored (JSON) and back: Decimals as exact text, tuples as lists."""

from __future__ import annotations

from dataclasses import asdict, fields
from decimal import Decimal
from typing import Any

from assess.plans.model import Action, CostLine, GapLink, Kpi


def action_json(action: Action) -> dict[str, Any]:
    """An action's fields as JSON values: amounts as exact decimal text ("6002.490")."""
    return _plain(asdict(action))


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def action_from_json(data: dict[str, Any]) -> Action:
    """The action `action_json` stored (keys it does not know are left out)."""
    known = {f.name for f in fields(Action)}
    values = {key: value for key, value in data.items() if key in known}
    values["gaps"] = tuple(GapLink(**gap) for gap in data.get("gaps", ()))
    values["year_costs"] = tuple(Decimal(cost) for cost in data.get("year_costs", ()))
    values["cost_lines"] = tuple(_cost_line(line) for line in data.get("cost_lines", ()))
    values["kpis"] = tuple(Kpi(**kpi) for kpi in data.get("kpis", ()))
    for name in ("activities", "risks", "cbrn", "themes", "instruments", "supporting_agencies"):
        if name in values:
            values[name] = tuple(values[name])
    return Action(**values)


def _cost_line(data: dict[str, Any]) -> CostLine:
    return CostLine(
        unit_cost=data["unit_cost"],
        category=data["category"],
        subcategory=data["subcategory"],
        years=tuple(Decimal(cost) for cost in data["years"]),
        missing=tuple(data.get("missing", ())),
    )
