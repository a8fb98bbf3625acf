"""The review page's filters combine (#11 item 2): ticked together, a question shows only when
every one keeps it; the area navigation keeps the filters and counts what they keep. A plain GET
form of checkboxes, so it works without JavaScript."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.web.fill_support import FILL_APP
from tests.web.test_queries import raised, submitted, text_of  # noqa: F401 (fixtures)

APP_SETTINGS = FILL_APP
EVERY = ("leg_law", "leg_nuclear", "leg_regulator", "leg_checks", "resp_teams", "resp_notes")


class Page(HTMLParser):
    """The filter form's ticked boxes and the area navigation's links with their counts."""

    def __init__(self) -> None:
        super().__init__()
        self.ticked: list[str] = []
        self.boxes: list[str] = []
        self.nav: list[str] = []
        self.in_nav = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "checkbox" and a.get("name") == "show":
            self.boxes.append(a["value"])
            if "checked" in a:
                self.ticked.append(a["value"])
        if tag == "nav" and "review-areas" in (a.get("class") or ""):
            self.in_nav = True
        if self.in_nav and tag == "a":
            self.nav.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "nav":
            self.in_nav = False


def page_of(client, assessment_id: int, query: str) -> tuple[str, Page]:
    body = text_of(client.get(f"/assessments/{assessment_id}/review{query}"))
    parsed = Page()
    parsed.feed(body)
    return body, parsed


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("?area=all&show=unanswered&show=evidence", ["leg_checks"]),
        ("?area=all&show=evidence&show=unanswered", ["leg_checks"]),
        ("?area=all&show=queried&show=below", ["leg_law"]),
        ("?area=all&show=queried&show=unanswered", []),
        ("?area=legal&show=unanswered&show=unanswered", ["leg_nuclear", "leg_checks"]),
    ],
)
def test_ticked_filters_all_keep_a_question_for_it_to_show(client, login, raised, query, shown):  # noqa: F811
    login("secretariat-seee")
    body, parsed = page_of(client, raised.assessment_id, query)
    found = [qid for qid in EVERY if f'id="q-{qid}"' in body]
    assert found == shown
    # The form says which boxes are ticked, so the page can be filtered again as it stands.
    assert parsed.ticked == [n for n in parsed.boxes if f"show={n}" in query]


def test_the_area_navigation_keeps_the_filters_and_counts_what_they_keep(client, login, raised):  # noqa: F811
    login("secretariat-seee")
    body, parsed = page_of(client, raised.assessment_id, "?area=all&show=unanswered&show=evidence")
    assert parsed.nav and all(
        "show=unanswered" in href and "show=evidence" in href for href in parsed.nav
    )
    start = body.index('id="review-areas-title"')
    nav = body[start : body.index("</nav>", start)]
    # Legal framework: leg_checks alone is unanswered and asks for evidence.
    legal = re.search(r"Legal framework</a>\s*<span[^>]*>([^<]*)</span>", nav)
    assert legal is not None and "1 shown" in legal.group(1)
    # Following the legal area's link keeps both filters.
    legal_href = next(h for h in parsed.nav if "area=legal" in h)
    body, parsed = page_of(client, raised.assessment_id, legal_href.split("/review", 1)[1])
    assert [q for q in EVERY if f'id="q-{q}"' in body] == ["leg_checks"]
    assert parsed.ticked == ["unanswered", "evidence"]


def test_one_unknown_filter_among_good_ones_is_refused(client, login, raised):  # noqa: F811
    login("secretariat-seee")
    page = client.get(f"/assessments/{raised.assessment_id}/review?show=queried&show=nothing")
    assert page.status_code == 400
