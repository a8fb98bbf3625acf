"""The demo's history: the earlier version a round before the demo's was answered under, a year
of work on that round's plan, and the carried answers a national team confirms or changes."""

from __future__ import annotations

from sqlalchemy.orm import Session

from assess.models import AnswerRecord, Assessment, Plan, User
from assess.questionnaire.model import Question, Questionnaire
from assess.services import carry_forward, plans
from assess.services.answers import records_of, save_answer
from assess.services.questionnaires import questionnaires

# What a year did to a plan's actions, in turn: status, progress (%), last review; None: the
# action has not started and stays planned.
PROGRESS: tuple[tuple[str, int, str] | None, ...] = (
    ("completed", 100, "2026-01-20"),
    ("ongoing", 60, "2026-01-20"),
    ("delayed", 15, "2025-11-05"),
    ("ongoing", 35, "2026-01-20"),
    ("completed", 100, "2025-11-05"),
    None,
)
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
    """A year of work on a plan: its actions completed, ongoing, delayed or still planned, each
    with its progress and last review, edited through the plan's own service (audited)."""
    active = sorted((row for row in plan.actions if row.active), key=lambda row: row.position)
    for index, row in enumerate(active):
        step = PROGRESS[index % len(PROGRESS)]
        if step is None:
            continue
        status, progress, reviewed = step
        changes = {"status": status, "progress": progress, "last_review": reviewed}
        plans.edit_action(session, user, plan, row.action_id, changes)


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
