"""Plan pages: national and regional plans, editing an action, the report page, report jobs."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy.exc import OperationalError, ProgrammingError
from werkzeug.exceptions import NotFound

from assess.extensions import Database, db, file_store
from assess.jobs.backends import Limits, make_backend
from assess.models import ReportJob
from assess.plans.interregional import FEWEST_SHOWN
from assess.plans.model import FUNDING_SOURCES, SUPPORT_FORMS
from assess.reports.render import contents
from assess.services import (
    access,
    assistance,
    interregional,
    plan_budgets,
    plan_reports,
    plans,
    progress,
    report_jobs,
)
from assess.services.errors import InvalidFields, ServiceError
from assess.services.file_store import StoreError
from assess.services.plan_edits import (
    EDITABLE,
    KPI_FIELDS,
    KPI_LIMIT,
    KPI_TEXT_LIMIT,
    LABELS,
    TEXT_LIMIT,
    computed_cost,
)
from assess.services.plan_inputs import inputs_changed, visible_assessments_of
from assess.services.plan_views import (
    action_rows,
    action_title,
    node_titles,
    row_of,
    unit_cost_titles,
)
from assess.services.progress import LABELS as PROGRESS_LABELS
from assess.web.i18n import LANGUAGES, get_locale, said
from assess.web.policies import declare_policy, policy
from assess.words.catalogue import text_direction
from assess.words.numbers import CURRENCIES, currency_name, money, number
from assess.words.plan_codes import code_word, yes_no

bp = Blueprint("plans", __name__)


class ButtonForm(FlaskForm):
    """A button that changes something: carries only the CSRF token."""


@declare_policy("plan")
def _plan(user, args: dict[str, Any]) -> dict[str, Any]:
    """`plan_id` -> `plan`, for whoever may read that plan's pages."""
    plan = plans.plan_by_id(db.session, args.pop("plan_id"))
    if not access.can_see_plan(user, plan):
        raise NotFound()
    args["plan"] = plan
    return args


@declare_policy("plan-job")
def _plan_job(user, args: dict[str, Any]) -> dict[str, Any]:
    """`job_id` -> `job`, for whoever may follow it (access.can_follow_job)."""
    job = db.session.get(ReportJob, args.pop("job_id"))
    if job is None or not access.can_follow_job(user, job):
        raise NotFound()
    args["job"] = job
    return args


@declare_policy("interregional")
def _interregional(user, args: dict[str, Any]) -> dict[str, Any]:
    """Coordinators and admins (404 for the others, as for a region they do not see)."""
    if not access.sees_interregional(user):
        raise NotFound()
    return args


@bp.record_once
def _configure(state: BlueprintSetupState) -> None:
    """The report folders and the job backend, from the settings create_app has checked."""
    app = state.app
    app.config.setdefault("REPORTS_DIR", plan_reports.DEFAULT_REPORTS_DIR)
    app.config.setdefault("REPORT_RESULT_DIR", Path(app.instance_path) / "reports")
    limits = Limits(app.config["ASSESS_JOB_TIMEOUT"], app.config["ASSESS_JOB_MEMORY_MB"] * 1024**2)
    app.extensions["assess.jobs"] = make_backend(
        app.config["ASSESS_JOB_BACKEND"],
        task=report_jobs.TASK,
        settings=report_jobs.settings_for(app.config),
        limits=limits,
        on_failure=report_jobs.failure_recorder(Database.factory(app)),
        concurrency=app.config["ASSESS_JOB_CONCURRENCY"],
        redis_url=app.config["ASSESS_REDIS_URL"],
        queue=app.config["ASSESS_JOB_QUEUE"],
        attempts=report_jobs.ATTEMPTS,
    )
    _fail_jobs_left_running(app)


def _fail_jobs_left_running(app) -> None:
    """Jobs a stopped server left unfinished are failed at start, once past their time bound."""
    with Database.factory(app)() as session:
        try:
            report_jobs.fail_overdue(session, app.config["ASSESS_JOB_TIMEOUT"], **_overdue(app))
        except (OperationalError, ProgrammingError):
            # A database not migrated yet has no jobs table, hence no job to fail.
            session.rollback()


def _overdue(app) -> dict[str, bool]:
    """A Redis queue keeps its waiting jobs when a web process stops; the embedded backend's
    wait in the memory of a process that may have stopped."""
    return {"queue_keeps_jobs": app.config["ASSESS_JOB_BACKEND"] != "embedded"}


def _user():
    return current_user._get_current_object()


@bp.context_processor
def _plan_words() -> dict[str, Any]:
    # The words for an action's codes (priority, horizon, status), as its reports print them.
    lang = str(get_locale() or "en")
    return {"plan_word": lambda kind, code: code_word(kind, code, lang)}


def _lang() -> str:
    chosen = request.values.get("lang", "")
    return chosen if chosen in LANGUAGES else str(get_locale() or "en").split("_")[0]


@bp.get("/assessments/<int:assessment_id>/plan")
@policy("assessment")
def national(assessment):
    stored = plans.national_plan_of(db.session, assessment)
    return render_template(
        "plans/national.html",
        assessment=assessment,
        plan=stored,
        outdated=_outdated(stored),
        rows=action_rows(stored, _lang()),
        title_of=node_titles(db.session, stored, _lang()),
        may_generate=access.can_generate_national(_user(), assessment),
        form=ButtonForm(),
        languages=LANGUAGES,
        budget=plan_budgets.national_budget_section(db.session, stored, _lang()),
        chart=_chart,
    )


@bp.post("/assessments/<int:assessment_id>/plan/generate")
@policy("assessment")
def generate_national(assessment):
    if not ButtonForm().validate_on_submit():
        return redirect(url_for(".national", assessment_id=assessment.id))
    result = plans.generate_national(db.session, _user(), assessment)
    flash(said(result.summary()), "success")
    return redirect(url_for(".national", assessment_id=assessment.id), code=303)


@bp.get("/regions/<region_code>/plan")
@policy("region")
def regional(region):
    stored = plans.regional_plan_of(db.session, region)
    return render_template(
        "plans/regional.html",
        region=region,
        assessments=visible_assessments_of(db.session, region),
        plan=stored,
        outdated=_outdated(stored),
        rows=action_rows(stored, _lang()),
        title_of=node_titles(db.session, stored, _lang()),
        form=ButtonForm(),
        languages=LANGUAGES,
        proposals=assistance.region_proposals(db.session, region, _lang()),
        money=lambda value, currency: money(value, currency, _lang()),
        budget=plan_budgets.regional_budget_section(db.session, stored, _lang()),
        chart=_chart,
    )


def _chart(block) -> Markup:
    """A chart block of a plan's page as SVG, in the page's language and direction (the chart
    escapes its labels itself)."""
    lang = _lang()
    return Markup(block.svg(text_direction(lang) == "rtl", lang))


def _outdated(stored) -> bool:
    return stored is not None and inputs_changed(db.session, stored)


@bp.post("/regions/<region_code>/plan/generate")
@policy("region")
def generate_regional(region):
    if ButtonForm().validate_on_submit():
        result = plans.generate_regional(db.session, _user(), region)
        flash(said(result.summary()), "success")
    return redirect(url_for(".regional", region_code=region.code), code=303)


@bp.get("/interregional")
@policy("interregional")
def interregional_overview():
    found = interregional.overview(db.session, _user(), _lang())
    return render_template("interregional/index.html", overview=found, fewest=FEWEST_SHOWN)


def _interregional_report():
    return interregional.interregional_report(
        db.session, _user(), lang=_lang(), marking=_marking(), when=None
    )


@bp.get("/interregional/report")
@policy("interregional")
def interregional_report():
    return _report_page(_interregional_report(), url_for(".interregional_overview"))


@bp.post("/interregional/report")
@policy("interregional")
def start_interregional_report():
    if not ButtonForm().validate_on_submit():
        return render_template("errors/refused.html", status=400, message=None), 400
    backend = current_app.extensions["assess.jobs"]
    job = report_jobs.start_interregional(
        db.session, _user(), _lang(), backend, per_user=current_app.config["ASSESS_JOBS_PER_USER"]
    )
    return redirect(url_for(".job", job_id=job.id), code=303)


@bp.route("/plans/<int:plan_id>/actions/<action_id>", methods=["GET", "POST"])
@policy("plan")
def edit_action(plan, action_id):
    row = row_of(plan, action_id, _lang())
    may_edit = access.can_edit_plan(_user(), plan)
    if request.method == "POST":
        if not may_edit:
            return render_template("errors/refused.html", status=403, message=None), 403
        if ButtonForm().validate_on_submit():
            changes = {name: request.form.get(name, "") for name in EDITABLE if name != "kpis"}
            changes["assistance_requested"] = "assistance_requested" in request.form
            typed_kpis = _typed_kpis()
            if typed_kpis is not None:
                changes["kpis"] = typed_kpis
            try:
                plans.edit_action(
                    db.session,
                    _user(),
                    plan,
                    action_id,
                    row.as_stored(changes),
                    lang=_lang(),
                    currency=_currency(),
                )
            except InvalidFields as refused:
                db.session.rollback()
                # The page again, every value as typed and each reason beside its field.
                errors = {name: said(text) for name, text in refused.fields.items()}
                return _action_page(plan, row, may_edit, changes, errors), 422
            flash(_("Action saved: %(title)s.", title=row["title"]), "success")
            return redirect(_plan_url(plan), code=303)
    return _action_page(plan, row, may_edit)


def _typed_kpis() -> list[dict[str, str]] | None:
    """The KPI rows the form sent, as typed (None: the form sent none, so they stay as they
    are). Only the rows the form shows are read."""
    if not any(f"kpi-{i}-name" in request.form for i in range(KPI_LIMIT)):
        return None
    return [
        {field: request.form.get(f"kpi-{i}-{field}", "") for field in KPI_FIELDS}
        for i in range(KPI_LIMIT)
        if f"kpi-{i}-name" in request.form
    ]


@bp.post("/plans/<int:plan_id>/actions/<action_id>/progress")
@policy("plan")
def record_progress(plan, action_id):
    row = row_of(plan, action_id, _lang())
    if not access.can_edit_plan(_user(), plan):
        return render_template("errors/refused.html", status=403, message=None), 403
    page = url_for(".edit_action", plan_id=plan.id, action_id=action_id)
    if not ButtonForm().validate_on_submit():
        return render_template("errors/refused.html", status=400, message=None), 400
    typed = {name: request.form.get(name, "") for name in PROGRESS_LABELS}
    try:
        progress.record_progress(db.session, _user(), plan, action_id, typed)
    except InvalidFields as refused:
        db.session.rollback()
        errors = {name: said(text) for name, text in refused.fields.items()}
        return _action_page(plan, row, True, progress_typed=typed, progress_errors=errors), 422
    flash(_("Progress recorded: %(kpi)s.", kpi=typed["kpi"]), "success")
    return redirect(page + "#progress", code=303)


def _action_page(
    plan, row, may_edit: bool, typed=None, errors=None, progress_typed=None, progress_errors=None
) -> str:
    lang = _lang()
    title_of = node_titles(db.session, plan, lang)
    computed = computed_cost(row.proposed)
    # The cost field holds a person's cost only: blank, the action costs what was computed.
    cost = row.edits.get("cost") if computed is not None else row.fields.get("cost")
    shown = {
        **row.fields,
        # Dates as people set them; the defaults show beside the fields, never saved as theirs.
        "start": row.edits.get("start", ""),
        "end": row.edits.get("end", ""),
        "cost": number(cost, lang) if cost is not None else "",
        "currency": row.fields.get("currency") or _currency(),
        # The template's KPI in the page's language (saved unchanged, it stays the stored one).
        "kpis": [{**asdict(kpi), "name": row.kpi_name(kpi.name).text} for kpi in row["kpis"]],
    }
    values = shown if typed is None else {**shown, **typed}
    kpi_rows = list(values["kpis"])[:KPI_LIMIT]
    blank = dict.fromkeys(KPI_FIELDS, "")
    kpi_rows += [blank] * (min(len(kpi_rows) + 2, KPI_LIMIT) - len(kpi_rows))
    return render_template(
        "plans/action.html",
        row=row,
        title_of=title_of,
        field_name=lambda name: said(LABELS[name]) if name in LABELS else name,
        trail_value=lambda name, value: _trail_value(name, value, lang),
        values=values,
        kpi_rows=kpi_rows,
        defaults={"start": row["start"], "end": row["end"]},
        errors=errors or {},
        currencies=[(code, currency_name(code, lang)) for code in CURRENCIES],
        funding_sources=FUNDING_SOURCES,
        support_forms=SUPPORT_FORMS,
        costing=_costing(plan, row, title_of, lang) if computed is not None else None,
        plan_id=plan.id,
        kpi_limit=KPI_LIMIT,
        kpi_text_limit=KPI_TEXT_LIMIT,
        text_limit=TEXT_LIMIT,
        may_edit=may_edit,
        back=_plan_url(plan),
        trail=plans.edit_trail(db.session, plan, row.action_id),
        progress=progress.progress_of(db.session, plan, row.action_id),
        progress_values=progress_typed or {},
        progress_errors=progress_errors or {},
        form=ButtonForm(),
    )


def _costing(plan, row, title_of, lang: str) -> dict[str, Any]:
    """The cost the costing computed for the action: in total, per plan year (by calendar year
    when the plan has one), and per line item (with the multiplier questions left unanswered)."""
    currency = row.proposed.get("currency") or ""
    first = row.proposed.get("plan_start_year")
    years = [
        (str(first + i) if first else _("Year %(n)s", n=i + 1), _amount(value, currency, lang))
        for i, value in enumerate(row.proposed.get("year_costs") or ())
    ]
    unit_cost_title = unit_cost_titles(db.session, plan, lang)
    lines = [
        {
            "title": unit_cost_title(line.get("unit_cost", "")),
            "total": _amount(
                sum(computed_cost({"cost": v}) or 0 for v in line.get("years") or ()),
                currency,
                lang,
            ),
            "missing": [title_of(question).text for question in line.get("missing") or ()],
        }
        for line in row.proposed.get("cost_lines") or ()
    ]
    override = row.edits.get("cost")
    return {
        "total": _amount(row.proposed.get("cost"), currency, lang),
        "years": years,
        "lines": lines,
        "override": _amount(override, row.edits.get("currency") or currency, lang),
        "reason": row.edits.get("cost_reason", "") if override is not None else "",
        # Another action of the plan uses the same template and carries its cost: its title.
        "shared_with": _carrier_title(plan, row.proposed.get("cost_shared_with") or "", lang),
    }


def _carrier_title(plan, action_id: str, lang: str) -> str:
    """The title of the plan's action `action_id` (its id when the plan no longer has it)."""
    if not action_id:
        return ""
    return action_title(plan, action_id, lang).text or action_id


def _amount(value, currency: str, lang: str) -> str:
    """A stored amount (a number, or its text) in `currency` as `lang` writes it."""
    amount = computed_cost({"cost": value})
    if amount is None:
        return ""
    return money(amount, currency, lang) if currency else number(amount, lang)


def _trail_value(name: str, value: Any, lang: str) -> str:
    """A value of an action's history as people read it."""
    if value is None or value == "":
        return ""
    if name == "cost":
        return number(computed_cost({"cost": value}), lang, places=2)
    if name == "kpis":
        return "; ".join(k.get("name", "") for k in value if isinstance(k, dict))
    if name in ("funding_source", "support", "horizon", "status", "priority"):
        kind = {"funding_source": "funding"}.get(name, name)
        return code_word(kind, str(value), lang)
    if name == "assistance_requested":
        return yes_no(bool(value), lang)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _currency() -> str:
    return current_app.config["ASSESS_CURRENCY"]


def _plan_url(plan) -> str:
    if plan.kind == "national":
        return url_for(".national", assessment_id=plan.assessment_id)
    return url_for(".regional", region_code=plan.region.code)


@bp.get("/assessments/<int:assessment_id>/plan/report")
@policy("assessment")
def national_report(assessment):
    back = url_for(".national", assessment_id=assessment.id)
    try:
        stored = plans.reported_national_plan(db.session, assessment)
        report = plan_reports.national_report(
            db.session, stored, lang=_lang(), marking=_marking(), when=None
        )
    except ServiceError as nothing:
        return _no_report(nothing, back)
    return _report_page(report, back)


@bp.get("/regions/<region_code>/plan/report")
@policy("region")
def regional_report(region):
    back = url_for(".regional", region_code=region.code)
    try:
        stored = plans.reported_regional_plan(db.session, region)
        report = plan_reports.regional_report(
            db.session, stored, lang=_lang(), marking=_marking(), when=None
        )
    except ServiceError as nothing:
        return _no_report(nothing, back)
    return _report_page(report, back)


def _no_report(reason: ServiceError, back: str):
    # No plan generated yet, or nothing to plan from: the page says so, it is no error.
    return render_template("plans/no_report.html", message=said(reason), back=back)


def _marking() -> str | None:
    """The operator's marking; None: the standard one, in the report's language."""
    return current_app.config["ASSESS_REPORT_MARKING"]


def _report_page(report, back: str):
    document = report.document
    rtl = document.direction == "rtl"
    return render_template(
        "plans/report.html",
        doc=document,
        toc=contents(document.sections),
        rtl=rtl,
        chart=lambda block: Markup(block.svg(rtl, document.lang)),
        stamp=report.stamp,
        back=back,
    )


@bp.post("/assessments/<int:assessment_id>/plan/report")
@policy("assessment")
def start_national_report(assessment):
    stored = plans.national_plan_of(db.session, assessment)
    if stored is None:
        stored = plans.generate_national(db.session, _user(), assessment).plan
    return _start(stored)


@bp.post("/regions/<region_code>/plan/report")
@policy("region")
def start_regional_report(region):
    stored = plans.regional_plan_of(db.session, region)
    if stored is None:
        stored = plans.generate_regional(db.session, _user(), region).plan
    return _start(stored)


def _start(stored):
    if not ButtonForm().validate_on_submit():
        return render_template("errors/refused.html", status=400, message=None), 400
    backend = current_app.extensions["assess.jobs"]
    job = report_jobs.start_report(
        db.session,
        _user(),
        stored,
        _lang(),
        backend,
        per_user=current_app.config["ASSESS_JOBS_PER_USER"],
    )
    return redirect(url_for(".job", job_id=job.id), code=303)


@bp.get("/plans/jobs/<int:job_id>")
@policy("plan-job")
def job(job):
    config = current_app.config
    report_jobs.fail_overdue(db.session, config["ASSESS_JOB_TIMEOUT"], **_overdue(current_app))
    db.session.refresh(job)
    return render_template("plans/job.html", job=job)


@bp.get("/plans/jobs/<int:job_id>/download")
@policy("plan-job")
def download(job):
    if job.status != "done" or not (job.result_key or "").startswith("reports/"):
        raise NotFound()
    store = file_store()
    # Only the file this job's worker stored is ever sent (the key names the reports' area).
    try:
        size = store.size(job.result_key)
        content = store.open(job.result_key) if size is not None else None
    except StoreError:
        content = None
    if content is None:
        raise NotFound()
    name = report_jobs.download_name(job.result_key)
    response = send_file(
        content, mimetype="application/pdf", as_attachment=True, download_name=name
    )
    response.content_length = size
    return response
