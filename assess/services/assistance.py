"""The assistance pipeline: the actions countries ask assistance for, grouped where several share
the same gap, and the regional project proposals a Secretariat makes from them.

A country's current national plan is the stored plan of its latest round that has one. A request
is an active action of that plan whose edited state says `assistance_requested`. Requests are
grouped by questionnaire id and action id (the same template node and level step): two
questionnaires' actions are never the same gap, even when their ids agree.

A proposal takes up plan actions of its region's countries, each in one proposal at most. Its
budget is its own when the Secretariat set one, else the sum of its actions' costs (those in the
proposal's currency: another currency's cost cannot be added to them). Every change is audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from assess.models import (
    Assessment,
    Country,
    Plan,
    PlanAction,
    ProposalAction,
    Region,
    User,
    utcnow,
)
from assess.models import Proposal as StoredProposal
from assess.plans.model import PROPOSAL_STATUSES, GapLink
from assess.plans.model import Proposal as PlanProposal
from assess.plans.model import ProposalAction as PlanProposalAction
from assess.services import access, audit
from assess.services.errors import (
    InvalidFields,
    InvalidInput,
    NotAllowed,
    Text,
    refusal_plural,
    refusal_text,
)
from assess.services.plan_edits import cost_in_effect
from assess.services.plan_views import record_row
from assess.services.text_input import checked
from assess.words.numbers import CURRENCIES, NotAnAmount, parse_amount

CREATE = "proposal-create"
EDIT = "proposal-edit"
ADD = "proposal-add"
REMOVE = "proposal-remove"
MAX_TITLE = 200
MAX_BUDGET = Decimal(10) ** 15
MAX_BUDGET_TEXT = 60
MAX_ID = 2**31 - 1  # the largest id an integer column holds
TITLE = refusal_text("Title")


@dataclass(frozen=True)
class InProposal:
    """The proposal a request is taken up by: enough to name it."""

    id: int
    title: str
    status: str


@dataclass(frozen=True)
class Request:
    """One country's action it asks assistance for, as its edited plan says."""

    plan_action_id: int
    plan_id: int
    country: str  # code
    country_name: str
    questionnaire_id: str
    action_id: str
    title: str  # in the language asked for (plan_views), as typed where people changed it
    gaps: tuple[GapLink, ...]  # each closed gap's level now and target
    cost: Decimal | None
    currency: str
    support: str  # one of SUPPORT_FORMS, or empty while the country has not said
    lead_agency: str
    round: str
    proposal: InProposal | None

    @property
    def level_now(self) -> float | None:
        return self.gaps[0].current if self.gaps else None

    @property
    def target(self) -> float | None:
        return self.gaps[0].target if self.gaps else None


@dataclass(frozen=True)
class RequestGroup:
    """The requests of several countries (or one) for the same gap: one questionnaire's action."""

    questionnaire_id: str
    action_id: str
    title: str
    requests: tuple[Request, ...]

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(request.country for request in self.requests))

    @property
    def free(self) -> tuple[Request, ...]:
        """The requests no proposal takes up yet."""
        return tuple(request for request in self.requests if request.proposal is None)

    @property
    def key(self) -> str:
        return group_key(self.questionnaire_id, self.action_id)


def group_key(questionnaire_id: str, action_id: str) -> str:
    """A group's name in a form (questionnaire ids hold no space)."""
    return f"{questionnaire_id} {action_id}"


def current_plans(session: Session, countries: Iterable[Country]) -> dict[int, Plan]:
    """Each country's current national plan (its latest round's that has one), by country id."""
    ids = [country.id for country in countries]
    if not ids:
        return {}
    query = (
        select(Plan, Assessment)
        .join(Plan.assessment)
        .where(Plan.kind == "national", Assessment.country_id.in_(ids))
        .options(selectinload(Plan.actions))
        .order_by(Assessment.round_year, Assessment.id)
    )
    current: dict[int, Plan] = {}
    for plan, assessment in session.execute(query).all():
        current[assessment.country_id] = plan  # later rounds come last and win
    return current


def _fields(row: PlanAction) -> dict[str, Any]:
    return {**row.proposed, **row.edits}


def _taken(session: Session, rows: Iterable[PlanAction]) -> dict[int, InProposal]:
    ids = [row.id for row in rows]
    if not ids:
        return {}
    query = (
        select(ProposalAction.plan_action_id, StoredProposal)
        .join(ProposalAction.proposal)
        .where(ProposalAction.plan_action_id.in_(ids))
    )
    return {
        action_id: InProposal(proposal.id, proposal.title, proposal.status)
        for action_id, proposal in session.execute(query).all()
    }


def _requests(
    session: Session, countries: Iterable[Country], lang: str | None = None
) -> list[Request]:
    by_id = {country.id: country for country in countries}
    plans = current_plans(session, by_id.values())
    wanted = [
        (by_id[country_id], plan, row)
        for country_id, plan in plans.items()
        for row in plan.actions
        if row.active and _fields(row).get("assistance_requested")
    ]
    taken = _taken(session, (row for _country, _plan, row in wanted))
    return [_request(country, plan, row, taken.get(row.id), lang) for country, plan, row in wanted]


def _request(
    country: Country, plan: Plan, row: PlanAction, taken: InProposal | None, lang: str | None
) -> Request:
    fields = _fields(row)
    worded = record_row(row, lang)
    return Request(
        plan_action_id=row.id,
        plan_id=plan.id,
        country=country.code,
        country_name=country.name,
        questionnaire_id=plan.questionnaire_id,
        action_id=row.action_id,
        title=str(worded.fields.get("title") or row.action_id),
        gaps=tuple(GapLink(**gap) for gap in fields.get("gaps", ())),
        cost=cost_in_effect(row.proposed, row.edits),
        currency=str(fields.get("currency") or ""),
        support=str(fields.get("support") or ""),
        lead_agency=str(worded.fields.get("lead_agency") or ""),
        round=plan.assessment.round_label,
        proposal=taken,
    )


def _order(request: Request) -> tuple:
    return (request.questionnaire_id, request.action_id, request.country)


def region_requests(
    session: Session, region: Region, lang: str | None = None
) -> list[RequestGroup]:
    """Every request of the region's countries, grouped by the gap they share; the groups most
    shared first, then by questionnaire and action id (titles in `lang` when given)."""
    groups: dict[tuple[str, str], list[Request]] = {}
    for request in sorted(_requests(session, region.countries, lang), key=_order):
        groups.setdefault((request.questionnaire_id, request.action_id), []).append(request)
    found = [
        RequestGroup(qid, action_id, requests[0].title, tuple(requests))
        for (qid, action_id), requests in groups.items()
    ]
    return sorted(found, key=lambda g: (-len(g.countries), g.questionnaire_id, g.action_id))


def country_requests(session: Session, country: Country, lang: str | None = None) -> list[Request]:
    """The country's own requests, by questionnaire and action id (titles in `lang` if given)."""
    return sorted(_requests(session, [country], lang), key=_order)


def group_of(session: Session, region: Region, key: str) -> RequestGroup:
    """The region's group by its key; refused beside the group when it has none (any more: the
    countries may have withdrawn their requests since the page was shown)."""
    for group in region_requests(session, region):
        if group.key == key:
            return group
    raise InvalidFields(
        {"group": refusal_text("No country of the region requests assistance on this action.")}
    )


# Proposals


def _stored_proposals(session: Session, region: Region) -> list[StoredProposal]:
    query = (
        select(StoredProposal)
        .where(StoredProposal.region_id == region.id)
        .options(
            selectinload(StoredProposal.actions)
            .selectinload(ProposalAction.plan_action)
            .selectinload(PlanAction.plan)
            .selectinload(Plan.assessment)
            .selectinload(Assessment.country)
        )
        .order_by(StoredProposal.id)
    )
    return list(session.scalars(query))


def proposal_in(session: Session, region: Region, proposal_id: int) -> StoredProposal | None:
    """The region's proposal with this id (None for another region's or none, and for an id no
    integer column holds: PostgreSQL would refuse to look it up)."""
    if not 0 < proposal_id <= MAX_ID:
        return None
    proposal = session.get(StoredProposal, proposal_id)
    return proposal if proposal is not None and proposal.region_id == region.id else None


def as_plan_proposal(proposal: StoredProposal, lang: str | None = None) -> PlanProposal:
    """A stored proposal as plans and reports read it (its actions' titles in `lang` when
    given); an action's cost is counted only when it is in the proposal's currency."""
    actions = tuple(
        _plan_action(item.plan_action, proposal.currency, lang) for item in proposal.actions
    )
    return PlanProposal(
        id=proposal.id,
        title=proposal.title,
        status=proposal.status,
        countries=tuple(dict.fromkeys(action.country for action in actions)),
        actions=actions,
        budget=proposal.budget,
        currency=proposal.currency,
    )


def _plan_action(row: PlanAction, currency: str, lang: str | None) -> PlanProposalAction:
    fields = _fields(row)
    cost = cost_in_effect(row.proposed, row.edits)
    return PlanProposalAction(
        country=row.plan.assessment.country.code,
        action_id=row.action_id,
        title=str(record_row(row, lang).fields.get("title") or row.action_id),
        cost=cost if (fields.get("currency") or currency) == currency else None,
        support=str(fields.get("support") or ""),
    )


def region_proposals(
    session: Session, region: Region, lang: str | None = None
) -> tuple[PlanProposal, ...]:
    """The region's proposals, oldest first (their actions' titles in `lang` when given)."""
    return tuple(as_plan_proposal(p, lang) for p in _stored_proposals(session, region))


@dataclass(frozen=True)
class CountryProposal:
    """A proposal as a country sees it: its title, status and the country's own actions in it."""

    id: int
    title: str
    status: str
    actions: tuple[PlanProposalAction, ...]


def country_proposals(
    session: Session, country: Country, lang: str | None = None
) -> list[CountryProposal]:
    """The proposals taking up one of the country's actions, with those actions only (their
    titles in `lang` when given)."""
    seen = []
    for proposal in _stored_proposals(session, country.region):
        mine = tuple(
            _plan_action(item.plan_action, proposal.currency, lang)
            for item in proposal.actions
            if item.plan_action.plan.assessment.country_id == country.id
        )
        if mine:
            seen.append(CountryProposal(proposal.id, proposal.title, proposal.status, mine))
    return seen


def _allowed(user: User, region: Region) -> None:
    if not access.can_manage_proposals(user, region):
        raise NotAllowed(refusal_text("Only the region's secretariat may change its proposals."))


def _typed(text: str, label: Text, field: str) -> str:
    """`text` if it holds no control character; else InvalidFields beside `field`."""
    try:
        return checked(text, label)
    except InvalidInput as refused:
        raise InvalidFields({field: refused.text or label}) from None


def _title(text: str) -> str:
    title = _typed(" ".join((text or "").split()), TITLE, "title")
    if not title or len(title) > MAX_TITLE:
        raise InvalidFields(
            {
                "title": refusal_plural(
                    "Title: use 1 to %(limit)s character.",
                    "Title: use 1 to %(limit)s characters.",
                    "limit",
                    limit=MAX_TITLE,
                )
            }
        )
    return title


def _budget(text: str | None, currency: str, lang: str | None) -> Decimal | None:
    """The budget typed, in `currency`; blank: none (the sum of the actions' costs)."""
    typed = (text or "").strip()
    if not typed:
        return None
    label = refusal_text("Budget")
    if len(typed) > MAX_BUDGET_TEXT:
        raise InvalidFields(
            {
                "budget": refusal_plural(
                    "Budget: at most %(limit)s character.",
                    "Budget: at most %(limit)s characters.",
                    "limit",
                    limit=MAX_BUDGET_TEXT,
                )
            }
        )
    try:
        amount = parse_amount(_typed(typed, label, "budget"), lang)
    except NotAnAmount as refused:
        raise InvalidFields(
            {
                "budget": refusal_text(
                    "Budget: '%(value)s' is not an amount (write it as %(example)s).",
                    value=typed[:40],
                    example=refused.example,
                )
            }
        ) from None
    wrong = _budget_refusal(amount.value, amount.currency, currency)
    if wrong is not None:
        raise InvalidFields({"budget": wrong})
    return amount.value


def _budget_refusal(value: Decimal, named: str | None, currency: str) -> Text | None:
    if named and named != currency:
        return refusal_text(
            "Budget: the amount is in %(named)s but the proposal's currency is %(chosen)s.",
            named=named,
            chosen=currency,
        )
    if not 0 <= value < MAX_BUDGET:
        return refusal_text("Budget: give an amount of zero or more.")
    if value != value.quantize(Decimal("0.01")):
        return refusal_text("Budget: at most two decimals.")
    return None


def _currency(code: str) -> str:
    if code not in CURRENCIES:
        raise InvalidFields({"currency": refusal_text("Currency: choose one from the list.")})
    return code


def _described(proposal: StoredProposal) -> dict[str, Any]:
    return {
        "proposal": proposal.id,
        "region": proposal.region.code,
        "title": proposal.title,
        "status": proposal.status,
        "budget": None if proposal.budget is None else str(proposal.budget),
        "currency": proposal.currency,
    }


def _action_named(row: PlanAction) -> dict[str, Any]:
    return {
        "plan": row.plan_id,
        "action": row.action_id,
        "country": row.plan.assessment.country.code,
    }


def make_proposal(
    session: Session,
    user: User,
    region: Region,
    key: str,
    title: str,
    *,
    budget: str | None = None,
    currency: str,
    lang: str | None = None,
) -> StoredProposal:
    """A proposal from the group `key`: its countries' requests no proposal takes up yet. Its
    currency is that of their costs when they share one, else `currency`."""
    _allowed(user, region)
    group = group_of(session, region, key)
    free = group.free
    if not free:
        raise InvalidFields(
            {"group": refusal_text("Every request of this group is in a proposal already.")}
        )
    currencies = {request.currency for request in free if request.currency}
    chosen = _currency(currencies.pop() if len(currencies) == 1 else currency)
    proposal = StoredProposal(
        region=region,
        title=_title(title),
        status="draft",
        budget=_budget(budget, chosen, lang),
        currency=chosen,
        created_by_id=user.id,
        updated_by_id=user.id,
    )
    rows = [session.get(PlanAction, request.plan_action_id) for request in free]
    proposal.actions = [ProposalAction(plan_action=row) for row in rows]
    session.add(proposal)
    session.flush()
    new = {**_described(proposal), "actions": [_action_named(row) for row in rows]}
    audit.record(session, user, CREATE, new=new)
    _commit(session)
    return proposal


def edit_proposal(
    session: Session,
    user: User,
    proposal: StoredProposal,
    changes: Mapping[str, str],
    *,
    lang: str | None = None,
) -> StoredProposal:
    """Change a proposal's title, status, currency or budget (blank: the sum of its actions'
    costs); InvalidFields names each value refused."""
    _allowed(user, proposal.region)
    unknown = sorted(set(changes) - {"title", "status", "currency", "budget"})
    if unknown:
        raise InvalidFields(
            {name: refusal_text("This field cannot be edited.") for name in unknown}
        )
    wrong: dict[str, Text] = {}
    values: dict[str, Any] = {}
    for name, check in (
        ("title", _title),
        ("status", _status),
        ("currency", _currency),
    ):
        if name in changes:
            try:
                values[name] = check(changes[name] or "")
            except InvalidFields as refused:
                wrong.update(refused.fields)
    if "budget" in changes:
        currency = values.get("currency", proposal.currency)
        try:
            values["budget"] = _budget(changes["budget"], currency, lang)
        except InvalidFields as refused:
            wrong.update(refused.fields)
    if wrong:
        raise InvalidFields(wrong)
    old = _described(proposal)
    for name, value in values.items():
        setattr(proposal, name, value)
    new = _described(proposal)
    if new == old:
        return proposal
    proposal.updated_by_id, proposal.updated_at = user.id, utcnow()
    audit.record(session, user, EDIT, old=old, new=new)
    _commit(session)
    return proposal


def _status(code: str) -> str:
    if code not in PROPOSAL_STATUSES:
        raise InvalidFields(
            {
                "status": refusal_text(
                    "Status: choose one of %(choices)s.", choices=", ".join(PROPOSAL_STATUSES)
                )
            }
        )
    return code


def add_action(
    session: Session, user: User, proposal: StoredProposal, plan_action_id: int
) -> StoredProposal:
    """Take up one more request of the region's countries (one no proposal takes up yet)."""
    region = proposal.region
    _allowed(user, region)
    requests = {
        r.plan_action_id: r for group in region_requests(session, region) for r in group.requests
    }
    request = requests.get(plan_action_id)
    if request is None:
        raise InvalidFields({"action": refusal_text("Choose a request of the region's countries.")})
    if request.proposal is not None:
        raise InvalidFields(
            {
                "action": refusal_text(
                    "This request is in the proposal '%(title)s' already.",
                    title=request.proposal.title,
                )
            }
        )
    row = session.get(PlanAction, plan_action_id)
    proposal.actions.append(ProposalAction(plan_action=row))
    proposal.updated_by_id, proposal.updated_at = user.id, utcnow()
    audit.record(session, user, ADD, new={"proposal": proposal.id, **_action_named(row)})
    _commit(session)
    return proposal


def remove_action(
    session: Session, user: User, proposal: StoredProposal, plan_action_id: int
) -> StoredProposal:
    """Leave one action out of the proposal (the country's request stays, free again)."""
    _allowed(user, proposal.region)
    item = next((i for i in proposal.actions if i.plan_action_id == plan_action_id), None)
    if item is None:
        raise InvalidFields({"action": refusal_text("The proposal has no such action.")})
    old = {"proposal": proposal.id, **_action_named(item.plan_action)}
    proposal.actions.remove(item)
    proposal.updated_by_id, proposal.updated_at = user.id, utcnow()
    audit.record(session, user, REMOVE, old=old)
    _commit(session)
    return proposal


def _commit(session: Session) -> None:
    """Commit; an action another proposal took up meanwhile is refused, nothing saved."""
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise InvalidFields(
            {"action": refusal_text("Another proposal took up this request meanwhile.")}
        ) from None
