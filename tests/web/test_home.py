"""The dashboard: each assessment with how far it is answered and how many queries wait."""

from __future__ import annotations

import re

from assess.services import assessments as lifecycle
from assess.services.answers import save_answer
from tests.web.admin_support import client_of


def _row(page: str, assessment_id: int) -> str:
    found = re.search(rf'href="/assessments/{assessment_id}".*?</tr>', page, re.S)
    assert found, f"assessment {assessment_id} is not on the dashboard"
    return found.group(0)


def test_the_dashboard_shows_answers_given_and_open_queries(app, world, db) -> None:
    nfp, secretariat = world["nfp-xa"], world["secretariat-seee"]
    xa = nfp.country
    assessment = lifecycle.open_round(db, secretariat, xa, "web-test", "1.0", "2026")
    save_answer(db, nfp, assessment, "leg_law", "answered", 2, None, 0)
    row = _row(client_of(app, "nfp-xa").get("/dashboard").get_data(as_text=True), assessment.id)
    assert 'data-answered="1"' in row and 'data-open-queries="0"' in row
    save_answer(db, nfp, assessment, "leg_nuclear", "answered", "no", None, 0)
    lifecycle.submit(db, nfp, assessment)
    queries = {"leg_law": "Which law?", "leg_nuclear": "Since when?"}
    lifecycle.return_with_queries(db, secretariat, assessment, queries)
    for username in ("nfp-xa", "secretariat-seee", "admin"):
        page = client_of(app, username).get("/dashboard").get_data(as_text=True)
        row = _row(page, assessment.id)
        assert 'data-answered="2"' in row and 'data-open-queries="2"' in row
    lifecycle.resubmit(db, nfp, assessment)
    row = _row(client_of(app, "secretariat-seee").get("/dashboard").get_data(True), assessment.id)
    assert 'data-open-queries="0"' in row


def test_the_share_answered_is_written_in_the_readers_language(app, world, db) -> None:
    nfp = world["nfp-xa"]
    assessment = lifecycle.open_round(
        db, world["secretariat-seee"], nfp.country, "web-test", "1.0", "2026"
    )
    save_answer(db, nfp, assessment, "leg_law", "answered", 2, None, 0)
    client = client_of(app, "nfp-xa")
    english = _row(client.get("/dashboard").get_data(as_text=True), assessment.id)
    client.post("/language", data={"lang": "fr"})
    french = _row(client.get("/dashboard").get_data(as_text=True), assessment.id)
    applicable = re.search(r'data-applicable="(\d+)"', english).group(1)
    share = round(100 / int(applicable))
    assert f"1 of {applicable} ({share}%)" in english
    assert f"1 sur {applicable} ({share}\u00a0%)" in french
