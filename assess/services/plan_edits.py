"""What people may change in a plan's action, checked and put in stored form; and applied back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from assess.plans import ACTION_STATUSES, HORIZONS, Action
from assess.plans.model import FUNDING_SOURCES, SUPPORT_FORMS, Kpi
from assess.plans.schedule import DURATION_MONTHS, default_dates
from assess.services.errors import (
    InvalidFields,
    InvalidInput,
    Text,
    refusal_plural,
    refusal_text,
)
from assess.services.text_input import checked
from assess.words.numbers import CURRENCIES, Amount, NotAnAmount, parse_amount

TEXT_LIMIT = 500
PRIORITIES = ("high", "medium", "low")
# An action's indicators: how many, and how long each of their texts may be.
KPI_LIMIT = 10
KPI_TEXT_LIMIT = 200
KPI_FIELDS = ("name", "baseline", "target", "date")
CENT = Decimal("0.01")
# Field -> what it holds, in the order the edit form shows them.
EDITABLE: dict[str, str] = {
    "lead_agency": "text",
    "supporting_agencies": "list",
    "start": "date",
    "end": "date",
    "horizon": "horizon",
    "cost": "cost",
    "cost_reason": "text",
    "currency": "currency",
    "funding_source": "funding",
    "assistance_requested": "flag",
    "support": "support",
    "kpis": "kpis",
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
    "cost_reason": refusal_text("Reason for changing the cost"),
    "currency": refusal_text("Currency"),
    "funding_source": refusal_text("Funding source"),
    "assistance_requested": refusal_text("Assistance requested"),
    "support": refusal_text("Support requested"),
    "kpis": refusal_text("KPIs"),
    "status": refusal_text("Status"),
    "progress": refusal_text("Progress"),
    "last_review": refusal_text("Last review"),
    "priority": refusal_text("Priority"),
    "priority_reason": refusal_text("Priority reason"),
}


def clean_edits(
    changes: Mapping[str, Any],
    *,
    lang: str | None = None,
    currency: str | None = None,
    stored: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The changes in stored form, amounts read as `lang` writes them; a cost takes the currency
    it names, else the one chosen, else `currency`. InvalidFields says what is wrong with each.

    `stored` are the action's edits so far: a funding source typed as free text before sources
    were a choice may be sent back unchanged (it is kept), never typed anew."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(
            refusal_text("These fields cannot be edited: %(fields)s.", fields=", ".join(unknown))
        )
    cleaned: dict[str, Any] = {}
    wrong: dict[str, Text] = {}
    kept = (stored or {}).get("funding_source")
    for name, value in changes.items():
        if name == "funding_source" and kept and value == kept:
            cleaned[name] = kept
            continue
        try:
            cleaned[name] = _clean(name, EDITABLE[name], value, lang)
        except InvalidInput as refused:
            wrong[name] = refused.text or LABELS[name]
    if isinstance(cleaned.get("cost"), Amount):
        _in_currency(cleaned, wrong, currency)
    elif "cost" in cleaned and cleaned["cost"] is None:
        # No cost, no currency nor reason: the action's cost is the computed (or none) again.
        cleaned["currency"] = cleaned["cost_reason"] = None
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


def merge_edits(
    old: Mapping[str, Any], cleaned: Mapping[str, Any], proposed: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The stored edits after this change: None removes a field's edit. A cost equal (to the
    cent, in its currency) to the one the costing computed overrides nothing: it is not kept, so
    the action follows the computed cost when the answers change it."""
    merged = {**old, **cleaned}
    if proposed is not None and "cost" in cleaned and _same_as_computed(proposed, merged):
        merged["cost"] = merged["currency"] = merged["cost_reason"] = None
    return {name: value for name, value in merged.items() if value is not None}


def computed_cost(proposed: Mapping[str, Any]) -> Decimal | None:
    """The cost the costing computed for an action, as stored with its proposal (None: the
    questionnaire has no costing, or an older plan stored none)."""
    return _decimal(proposed.get("cost"))


def cost_in_effect(proposed: Mapping[str, Any], edits: Mapping[str, Any]) -> Decimal | None:
    """A stored action's cost: the override a person set, else the computed one (None: none)."""
    override = _decimal(edits.get("cost"))
    return override if override is not None else computed_cost(proposed)


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _same_as_computed(proposed: Mapping[str, Any], edits: Mapping[str, Any]) -> bool:
    computed, cost = computed_cost(proposed), _decimal(edits.get("cost"))
    if computed is None or cost is None:
        return False
    same_currency = edits.get("currency") in (None, proposed.get("currency"))
    return same_currency and cost.quantize(CENT) == computed.quantize(CENT)


def check_action(proposed: Mapping[str, Any], edits: Mapping[str, Any]) -> None:
    """Refuse an action whose edited fields disagree with each other, beside the field to fix."""
    wrong: dict[str, Text] = {}
    start, end = dates_of(proposed, edits)
    if edits.get("end") and start and end < start:
        wrong["end"] = refusal_text(
            "The end (%(end)s) is before the start (%(start)s).", end=end, start=start
        )
    priority = edits.get("priority", proposed.get("priority"))
    if priority != proposed.get("priority") and not edits.get("priority_reason"):
        wrong["priority_reason"] = refusal_text("Give a reason for changing the priority.")
    wrong.update(_check_cost(proposed, edits))
    asked = edits.get("assistance_requested", proposed.get("assistance_requested"))
    if edits.get("support") and not asked:
        wrong["support"] = refusal_text(
            "%(field)s: a form of support goes with a request for assistance; tick "
            "'Assistance requested' or leave it blank.",
            field=LABELS["support"],
        )
    if wrong:
        raise InvalidFields(wrong)


def dates_of(proposed: Mapping[str, Any], edits: Mapping[str, Any]) -> tuple[str, str]:
    """An action's start and end: a person's where set, else the schedule's defaults from its
    plan year, its horizon (as edited) and the plan's years (stored with the proposal)."""
    horizon = edits.get("horizon") or proposed.get("horizon") or ""
    return default_dates(
        proposed.get("plan_year"),
        horizon if horizon in DURATION_MONTHS else "",
        proposed.get("plan_start_year"),
        proposed.get("plan_years") or 0,
        start=edits.get("start") or proposed.get("start") or "",
        end=edits.get("end") or proposed.get("end") or "",
    )


def _check_cost(proposed: Mapping[str, Any], edits: Mapping[str, Any]) -> dict[str, Text]:
    """An override of a computed cost: in the costing's currency (a budget adds them up), and
    with a reason. Without a computed cost, a cost typed is an estimate and needs none."""
    computed = computed_cost(proposed)
    if computed is None or edits.get("cost") is None:
        return {}
    costed_in = proposed.get("currency")
    if costed_in and edits.get("currency") not in (None, costed_in):
        return {
            "currency": refusal_text(
                "%(field)s: the plan is costed in %(currency)s; give the cost in %(currency)s.",
                field=LABELS["currency"],
                currency=costed_in,
            )
        }
    if not edits.get("cost_reason"):
        return {"cost_reason": refusal_text("Give a reason for changing the computed cost.")}
    return {}


def _clean(name: str, kind: str, value: Any, lang: str | None) -> Any:
    if kind == "kpis":
        return clean_kpis(value)
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
    return _bounded(value, LABELS[name], TEXT_LIMIT)


def _bounded(value: Any, label: Text, limit: int) -> str:
    text = checked("" if value is None else str(value).strip(), label)
    if len(text) > limit:
        raise InvalidInput(
            refusal_plural(
                "%(field)s: at most %(limit)s character.",
                "%(field)s: at most %(limit)s characters.",
                "limit",
                field=label,
                limit=limit,
            )
        )
    return text


def clean_kpis(value: Any) -> list[dict[str, str]]:
    """An action's KPIs in stored form: each a name, baseline, target and target date; rows left
    blank dropped. At most KPI_LIMIT, texts of at most KPI_TEXT_LIMIT characters, each named
    once (progress is recorded against a KPI by its name). InvalidInput says which is wrong."""
    if isinstance(value, Mapping | str) or value is None:
        raise InvalidInput(refusal_text("%(field)s: give a list of KPIs.", field=LABELS["kpis"]))
    rows = list(value)
    if len(rows) > 10 * KPI_LIMIT:
        raise InvalidInput(
            refusal_text("%(field)s: at most %(limit)s.", field=LABELS["kpis"], limit=KPI_LIMIT)
        )
    kept: list[dict[str, str]] = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping) or set(row) - set(KPI_FIELDS):
            raise InvalidInput(
                refusal_text(
                    "%(field)s: each KPI has a name, a baseline, a target and a date.",
                    field=LABELS["kpis"],
                )
            )
        label = refusal_text("KPI %(number)s", number=number)
        kpi = {field: _bounded(row.get(field), label, KPI_TEXT_LIMIT) for field in KPI_FIELDS}
        if not any(kpi.values()):
            continue
        if not kpi["name"]:
            raise InvalidInput(refusal_text("%(kpi)s: give it a name.", kpi=label))
        if kpi["date"]:
            kpi["date"] = _iso_date(kpi["date"], label)
        if any(k["name"].casefold() == kpi["name"].casefold() for k in kept):
            raise InvalidInput(
                refusal_text(
                    "%(kpi)s: another KPI has the name '%(name)s'.", kpi=label, name=kpi["name"]
                )
            )
        kept.append(kpi)
    if len(kept) > KPI_LIMIT:
        raise InvalidInput(
            refusal_text("%(field)s: at most %(limit)s.", field=LABELS["kpis"], limit=KPI_LIMIT)
        )
    return kept


def kpis_of(proposed: Mapping[str, Any], edits: Mapping[str, Any]) -> tuple[Kpi, ...]:
    """An action's KPIs: those people set (possibly none), else those proposed, else one named
    by its template's KPI text (the default first KPI)."""
    if "kpis" in edits:
        return tuple(_kpi(k) for k in edits["kpis"])
    proposed_kpis = proposed.get("kpis") or ()
    if proposed_kpis:
        return tuple(_kpi(k) for k in proposed_kpis)
    return (Kpi(proposed["kpi"]),) if proposed.get("kpi") else ()


def _kpi(value: Any) -> Kpi:
    if isinstance(value, Kpi):
        return value
    return Kpi(**{field: str(value.get(field) or "") for field in KPI_FIELDS})


def _date(name: str, text: str) -> str:
    return _iso_date(text, LABELS[name])


def _iso_date(text: str, label: Text) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise InvalidInput(
            refusal_text(
                "%(field)s: '%(value)s' is not a date (YYYY-MM-DD).",
                field=label,
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
    "funding": _one_of(FUNDING_SOURCES),
    "support": _one_of(SUPPORT_FORMS),
}


def apply_edits(action: Action, edits: Mapping[str, Any]) -> Action:
    """The action as people left it: their edits over the builder's proposal (KPIs: theirs, else
    the proposed ones, else the template's KPI text as the first)."""
    known = {name: value for name, value in edits.items() if name in EDITABLE}
    if "supporting_agencies" in known:
        known["supporting_agencies"] = tuple(known["supporting_agencies"])
    proposed = {"kpis": action.kpis, "kpi": action.kpi}
    known["kpis"] = kpis_of(proposed, known)
    return replace(action, **known)
