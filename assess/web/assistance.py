"""The assistance pipeline's pages: a region's requests grouped by gap and its project proposals
(its secretariat and admins), one proposal's page, and a country's own requests and the proposals
it is part of (read only; another country's part of a proposal is never shown to it)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from assess.extensions import db
from assess.models import Country
from assess.plans.model import PROPOSAL_STATUSES
from assess.services import access
from assess.services import assistance as pipeline
from assess.services.errors import InvalidFields, InvalidInput, refusal_text
from assess.services.text_input import parse_id
from assess.web.i18n import get_locale, said
from assess.web.policies import declare_policy, policy, region_for
from assess.words.numbers import CURRENCIES, currency_name, money, number
from assess.words.plan_codes import code_word

bp = Blueprint("assistance", __name__)
# The longest value a proposal form's field takes (a title is 200 characters at most; the
# service refuses longer ones beside the field, this bounds what is read at all).
FIELD_LIMIT = 400


class ButtonForm(FlaskForm):
    """A form that changes something: carries only the CSRF token."""


@declare_policy("region-assistance")
def _region_assistance(user, args: dict[str, Any]) -> dict[str, Any]:
    """`region_code` -> `region`, for whoever sees its requests (others: 404)."""
    region = region_for(user, args.pop("region_code"))
    if not access.can_see_assistance(user, region):
        raise NotFound()
    args["region"] = region
    return args


@declare_policy("proposal")
def _proposal(user, args: dict[str, Any]) -> dict[str, Any]:
    """`region_code` and `proposal_id` -> `region` and `proposal`, the region's own (else 404)."""
    args = _region_assistance(user, args)
    proposal = pipeline.proposal_in(db.session, args["region"], args.pop("proposal_id"))
    if proposal is None:
        raise NotFound()
    args["proposal"] = proposal
    return args


@declare_policy("country-assistance")
def _country_assistance(user, args: dict[str, Any]) -> dict[str, Any]:
    """`country_code` -> `country`, for whoever may see its requests (others: 404)."""
    country = db.session.scalar(select(Country).where(Country.code == args.pop("country_code")))
    if country is None or not access.can_see_country_assistance(user, country):
        raise NotFound()
    args["country"] = country
    return args


def _user():
    return current_user._get_current_object()


def _lang() -> str:
    return str(get_locale() or "en")


@bp.context_processor
def _words() -> dict[str, Any]:
    lang = _lang()

    def amount(value, currency: str) -> str:
        if value is None:
            return ""
        return money(value, currency, lang) if currency else number(value, lang)

    return {
        "plan_word": lambda kind, code: code_word(kind, code, lang),
        "amount": amount,
    }


def _form_value(name: str) -> str:
    value = request.form.get(name, "")
    if len(value) > FIELD_LIMIT:
        abort(413)
    return value


def _region_page(region, errors: dict[str, dict[str, str]] | None = None, typed=None):
    groups = pipeline.region_requests(db.session, region, _lang())
    for key, reasons in (errors or {}).items():
        if all(group.key != key for group in groups):
            # The group is gone (its requests withdrawn meanwhile): said above the page.
            for reason in reasons.values():
                flash(reason, "error")
    page = render_template(
        "assistance/region.html",
        region=region,
        groups=groups,
        proposals=pipeline.region_proposals(db.session, region, _lang()),
        may_manage=access.can_manage_proposals(_user(), region),
        errors=errors or {},
        typed=typed or {},
        form=ButtonForm(),
    )
    return page, 422 if errors else 200


@bp.get("/regions/<region_code>/assistance")
@policy("region-assistance")
def region(region):
    return _region_page(region)


@bp.post("/regions/<region_code>/proposals")
@policy("region-assistance")
def make(region):
    if not access.can_manage_proposals(_user(), region):
        abort(403)
    if not ButtonForm().validate_on_submit():
        return render_template("errors/refused.html", status=400, message=None), 400
    key, title, budget = (_form_value(name) for name in ("group", "title", "budget"))
    try:
        made = pipeline.make_proposal(
            db.session,
            _user(),
            region,
            key,
            title,
            budget=budget,
            currency=current_app.config["ASSESS_CURRENCY"],
            lang=_lang(),
        )
    except InvalidInput as refused:
        db.session.rollback()
        fields = refused.fields if isinstance(refused, InvalidFields) else {"group": refused.text}
        errors = {key: {name: said(text) for name, text in fields.items()}}
        return _region_page(region, errors, {key: {"title": title, "budget": budget}})
    flash(_("Proposal made: %(title)s.", title=made.title), "success")
    return redirect(url_for(".proposal", region_code=region.code, proposal_id=made.id), 303)


def _proposal_page(region, proposal, errors=None, typed=None, status: int = 200):
    shown = pipeline.as_plan_proposal(proposal, _lang())
    lang = _lang()
    values = {
        "title": proposal.title,
        "status": proposal.status,
        "currency": proposal.currency,
        "budget": "" if proposal.budget is None else number(proposal.budget, lang, 2),
        **(typed or {}),
    }
    addable = [
        r
        for group in pipeline.region_requests(db.session, region, _lang())
        for r in group.requests
        if r.proposal is None
    ]
    page = render_template(
        "assistance/proposal.html",
        region=region,
        proposal=proposal,
        shown=shown,
        rows=list(zip(proposal.actions, shown.actions, strict=True)),
        addable=addable,
        may_manage=access.can_manage_proposals(_user(), region),
        statuses=PROPOSAL_STATUSES,
        currencies=[(code, currency_name(code, lang)) for code in CURRENCIES],
        values=values,
        errors=errors or {},
        form=ButtonForm(),
    )
    return page, status


@bp.route("/regions/<region_code>/proposals/<int:proposal_id>", methods=["GET", "POST"])
@policy("proposal")
def proposal(region, proposal):
    if request.method == "GET":
        return _proposal_page(region, proposal)
    if not access.can_manage_proposals(_user(), region):
        abort(403)
    if not ButtonForm().validate_on_submit():
        return render_template("errors/refused.html", status=400, message=None), 400
    changes = {name: _form_value(name) for name in ("title", "status", "currency", "budget")}
    try:
        pipeline.edit_proposal(db.session, _user(), proposal, changes, lang=_lang())
    except InvalidFields as refused:
        db.session.rollback()
        errors = {name: said(text) for name, text in refused.fields.items()}
        return _proposal_page(region, proposal, errors, changes, 422)
    flash(_("Proposal saved: %(title)s.", title=proposal.title), "success")
    return redirect(url_for(".proposal", region_code=region.code, proposal_id=proposal.id), 303)


def _plan_action_id() -> int:
    typed = parse_id(_form_value("plan_action"))
    if typed is None:
        raise InvalidFields({"action": refusal_text("Choose a request of the region's countries.")})
    return typed


def _change_actions(region, proposal, change) -> Any:
    if not access.can_manage_proposals(_user(), region):
        abort(403)
    if not ButtonForm().validate_on_submit():
        return render_template("errors/refused.html", status=400, message=None), 400
    try:
        change(db.session, _user(), proposal, _plan_action_id())
    except InvalidFields as refused:
        db.session.rollback()
        errors = {name: said(text) for name, text in refused.fields.items()}
        return _proposal_page(region, proposal, errors, status=422)
    flash(_("Proposal saved: %(title)s.", title=proposal.title), "success")
    return redirect(url_for(".proposal", region_code=region.code, proposal_id=proposal.id), 303)


@bp.post("/regions/<region_code>/proposals/<int:proposal_id>/actions")
@policy("proposal")
def add_action(region, proposal):
    return _change_actions(region, proposal, pipeline.add_action)


@bp.post("/regions/<region_code>/proposals/<int:proposal_id>/actions/remove")
@policy("proposal")
def remove_action(region, proposal):
    return _change_actions(region, proposal, pipeline.remove_action)


@bp.get("/countries/<country_code>/assistance")
@policy("country-assistance")
def country(country):
    return render_template(
        "assistance/country.html",
        country=country,
        requests=pipeline.country_requests(db.session, country, _lang()),
        proposals=pipeline.country_proposals(db.session, country, _lang()),
        sees_region=access.can_see_assistance(_user(), country.region),
    )
