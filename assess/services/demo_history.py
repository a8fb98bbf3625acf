"""The demo's history: the earlier version a round before the demo's was answered under, a year
of work on that round's plan, and the carried answers a national team confirms or changes."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy.orm import Session

from assess.models import AnswerRecord, Assessment, Plan, User
from assess.questionnaire.model import Question, Questionnaire
from assess.services import carry_forward, plans, progress
from assess.services.answers import records_of, save_answer
from assess.services.questionnaires import questionnaires

# What a year did to a plan's actions: by how far along its gap an action is (the gap's first
# step, its second, a later one), varied from gap to gap (one of three); each a status, progress
# (%) and last review, or None for an action not started (left planned).
PROGRESS: tuple[tuple[tuple[str, int, str] | None, ...], ...] = (
    (
        ("completed", 100, "2026-01-20"),
        ("completed", 100, "2025-11-05"),
        ("ongoing", 70, "2026-01-20"),
    ),
    (("ongoing", 40, "2026-01-20"), ("delayed", 15, "2025-11-05"), ("ongoing", 25, "2026-01-20")),
    (None, None, ("delayed", 5, "2025-11-05")),
)
# The funding sources the demo names for a plan's actions in turn; every 4th action has none yet.
FUNDING = ("national", "initiative", "partners")
FUNDED_OUT_OF = 4
# The form of support an unfunded action asks partners for, by the action's type.
SUPPORT_BY_TYPE = {
    "training": "training",
    "exercise": "exercise",
    "equipment": "equipment",
    "infrastructure": "funding",
    "legal": "legal",
}
# Which carried levels change, by the question's place: most of them up a level, a few down.
IMPROVED, REGRESSED = (3, 1), (15, 7)  # (every n-th question, at remainder r)


def past_version(session: Session, questionnaire_id: str, version: str) -> str | None:
    """The published version that `version` declares its migration from, if any: the one the
    demo's earlier round is answered under."""
    migration = questionnaires(session).get(questionnaire_id, version).migration
    if migration is None or (questionnaire_id, migration.from_version) not in set(
        questionnaires(session).published()
    ):
        return None
    return migration.from_version


def progress_plan(session: Session, user: User, plan: Plan) -> None:
    """A year of work on a plan: its actions completed, ongoing, delayed or still planned (the
    first steps of a gap furthest along), each with its progress and last review, edited through
    the plan's own service (audited)."""
    active = sorted((row for row in plan.actions if row.active), key=lambda row: row.position)
    variants: dict[str, int] = {}  # the node of an action's gap -> its variant, gap after gap
    steps: Counter[str] = Counter()  # the node of an action's gap -> its actions seen so far
    for row in active:
        gap = row.action_id.rpartition(":")[0] or row.action_id
        variant = variants.setdefault(gap, len(variants) % 3)
        change = PROGRESS[min(steps[gap], 2)][variant]
        steps[gap] += 1
        if change is not None:
            status, progress, reviewed = change
            edit = {"status": status, "progress": progress, "last_review": reviewed}
            plans.edit_action(session, user, plan, row.action_id, edit)


def fund_plan(session: Session, user: User, plan: Plan, today: dt.date) -> None:
    """A funding source for each action of a plan in turn (national budget, the initiative, other
    partners), every FUNDED_OUT_OF-th left not yet found and assistance asked for it in the form
    its type calls for, edited through the plan's own service (audited): the budget then has a
    funded share, a gap and requests to partners. The first action with a KPI gets a progress
    record (what a national team notes a month into the plan)."""
    active = sorted((row for row in plan.actions if row.active), key=lambda row: row.position)
    for index, row in enumerate(active):
        if index % FUNDED_OUT_OF == FUNDED_OUT_OF - 1:
            support = SUPPORT_BY_TYPE.get(row.proposed.get("type", ""), "expertise")
            edit = {"assistance_requested": True, "support": support}
        else:
            edit = {"funding_source": FUNDING[index % len(FUNDING)]}
        plans.edit_action(session, user, plan, row.action_id, edit)
    followed = next((row for row in active if row.proposed.get("kpi")), None)
    if followed is not None:
        fields = {"kpi": followed.proposed["kpi"], "value": "started", "refers_to": str(today)}
        progress.record_progress(session, user, plan, followed.action_id, fields, today=today)


def rework_carried(
    session: Session,
    user: User,
    assessment: Assessment,
    questionnaire: Questionnaire,
    share: float,
) -> None:
    """Go through the carried answers of the first `share` of the questions as a national team
    would: some levels changed (most up one, a few down), every other one confirmed as it is."""
    records = records_of(session, assessment)
    questions = list(questionnaire.questions())
    confirmed = []
    for index, question in enumerate(questions[: max(1, round(len(questions) * share))]):
        record = records.get(question.id)
        if record is None or record.carried_from is None:
            continue
        step = level_step(question, record, index)
        if step == 0:
            confirmed.append(question.id)
            continue
        value, comment = record.value + step, record.comment
        save_answer(
            session, user, assessment, question.id, "answered", value, comment, record.version
        )
    if confirmed:
        carry_forward.confirm(session, user, assessment, confirmed)


def level_step(question: Question, record: AnswerRecord, index: int) -> int:
    """How a carried level answer moves this round (+1, -1), or 0 when it is kept."""
    if question.type != "level" or record.status != "answered":
        return 0
    scale = question.scale
    if index % REGRESSED[0] == REGRESSED[1] and record.value > scale.min_level:
        return -1
    if index % IMPROVED[0] == IMPROVED[1] and record.value < scale.max_level:
        return 1
    return 0
