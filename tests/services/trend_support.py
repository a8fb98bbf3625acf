"""Rounds of a country with answers of their own, in a status, for the trends tests."""

from __future__ import annotations

from sqlalchemy.orm import Session

from assess.models import Assessment, User
from assess.services import assessments as lifecycle
from assess.services import demo as demo_data
from assess.services import plans
from assess.services.questionnaires import questionnaires
from tests.services.carry_support import country

CBRN = "cbrn-needs"


def round_of(
    db: Session,
    world: dict[str, User],
    code: str,
    version: str,
    label: str,
    status: str = "accepted",
    share: float = 1.0,
) -> Assessment:
    """Round `label` of the country under `version`, answered afresh (seeded by code and label);
    open it before accepting the earlier one, so nothing is carried."""
    assessment = lifecycle.open_round(db, world["admin"], country(db, code), CBRN, version, label)
    q = questionnaires(db).get(CBRN, version)
    demo_data.fill(db, world[f"nfp-{code.lower()}"], assessment, q, f"{code}-{label}", share)
    assessment.status = status
    db.commit()
    return assessment


def planned(db: Session, world: dict[str, User], assessment: Assessment, **statuses: str):
    """The round's plan, generated, with the first actions' statuses set in the order given."""
    nfp = world[f"nfp-{assessment.country.code.lower()}"]
    plan = plans.generate_national(db, nfp, assessment).plan
    ids = [row.action_id for row in plan.actions][: len(statuses)]
    for action_id, status in zip(ids, statuses.values(), strict=True):
        plans.edit_action(db, nfp, plan, action_id, {"status": status})
    return plan, ids
