"""Progress over time on a plan's actions: values recorded against their KPIs, audited.

A record says what one KPI of an action stood at on a day (the value as people measure it: a
number, a share, a yes...). Records are never changed: a correction is a newer record. Who may
record is who may change the plan's actions (access.can_edit_plan). The last value of each KPI
feeds how the plan ended on the next round's trends (services/trends.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assess.models import ActionProgress, Plan, PlanAction, User, utcnow
from assess.services import access, audit
from assess.services.errors import (
    InvalidFields,
    InvalidInput,
    NotAllowed,
    NotFound,
    Text,
    refusal_plural,
    refusal_text,
)
from assess.services.plan_edits import kpis_of
from assess.services.text_input import checked

PROGRESS = "plan-progress"
VALUE_LIMIT = 200
NOTE_LIMIT = 1000
LABELS: dict[str, Text] = {
    "kpi": refusal_text("KPI"),
    "value": refusal_text("Value"),
    "refers_to": refusal_text("Date of the value"),
    "note": refusal_text("Note"),
}


@dataclass(frozen=True, slots=True)
class LastValue:
    """The newest value recorded for a KPI and the day it refers to."""

    value: str
    refers_to: dt.date


def record_progress(
    session: Session,
    user: User,
    plan: Plan,
    action_id: str,
    fields: Mapping[str, Any],
    *,
    today: dt.date | None = None,
) -> ActionProgress:
    """Record a KPI's value on a day (`fields`: kpi, value, refers_to as YYYY-MM-DD, note).

    NotAllowed for whoever may not change the plan's actions; NotFound for an action the plan
    does not have (or no longer proposes); InvalidFields for a KPI the action does not have, an
    empty or too long value, a day that is no date or is after `today` (UTC by default)."""
    if not access.can_edit_plan(user, plan):
        raise NotAllowed(refusal_text("You may not record progress on this plan's actions."))
    row = _active(plan, action_id)
    kpi, value, refers_to, note = _checked(row, fields, today or utcnow().date())
    record = ActionProgress(
        plan_action=row, kpi=kpi, value=value, note=note, refers_to=refers_to, by=user
    )
    session.add(record)
    row.updated_at = record.at = utcnow()  # the plan's data changed: its report's stamp says when
    audit.record(
        session,
        user,
        PROGRESS,
        plan.assessment,
        action_id,
        new={
            "plan": plan.id,
            "kpi": kpi,
            "value": value,
            "refers_to": refers_to.isoformat(),
            "note": note,
        },
    )
    session.commit()
    return record


def _active(plan: Plan, action_id: str) -> PlanAction:
    row = next((r for r in plan.actions if r.action_id == action_id and r.active), None)
    if row is None:
        raise NotFound(refusal_text("The plan has no action '%(action)s'.", action=action_id))
    return row


def _checked(
    row: PlanAction, fields: Mapping[str, Any], today: dt.date
) -> tuple[str, str, dt.date, str]:
    wrong: dict[str, Text] = {}
    texts = {name: _text(fields.get(name)) for name in LABELS}
    for name, limit in (("kpi", VALUE_LIMIT), ("value", VALUE_LIMIT), ("note", NOTE_LIMIT)):
        if len(texts[name]) > limit:
            wrong[name] = refusal_plural(
                "%(field)s: at most %(limit)s character.",
                "%(field)s: at most %(limit)s characters.",
                "limit",
                field=LABELS[name],
                limit=limit,
            )
        elif checked_text := _control(texts[name], LABELS[name]):
            wrong[name] = checked_text
    names = [k.name for k in kpis_of(row.proposed, row.edits)]
    if "kpi" not in wrong and texts["kpi"] not in names:
        wrong["kpi"] = (
            refusal_text("%(field)s: choose one of the action's KPIs.", field=LABELS["kpi"])
            if names
            else refusal_text("The action has no KPI yet: add one to it first.")
        )
    if "value" not in wrong and not texts["value"]:
        wrong["value"] = refusal_text("%(field)s: give the value recorded.", field=LABELS["value"])
    refers_to = _day(texts["refers_to"], today, wrong)
    if wrong:
        raise InvalidFields(wrong)
    assert refers_to is not None
    return texts["kpi"], texts["value"], refers_to, texts["note"]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _control(text: str, label: Text) -> Text | None:
    """The reason `text` cannot be stored (a control character), or None."""
    try:
        checked(text, label)
    except InvalidInput as refused:
        return refused.text or label
    return None


def _day(text: str, today: dt.date, wrong: dict[str, Text]) -> dt.date | None:
    label = LABELS["refers_to"]
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        wrong["refers_to"] = refusal_text(
            "%(field)s: '%(value)s' is not a date (YYYY-MM-DD).", field=label, value=text[:40]
        )
        return None
    # A day ahead allowed: a person east of UTC may already be on tomorrow's date.
    if day > today + dt.timedelta(days=1):
        wrong["refers_to"] = refusal_text(
            "%(field)s: %(day)s is in the future; record a value once it is measured.",
            field=label,
            day=day.isoformat(),
        )
    return day


def progress_of(session: Session, plan: Plan, action_id: str) -> list[ActionProgress]:
    """The values recorded on one action of the plan, newest first (by the day they refer to,
    then by when they were recorded)."""
    query = (
        select(ActionProgress)
        .join(ActionProgress.plan_action)
        .where(PlanAction.plan_id == plan.id, PlanAction.action_id == action_id)
        .options(selectinload(ActionProgress.by))
        .order_by(
            ActionProgress.refers_to.desc(), ActionProgress.at.desc(), ActionProgress.id.desc()
        )
    )
    return list(session.scalars(query))


def last_values(session: Session, plan: Plan) -> dict[tuple[str, str], LastValue]:
    """The newest value of each KPI of the plan's actions, by (action id, KPI name)."""
    query = (
        select(
            PlanAction.action_id, ActionProgress.kpi, ActionProgress.value, ActionProgress.refers_to
        )
        .join(ActionProgress.plan_action)
        .where(PlanAction.plan_id == plan.id)
        .order_by(ActionProgress.refers_to, ActionProgress.at, ActionProgress.id)
    )
    # Oldest first: each newer record replaces the one before it.
    return {(a, kpi): LastValue(value, day) for a, kpi, value, day in session.execute(query)}
