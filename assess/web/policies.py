"""Access, declared once: every view names its policy with @policy("name").

A policy checks the signed-in user against the route's arguments and hands the view the objects
it may see: `@policy("assessment")` turns `assessment_id` into `assessment`, or answers 404 when
the user's country or region has no business knowing it exists. tests/web/test_policies.py fails
on any route whose view declares no policy.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import NotFound

from assess.extensions import db, login_manager
from assess.models import Assessment, Country, Region, User
from assess.services import access

Check = Callable[[User | None, dict[str, Any]], dict[str, Any]]
POLICIES: dict[str, Check] = {}


def declare_policy(name: str) -> Callable[[Check], Check]:
    """Register a check as the policy called `name`, for routes that declare it with `policy`."""

    def register(check: Check) -> Check:
        if name in POLICIES:
            raise ValueError(f"policy {name!r} declared twice")
        POLICIES[name] = check
        return check

    return register


# Its country in the same statement: every access check reads it. Built once: every request on an
# assessment runs it.
_ASSESSMENT_BY_ID = (
    select(Assessment)
    .where(Assessment.id == bindparam("assessment_id"))
    .options(joinedload(Assessment.country))
)


def assessment_for(user: User, assessment_id: int) -> Assessment:
    """The assessment if `user` may see it; 404 otherwise (its existence is not revealed)."""
    assessment = db.session.execute(
        _ASSESSMENT_BY_ID, {"assessment_id": assessment_id}
    ).scalar_one_or_none()
    if assessment is None or not access.can_see_assessment(user, assessment):
        raise NotFound()
    return assessment


def region_for(user: User, code: str) -> Region:
    """The region if `user` may see it; 404 otherwise."""
    region = db.session.scalar(select(Region).where(Region.code == code))
    if region is None or not access.can_see_region(user, region):
        raise NotFound()
    return region


@declare_policy("public")
def _public(user: User | None, args: dict[str, Any]) -> dict[str, Any]:
    """Anyone, signed in or not (the sign-in page, static files)."""
    return args


@declare_policy("signed-in")
def _signed_in(user: User | None, args: dict[str, Any]) -> dict[str, Any]:
    """Any signed-in user; the view shows only what access.visible_* allows."""
    return args


@declare_policy("admin")
def _admin(user: User | None, args: dict[str, Any]) -> dict[str, Any]:
    """Administrators only (403 for the others: admin pages reveal no country's data)."""
    if not access.can_administer(user):
        abort(403)
    return args


@declare_policy("region")
def _region(user: User | None, args: dict[str, Any]) -> dict[str, Any]:
    """`region_code` -> `region`, for admins and the region's secretariat."""
    args["region"] = region_for(user, args.pop("region_code"))
    return args


@declare_policy("assessment")
def _assessment(user: User | None, args: dict[str, Any]) -> dict[str, Any]:
    """`assessment_id` -> `assessment`, for whoever sees its country."""
    args["assessment"] = assessment_for(user, args.pop("assessment_id"))
    return args


@declare_policy("country-trends")
def _country_trends(user: User | None, args: dict[str, Any]) -> dict[str, Any]:
    """`country_code` -> `country`, for whoever may see its trends (others: 404)."""
    country = db.session.scalar(select(Country).where(Country.code == args.pop("country_code")))
    if country is None or not access.can_see_country_trends(user, country):
        raise NotFound()
    args["country"] = country
    return args


@declare_policy("region-trends")
def _region_trends(user: User | None, args: dict[str, Any]) -> dict[str, Any]:
    """`region_code` -> `region`, for whoever may see its trends (others: 404)."""
    region = db.session.scalar(select(Region).where(Region.code == args.pop("region_code")))
    if region is None or not access.can_see_region_trends(user, region):
        raise NotFound()
    args["region"] = region
    return args


@declare_policy("assessment-review")
def _assessment_review(user: User | None, args: dict[str, Any]) -> dict[str, Any]:
    """`assessment_id` -> `assessment`, for its secretariat and admins (others: 404 or 403)."""
    assessment = assessment_for(user, args.pop("assessment_id"))
    if not access.can_review(user, assessment):
        abort(403)
    args["assessment"] = assessment
    return args


@declare_policy("ministries")
def _ministries(user: User | None, args: dict[str, Any]) -> dict[str, Any]:
    """`country_code` -> `country`, for whoever may see its national team (others: 404)."""
    country = db.session.scalar(select(Country).where(Country.code == args.pop("country_code")))
    if country is None or not access.can_see_ministries(user, country):
        raise NotFound()
    args["country"] = country
    return args


def policy(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare the view's access policy; every policy but "public" requires signing in."""
    check = POLICIES[name]

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def guarded(**kwargs: Any) -> Any:
            if name == "public":
                return view(**check(None, kwargs))
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            return view(**check(current_user._get_current_object(), kwargs))

        guarded.policy = name  # type: ignore[attr-defined]
        return guarded

    return decorate


def policy_of(view: Callable[..., Any]) -> str | None:
    """The policy a view declared, or None."""
    return getattr(view, "policy", None)
