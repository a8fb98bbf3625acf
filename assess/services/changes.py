"""What the country changed since the secretariat last returned an assessment, from the trail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from assess.models import Assessment, AuditEvent
from assess.services import audit


@dataclass(frozen=True)
class Change:
    """One answer as it was when the assessment was returned and as it is now (None: none)."""

    question_id: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None


def _last_return(events: Sequence[AuditEvent]) -> int | None:
    """The position of the newest event that returned the assessment, if any."""
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if event.action == audit.STATUS and (event.new or {}).get("status") == "returned":
            return index
    return None


def since_return(session: Session, assessment: Assessment) -> dict[str, Change]:
    """Per question, its answer when last returned and now; questions changed back to what they
    were are left out, and so is every question when the assessment was never returned."""
    events = audit.trail(session, assessment)
    start = _last_return(events)
    if start is None:
        return {}
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for event in events[start + 1 :]:
        if event.action == audit.ANSWER and event.question_id is not None:
            before.setdefault(event.question_id, event.old)
            after[event.question_id] = event.new
    return {qid: Change(qid, before[qid], new) for qid, new in after.items() if before[qid] != new}
