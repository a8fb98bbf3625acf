"""Plan pages in the reader's language: a stored plan's proposals (stored in English) show their
questionnaire texts in French, Arabic, Russian and Portuguese, as the questionnaire file words
them; what people typed stays as typed; a language the questionnaire lacks falls back, marked.

On the demo seeded on the shipped questionnaires: Dravenland's 2026 plan is made under the
newest cbrn-needs (every language), Arvenia's 2025 plan and the AAF regional plan under the
version before it (English and French; Arabic and Russian partial; no Portuguese).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from assess.models import Assessment, Country, Plan, PlanAction
from assess.services import demo as demo_data
from assess.services import plans
from assess.services.plan_inputs import stored_national_inputs
from assess.words import texts
from tests.services.carry_support import LATEST, PAST
from tests.web.plan_support import person

ROOT = Path(__file__).resolve().parents[2]
APP_SETTINGS = {"QUESTIONNAIRES_DIR": ROOT / "questionnaires"}
LANGUAGES = ("fr", "ar", "ru", "pt")


def seed_demo(app, session, users) -> None:
    demo_data.seed(session, users["admin"].password_hash)


WORLD = seed_demo


def _texts_in(version: str, lang: str) -> set[str]:
    """Every text the questionnaire file words in `lang` (each `{lang: text}` of the file)."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get(lang), str):
                found.add(" ".join(value[lang].split()))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(yaml.safe_load((ROOT / "questionnaires" / "cbrn-needs" / f"{version}.yaml").read_text()))
    return found


def _plan(db, code: str, label: str) -> Plan:
    return db.scalars(
        select(Plan)
        .join(Plan.assessment)
        .join(Assessment.country)
        .where(Country.code == code, Assessment.round_label == label)
    ).one()


def _page(client, url: str, lang: str) -> str:
    response = client.get(url, headers={"Accept-Language": lang})
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


def _words(page: str) -> str:
    """The page's text with its tags taken out, spaces collapsed (what a reader reads)."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def _active(plan: Plan) -> list[PlanAction]:
    return [r for r in plan.actions if r.active]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_plan_page_lists_every_action_in_the_readers_language(db, client, login, lang):
    plan = _plan(db, "XD", "2026")
    # The report's way: the plan built again in `lang` from the answers it keeps.
    built = plans.edited_national(stored_national_inputs(db, plan), plan, lang).actions()
    words = _texts_in(LATEST, lang)
    login("nfp-xd")
    page = _words(_page(client, f"/assessments/{plan.assessment_id}/plan", lang))
    assert len(built) == len(_active(plan)) > 5
    for action in built:
        english = next(r.proposed for r in plan.actions if r.action_id == action.id)
        assert action.title in words and action.title != english["title"]
        assert action.lead_agency in words and action.lead_agency != english["lead_agency"]
        assert action.title in page and action.lead_agency in page
        assert english["title"] not in page
    assert "fallback-badge" not in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_action_page_shows_its_texts_in_the_readers_language(db, client, login, lang):
    plan = _plan(db, "XD", "2026")
    words = _texts_in(LATEST, lang)
    row = next(r for r in _active(plan) if r.proposed["activities"] and r.proposed["kpi"])
    built = next(
        a
        for a in plans.edited_national(stored_national_inputs(db, plan), plan, lang).actions()
        if a.id == row.action_id
    )
    login("nfp-xd")
    page = _page(client, f"/plans/{plan.id}/actions/{row.action_id}", lang)
    said = _words(page)
    texts = {
        "title": built.title,
        "objective": built.objective,
        "kpi": built.kpi,
        **{f"activity {n}": text for n, text in enumerate(built.activities)},
        **{f"gap {n}": gap.title for n, gap in enumerate(built.gaps)},
    }
    english = {
        "title": row.proposed["title"],
        "objective": row.proposed["objective"],
        "lead": row.proposed["lead_agency"],
        "kpi": row.proposed["kpi"],
    }
    assert {name: text in words for name, text in texts.items()} == dict.fromkeys(texts, True)
    assert {name: text in said for name, text in texts.items()} == dict.fromkeys(texts, True)
    assert {name: english[name] in said for name in english} == dict.fromkeys(english, False)
    # The lead agency and the KPI fields are offered in the page's language too...
    assert f'value="{built.lead_agency}"' in page and f'value="{built.kpi}"' in page
    # ...while progress is recorded against the KPI by its stored name.
    assert f'<option value="{row.proposed["kpi"]}">{built.kpi}</option>' in page


@pytest.mark.parametrize("lang", ("en", *LANGUAGES))
def test_what_people_typed_stays_as_they_typed_it(db, client, login, lang):
    plan = _plan(db, "XD", "2026")
    row = next(r for r in _active(plan) if r.proposed["kpi"])
    plans.edit_action(
        db,
        person(db, "nfp-xd"),
        plan,
        row.action_id,
        {
            "lead_agency": "Agência Nacional de Proteção Civil",
            "kpis": [{"name": "Exercises held per year", "target": "2"}],
        },
    )
    # No form edits a title; one stored edited (an import, an older form) stays as typed too.
    stored = db.get(PlanAction, row.id)
    stored.edits = {**stored.edits, "title": "Our own title: табличное учение"}
    db.commit()
    login("nfp-xd")
    plan_page = _words(_page(client, f"/assessments/{plan.assessment_id}/plan", lang))
    action_page = _words(_page(client, f"/plans/{plan.id}/actions/{row.action_id}", lang))
    for page in (plan_page, action_page):
        assert "Our own title: табличное учение" in page
        assert "Agência Nacional de Proteção Civil" in page
    assert "Exercises held per year" in action_page


@pytest.mark.parametrize("lang", ("pt", "ar"))
def test_a_form_saved_unchanged_keeps_the_proposals_words(db, client, login, lang):
    """The page offers the lead agency and the template's KPI in its language; saved as offered,
    they stay the proposal's (stored as proposed, the KPI's name the one progress is kept by)."""
    plan = _plan(db, "XD", "2026")
    row = next(r for r in _active(plan) if r.proposed["kpi"] and r.proposed["lead_agency"])
    url = f"/plans/{plan.id}/actions/{row.action_id}"
    login("nfp-xd")
    page = _page(client, url, lang)
    lead = re.search(r'id="f-lead_agency" name="lead_agency" type="text" value="([^"]*)"', page)
    kpi = re.search(r'name="kpi-0-name" type="text"[^>]* value="([^"]*)"', page)
    assert lead and kpi and lead.group(1) != row.proposed["lead_agency"]
    form = {
        "lead_agency": lead.group(1),
        "status": "ongoing",
        "kpi-0-name": kpi.group(1),
        "kpi-0-baseline": "0",
    }
    saved = client.post(url, data=form, headers={"Accept-Language": lang})
    assert saved.status_code == 303
    db.expire_all()
    edits = db.get(PlanAction, row.id).edits
    assert edits["lead_agency"] == row.proposed["lead_agency"]
    assert [k["name"] for k in edits["kpis"]] == [row.proposed["kpi"]]
    recorded = client.post(
        f"{url}/progress",
        data={"kpi": row.proposed["kpi"], "value": "1", "refers_to": "2026-01-15"},
        headers={"Accept-Language": lang},
    )
    assert recorded.status_code == 303
    assert kpi.group(1) in _words(_page(client, url, lang))


def test_a_language_the_questionnaire_lacks_falls_back_marked(db, client, login):
    plan = _plan(db, "XA", PAST_LABEL)
    assert "pt" not in _texts_languages(PAST)
    login("nfp-xa")
    page = _page(client, f"/assessments/{plan.assessment_id}/plan", "pt")
    for row in _active(plan):
        marked = f'<span lang="en" dir="auto">{row.proposed["title"]}</span> <span class="fallback'
        assert marked in page, row.action_id
    # Each row's title, gap and lead (none typed in this plan's demo): every one marked.
    marked = sum(2 + bool(r.proposed["lead_agency"]) for r in _active(plan))
    assert page.count('data-fallback-lang="en"') == marked
    action = _active(plan)[0]
    page = _page(client, f"/plans/{plan.id}/actions/{action.action_id}", "pt")
    assert page.count('data-fallback-lang="en"') >= 3  # title, objective, lead, activities...


def test_a_partial_language_falls_back_text_by_text(db, client, login):
    """Russian is partial in the earlier version: what it words shows in Russian, the rest in
    English marked, never a Russian text marked as a fallback."""
    plan = _plan(db, "XA", PAST_LABEL)
    words = _texts_in(PAST, "ru")
    login("nfp-xa")
    page = _page(client, f"/assessments/{plan.assessment_id}/plan", "ru")
    marked = re.findall(r'<span lang="en" dir="auto">([^<]*)</span> <span class="fallback', page)
    assert marked and all(html.unescape(text) not in words for text in marked)


@pytest.mark.parametrize("lang", ("fr", "pt"))
def test_the_regional_plan_page_words_its_shared_actions(db, client, login, lang):
    plan = db.scalars(
        select(Plan).where(Plan.kind == "regional", Plan.region.has(code="AAF"))
    ).one()
    words = _texts_in(PAST, lang)
    login("secretariat-aaf")
    page = _page(client, "/regions/AAF/plan", lang)
    said = _words(page)
    for row in _active(plan):
        if lang in _texts_languages(PAST):
            assert row.proposed["title"] not in said
        else:
            assert f'<span lang="en" dir="auto">{row.proposed["title"]}</span>' in page
    if lang in _texts_languages(PAST):
        titles = [_words(t) for t in re.findall(r'/actions/R:[^"]+">(.*?)</a>', page)]
        assert titles and all(t in words for t in titles)
    # The Secretariat leads a regional action: said in the page's language (interface words).
    secretariat = texts.said(texts.refusal_text("Regional Secretariat"), lang)
    assert secretariat != "Regional Secretariat" and secretariat in said
    assert "Regional Secretariat" not in said


def test_the_assistance_pages_list_actions_in_the_readers_language(db, client, login):
    words = _texts_in(LATEST, "pt")
    login("nfp-xd")
    page = _page(client, "/countries/XD/assistance", "pt")
    plan = _plan(db, "XD", "2026")
    asked = [r for r in _active(plan) if {**r.proposed, **r.edits}.get("assistance_requested")]
    assert asked
    for row in asked:
        assert row.proposed["title"] not in _words(page)
    links = [_words(t) for t in re.findall(r'/plans/\d+/actions/[^"]+">(.*?)</a>', page)]
    assert links and all(html.unescape(t) in words for t in links)


PAST_LABEL = "2025"


def _texts_languages(version: str) -> list[str]:
    data = yaml.safe_load((ROOT / "questionnaires" / "cbrn-needs" / f"{version}.yaml").read_text())
    return list(data["languages"])


def test_the_trends_page_lists_the_previous_plans_actions_in_the_readers_language(
    db, client, login
):
    plan = _plan(db, "XA", PAST_LABEL)
    words = _texts_in(PAST, "fr")
    login("nfp-xa")
    page = _page(client, "/countries/XA/trends", "fr")
    # Each action's title, and its KPIs' names (the template's), all in French.
    listed = re.findall(r'<li><span dir="auto">([^<]+)</span>', page)
    built = plans.edited_national(stored_national_inputs(db, plan), plan, "fr").actions()
    assert {a.title for a in built} <= set(listed) and len(built) == len(_active(plan))
    assert all(text in words for text in listed)
    assert not {r.proposed["title"] for r in _active(plan)} & set(listed)
