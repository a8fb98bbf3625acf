"""A stored plan's actions as pages show them: people's edits over the proposal, in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from assess.models import Plan
from assess.plans.model import order_key
from assess.plans.national import node_title
from assess.services.errors import NotFound, refusal_text
from assess.services.plan_edits import dates_of, kpis_of
from assess.services.questionnaires import questionnaires


@dataclass(frozen=True)
class ActionRow:
    """One active action: its merged fields, what was proposed, and which fields people set."""

    action_id: str
    fields: dict[str, Any]
    proposed: dict[str, Any]
    edited: tuple[str, ...]
    edits: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.fields[name]


def _row(action_id: str, proposed: dict[str, Any], edits: dict[str, Any]) -> ActionRow:
    """The row's fields: people's edits over the proposal, the dates by default where no one set
    them, and the KPIs (the template's KPI text as the first by default)."""
    start, end = dates_of(proposed, edits)
    fields = {**proposed, **edits, "start": start, "end": end, "kpis": kpis_of(proposed, edits)}
    return ActionRow(action_id, fields, proposed, tuple(sorted(edits)), dict(edits))


def _order(row: ActionRow) -> tuple:
    return order_key(row["priority"], row["priority_value"], row["gap_size"], row.action_id)


def action_rows(plan: Plan | None) -> list[ActionRow]:
    """The plan's active actions in priority order (an overridden priority moves its action)."""
    if plan is None:
        return []
    rows = [_row(r.action_id, r.proposed, r.edits) for r in plan.actions if r.active]
    return sorted(rows, key=_order)


def row_of(plan: Plan, action_id: str) -> ActionRow:
    """One active action of the plan; NotFound when it has none by that id."""
    for record in plan.actions:
        if record.action_id == action_id and record.active:
            return _row(record.action_id, record.proposed, record.edits)
    raise NotFound(refusal_text("The plan has no action '%(action)s'.", action=action_id))


def node_titles(session: Session, plan: Plan | None, lang: str) -> Callable[[str], str]:
    """The title of a node or risk scenario of the plan's questionnaire by its id (the id, if it
    has none)."""
    if plan is None:
        return str
    questionnaire = questionnaires(session).get(plan.questionnaire_id, plan.questionnaire_version)
    scenarios = {
        s.id: s.title for s in (questionnaire.risk.scenarios if questionnaire.risk else ())
    }

    def title(node_id: str) -> str:
        try:
            return node_title(questionnaire.node(node_id), lang)
        except KeyError:
            scenario = scenarios.get(node_id)
            return scenario.get(lang) if scenario else node_id

    return title


def unit_cost_titles(session: Session, plan: Plan, lang: str) -> Callable[[str], str]:
    """The title of a unit cost of the plan's questionnaire's costing by its id (the id, if the
    questionnaire has no such unit cost)."""
    questionnaire = questionnaires(session).get(plan.questionnaire_id, plan.questionnaire_version)
    costs = questionnaire.costing.unit_costs if questionnaire.costing else {}

    def title(unit_cost_id: str) -> str:
        found = costs.get(unit_cost_id)
        return found.title.get(lang) if found and found.title else unit_cost_id

    return title
