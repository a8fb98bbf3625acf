"""Query threads on the web: raised on the review page, replied to on the question's area page,
closed and reopened; listed on the dashboard and overview; refusals are pages, never 500s."""

from __future__ import annotations

import html

import pytest

from assess.models import Assessment, Query
from assess.services import assessments as lifecycle
from assess.services import queries
from assess.services.answers import save_answer
from tests.web.fill_support import FILL_APP, area_url, open_draft, set_status

APP_SETTINGS = FILL_APP


@pytest.fixture
def submitted(db, world) -> int:
    """XA's fill-test round, answered on two questions and submitted."""
    assessment_id = open_draft(db, world["admin"])
    assessment = db.get(Assessment, assessment_id)
    save_answer(db, world["nfp-xa"], assessment, "leg_law", "answered", 2.0, None, 0)
    save_answer(db, world["nfp-xa"], assessment, "resp_teams", "answered", 12.0, None, 0)
    set_status(db, assessment_id, "submitted")
    return assessment_id


@pytest.fixture
def raised(db, world, submitted) -> Query:
    assessment = db.get(Assessment, submitted)
    return queries.raise_query(db, world["secretariat-seee"], assessment, "leg_law", "Which law?")


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_secretariat_raises_a_query_on_the_review_page(client, login, db, submitted):
    login("secretariat-seee")
    response = client.post(
        f"/assessments/{submitted}/queries", data={"question": "resp_teams", "text": "Only 12?"}
    )
    assert (response.status_code, response.location) == (
        303,
        f"/assessments/{submitted}/review#q-resp_teams",
    )
    page = text_of(client.get(f"/assessments/{submitted}/review?area=response"))
    assert "Only 12?" in page and "Awaiting the country" in page


def test_an_empty_query_is_refused_with_a_message(client, login, db, submitted) -> None:
    login("secretariat-seee")
    page = client.post(
        f"/assessments/{submitted}/queries",
        data={"question": "leg_law", "text": "  "},
        follow_redirects=True,
    )
    assert "Write a message before sending it." in text_of(page)
    assert db.query(Query).count() == 0


def test_the_nfp_sees_the_query_on_its_question_and_replies(client, login, db, raised):
    login("nfp-xa")
    url = area_url(raised.assessment_id, "legal")
    page = text_of(client.get(url))
    thread = page[page.index(f'id="query-{raised.id}"') :]
    assert "Which law?" in thread and f'form="reply-form-{raised.id}"' in thread
    response = client.post(
        f"/assessments/{raised.assessment_id}/queries/{raised.id}/messages",
        data={f"reply-{raised.id}": "The 2019 act.", "back": "area"},
    )
    assert (response.status_code, response.location) == (303, f"{url}#q-leg_law")
    db.refresh(raised)
    assert (raised.status, [m.text for m in raised.messages]) == (
        "answered",
        ["Which law?", "The 2019 act."],
    )


def test_the_reply_box_sits_outside_the_questions_autosaved_fields(client, login, raised):
    """autosave.js saves what is inside a question's fieldset: the thread comes after it."""
    login("nfp-xa")
    page = client.get(area_url(raised.assessment_id, "legal")).get_data(as_text=True)
    fieldset = page.index('id="q-leg_law"')
    assert page.index("</fieldset>", fieldset) < page.index(f'id="query-{raised.id}"')


def test_a_team_member_outside_the_area_reads_the_thread_without_a_reply_box(
    client, login, db, world, raised
):
    world["team-xa"].areas = ["response"]
    db.commit()
    login("team-xa")
    page = client.get(area_url(raised.assessment_id, "legal")).get_data(as_text=True)
    assert "Which law?" in page and f'id="reply-{raised.id}"' not in page
    refused = client.post(
        f"/assessments/{raised.assessment_id}/queries/{raised.id}/messages",
        data={f"reply-{raised.id}": "Mine", "back": "area"},
        follow_redirects=True,
    )
    assert "You may not write in this query." in text_of(refused)


def test_the_secretariat_closes_and_reopens(client, login, db, raised) -> None:
    login("secretariat-seee")
    base = f"/assessments/{raised.assessment_id}/queries/{raised.id}"
    closed = client.post(f"{base}/close", data={"back": "review"})
    db.refresh(raised)
    state = raised.status
    client.post(f"{base}/reopen", data={"back": "review"})
    db.refresh(raised)
    assert [closed.status_code, state, raised.status] == [303, "closed", "open"]


def test_closing_twice_says_the_query_changed(client, login, db, raised) -> None:
    login("secretariat-seee")
    base = f"/assessments/{raised.assessment_id}/queries/{raised.id}"
    client.post(f"{base}/close")
    page = client.post(f"{base}/close", follow_redirects=True)
    assert "The query has already changed" in text_of(page)


def test_the_country_may_not_close_a_query(client, login, raised) -> None:
    login("nfp-xa")
    response = client.post(f"/assessments/{raised.assessment_id}/queries/{raised.id}/close")
    assert response.status_code == 403


def test_a_query_of_another_assessment_is_not_found(client, login, db, world, raised) -> None:
    other = open_draft(db, world["admin"], "XB")
    login("secretariat-seee")
    response = client.post(f"/assessments/{other}/queries/{raised.id}/close")
    assert response.status_code == 404


def test_the_dashboard_and_overview_link_each_open_query_to_its_question(client, login, raised):
    login("nfp-xa")
    link = f'href="{area_url(raised.assessment_id, "legal")}#query-{raised.id}"'
    dashboard = client.get("/dashboard").get_data(as_text=True)
    overview = client.get(f"/assessments/{raised.assessment_id}").get_data(as_text=True)
    assert [link in dashboard, "Which law?" in dashboard, link in overview] == [True, True, True]


@pytest.mark.parametrize(
    ("query_string", "shown"),
    [
        ("", ["leg_law", "leg_nuclear", "leg_regulator", "leg_checks"]),
        ("?area=response", ["resp_teams", "resp_agents", "resp_exercise", "resp_notes"]),
        ("?area=all&show=queried", ["leg_law"]),
        ("?area=legal&show=unanswered", ["leg_nuclear", "leg_checks"]),  # regulator: n/a
        ("?area=all&show=evidence", ["leg_checks"]),
        ("?area=all&show=below", ["leg_law"]),
        ("?area=all&show=changed", []),
    ],
)
def test_the_review_page_shows_an_area_and_filters_on_the_server(
    client, login, raised, query_string, shown
):
    login("secretariat-seee")
    page = client.get(f"/assessments/{raised.assessment_id}/review{query_string}")
    body = page.get_data(as_text=True)
    every = ("leg_law", "leg_nuclear", "leg_regulator", "leg_checks", "resp_teams", "resp_notes")
    found = [qid for qid in (*shown, *every) if f'id="q-{qid}"' in body]
    assert sorted(set(found)) == sorted(shown)


def test_the_review_page_names_areas_with_their_scores_and_no_ids(client, login, raised):
    login("secretariat-seee")
    body = text_of(client.get(f"/assessments/{raised.assessment_id}/review"))
    start = body.index('id="review-areas-title"')
    nav = body[start : body.index("</nav>", start)]
    assert ["Legal framework" in nav, "answered" in nav, "(leg_law)" in body] == [
        True,
        True,
        False,
    ]


@pytest.mark.parametrize(
    ("query_string", "status"), [("?show=everything", 400), ("?area=nowhere", 404)]
)
def test_a_bad_filter_or_area_is_refused(client, login, raised, query_string, status) -> None:
    login("secretariat-seee")
    page = client.get(f"/assessments/{raised.assessment_id}/review{query_string}")
    assert page.status_code == status


def test_on_re_review_the_page_shows_what_changed_since_the_return(
    client, login, db, world, raised
):
    assessment = db.get(Assessment, raised.assessment_id)
    lifecycle.return_with_queries(db, world["secretariat-seee"], assessment, {})
    save_answer(db, world["nfp-xa"], assessment, "leg_law", "answered", 3.0, None, 1)
    lifecycle.resubmit(db, world["nfp-xa"], assessment)
    login("secretariat-seee")
    body = text_of(client.get(f"/assessments/{assessment.id}/review?area=all&show=changed"))
    assert body.count('class="review-item"') == 1
    assert '<del dir="auto">2 Developing</del> → <ins dir="auto">3 Sustainable</ins>' in body
