"""Question blocks drawn once and filled per request: each page shows its own reader's answers and
rights, and what people typed is always escaped."""

from __future__ import annotations

import pytest

from assess.services.demo import PASSWORD
from tests.web.fill_support import FILL_APP, area_url, open_draft
from tests.web.test_fill import LEGAL_POST, block

HOSTILE = "</textarea><script>alert(\"x\")</script> & 'quoted'"
ESCAPED = "&lt;/textarea&gt;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;quoted&#39;"


APP_SETTINGS = FILL_APP


def signed_in(app, username: str):
    """A client of its own for each person (one browser each)."""
    client = app.test_client()
    client.post("/login", data={"username": username, "password": PASSWORD})
    return client


def hostile_post(**extra: str) -> dict:
    return {**LEGAL_POST, "q-leg_law-comment": HOSTILE, "q-leg_checks-evidence": HOSTILE, **extra}


@pytest.mark.parametrize(
    ("post", "status"),
    [
        (hostile_post(), 200),  # saved, then read back from the database
        (hostile_post(**{"q-leg_nuclear-value": "<b>maybe</b>"}), 422),  # refused: posted back
    ],
    ids=["stored", "posted-back"],
)
def test_what_people_typed_is_shown_escaped(client, login, assessment, post, status):
    login("nfp-xa")
    response = client.post(area_url(assessment, "legal"), data=post, follow_redirects=True)
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert f"\r\n{ESCAPED}</textarea>" in block(html, "leg_law")
    assert f"\r\n{ESCAPED}</textarea>" in block(html, "leg_checks")
    assert "<script>alert" not in html


def test_each_country_sees_its_own_answers_in_the_same_drawn_blocks(app, db, world, assessment):
    rounds = {"nfp-xa": assessment, "nfp-xb": open_draft(db, world["admin"], "XB")}
    clients = {user: signed_in(app, user) for user in rounds}
    for user, client in clients.items():
        post = {**LEGAL_POST, "q-leg_law-comment": f"Comment of {user}"}
        client.post(area_url(rounds[user], "legal"), data=post)
    pages = {
        user: block(client.get(area_url(rounds[user], "legal")).get_data(as_text=True), "leg_law")
        for user, client in clients.items()
    }
    assert ["Comment of nfp-xa" in pages["nfp-xa"], "Comment of nfp-xb" in pages["nfp-xa"]] == [
        True,
        False,
    ]
    assert ["Comment of nfp-xb" in pages["nfp-xb"], "Comment of nfp-xa" in pages["nfp-xb"]] == [
        True,
        False,
    ]
    save_url = f'data-save-url="/assessments/{rounds["nfp-xb"]}/answers/leg_law"'
    assert save_url in pages["nfp-xb"]


@pytest.mark.parametrize(
    ("first", "then", "disabled"),
    [("nfp-xa", "secretariat-seee", True), ("secretariat-seee", "nfp-xa", False)],
)
def test_a_reader_gets_disabled_inputs_and_an_editor_does_not(
    app, assessment, first, then, disabled
):
    signed_in(app, first).get(area_url(assessment, "legal"))
    html = signed_in(app, then).get(area_url(assessment, "legal")).get_data(as_text=True)
    fieldset = block(html, "leg_law")
    assert ('disabled id="q-leg_law-value-0"' in fieldset) is disabled
    assert ("data-save-url" in fieldset) is not disabled
