"""Stored action plans: generation that keeps people's edits, audit.

A plan's actions are stored by their stable id (node id and level step). Each row keeps what the
builder proposed apart from what people changed, so regenerating after answers change replaces
only the proposal: every edit stays, and the result says which actions were added, removed or
changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session, selectinload

from assess.models import Assessment, AuditEvent, Plan, PlanAction, Region, User, utcnow
from assess.plans import (
    Action,
    NationalPlan,
    RegionalPlan,
    action_order,
)
from assess.plans.schedule import scheduled
from assess.plans.stored import action_json
from assess.services import access, assistance, audit
from assess.services.errors import InvalidInput, NotAllowed, NotFound, Text, refusal_text
from assess.services.plan_edits import (
    apply_edits,
    check_action,
    clean_edits,
    cost_in_effect,
    merge_edits,
)
from assess.services.plan_inputs import (
    NationalInputs,
    RegionalInputs,
    accepted_assessments,
    digest,
    national_inputs,
    national_plan,
    nothing_to_plan,
    regional_inputs,
    regional_plan,
)

GENERATE = "plan-generate"
EDIT = "plan-edit"


@dataclass(frozen=True)
class Regeneration:
    """A plan after (re)generation and what changed: action ids added, removed and changed."""

    plan: Plan
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]

    def summary(self) -> Text:
        """The change in words, for the page that regenerated it."""
        return refusal_text(
            "Plan generated: %(added)s added, %(removed)s removed, %(changed)s changed; "
            "every edit was kept.",
            added=len(self.added),
            removed=len(self.removed),
            changed=len(self.changed),
        )


def national_plan_of(session: Session, assessment: Assessment) -> Plan | None:
    """The stored plan of an assessment, if one was generated."""
    return session.scalar(_plans().where(Plan.assessment_id == assessment.id))


def regional_plan_of(session: Session, region: Region) -> Plan | None:
    """The region's most recently generated stored plan."""
    query = _plans().where(Plan.region_id == region.id).order_by(Plan.generated_at.desc())
    return session.scalars(query).first()


def reported_national_plan(session: Session, assessment: Assessment) -> Plan:
    """The stored plan a national report prints; NotFound until one is generated."""
    plan = national_plan_of(session, assessment)
    if plan is None:
        raise NotFound(
            refusal_text(
                "No plan has been generated for %(country)s's round %(round)s yet: "
                "generate it on the plan's page.",
                country=assessment.country.name,
                round=assessment.round_label,
            )
        )
    return plan


def reported_regional_plan(session: Session, region: Region) -> Plan:
    """The stored plan a regional report prints; a refusal saying why there is none yet."""
    plan = regional_plan_of(session, region)
    if plan is not None:
        return plan
    if not accepted_assessments(session, region):
        raise InvalidInput(nothing_to_plan(region))
    raise NotFound(
        refusal_text(
            "No regional plan has been generated for %(region)s yet: generate it on its page.",
            region=region.name,
        )
    )


def plan_by_id(session: Session, plan_id: int) -> Plan:
    plan = session.scalar(_plans().where(Plan.id == plan_id))
    if plan is None:
        raise NotFound(refusal_text("No such plan."))
    return plan


def _plans():
    return select(Plan).options(selectinload(Plan.actions))


def generate_national(session: Session, user: User, assessment: Assessment) -> Regeneration:
    """Build the assessment's plan from its answers and store it, keeping every edit."""
    if not access.can_generate_national(user, assessment):
        raise NotAllowed(
            refusal_text("Only the country's NFP or its region's secretariat may generate it.")
        )
    return _racing(session, lambda: _generate_national(session, user, assessment))


def _generate_national(session: Session, user: User, assessment: Assessment) -> Regeneration:
    inputs = national_inputs(session, assessment)
    built = national_plan(inputs, inputs.questionnaire.default_language)
    plan = national_plan_of(session, assessment) or Plan(
        kind="national",
        assessment=assessment,
        questionnaire_id=assessment.questionnaire_id,
        questionnaire_version=assessment.questionnaire_version,
    )
    # The plan's years go with each proposal: an action's default dates are read from them.
    span = {"plan_start_year": built.start_year, "plan_years": built.years}
    proposals = {action.id: {**_stored(action), **span} for action in built.actions()}
    return _store(session, user, plan, proposals, inputs, assessment)


def generate_regional(session: Session, user: User, region: Region) -> Regeneration:
    """Build the region's plan from its accepted assessments and store it, keeping every edit."""
    if not access.can_generate_regional(user, region):
        raise NotAllowed(refusal_text("Only the region's secretariat may generate its plan."))
    return _racing(session, lambda: _generate_regional(session, user, region))


def _generate_regional(session: Session, user: User, region: Region) -> Regeneration:
    inputs = regional_inputs(session, region)
    built = regional_plan(inputs, inputs.questionnaire.default_language)
    q = inputs.questionnaire
    plan = session.scalar(
        _plans().where(
            Plan.region_id == region.id,
            Plan.questionnaire_id == q.id,
            Plan.questionnaire_version == q.version,
        )
    ) or Plan(
        kind="regional", region=region, questionnaire_id=q.id, questionnaire_version=q.version
    )
    proposals = {
        s.action.id: {**_stored(s.action), "countries": list(s.countries)} for s in built.shared
    }
    return _store(session, user, plan, proposals, inputs, None)


# Two people generating one plan at once: the one whose insert loses starts again from what the
# other stored (at most this many times), as if they had come second.
GENERATE_TRIES = 3


def _racing(session: Session, generate: Callable[[], Regeneration]) -> Regeneration:
    """`generate()`, again from the stored rows when a concurrent generation inserted the same
    plan or action first (a unique constraint refused ours)."""
    for _attempt in range(GENERATE_TRIES - 1):
        try:
            return generate()
        except IntegrityError:
            session.rollback()
    return generate()


def _store(
    session: Session,
    user: User,
    plan: Plan,
    proposed: Mapping[str, dict[str, Any]],
    inputs: NationalInputs | RegionalInputs,
    assessment: Assessment | None,
) -> Regeneration:
    rows = {row.action_id: row for row in plan.actions}
    added = tuple(sorted(i for i in proposed if i not in rows or not rows[i].active))
    removed = tuple(sorted(i for i, row in rows.items() if row.active and i not in proposed))
    changed = tuple(
        sorted(
            i for i in proposed if i in rows and rows[i].active and rows[i].proposed != proposed[i]
        )
    )
    for position, (action_id, fields) in enumerate(proposed.items()):
        row = rows.get(action_id)
        if row is None:
            plan.actions.append(PlanAction(action_id=action_id, proposed=fields, edits={}))
            row = plan.actions[-1]
        elif row.proposed != fields or not row.active:
            row.proposed, row.active = fields, True
        row.position = position
    for action_id in removed:
        rows[action_id].active = False
    # What the plan is made from is kept with it: its pages and reports read it back from there.
    plan.inputs, plan.inputs_changed_at = inputs.content(), inputs.changed_at
    plan.data_sha256 = digest(plan.inputs)
    plan.generated_at, plan.generated_by_id = utcnow(), user.id
    session.add(plan)
    session.flush()
    change = {"plan": plan.id, "added": list(added), "removed": list(removed)}
    audit.record(session, user, GENERATE, assessment, new={**change, "changed": list(changed)})
    session.commit()
    return Regeneration(plan, added, removed, changed)


def _stored(action: Action) -> dict[str, Any]:
    """An action's proposal as stored: its fields as JSON (gap links as objects, amounts as
    exact decimal text)."""
    return action_json(action)


def edit_action(
    session: Session,
    user: User,
    plan: Plan,
    action_id: str,
    changes: Mapping[str, Any],
    *,
    lang: str | None = None,
    currency: str | None = None,
) -> PlanAction:
    """Change what people own in one action; the audit trail keeps the old and new values.

    Amounts are read as `lang` writes them; a cost naming no currency is in `currency`."""
    if not access.can_edit_plan(user, plan):
        raise NotAllowed(refusal_text("You may not change this plan's actions."))
    row = next((r for r in plan.actions if r.action_id == action_id and r.active), None)
    if row is None:
        raise NotFound(refusal_text("The plan has no action '%(action)s'.", action=action_id))
    # An override of a computed cost is in the costing's currency unless it names another.
    currency = row.proposed.get("currency") or currency
    cleaned = clean_edits(changes, lang=lang, currency=currency, stored=row.edits)
    edits = merge_edits(row.edits, cleaned, row.proposed)
    check_action(row.proposed, edits)
    touched = sorted(k for k in set(edits) | set(row.edits) if edits.get(k) != row.edits.get(k))
    if not touched:
        return row
    old = {k: row.edits.get(k) for k in touched}
    new = {k: edits.get(k) for k in touched}
    if "cost" in touched:
        # The cost in effect before and after (an override, else the computed one), and why.
        old["cost"], new["cost"] = (
            _float(cost_in_effect(row.proposed, row.edits)),
            _float(cost_in_effect(row.proposed, edits)),
        )
        old["cost_reason"], new["cost_reason"] = (
            row.edits.get("cost_reason"),
            edits.get("cost_reason"),
        )
    row.edits, row.updated_at = edits, utcnow()
    audit.record(
        session,
        user,
        EDIT,
        plan.assessment,
        action_id,
        old={"plan": plan.id, **old},
        new={"plan": plan.id, **new},
    )
    session.commit()
    return row


def _float(amount: Decimal | None) -> float | None:
    """An amount as the audit trail keeps it (a JSON number)."""
    return float(amount) if amount is not None else None


def edit_trail(session: Session, plan: Plan, action_id: str) -> list[Any]:
    """The audit events of one action of the plan, oldest first."""
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == EDIT, AuditEvent.question_id == action_id)
        .order_by(AuditEvent.id)
    )
    return [e for e in events if isinstance(e.new, dict) and e.new.get("plan") == plan.id]


def stored_edits(plan: Plan | None) -> dict[str, dict[str, Any]]:
    """Each active action's edits, by action id."""
    if plan is None:
        return {}
    return {row.action_id: dict(row.edits) for row in plan.actions if row.active}


def last_change(plan: Plan | None, inputs_changed: datetime) -> datetime:
    """When the data behind a report last changed: the answers, or an edit of the plan."""
    times = [inputs_changed, *(row.updated_at for row in (plan.actions if plan else ()))]
    return max(times)


def edited_national(inputs: NationalInputs, plan: Plan | None, lang: str) -> NationalPlan:
    """The national plan in `lang` with people's edits applied (priorities re-sort the actions),
    each action dated: by people, else by default from its plan year and horizon (schedule)."""
    built = national_plan(inputs, lang)
    edits = stored_edits(plan)
    areas = tuple(
        replace(
            area,
            gaps=tuple(replace(gap, actions=_edited(gap.actions, edits)) for gap in area.gaps),
        )
        for area in built.areas
    )
    return scheduled(replace(built, areas=areas))


def edited_regional(inputs: RegionalInputs, plan: Plan | None, lang: str) -> RegionalPlan:
    """The regional plan in `lang` with the secretariat's edits applied, and the region's
    project proposals (those of the stored plan's region)."""
    built = regional_plan(inputs, lang)
    edits = stored_edits(plan)
    shared = tuple(
        replace(s, action=apply_edits(s.action, edits.get(s.action.id, {}))) for s in built.shared
    )
    session = object_session(plan) if plan is not None else None
    proposals = (
        assistance.region_proposals(session, plan.region, lang) if session and plan.region else ()
    )
    return replace(built, shared=shared, proposals=proposals)


def _edited(actions: tuple[Action, ...], edits: Mapping[str, Mapping[str, Any]]) -> tuple:
    changed = (apply_edits(a, edits.get(a.id, {})) for a in actions)
    return tuple(sorted(changed, key=action_order))
