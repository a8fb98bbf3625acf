"""SQL statements per request of the fill pages: few, and not growing with the answers given."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from tests.web.fill_support import FILL_APP, answer_url, area_url

# Signed-in user, assessment with its country (access checks), every stored answer's value with
# the changed answer's author and evidence lines (what conditions and progress need, too), the
# versioned update, the audit event, and the assessment touched under its status check. Evidence
# lines are replaced only when they changed (two more statements then).
AUTOSAVE_BUDGET = 6
AUTOSAVE_WITH_EVIDENCE_BUDGET = 8
# Signed-in user, assessment with its country, then the answers with their authors and evidence,
# and the country's last accepted round (none here; when there is one, one more for its answers),
# and the assessment's queries (their messages and authors read only when there are some).
AREA_PAGE_BUDGET = 7


APP_SETTINGS = FILL_APP


@contextmanager
def counted(app) -> Iterator[list[str]]:
    """The SQL statements the app's engine runs inside the block."""
    statements: list[str] = []
    engine = app.extensions["assess.engine"]

    def note(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)


def autosave(client, assessment: int, question_id: str, value: object, version: int):
    payload = {"state": "answered", "value": value, "version": version}
    return client.post(answer_url(assessment, question_id), json=payload)


def test_an_autosave_runs_at_most_its_budget_of_statements(app, client, login, assessment):
    login("nfp-xa")
    autosave(client, assessment, "resp_notes", "First draft", 0)
    with counted(app) as statements:
        response = autosave(client, assessment, "resp_notes", "Second draft", 1)
    assert response.status_code == 200
    assert len(statements) <= AUTOSAVE_BUDGET, "\n".join(statements)


def test_an_autosave_that_changes_evidence_lines_runs_two_statements_more(
    app, client, login, assessment
):
    login("nfp-xa")
    autosave(client, assessment, "resp_notes", "First draft", 0)
    payload = {"state": "answered", "value": "Second draft", "version": 1}
    payload["evidence"] = "https://example.org/law\nDecree 12/2023"
    with counted(app) as statements:
        response = client.post(answer_url(assessment, "resp_notes"), json=payload)
    assert response.status_code == 200
    assert len(statements) <= AUTOSAVE_WITH_EVIDENCE_BUDGET, "\n".join(statements)
    assert sum(s.lstrip().upper().startswith("DELETE FROM EVIDENCE") for s in statements) == 1
    assert sum(s.lstrip().upper().startswith("INSERT INTO EVIDENCE") for s in statements) == 1


def test_an_area_page_runs_at_most_its_budget_of_statements(app, client, login, assessment):
    login("nfp-xa")
    autosave(client, assessment, "leg_law", "2", 0)
    with counted(app) as statements:
        response = client.get(area_url(assessment, "legal"))
    assert response.status_code == 200
    assert len(statements) <= AREA_PAGE_BUDGET, "\n".join(statements)


def test_an_area_page_runs_as_many_statements_for_three_answers_as_for_one(
    app, client, login, assessment
):
    login("nfp-xa")
    autosave(client, assessment, "leg_law", "2", 0)
    with counted(app) as one:
        client.get(area_url(assessment, "legal"))
    autosave(client, assessment, "leg_nuclear", "yes", 0)
    autosave(client, assessment, "resp_teams", "3", 0)
    with counted(app) as three:
        client.get(area_url(assessment, "legal"))
    assert len(three) == len(one)
