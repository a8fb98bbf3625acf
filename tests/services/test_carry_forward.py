"""Carrying a round forward (assess.services.carry_forward): which round it starts from, what
carries, confirming, and submission while carried answers are unconfirmed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assess.models import AnswerRecord, AuditEvent
from assess.services import assessments as lifecycle
from assess.services import carry_forward, rounds
from assess.services.answers import records_of, save_answer
from assess.services.errors import MissingAnswers, NotAllowed
from assess.services.questionnaires import area_ids, questionnaire_of
from assess.services.rounds import RoundName
from tests.services.carry_support import CBRN_APP, accepted_round, country

APP_SETTINGS = CBRN_APP
CBRN = "cbrn-needs"


def open_next(db, world, version: str, label: str = "2027", *, confirm: bool = True):
    opened = rounds.open_rounds(
        db,
        world["admin"],
        [country(db, "XA")],
        CBRN,
        version,
        rounds.parse_label(label),
        None,
        confirm,
    )
    return opened.opened[0]


def stored(db, assessment) -> dict[str, tuple]:
    db.expire_all()
    return {
        qid: (r.status, r.value, r.comment, r.carried_from)
        for qid, r in records_of(db, assessment).items()
    }


def evidence(db, assessment) -> dict[str, list[tuple[str, str]]]:
    return {
        qid: [(e.kind, e.payload) for e in r.evidence]
        for qid, r in records_of(db, assessment).items()
        if r.evidence
    }


def test_a_round_under_the_same_version_starts_with_every_accepted_answer(db, world) -> None:
    earlier = accepted_round(db, world, CBRN, "1.0", "2026")
    before = {qid: (s, v, c) for qid, (s, v, c, _) in stored(db, earlier).items()}
    new = open_next(db, world, "1.0")
    after = stored(db, new)
    assert {qid: (s, v, c) for qid, (s, v, c, _) in after.items()} == before
    assert {carried for *_, carried in after.values()} == {"2026"}
    assert evidence(db, new) == evidence(db, earlier) != {}


def test_the_last_accepted_round_is_chosen_by_year_and_period_not_by_opening_order(
    db, world
) -> None:
    later = accepted_round(db, world, CBRN, "1.0", "2026-H2")
    accepted_round(db, world, CBRN, "1.0", "2026-H1")
    accepted_round(db, world, CBRN, "1.0", "2028")  # after the new round: never its source
    new = open_next(db, world, "1.0")
    assert carry_forward.previous_round(db, new).id == later.id
    assert {carried for *_, carried in stored(db, new).values()} == {"2026-H2"}


def test_a_round_not_accepted_is_not_carried_from(db, world) -> None:
    earlier = accepted_round(db, world, CBRN, "1.0", "2026")
    earlier.status = "submitted"
    db.commit()
    new = open_next(db, world, "1.0")
    assert stored(db, new) == {}
    assert carry_forward.last_round(db, new) is None


def test_carrying_into_1_1_drops_plan_review_freq_and_lists_it(db, world) -> None:
    earlier = accepted_round(db, world, CBRN, "1.0", "2026")
    assert "plan_review_freq" in stored(db, earlier)
    new = open_next(db, world, "1.1")
    after = stored(db, new)
    assert "plan_review_freq" not in after
    assert after["coord_body"][3] == "2026"
    lost = carry_forward.starting_point(db, new).result.not_carried
    assert [(n.question_id, n.reason) for n in lost] == [("plan_review_freq", "dropped")]
    opened = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "open").order_by(AuditEvent.id.desc())
    ).first()
    assert opened.new["carried_from"] == "2026"


def test_confirming_one_answer_clears_its_mark_bumps_its_version_and_is_audited(db, world) -> None:
    accepted_round(db, world, CBRN, "1.0", "2026")
    new = open_next(db, world, "1.1")
    nfp = world["nfp-xa"]
    assert carry_forward.confirm(db, nfp, new, ["coord_body"]) == ["coord_body"]
    record = db.scalars(
        select(AnswerRecord).where(
            AnswerRecord.assessment_id == new.id, AnswerRecord.question_id == "coord_body"
        )
    ).one()
    assert (record.carried_from, record.version) == (None, 2)
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "confirm")).one()
    assert (event.question_id, event.user_id, event.old) == (
        "coord_body",
        nfp.id,
        {"carried_from": "2026"},
    )
    assert "coord_body" not in carry_forward.unconfirmed(db, new)
    assert carry_forward.confirm(db, nfp, new, ["coord_body"]) == []


def test_confirming_an_area_confirms_every_carried_answer_of_it(db, world) -> None:
    accepted_round(db, world, CBRN, "1.0", "2026")
    new = open_next(db, world, "1.1")
    questionnaire = questionnaire_of(db, new)
    area = questionnaire.areas()[1]
    ids = [q.id for q in questionnaire.questions() if questionnaire.area_of(q.id) == area]
    confirmed = carry_forward.confirm(db, world["nfp-xa"], new, ids)
    assert confirmed and set(confirmed) <= set(ids)
    left = carry_forward.unconfirmed(db, new)
    assert left and not set(left) & set(ids)


def test_a_team_member_confirms_only_within_their_areas(db, world) -> None:
    accepted_round(db, world, CBRN, "1.0", "2026", code="XC")
    opened = rounds.open_rounds(
        db, world["admin"], [country(db, "XC")], CBRN, "1.1", RoundName(2027), None
    )
    new = opened.opened[0]
    team = world["team-xc"]
    questionnaire = questionnaire_of(db, new)
    team.areas = [questionnaire.areas()[0].id]
    db.commit()
    outside = next(
        qid
        for qid in carry_forward.unconfirmed(db, new)
        if not set(area_ids(questionnaire, questionnaire.node(qid))) & set(team.areas)
    )
    with pytest.raises(NotAllowed):
        carry_forward.confirm(db, team, new, [outside])


def test_changing_a_carried_answer_confirms_it(db, world) -> None:
    accepted_round(db, world, CBRN, "1.0", "2026")
    new = open_next(db, world, "1.1")
    record = records_of(db, new)["leg_penal"]
    changed = 1 if record.value != 1 else 2
    save_answer(db, world["nfp-xa"], new, "leg_penal", "answered", changed, None, record.version)
    assert stored(db, new)["leg_penal"][3] is None


def test_submitting_is_refused_while_carried_answers_are_unconfirmed(db, world) -> None:
    accepted_round(db, world, CBRN, "1.0", "2026")
    new = open_next(db, world, "1.0")
    with pytest.raises(MissingAnswers) as refused:
        lifecycle.submit(db, world["nfp-xa"], new)
    unconfirmed = carry_forward.unconfirmed(db, new)
    assert refused.value.unconfirmed == unconfirmed
    assert refused.value.missing == []
    assert "carried answers still to confirm or change: " in refused.value.message
    carry_forward.confirm(db, world["nfp-xa"], new, unconfirmed)
    lifecycle.submit(db, world["nfp-xa"], new)
    assert new.status == "submitted"


def test_a_round_opened_without_confirmation_can_be_submitted_as_carried(db, world) -> None:
    accepted_round(db, world, CBRN, "1.0", "2026")
    new = open_next(db, world, "1.0", confirm=False)
    assert carry_forward.unconfirmed(db, new)
    lifecycle.submit(db, world["nfp-xa"], new)
    assert new.status == "submitted"


def test_last_rounds_answer_is_beside_each_question_even_when_not_carried(db, world) -> None:
    earlier = accepted_round(db, world, CBRN, "1.0", "2026")
    new = open_next(db, world, "1.1")
    before = records_of(db, earlier)
    last = carry_forward.last_round(db, new)
    assert last.label == "2026"
    assert last.answers["coord_body"][0].state.value == before["coord_body"].value
    # Dropped from 1.1: no question of the new round shows it.
    assert "plan_review_freq" not in last.answers
    shown = {a.question.id for answers in last.answers.values() for a in answers}
    assert shown == set(before) - {"plan_review_freq"}


def test_the_trail_opens_the_round_before_its_carried_answers(db, world) -> None:
    accepted_round(db, world, CBRN, "1.0", "2026")
    new = open_next(db, world, "1.1")
    events = db.scalars(
        select(AuditEvent).where(AuditEvent.assessment_id == new.id).order_by(AuditEvent.id)
    ).all()
    carried = stored(db, new)
    assert events[0].action == "open"
    assert {e.action for e in events[1:]} == {"answer"}
    assert sorted(e.question_id for e in events[1:]) == sorted(carried)
    assert {e.question_id: e.new["value"] for e in events[1:]} == {
        q: value for q, (_s, value, _c, _f) in carried.items()
    }
