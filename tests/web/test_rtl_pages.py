"""Right-to-left pages: what people typed keeps its own direction in an Arabic page (dir="auto"
or <bdi>), numbers and dates are typed left to right, lists are joined as Arabic joins them."""

from __future__ import annotations

import re

import pytest

from assess.services import plans
from assess.services.answers import save_answer
from tests.web.plan_support import PLAN_QUESTIONNAIRES, assessment_of, person, signed_in

LEAD = "Ministry of <i>Interior</i> & Civil Protection"


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(QUESTIONNAIRES_DIR=PLAN_QUESTIONNAIRES, REPORT_RESULT_DIR=tmp_path / "out")


@pytest.fixture
def plan(db, demo):
    """XA's plan, its first action led by a ministry whose name is Latin and full of signs."""
    a, nfp = assessment_of(db, "XA"), person(db, "nfp-xa")
    for question_id in ("leg_own", "leg_inherit", "leg_alone"):  # at level 1: actions proposed
        record = next((r for r in a.answers if r.question_id == question_id), None)
        save_answer(db, nfp, a, question_id, "answered", 1, None, record.version if record else 0)
    made = plans.generate_national(db, nfp, a).plan
    first = min(r.action_id for r in made.actions if r.active)
    plans.edit_action(db, nfp, made, first, {"lead_agency": LEAD})
    return made, first


def arabic_page(app, path: str, lang: str = "ar") -> str:
    client = signed_in(app, "nfp-xa")
    client.post("/language", data={"lang": lang, "next": "/"})
    page = client.get(path)
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_the_action_page_isolates_what_people_and_questionnaires_wrote(app, plan):
    made, first = plan
    page = arabic_page(app, f"/plans/{made.id}/actions/{first}")
    assert '<html lang="ar" dir="rtl">' in page
    assert re.search(r'<h1 dir="auto">', page)
    lead = re.search(r'<input id="f-lead_agency"[^>]*>', page)
    assert lead and 'dir="auto"' in lead.group()
    for name in ("start", "end"):
        field = re.search(rf'<input id="f-{name}"[^>]*>', page)
        assert field and 'dir="ltr"' in field.group()


def test_the_plan_table_isolates_the_lead_agency(app, plan):
    made, _first = plan
    page = arabic_page(app, f"/assessments/{made.assessment_id}/plan")
    assert (
        "<td><bdi>Ministry of &lt;i&gt;Interior&lt;/i&gt; &amp; Civil Protection</bdi></td>" in page
    )


@pytest.mark.parametrize(("lang", "onward", "backward"), [("ar", "←", "→"), ("en", "→", "←")])
def test_a_gaps_arrow_from_its_level_to_its_target_points_the_way_the_page_reads(
    app, plan, lang, onward, backward
):
    made, first = plan
    page = arabic_page(app, f"/plans/{made.id}/actions/{first}", lang)
    assert re.search(rf"\(\d+ {onward} \d+\)", page)
    assert not re.search(rf"\d+ {backward} \d+", page)
