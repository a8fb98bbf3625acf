"""What people may change in a plan's action, checked and put in stored form; and applied back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from assess.plans import ACTION_STATUSES, HORIZONS, Action
from assess.services.errors import InvalidFields, InvalidInput, Text, refusal_text
from assess.services.text_input import checked
from assess.words.numbers import CURRENCIES, Amount, NotAnAmount, parse_amount

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
    "currency": "currency",
    "funding_source": "text",
    "assistance_requested": "flag",
    "status": "status",
    "progress": "percent",
    "last_review": "date",
    "priority": "priority",
    "priority_reason": "text",
}
# Field -> its name in a refusal ("Cost: 'a lot' is not an amount.") and in an action's history.
LABELS: dict[str, Text] = {
    "lead_agency": refusal_text("Lead agency"),
    "supporting_agencies": refusal_text("Supporting agencies"),
    "start": refusal_text("Start"),
    "end": refusal_text("End"),
    "horizon": refusal_text("Horizon"),
    "cost": refusal_text("Cost"),
    "currency": refusal_text("Currency"),
    "funding_source": refusal_text("Funding source"),
    "assistance_requested": refusal_text("Assistance requested"),
    "status": refusal_text("Status"),
    "progress": refusal_text("Progress"),
    "last_review": refusal_text("Last review"),
    "priority": refusal_text("Priority"),
    "priority_reason": refusal_text("Priority reason"),
}


def clean_edits(
    changes: Mapping[str, Any], *, lang: str | None = None, currency: str | None = None
) -> dict[str, Any]:
    """The changes in stored form, amounts read as `lang` writes them; a cost takes the currency
    it names, else the one chosen, else `currency`. InvalidFields says what is wrong with each."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(
            refusal_text("These fields cannot be edited: %(fields)s.", fields=", ".join(unknown))
        )
    cleaned: dict[str, Any] = {}
    wrong: dict[str, Text] = {}
    for name, value in changes.items():
        try:
            cleaned[name] = _clean(name, EDITABLE[name], value, lang)
        except InvalidInput as refused:
            wrong[name] = refused.text or LABELS[name]
    if isinstance(cleaned.get("cost"), Amount):
        _in_currency(cleaned, wrong, currency)
    elif "cost" in cleaned and cleaned["cost"] is None:
        cleaned["currency"] = None  # no cost, no currency: the action is as proposed there
    if wrong:
        raise InvalidFields(wrong)
    return cleaned


def _in_currency(cleaned: dict[str, Any], wrong: dict[str, Text], default: str | None) -> None:
    """The cost as a number, and its currency: the one it names, else chosen, else `default`."""
    amount: Amount = cleaned["cost"]
    chosen = cleaned.get("currency")
    if amount.currency and chosen and amount.currency != chosen:
        wrong["cost"] = refusal_text(
            "%(field)s: the amount is in %(named)s but the currency chosen is %(chosen)s.",
            field=LABELS["cost"],
            named=amount.currency,
            chosen=chosen,
        )
    cleaned["cost"] = float(amount.value)
    cleaned["currency"] = amount.currency or chosen or default


def merge_edits(old: Mapping[str, Any], cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """The stored edits after this change: None removes a field's edit."""
    merged = {**old, **cleaned}
    return {name: value for name, value in merged.items() if value is not None}


def check_action(proposed: Mapping[str, Any], edits: Mapping[str, Any]) -> None:
    """Refuse an action whose edited fields disagree with each other, beside the field to fix."""
    wrong: dict[str, Text] = {}
    start, end = edits.get("start", ""), edits.get("end", "")
    if start and end and end < start:
        wrong["end"] = refusal_text(
            "The end (%(end)s) is before the start (%(start)s).", end=end, start=start
        )
    priority = edits.get("priority", proposed.get("priority"))
    if priority != proposed.get("priority") and not edits.get("priority_reason"):
        wrong["priority_reason"] = refusal_text("Give a reason for changing the priority.")
    if wrong:
        raise InvalidFields(wrong)


def _clean(name: str, kind: str, value: Any, lang: str | None) -> Any:
    if kind == "list":
        items = value.split(",") if isinstance(value, str) else list(value or ())
        return [_text(name, item) for item in items if str(item).strip()]
    if kind == "flag":
        return bool(value) and str(value).lower() not in ("0", "false", "no", "")
    text = _text(name, value)
    if kind == "text":
        return text
    if kind == "cost":
        return _cost(name, text, lang) if text else None
    # A blank choice, date or amount gives the field back to the builder's proposal.
    return _CHECKS[kind](name, text) if text else None


def _text(name: str, value: Any) -> str:
    text = checked("" if value is None else str(value).strip(), LABELS[name])
    if len(text) > TEXT_LIMIT:
        raise InvalidInput(
            refusal_text(
                "%(field)s: at most %(limit)s characters.",
                field=LABELS[name],
                limit=TEXT_LIMIT,
            )
        )
    return text


def _date(name: str, text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise InvalidInput(
            refusal_text(
                "%(field)s: '%(value)s' is not a date (YYYY-MM-DD).",
                field=LABELS[name],
                value=text[:40],
            )
        ) from None


def _one_of(choices: tuple[str, ...]) -> Any:
    def check(name: str, text: str) -> str:
        if text not in choices:
            # The choices are the values to type, not words: they stay as they are.
            raise InvalidInput(
                refusal_text(
                    "%(field)s: choose one of %(choices)s.",
                    field=LABELS[name],
                    choices=", ".join(choices),
                )
            )
        return text

    return check


def _cost(name: str, text: str, lang: str | None) -> Amount:
    try:
        amount = parse_amount(text, lang)
    except NotAnAmount as refused:
        raise InvalidInput(
            refusal_text(
                "%(field)s: '%(value)s' is not an amount (write it as %(example)s).",
                field=LABELS[name],
                value=text[:40],
                example=refused.example,
            )
        ) from None
    if not 0 <= amount.value < 10**15:
        raise InvalidInput(
            refusal_text("%(field)s: give an amount of zero or more.", field=LABELS[name])
        )
    return amount


def _currency(name: str, text: str) -> str:
    if text not in CURRENCIES:
        raise InvalidInput(
            refusal_text("%(field)s: choose a currency from the list.", field=LABELS[name])
        )
    return text


def _percent(name: str, text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 100:
        raise InvalidInput(
            refusal_text("%(field)s: give a whole number from 0 to 100.", field=LABELS[name])
        )
    return int(text)


_CHECKS = {
    "date": _date,
    "horizon": _one_of(HORIZONS),
    "status": _one_of(ACTION_STATUSES),
    "priority": _one_of(PRIORITIES),
    "currency": _currency,
    "percent": _percent,
}


def apply_edits(action: Action, edits: Mapping[str, Any]) -> Action:
    """The action as people left it: their edits over the builder's proposal."""
    known = {name: value for name, value in edits.items() if name in EDITABLE}
    if "supporting_agencies" in known:
        known["supporting_agencies"] = tuple(known["supporting_agencies"])
    return replace(action, **known)
