"""The start page: what the signed-in user may see, by status."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from assess.extensions import db
from assess.models import STATUSES
from assess.services import access, drafts, queries
from assess.services import assessments as lifecycle
from assess.services.questionnaires import questionnaire_of
from assess.web.i18n import get_locale
from assess.web.policies import policy
from assess.web.questionnaires import shelves as questionnaire_shelves
from assess.words.numbers import percent
from assess.words.texts import shown

bp = Blueprint("home", __name__)


@bp.route("/")
@policy("public")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for("home.dashboard"))


@bp.route("/dashboard")
@policy("signed-in")
def dashboard():
    user = current_user._get_current_object()
    assessments = db.session.scalars(access.visible_assessments(user)).all()
    by_status = {status: [a for a in assessments if a.status == status] for status in STATUSES}
    done = lifecycle.completions(db.session, assessments)
    return render_template(
        "home/dashboard.html",
        by_status=by_status,
        total=len(assessments),
        completion=done,
        shares={key: percent(value.share, get_locale()) for key, value in done.items()},
        regions=db.session.scalars(access.visible_regions(user)).all(),
        queries=query_links(assessments),
        **_versions(user),
    )


def query_links(assessments) -> list[dict[str, object]]:
    """The queries not yet closed on these assessments, each with its question's title in the
    reader's language and the address of the question on its area page."""
    by_id = {a.id: a for a in assessments}
    lang = get_locale()
    links = []
    for query in queries.unsettled(db.session, assessments):
        assessment = by_id[query.assessment_id]
        questionnaire = questionnaire_of(db.session, assessment)
        area = questionnaire.area_of(query.question_id)
        if area is None:
            continue  # a question no version of the questionnaire places on a page
        links.append(
            {
                "query": query,
                "assessment": assessment,
                "question": shown(questionnaire.node(query.question_id).text, lang),
                "url": url_for("fill.area", assessment_id=assessment.id, area_id=area.id)
                + f"#query-{query.id}",
            }
        )
    return links


def _versions(user) -> dict[str, object]:
    """Each questionnaire with its versions, newest first, and the drafts (experts and admins)."""
    if not access.studies_versions(user):
        return {"published": [], "drafts": []}
    shelves = questionnaire_shelves()
    return {
        "published": drafts.listing(shelves, drafts.PUBLISHED),
        "drafts": drafts.listing(shelves, drafts.DRAFTS),
    }
