"""What people may change in a plan's action, checked and put in stored form; and applied back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from assess.plans import ACTION_STATUSES, HORIZONS, Action
from assess.services.errors import InvalidInput
from assess.services.text_input import checked

TEXT_LIMIT = 500
PRIORITIES = ("high", "medium", "low")
# Field -> what it holds, in the order the edit form shows them.
EDITABLE: dict[str, str] = {
    "lead_agency": "text",
    "supporting_agencies": "list",
    "start": "date",
    "end": "date",
    "horizon": "horizon",
    "cost": "cost",
    "funding_source": "text",
    "assistance_requested": "flag",
    "status": "status",
    "progress": "percent",
    "last_review": "date",
    "priority": "priority",
    "priority_reason": "text",
}


def clean_edits(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes in stored form; InvalidInput naming the field when one is wrong."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(f"These fields cannot be edited: {', '.join(unknown)}.")
    return {name: _clean(name, EDITABLE[name], value) for name, value in changes.items()}


def merge_edits(old: Mapping[str, Any], cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """The stored edits after this change: None removes a field's edit."""
    merged = {**old, **cleaned}
    return {name: value for name, value in merged.items() if value is not None}


def check_action(proposed: Mapping[str, Any], edits: Mapping[str, Any]) -> None:
    """Refuse an action whose edited fields disagree with each other."""
    start, end = edits.get("start", ""), edits.get("end", "")
    if start and end and end < start:
        raise InvalidInput(f"The end ({end}) is before the start ({start}).")
    priority = edits.get("priority", proposed.get("priority"))
    if priority != proposed.get("priority") and not edits.get("priority_reason"):
        raise InvalidInput("Give a reason for changing the priority.")


def _clean(name: str, kind: str, value: Any) -> Any:
    if kind == "list":
        items = value.split(",") if isinstance(value, str) else list(value or ())
        return [_text(name, item) for item in items if str(item).strip()]
    if kind == "flag":
        return bool(value) and str(value).lower() not in ("0", "false", "no", "")
    text = _text(name, value)
    if kind == "text":
        return text
    # A blank choice, date or amount gives the field back to the builder's proposal.
    return _CHECKS[kind](name, text) if text else None


def _text(name: str, value: Any) -> str:
    text = checked("" if value is None else str(value).strip(), _label(name))
    if len(text) > TEXT_LIMIT:
        raise InvalidInput(f"{_label(name)}: at most {TEXT_LIMIT} characters.")
    return text


def _date(name: str, text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise InvalidInput(f"{_label(name)}: '{text[:40]}' is not a date (YYYY-MM-DD).") from None


def _one_of(choices: tuple[str, ...]) -> Any:
    def check(name: str, text: str) -> str:
        if text not in choices:
            raise InvalidInput(f"{_label(name)}: choose one of {', '.join(choices)}.")
        return text

    return check


def _cost(name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(f"{_label(name)}: '{text[:40]}' is not an amount.") from None
    if not 0 <= value < 1e15:
        raise InvalidInput(f"{_label(name)}: give an amount of zero or more.")
    return value


def _percent(name: str, text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 100:
        raise InvalidInput(f"{_label(name)}: give a whole number from 0 to 100.")
    return int(text)


_CHECKS = {
    "date": _date,
    "horizon": _one_of(HORIZONS),
    "status": _one_of(ACTION_STATUSES),
    "priority": _one_of(PRIORITIES),
    "cost": _cost,
    "percent": _percent,
}


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def apply_edits(action: Action, edits: Mapping[str, Any]) -> Action:
    """The action as people left it: their edits over the builder's proposal."""
    known = {name: value for name, value in edits.items() if name in EDITABLE}
    if "supporting_agencies" in known:
        known["supporting_agencies"] = tuple(known["supporting_agencies"])
    return replace(action, **known)
