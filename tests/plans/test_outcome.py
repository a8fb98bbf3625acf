"""How a round's plan ended: its actions by their last status."""

from __future__ import annotations

import pytest

from assess.plans.model import ACTION_STATUSES
from assess.plans.outcome import OUTCOME_ORDER, ActionOutcome, plan_outcome


def test_every_status_is_counted_done_first_and_each_action_listed() -> None:
    outcome = plan_outcome(
        "2025",
        [
            ActionOutcome("b:1", "Train teams", "delayed"),
            ActionOutcome("a:1", "Adopt the law", "completed"),
            ActionOutcome("c:2", "Equip labs", "completed"),
            ActionOutcome("d:1", "Exercise", "ongoing"),
        ],
    )
    assert outcome.round == "2025"
    assert dict(outcome.counts) == {
        "completed": 2,
        "ongoing": 1,
        "delayed": 1,
        "planned": 0,
        "cancelled": 0,
    }
    assert [a.action_id for a in outcome.actions] == ["a:1", "c:2", "d:1", "b:1"]
    assert outcome.total == 4


def test_a_plan_without_actions_counts_none() -> None:
    outcome = plan_outcome("2025", [])
    assert (outcome.total, sum(outcome.counts.values())) == (0, 0)


def test_an_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown action status finished"):
        plan_outcome("2025", [ActionOutcome("a:1", "Adopt", "finished")])


def test_the_outcome_order_holds_every_action_status() -> None:
    assert sorted(OUTCOME_ORDER) == sorted(ACTION_STATUSES)
