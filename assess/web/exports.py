"""Exports as downloads: an assessment's, a round of a region's, and everything the reader sees.

The table and the format are query parameters (`?table=answers&format=csv`, the defaults); the
file streams as it is written (assess.exports).
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response, request, stream_with_context
from flask_login import current_user
from sqlalchemy.orm import Session

from assess.exports.export import export
from assess.exports.scope import Scope, region_rounds
from assess.extensions import db
from assess.web.i18n import get_locale
from assess.web.policies import policy

bp = Blueprint("exports", __name__)


def _closing(chunks: Iterator, session: Session) -> Iterator:
    """The chunks, then the session closed. Flask tears the request's app context down (closing
    its session) before a streamed body starts; the rows are then read in a new transaction of
    the same session, which nothing else would end."""
    try:
        yield from chunks
    finally:
        session.close()


def download(scope: Scope) -> Response:
    """The export of `scope` as a streamed file, its table and format from the query (the pages
    and the API both answer with this one)."""
    table = request.args.get("table", "answers")
    fmt = request.args.get("format", "csv")
    session = db.session
    made = export(session, current_user._get_current_object(), scope, table, fmt, get_locale())
    body = stream_with_context(_closing(made.chunks, session))
    response = Response(body, mimetype=made.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/assessments/<int:assessment_id>/export")
@policy("assessment")
def assessment(assessment):
    return download(Scope(assessment=assessment))


@bp.route("/regions/<region_code>/export")
@policy("region")
def region(region):
    return download(region_scope(region))


def region_scope(region) -> Scope:
    """A round of `region`: the one asked for (`?round=`), else its newest."""
    rounds = region_rounds(db.session, region)
    chosen = request.args.get("round") or (rounds[0] if rounds else None)
    return Scope(region=region, round=chosen)


@bp.route("/export")
@policy("signed-in")
def everything():
    return download(Scope())
