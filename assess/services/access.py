"""Who may see and do what: every rule that reads a person's role, written once.

Views, services, report jobs, commands and templates ask these predicates; no other module
compares a role (tests/test_access_rules.py fails when one does).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, or_, select

from assess.models import Assessment, Country, Ministry, Plan, Region, ReportJob, Role, User

EDITABLE_STATUSES = ("draft", "returned")
# The roles that belong to one country: the national team of that country.
NATIONAL_ROLES = (Role.NFP, Role.TEAM)
# Role -> whether it belongs to a region, and to a country.
PLACES: dict[Role, dict[str, bool]] = {
    Role.ADMIN: {"region": False, "country": False},
    Role.EXPERT: {"region": False, "country": False},
    Role.SECRETARIAT: {"region": True, "country": False},
    Role.NFP: {"region": False, "country": True},
    Role.TEAM: {"region": False, "country": True},
    Role.COORDINATOR: {"region": False, "country": False},
}


def _national(user: User, country_id: int) -> bool:
    """Whether `user` is the NFP or a team member of this country."""
    return user.role in NATIONAL_ROLES and user.country_id == country_id


def _nfp(user: User, country_id: int) -> bool:
    return user.role == Role.NFP and user.country_id == country_id


def _secretariat(user: User, region_id: int) -> bool:
    return user.role == Role.SECRETARIAT and user.region_id == region_id


def sees_all(user: User) -> bool:
    """Admins see every region and country."""
    return user.role == Role.ADMIN


def can_administer(user: User) -> bool:
    """Places, every account, password resets and the people log: admins only."""
    return user.role == Role.ADMIN


def studies_versions(user: User) -> bool:
    """Experts and admins read every questionnaire version, its changes and previews, and drafts."""
    return user.role in (Role.EXPERT, Role.ADMIN)


def sees_interregional(user: User) -> bool:
    """Every region's aggregates side by side (never a country's data): coordinators and admins."""
    return user.role in (Role.COORDINATOR, Role.ADMIN)


def overseen_region(user: User) -> Region | None:
    """The region whose secretariat `user` is, if any."""
    return user.region if user.role == Role.SECRETARIAT else None


def has_one_of(user: User, roles: Iterable[str]) -> bool:
    """Whether `user`'s role is one of `roles` (e.g. the roles a setting names)."""
    return user.role in tuple(roles)


def may_be_limited_to_areas(role: str) -> bool:
    """Team members may be limited to some areas (none listed: every area); nobody else is."""
    return role == Role.TEAM


def can_see_region(user: User, region: Region) -> bool:
    """Admins see every region; a secretariat its own."""
    return sees_all(user) or _secretariat(user, region.id)


def can_see_country(user: User, country: Country) -> bool:
    """A country is seen by its own NFP and team, its region's secretariat and admins."""
    if user.role in NATIONAL_ROLES:
        return user.country_id == country.id
    return can_see_region(user, country.region)


def can_see_country_trends(user: User, country: Country) -> bool:
    """A country's trends: its NFP and team, its region's secretariat, admins (no coordinator)."""
    return can_see_country(user, country)


def can_see_region_trends(user: User, region: Region) -> bool:
    """A region's trends: its secretariat and admins."""
    return can_see_region(user, region)


def can_see_assessment(user: User, assessment: Assessment) -> bool:
    """An assessment is seen by whoever sees its country (experts see no country's answers)."""
    return can_see_country(user, assessment.country)


def can_review(user: User, assessment: Assessment) -> bool:
    """Return and accept: the secretariat of the country's region, or an admin."""
    return user.role in (Role.ADMIN, Role.SECRETARIAT) and can_see_assessment(user, assessment)


def can_settle_queries(user: User, assessment: Assessment) -> bool:
    """Raise, close and reopen queries, and write in their threads: whoever reviews it."""
    return can_review(user, assessment)


def can_reply_to_query(user: User, assessment: Assessment, area_ids: Iterable[str]) -> bool:
    """Reply to a query on a question of these areas: the country's NFP, or its team within their
    areas (those who may change the answer it is about)."""
    return can_edit_area(user, assessment, area_ids)


def can_open_round(user: User, country: Country) -> bool:
    """Open a round: an admin, or the secretariat of the country's region."""
    return user.role in (Role.ADMIN, Role.SECRETARIAT) and can_see_country(user, country)


def can_submit(user: User, assessment: Assessment) -> bool:
    """Submit and resubmit: the country's NFP."""
    return _nfp(user, assessment.country_id)


def can_withdraw(user: User, assessment: Assessment) -> bool:
    """Withdraw a submission before its review starts: the country's NFP, who sent it."""
    return _nfp(user, assessment.country_id)


def can_reopen(user: User, assessment: Assessment) -> bool:
    """Reopen an accepted assessment, saying why: an admin or its region's secretariat."""
    return can_review(user, assessment)


def can_share_answers(user: User, assessment: Assessment) -> bool:
    """Agree (or stop) printing the country's answers in its region's plan report: its NFP."""
    return _nfp(user, assessment.country_id)


def can_edit_area(user: User, assessment: Assessment, area_ids: Iterable[str]) -> bool:
    """Change answers under these areas: the country's NFP, or its team within their areas."""
    if _nfp(user, assessment.country_id):
        return True
    if user.role != Role.TEAM or user.country_id != assessment.country_id:
        return False
    mine = team_areas(user)
    return not mine or any(area in mine for area in area_ids)


def can_edit_some_area(user: User, assessment: Assessment) -> bool:
    """Change some of the assessment's answers (as can_edit_area says which): its NFP or team."""
    if _nfp(user, assessment.country_id):
        return True
    return user.role == Role.TEAM and user.country_id == assessment.country_id


def team_areas(user: User) -> set[str]:
    """The areas a team member may edit: their own, and those of the ministries they serve in
    (none at all: every area)."""
    return {*user.areas, *(area for ministry in user.ministries for area in ministry.areas)}


def can_see_ministries(user: User, country: Country) -> bool:
    """A country's ministries and agencies: its NFP and team, its secretariat, admins."""
    return can_see_country(user, country)


def can_manage_ministries(user: User, country: Country) -> bool:
    """Name the ministries, their members and areas: the country's NFP alone."""
    return _nfp(user, country.id)


def can_mark_part(user: User, assessment: Assessment, ministry: Ministry) -> bool:
    """Mark a ministry's part of an assessment done (or not): the NFP, or one of its members."""
    if ministry.country_id != assessment.country_id:
        return False
    if _nfp(user, assessment.country_id):
        return True
    return _national(user, assessment.country_id) and user in ministry.members


def can_see_plan(user: User, plan: Plan) -> bool:
    """Read a plan's pages: whoever sees its assessment, or its region for a regional plan."""
    if plan.kind == "national":
        return can_see_assessment(user, plan.assessment)
    return can_see_region(user, plan.region)


def works_on_national_plan(user: User, assessment: Assessment) -> bool:
    """Work with a country's plan: its NFP and team and its region's secretariat (admins read)."""
    country = assessment.country
    return _national(user, country.id) or _secretariat(user, country.region_id)


def can_generate_national(user: User, assessment: Assessment) -> bool:
    """(Re)generate a country's plan: its NFP and its region's secretariat."""
    country = assessment.country
    return _nfp(user, country.id) or _secretariat(user, country.region_id)


def can_generate_regional(user: User, region: Region) -> bool:
    """(Re)generate a region's plan: its secretariat."""
    return _secretariat(user, region.id)


def can_edit_plan(user: User, plan: Plan) -> bool:
    """Change a plan's actions: the country's NFP, or the region's secretariat for its plan."""
    if plan.kind == "national":
        return _nfp(user, plan.assessment.country_id)
    return _secretariat(user, plan.region_id)


def can_see_assistance(user: User, region: Region) -> bool:
    """A region's assistance requests, grouped, and its proposals: its secretariat and admins."""
    return can_see_region(user, region)


def can_manage_proposals(user: User, region: Region) -> bool:
    """Make a region's project proposals and change them: its secretariat (admins read)."""
    return _secretariat(user, region.id)


def can_see_country_assistance(user: User, country: Country) -> bool:
    """A country's own assistance requests and the proposals it is part of (title and status):
    its NFP and team, its region's secretariat and admins."""
    return can_see_country(user, country)


def sees_proposal_partners(user: User, region: Region) -> bool:
    """Which countries a proposal takes up, and their actions: whoever sees the region's requests.
    A country sees only its own part (the secretariat shares the rest outside the application)."""
    return can_see_assistance(user, region)


def can_make_report(user: User, plan: Plan) -> bool:
    """Make and download a plan's report: those who work with the plan (not admins)."""
    if plan.kind == "national":
        return works_on_national_plan(user, plan.assessment)
    return _secretariat(user, plan.region_id)


def can_follow_job(user: User, job: ReportJob) -> bool:
    """A report job's page and file: a plan's, for whoever may make its report; the interregional
    report's, for the coordinator or admin who asked for it."""
    if job.plan is None:
        return sees_interregional(user) and job.created_by_id == user.id
    return can_make_report(user, job.plan)


def can_manage(actor: User, person: User) -> bool:
    """Admins manage everyone; a secretariat the NFP and team accounts of its region's countries."""
    if can_administer(actor):
        return True
    return (
        actor.role == Role.SECRETARIAT
        and person.role in NATIONAL_ROLES
        and person.country is not None
        and person.country.region_id == actor.region_id
    )


def visible_assessments(user: User) -> Select[tuple[Assessment]]:
    """A query for the assessments `user` may see, newest first."""
    query = select(Assessment).join(Assessment.country).order_by(Assessment.id.desc())
    if sees_all(user):
        return query
    if user.role == Role.SECRETARIAT:
        return query.where(Country.region_id == user.region_id)
    if user.role in NATIONAL_ROLES:
        return query.where(Assessment.country_id == user.country_id)
    return query.where(False)


def visible_regions(user: User) -> Select[tuple[Region]]:
    """A query for the regions `user` may see."""
    query = select(Region).order_by(Region.code)
    if sees_all(user):
        return query
    if user.role == Role.SECRETARIAT:
        return query.where(Region.id == user.region_id)
    return query.where(False)


def visible_plans(user: User) -> Select[tuple[Plan]]:
    """A query for the plans `user` may read (as `can_see_plan`), newest first."""
    query = select(Plan).order_by(Plan.id.desc())
    if sees_all(user):
        return query
    assessments = visible_assessments(user).with_only_columns(Assessment.id).order_by(None)
    regions = visible_regions(user).with_only_columns(Region.id).order_by(None)
    return query.where(
        or_(
            Plan.assessment_id.in_(assessments),
            Plan.region_id.in_(regions),
        )
    )


def managed_accounts(region: Region) -> Select[tuple[User]]:
    """A query for the accounts its secretariat manages: the national ones of its countries."""
    country_ids = [country.id for country in region.countries]
    return select(User).where(User.country_id.in_(country_ids), User.role.in_(NATIONAL_ROLES))


def team_accounts(country: Country) -> Select[tuple[User]]:
    """Who may serve in the country's ministries: its active NFP and team accounts, by name."""
    return (
        select(User)
        .where(
            User.country_id == country.id,
            User.role.in_(NATIONAL_ROLES),
            User.active.is_(True),
        )
        .order_by(User.username)
    )


def country_people(assessment: Assessment) -> Select[tuple[User]]:
    """Who hears about a country's assessment coming back to it: its active NFP and team."""
    return select(User).where(
        User.active.is_(True),
        User.country_id == assessment.country_id,
        User.role.in_(NATIONAL_ROLES),
    )


def reviewers_of(assessment: Assessment) -> Select[tuple[User]]:
    """Who hears about an assessment sent for review: its region's active secretariat."""
    return select(User).where(
        User.active.is_(True),
        User.role == Role.SECRETARIAT,
        User.region_id == assessment.country.region_id,
    )
