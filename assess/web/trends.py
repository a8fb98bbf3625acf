"""Trends pages: a country's and a region's scores round after round, and the previous plan."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from markupsafe import Markup

from assess.extensions import db
from assess.reports.trend_document import (
    moved_sentence,
    outcome_rows,
    trend_chart,
    trend_rows,
)
from assess.services import trends as service
from assess.web.i18n import get_locale
from assess.web.policies import policy
from assess.words.catalogue import words_in
from assess.words.numbers import word_list
from assess.words.plan_codes import code_word

bp = Blueprint("trends", __name__)


def _page(template: str, found, **extra):
    w = words_in(get_locale())
    trends = found.trends
    return render_template(
        template,
        found=found,
        rows=trend_rows(trends, w) if trends else (),
        chart=Markup(trend_chart(trends, w).svg(w.direction == "rtl", w.lang)) if trends else "",
        outcome=outcome_rows(found.outcome, w) if found.outcome else (),
        moved=moved_sentence(trends, w) if found.compared else "",
        status_word=lambda code: code_word("status", code, w.lang),
        **extra,
    )


@bp.route("/countries/<country_code>/trends")
@policy("country-trends")
def country(country):
    found = service.trends_of_country(
        db.session, current_user._get_current_object(), country, get_locale()
    )
    return _page("trends/country.html", found, show_actions=True)


@bp.route("/regions/<region_code>/trends")
@policy("region-trends")
def region(region):
    found = service.trends_of_region(
        db.session, current_user._get_current_object(), region, get_locale()
    )
    names = {c.code: c.name for c in region.countries}
    codes = found.trends.countries if found.trends else ()
    listed = word_list([names[c] for c in codes], get_locale())
    return _page("trends/region.html", found, names=names, country_names=listed, show_actions=False)
