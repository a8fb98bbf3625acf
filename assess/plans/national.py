"""A national action plan from one scored assessment: priority gaps per area and their actions."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from assess.plans.costing import Answers, action_costs, template_for
from assess.plans.model import (
    PRIORITY_ORDER,
    Action,
    ActionTexts,
    AreaPlan,
    GapLink,
    NationalPlan,
    PlanRisk,
    PriorityGap,
)
from assess.questionnaire.model import (
    CBRN_CATEGORIES,
    ActionTemplate,
    Group,
    LocalText,
    Node,
    Question,
    Questionnaire,
)
from assess.questionnaire.vocabulary import LEVEL_TYPES
from assess.scoring.assessment import AssessmentScore
from assess.scoring.methods import round_half_up


def build_national_plan(
    questionnaire: Questionnaire,
    score: AssessmentScore,
    *,
    lang: str,
    per_area: tuple[int, int] = (3, 5),
    country: str = "",
    numbers: Answers | None = None,
    start_year: int | None = None,
) -> NationalPlan:
    """The plan of one assessment: per area its 3 to 5 (by default) priority gaps and actions.

    With a costing, each action is costed from the answers to number questions (`numbers`),
    plan year 1 being calendar year `start_year`."""
    low, high = per_area
    if not 0 <= low <= high:
        raise ValueError(f"per_area must be (min, max) with 0 <= min <= max, not {per_area}")
    plan = _Plan(questionnaire, score, lang, numbers or {})
    areas = tuple(_area(plan, area, low, high) for area in _areas(questionnaire))
    root = score.nodes.get(questionnaire.id)
    costing = questionnaire.costing
    return NationalPlan(
        questionnaire_id=questionnaire.id,
        version=questionnaire.version,
        lang=lang,
        country=country,
        score=root.score if root else None,
        areas=areas,
        risks=plan_risks(questionnaire, score, lang),
        currency=costing.currency if costing else "",
        start_year=start_year,
        years=costing.years if costing else 0,
        texts=plan.texts,
    )


@dataclass(frozen=True)
class _Plan:
    """What every part of one plan is built from."""

    q: Questionnaire
    score: AssessmentScore
    lang: str
    numbers: Answers
    # The templates already costed, by (node carrying it, step), with the action costing them:
    # a template several gaps share (an area's) is costed once, by the first action using it.
    costed: dict[tuple[str, int], str] = field(default_factory=dict)
    texts: dict[str, ActionTexts] = field(default_factory=dict)  # by action id


def _areas(questionnaire: Questionnaire) -> tuple[Group, ...]:
    """The areas that can have gaps: those with at least one node carrying a target."""
    return tuple(
        area
        for area in questionnaire.areas()
        if any(node.target is not None for node in area.walk())
    )


def _area(plan: _Plan, area: Group, low: int, high: int) -> AreaPlan:
    score, lang = plan.score, plan.lang
    candidates = sorted(
        (gap for gap in _gap_units(area) if _has_gap(score, gap.id)),
        key=lambda node: _gap_order(score, node.id),
    )
    urgent = [n for n in candidates if score.priorities[n.id].band in ("high", "medium")]
    chosen = candidates[: min(len(candidates), max(low, min(high, len(urgent))))]
    node = score.nodes.get(area.id)
    return AreaPlan(
        area_id=area.id,
        title=area.title.get(lang),
        score=node.score if node else None,
        completeness=node.completeness if node else None,
        gaps=tuple(_priority_gap(plan, gap, area) for gap in chosen),
        provisional=node.provisional if node else False,
    )


def _gap_units(area: Group) -> Iterable[Node]:
    """Indicators with a target, and questions with a target outside any such indicator."""
    covered: set[str] = set()
    for node in area.walk():
        if isinstance(node, Group) and node.kind == "indicator" and node.target is not None:
            covered.update(n.id for n in node.walk())
            yield node
        elif isinstance(node, Question) and node.target is not None and node.id not in covered:
            yield node


def _has_gap(score: AssessmentScore, node_id: str) -> bool:
    node = score.nodes.get(node_id)
    return node_id in score.priorities and node is not None and (node.gap or 0) > 0


def _gap_order(score: AssessmentScore, node_id: str) -> tuple:
    priority, node = score.priorities[node_id], score.nodes[node_id]
    value = priority.value if priority.value is not None else -1.0
    return (PRIORITY_ORDER[priority.band], -value, -(node.gap or 0.0), node_id)


@dataclass(frozen=True)
class _Need:
    """One level step a question must climb, and the template (and its node) that covers it."""

    question: Question
    step: int
    template: ActionTemplate
    owner: str


def _priority_gap(plan: _Plan, gap: Node, area: Group) -> PriorityGap:
    q, score, lang = plan.q, plan.score, plan.lang
    priority, node = score.priorities[gap.id], score.nodes[gap.id]
    needs: dict[str, list[_Need]] = {}
    for need in _needs(q, score, gap):
        key = f"{need.owner if need.owner == need.question.id else gap.id}:{need.step}"
        needs.setdefault(key, []).append(need)
    actions = tuple(_action(plan, key, found, gap, area.id) for key, found in sorted(needs.items()))
    return PriorityGap(
        node_id=gap.id,
        title=node_title(gap, lang),
        level=node.level,
        target=node.target,
        gap=node.gap or 0.0,
        priority=priority.band,
        priority_value=priority.value,
        risk=priority.risk,
        scenarios=priority.scenarios,
        actions=actions,
    )


def _needs(q: Questionnaire, score: AssessmentScore, gap: Node) -> Iterable[_Need]:
    """Each level step from every question's current level to its target, with its template."""
    questions = gap.walk() if isinstance(gap, Group) else (gap,)
    for question in questions:
        if not isinstance(question, Question) or question.type not in LEVEL_TYPES:
            continue
        node = score.nodes.get(question.id)
        target = question.target if question.target is not None else gap.target
        if node is None or node.level is None or target is None:
            continue
        for step in range(math.floor(node.level), math.ceil(target)):
            found = template_for(q, question, step)
            if found is not None:
                yield _Need(question, step, *found)


def _action(plan: _Plan, key: str, needs: list[_Need], gap: Node, area_id: str) -> Action:
    q, score, lang = plan.q, plan.score, plan.lang
    first = needs[0]
    template, priority = first.template, score.priorities[gap.id]
    questions = tuple({need.question.id: need.question for need in needs}.values())
    texts = plan.texts[key] = action_texts(template, first.question, first.step, questions)
    links = tuple(
        GapLink(x.id, title.get(lang), score.nodes[x.id].level, x.target or gap.target)
        for x, title in zip(questions, texts.gaps, strict=True)
    )
    return Action(
        id=key,
        title=texts.title.get(lang),
        objective=_in(texts.objective, lang),
        activities=tuple(text.get(lang) for text in texts.activities),
        gaps=links,
        risks=_risks(q, priority.scenarios, questions),
        type=template.type,
        cbrn=tuple(c for c in CBRN_CATEGORIES if any(c in x.tags.cbrn for x in questions)),
        themes=_unique(theme for x in questions for theme in x.tags.themes),
        instruments=_unique(f"{r.instrument} {r.ref}" for x in questions for r in x.refs),
        area_id=area_id,
        gap_id=gap.id,
        step=first.step,
        priority=priority.band,
        priority_value=priority.value,
        gap_size=score.nodes[gap.id].gap or 0.0,
        lead_agency=_in(texts.lead, lang),
        horizon=template.horizon or "",
        kpi=_in(texts.kpi, lang),
        **_costs(plan, key, needs),
    )


def action_texts(
    template: ActionTemplate, question: Question, step: int, questions: tuple[Question, ...]
) -> ActionTexts:
    """The texts of the action `template` proposes for `question`'s `step` (closing the gaps of
    `questions`): the template's, and its objective else the descriptor of the level reached."""
    return ActionTexts(
        title=template.title,
        objective=_objective(template, question, step),
        activities=template.activities,
        lead=template.lead,
        kpi=template.kpi,
        gaps=tuple(node_text(x) for x in questions),
    )


def _in(text: LocalText | None, lang: str) -> str:
    return text.get(lang) if text is not None else ""


def _costs(plan: _Plan, key: str, needs: list[_Need]) -> dict[str, object]:
    """The action's costing fields; for a template another action already costs, its plan year
    and the action that carries the cost, nothing counted twice."""
    first = needs[0]
    found = action_costs(
        first.template, plan.q.costing, _owner_level(plan.score, needs), plan.numbers
    )
    if not found:
        return found
    carrier = plan.costed.setdefault((first.owner, first.step), key)
    if carrier == key:
        return found
    years = len(found["year_costs"])  # type: ignore[arg-type]
    return {
        "plan_year": found["plan_year"],
        "currency": found["currency"],
        "year_costs": (Decimal(0),) * years,
        "cost": 0.0,
        "cost_shared_with": carrier,
    }


def _owner_level(score: AssessmentScore, needs: list[_Need]) -> float:
    """The current level of the node carrying the template: its own level, else (a group
    without one) the lowest level of the questions it serves."""
    owner = score.nodes.get(needs[0].owner)
    if owner is not None and owner.level is not None:
        return owner.level
    return min(score.nodes[need.question.id].level for need in needs)


def _objective(template: ActionTemplate, question: Question, step: int) -> LocalText | None:
    """The template's objective, else the descriptor of the level the step reaches."""
    if template.objective is not None:
        return template.objective
    level = question.scale.level(step + 1) if question.scale else None
    return level.descriptor if level else None


def _risks(q: Questionnaire, listed: tuple[str, ...], questions: tuple[Question, ...]) -> tuple:
    """Scenarios mitigated by the gap, and those that name one of the action's questions."""
    ids = {x.id for x in questions}
    named = (s.id for s in (q.risk.scenarios if q.risk else ()) if ids & set(s.indicators))
    return _unique((*listed, *named))


def node_title(node: Node, lang: str) -> str:
    """What a plan calls a node: a group's title, a question's text."""
    return node_text(node).get(lang)


def node_text(node: Node) -> LocalText:
    """A node's title (a group's) or text (a question's), in every language it has."""
    if isinstance(node, Group):
        return node.title
    assert isinstance(node, Question)
    return node.text


def _unique(items: Iterable) -> tuple:
    """The items without repeats, in the order first seen."""
    return tuple(dict.fromkeys(items))


def plan_risks(q: Questionnaire, score: AssessmentScore, lang: str) -> tuple[PlanRisk, ...]:
    """Every scenario of the register with the country's rating, in register order."""
    if q.risk is None:
        return ()
    result = []
    for scenario in q.risk.scenarios:
        rated = score.risks.get(scenario.id)
        impact = rated.impact if rated else None
        result.append(
            PlanRisk(
                scenario_id=scenario.id,
                title=scenario.title.get(lang),
                cbrn=scenario.cbrn,
                origin=scenario.origin,
                cross_border=scenario.cross_border,
                likelihood=rated.likelihood if rated else None,
                impact=int(round_half_up(impact, 0)) if impact is not None else None,
                risk=rated.risk if rated else None,
                band=rated.band if rated else None,
            )
        )
    return tuple(result)
