"""axe-core on every page type, in English and in Arabic: no WCAG 2.1 A or AA violation."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOCALES = {"en": "en-GB", "ar": "ar"}


def _overview(live) -> str:
    return f"/assessments/{live.demo_assessment('XA')}"


def _first_area(live, questionnaire: str) -> str:
    assessment_id = live.demo_assessment("XA", questionnaire)
    return f"/assessments/{assessment_id}/areas/{live.area_ids(assessment_id)[0]}"


# Page type -> (who looks at it, None for nobody signed in; its path, given the live app).
PAGES = {
    "login": (None, lambda live: "/login"),
    "dashboard-nfp": ("nfp-xa", lambda live: "/dashboard"),
    "dashboard-secretariat": ("secretariat-seee", lambda live: "/dashboard"),
    "assessment-overview": ("nfp-xa", _overview),
    "area": ("nfp-xa", lambda live: f"{_overview(live)}/areas/legal"),
    "area-cbrn-needs": ("nfp-xa", lambda live: _first_area(live, "cbrn-needs")),
    "area-read-only": (
        "nfp-xd",
        lambda live: f"/assessments/{live.demo_assessment('XD')}/areas/legal",
    ),
    "submission-review": (
        "secretariat-seee",
        lambda live: f"/assessments/{live.demo_assessment('XB')}/review",
    ),
    "audit-trail": (
        "secretariat-seee",
        lambda live: f"/assessments/{live.demo_assessment('XB')}/audit/leg_law",
    ),
    "region": ("secretariat-seee", lambda live: "/regions/SEEE"),
    "admin": ("admin", lambda live: "/admin/"),
    "not-found": ("nfp-xa", lambda live: "/assessments/999999"),
}


def described(violations: list[dict]) -> list[str]:
    """Each violation as 'rule: the elements it was found on', for a readable failure."""
    return [
        f"{v['id']}: {[node['target'] for node in v['nodes']][:5]} {v['help']}" for v in violations
    ]


@pytest.mark.parametrize("lang", sorted(LOCALES))
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_has_no_wcag_21_aa_violation(new_page, live, kind, lang):
    who, path = PAGES[kind]
    page = new_page(locale=LOCALES[lang])
    if who is not None:
        sign_in(page, who)
    response = page.goto(path(live))
    assert response.status == (404 if kind == "not-found" else 200)
    assert page.locator("html").get_attribute("lang") == lang
    screenshot(page, f"{kind}-{lang}")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert described(results.response["violations"]) == []


def test_axe_reports_an_unlabelled_input_it_is_shown(page, live):
    page.goto("/login")
    page.locator("main form").evaluate(
        "form => form.insertAdjacentHTML('beforeend', '<input type=text name=unlabelled>')"
    )
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert [v["id"] for v in results.response["violations"]] == ["label"]
