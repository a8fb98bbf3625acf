"""A stored plan's actions as pages show them: people's edits over the proposal, in order, and
the proposal's words in the reader's language.

A proposal is stored as it was built, in its questionnaire's default language. A page reads its
questionnaire-derived texts (title, objective, activities, lead agency, the template's KPI, the
gaps' titles) in the reader's language from the questionnaire texts the plan was made from
(`proposal_texts`, kept here per plan and inputs), marked as a fallback where the
questionnaire has no text in that language. What people typed stays as they typed it: a field
is worded from the questionnaire only while its value is still the proposal's.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, object_session

from assess.models import Plan, PlanAction
from assess.plans import SECRETARIAT, ActionTexts
from assess.plans.model import order_key
from assess.plans.national import node_text
from assess.questionnaire.model import Questionnaire
from assess.services.errors import InvalidInput, NotFound, refusal_text
from assess.services.plan_edits import dates_of, kpis_of
from assess.services.plan_inputs import (
    national_plan,
    regional_plan,
    stored_national_inputs,
    stored_regional_inputs,
)
from assess.services.questionnaires import questionnaires
from assess.words.catalogue import DEFAULT_LANGUAGE
from assess.words.texts import Localised, Shown, Text, said, shown, translates

# The proposal's fields worded from its questionnaire, one text each.
WORDED = ("title", "objective", "lead_agency", "kpi")
# How many plans' texts are kept (each a few hundred references to questionnaire texts).
KEPT_PLANS = 256


@dataclass(frozen=True)
class ActionRow:
    """One active action: its merged fields, what was proposed, and which fields people set.

    `fields` holds the worded fields in the row's language (`lang`); `shown` the same as `Shown`
    texts (their language, and whether each is a fallback) for the worded fields, "activities"
    and "gaps" (one per gap). KPIs keep their stored names in `fields` (progress is recorded
    against them): `kpi_name` says one in the row's language."""

    action_id: str
    fields: dict[str, Any]
    proposed: dict[str, Any]
    edited: tuple[str, ...]
    edits: dict[str, Any] = field(default_factory=dict)
    shown: dict[str, Any] = field(default_factory=dict)
    lang: str = DEFAULT_LANGUAGE

    def __getitem__(self, name: str) -> Any:
        return self.fields[name]

    def text(self, name: str) -> Shown:
        """A worded field as shown (as stored when the row was read without a language)."""
        found = self.shown.get(name)
        return found if found is not None else Shown(str(self.fields.get(name) or ""), "", False)

    def kpi_name(self, name: str) -> Shown:
        """A KPI's name as shown: the template's KPI in the row's language, others as typed."""
        template = self.shown.get("kpi")
        if template is not None and name and name == self.proposed.get("kpi"):
            return template
        return Shown(name, "", False)

    def as_stored(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Values sent back from a form showing this row, in stored form: a lead agency or KPI
        name equal to the questionnaire's words shown for it is the stored one (the proposal's
        words are not typed by whoever saves the form unchanged)."""
        found = dict(changes)
        lead = self.shown.get("lead_agency")
        if lead is not None and found.get("lead_agency") == lead.text:
            found["lead_agency"] = self.edits.get("lead_agency", self.proposed.get("lead_agency"))
        template = self.shown.get("kpi")
        if template is not None and isinstance(found.get("kpis"), list):
            found["kpis"] = [
                {**kpi, "name": self.proposed["kpi"]}
                if isinstance(kpi, Mapping) and kpi.get("name") == template.text
                else kpi
                for kpi in found["kpis"]
            ]
        return found


@dataclass(frozen=True)
class _Said:
    """Interface words (not the questionnaire's) as a text in several languages: the catalogue's
    translation, else English."""

    text: Text

    def resolve(self, lang: str | None) -> tuple[str, str]:
        used = lang if lang and translates(lang, self.text) else DEFAULT_LANGUAGE
        return said(self.text, lang), used


def _worded(
    proposed: Mapping[str, Any],
    edits: Mapping[str, Any],
    texts: ActionTexts | None,
    lang: str,
    stored_in: str,
) -> dict[str, Any]:
    """The worded fields as shown in `lang`: from the questionnaire while a field holds the
    proposal's value, else as typed; a proposal with no texts (an action the plan, built again,
    no longer has) as stored, a fallback in `stored_in` unless `lang` is that language."""
    sources: dict[str, Localised | None] = dict.fromkeys(WORDED)
    if texts is not None:
        sources.update(
            title=texts.title, objective=texts.objective, lead_agency=texts.lead, kpi=texts.kpi
        )
    # A regional action's lead is the Secretariat, as the interface names it (stored in the
    # plan's language, plans.generate_regional).
    secretariat = _Said(refusal_text("Regional Secretariat"))
    if proposed.get("lead_agency") in (SECRETARIAT, secretariat.resolve(stored_in)[0]):
        sources["lead_agency"] = secretariat
    found: dict[str, Any] = {}
    for name, source in sources.items():
        stored = proposed.get(name) or ""
        value = edits.get(name, stored)
        if value != stored or not stored:
            found[name] = Shown(str(value or ""), "", False)
        elif source is not None:
            found[name] = shown(source, lang)
        else:
            found[name] = Shown(stored, stored_in, stored_in != lang)
    found["activities"] = _listed(
        edits.get("activities", proposed.get("activities") or ()),
        proposed.get("activities") or (),
        texts.activities if texts else None,
        lang,
        stored_in,
    )
    found["gaps"] = _listed(
        [g.get("title", "") for g in proposed.get("gaps") or ()],
        [g.get("title", "") for g in proposed.get("gaps") or ()],
        texts.gaps if texts else None,
        lang,
        stored_in,
    )
    return found


def _listed(values, stored, sources, lang: str, stored_in: str) -> tuple[Shown, ...]:
    """Texts of a list as shown: the questionnaire's while the list is the proposal's."""
    values, stored = list(values), list(stored)
    if values != stored:
        return tuple(Shown(str(v), "", False) for v in values)
    if sources is not None and len(sources) == len(stored):
        return tuple(shown(source, lang) for source in sources)
    return tuple(Shown(str(v), stored_in, stored_in != lang) for v in stored)


def _row(
    action_id: str,
    proposed: dict[str, Any],
    edits: dict[str, Any],
    texts: ActionTexts | None = None,
    lang: str | None = None,
    stored_in: str = DEFAULT_LANGUAGE,
) -> ActionRow:
    """The row's fields: people's edits over the proposal, the dates by default where no one set
    them, and the KPIs (the template's KPI text as the first by default); in `lang` when given."""
    start, end = dates_of(proposed, edits)
    fields = {**proposed, **edits, "start": start, "end": end, "kpis": kpis_of(proposed, edits)}
    if lang is None:
        return ActionRow(action_id, fields, proposed, tuple(sorted(edits)), dict(edits))
    worded = _worded(proposed, edits, texts, lang, stored_in)
    fields.update({name: worded[name].text for name in WORDED})
    fields["activities"] = [text.text for text in worded["activities"]]
    fields["gaps"] = [
        {**gap, "title": text.text}
        for gap, text in zip(fields.get("gaps") or (), worded["gaps"], strict=False)
    ]
    return ActionRow(action_id, fields, proposed, tuple(sorted(edits)), dict(edits), worded, lang)


def _order(row: ActionRow) -> tuple:
    return order_key(row["priority"], row["priority_value"], row["gap_size"], row.action_id)


def action_rows(plan: Plan | None, lang: str | None = None) -> list[ActionRow]:
    """The plan's active actions in priority order (an overridden priority moves its action);
    their proposals' words in `lang` when given, else as stored."""
    if plan is None:
        return []
    texts, stored_in = _texts_of(plan, lang)
    rows = [
        _row(r.action_id, r.proposed, r.edits, texts.get(r.action_id), lang, stored_in)
        for r in plan.actions
        if r.active
    ]
    return sorted(rows, key=_order)


def row_of(plan: Plan, action_id: str, lang: str | None = None) -> ActionRow:
    """One active action of the plan (its proposal's words in `lang` when given); NotFound when
    it has none by that id."""
    for record in plan.actions:
        if record.action_id == action_id and record.active:
            return record_row(record, lang)
    raise NotFound(refusal_text("The plan has no action '%(action)s'.", action=action_id))


def record_row(record: PlanAction, lang: str | None) -> ActionRow:
    """One stored action, active or not, as pages show it (its proposal's words in `lang` when
    given, else as stored): what the assistance pages list of a country's plan too."""
    texts, stored_in = _texts_of(record.plan, lang)
    return _row(
        record.action_id,
        record.proposed,
        record.edits,
        texts.get(record.action_id),
        lang,
        stored_in,
    )


def action_title(plan: Plan, action_id: str, lang: str) -> Shown:
    """The title of the plan's action `action_id`, active or not, in `lang` (its id when the
    plan has no such action)."""
    record = next((r for r in plan.actions if r.action_id == action_id), None)
    if record is None:
        return Shown(action_id, "", False)
    return record_row(record, lang).text("title")


def proposal_texts(session: Session, plan: Plan) -> Mapping[str, ActionTexts]:
    """The questionnaire texts of a stored plan's proposals, by action id: the plan built again
    from the answers it keeps (the texts hold every language of its questionnaire)."""
    if plan.kind == "national":
        inputs = stored_national_inputs(session, plan)
        return national_plan(inputs, inputs.questionnaire.default_language).texts
    regional = stored_regional_inputs(session, plan)
    return regional_plan(regional, regional.questionnaire.default_language).texts


_kept: OrderedDict[tuple[str, str], tuple[Questionnaire, Mapping[str, ActionTexts]]] = OrderedDict()
_lock = threading.Lock()


def _texts_of(plan: Plan, lang: str | None) -> tuple[Mapping[str, ActionTexts], str]:
    """The plan's proposal texts by action id, and the language its proposals are stored in.

    Built again from the plan's inputs once per plan and inputs (their hash) and questionnaire;
    none for a plan read as stored, or read in its own language (the stored words are those),
    or whose inputs are gone (a plan stored before plans kept them, the answers changed since:
    its words show as stored, marked)."""
    session = object_session(plan)
    assert session is not None
    questionnaire = questionnaires(session).get(plan.questionnaire_id, plan.questionnaire_version)
    stored_in = questionnaire.default_language
    if lang is None or lang == stored_in:
        return {}, stored_in
    key = (plan.kind, plan.data_sha256)
    with _lock:
        found = _kept.get(key)
        if found is not None and found[0] is questionnaire:
            _kept.move_to_end(key)
            return found[1], stored_in
    try:
        texts = proposal_texts(session, plan)
    except InvalidInput:
        texts = {}
    with _lock:
        _kept[key] = (questionnaire, texts)
        while len(_kept) > KEPT_PLANS:
            _kept.popitem(last=False)
    return texts, stored_in


def node_titles(session: Session, plan: Plan | None, lang: str) -> Callable[[str], Shown]:
    """The title of a node or risk scenario of the plan's questionnaire by its id, in `lang` or
    marked as a fallback (the id, if it has none)."""
    if plan is None:
        return lambda node_id: Shown(node_id, "", False)
    questionnaire = questionnaires(session).get(plan.questionnaire_id, plan.questionnaire_version)
    scenarios = {
        s.id: s.title for s in (questionnaire.risk.scenarios if questionnaire.risk else ())
    }

    def title(node_id: str) -> Shown:
        try:
            found: Localised | None = node_text(questionnaire.node(node_id))
        except KeyError:
            found = scenarios.get(node_id)
        return shown(found, lang) if found is not None else Shown(node_id, "", False)

    return title


def unit_cost_titles(session: Session, plan: Plan, lang: str) -> Callable[[str], str]:
    """The title of a unit cost of the plan's questionnaire's costing by its id (the id, if the
    questionnaire has no such unit cost)."""
    questionnaire = questionnaires(session).get(plan.questionnaire_id, plan.questionnaire_version)
    costs = questionnaire.costing.unit_costs if questionnaire.costing else {}

    def title(unit_cost_id: str) -> str:
        found = costs.get(unit_cost_id)
        return found.title.get(lang) if found and found.title else unit_cost_id

    return title
