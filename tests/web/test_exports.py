"""Exports read back (CSV with the csv module, XLSX with openpyxl, JSON) and compared with the
database; hostile texts inert; access as the pages; every export audited."""

from __future__ import annotations

import csv
import html
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from assess.exports import scope
from assess.exports.tables import TABLES
from assess.exports.writers import FORMATS
from assess.models import Assessment, AuditEvent, Country
from assess.scoring import score_assessment
from assess.services.answers import records_of, save_answer, typed_answers
from assess.services.questionnaires import questionnaire_of
from assess.words.answers import answer_text
from assess.words.cells import inert
from assess.words.numbers import csv_number

HOSTILE = ('=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\tTAB")


def fetched(client, url: str):
    """The response to GET `url`, read and closed (a download streams until it is closed)."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def assessment_of(db, code: str) -> Assessment:
    query = select(Assessment).join(Assessment.country).where(Country.code == code)
    return db.scalars(query.order_by(Assessment.id.desc())).first()


def csv_rows(response) -> tuple[str, list[dict[str, str]]]:
    """The CSV's byte order mark check, its delimiter and its rows as dicts."""
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    dialect = csv.Sniffer().sniff(text[1:2000], delimiters=",;")
    return dialect.delimiter, list(csv.DictReader(io.StringIO(text[1:]), dialect=dialect))


def _csv_of(value: object) -> str:
    """What the CSV writes for a cell's value (in English)."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return csv_number(value, "en")
    return inert(str(value))


def test_an_assessments_answers_as_csv_are_those_of_the_database(client, demo, login, db):
    xa = assessment_of(db, "XA")
    login("nfp-xa")
    response = fetched(client, f"/assessments/{xa.id}/export?table=answers&format=csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="answers-assessment-{xa.id}.csv"'
    )
    delimiter, rows = csv_rows(response)
    questionnaire = questionnaire_of(db, xa)
    records = records_of(db, xa)
    assert delimiter == ","
    assert [r["question_id"] for r in rows] == [q.id for q in questionnaire.questions()]
    for row, question in zip(rows, questionnaire.questions(), strict=True):
        record = records.get(question.id)
        assert (row["country"], row["round"], row["version"], row["status"]) == (
            "XA",
            xa.round_label,
            xa.questionnaire_version,
            xa.status,
        )
        assert row["state"] == (record.status if record else "")
        assert row["comment"] == ((record.comment or "") if record else "")
        if record and record.status == "answered" and record.value is not None:
            typed = typed_answers(questionnaire, {question.id: record})[question.id].value
            assert row["value_label"] == answer_text(question, record.status, typed, "en")


def test_french_readers_get_semicolons_and_decimal_commas(client, demo, login, db):
    xd = assessment_of(db, "XD")
    login("nfp-xd")
    url = f"/assessments/{xd.id}/export?table=scores"
    english = json.loads(fetched(client, url + "&format=json").data)
    client.post("/language", data={"lang": "fr", "next": "/"})
    delimiter, rows = csv_rows(fetched(client, f"/assessments/{xd.id}/export?table=scores"))
    assert delimiter == ";"
    expected = [
        "" if r["score"] is None else csv_number(Decimal(str(r["score"])), "fr")
        for r in english["rows"]
    ]
    assert [r["score"] for r in rows] == expected
    assert any("," in score for score in expected)


def _hostile(db, world, code: str = "XA") -> Assessment:
    assessment = assessment_of(db, code)
    questionnaire = questionnaire_of(db, assessment)
    records = records_of(db, assessment)
    text_question = next(q for q in questionnaire.questions() if q.type == "text")
    others = [q for q in questionnaire.questions() if q.id != text_question.id]
    nfp = world[f"nfp-{code.lower()}"]
    version = records[text_question.id].version if text_question.id in records else 0
    save_answer(db, nfp, assessment, text_question.id, "answered", HOSTILE[0], HOSTILE[1], version)
    for question, text in zip(others, HOSTILE[2:], strict=False):
        version = records[question.id].version if question.id in records else 0
        save_answer(db, nfp, assessment, question.id, "dont_know", None, text, version, [text])
    return assessment


def test_hostile_texts_are_inert_in_csv(client, demo, login, db):
    xa = _hostile(db, demo)
    login("nfp-xa")
    _delimiter, rows = csv_rows(fetched(client, f"/assessments/{xa.id}/export?format=csv"))
    fields = [value for row in rows for value in row.values()]
    for text in HOSTILE:
        assert "'" + text in fields
    assert not [f for f in fields if f[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_hostile_texts_are_text_cells_in_xlsx(client, demo, login, db):
    xa = _hostile(db, demo)
    login("nfp-xa")
    response = fetched(client, f"/assessments/{xa.id}/export?format=xlsx")
    book = load_workbook(io.BytesIO(response.get_data()))
    cells = [cell for row in book["Data"].iter_rows() for cell in row]
    hostile = [cell for cell in cells if isinstance(cell.value, str) and cell.value in HOSTILE]
    assert sorted({cell.value for cell in hostile}) == sorted(HOSTILE)
    assert {(cell.data_type, cell.quotePrefix) for cell in hostile} == {("s", True)}


def test_the_xlsx_data_sheet_matches_the_csv_and_the_codebook_names_every_column(
    client, demo, login, db
):
    xd = assessment_of(db, "XD")
    login("secretariat-aaf")
    _delimiter, rows = csv_rows(fetched(client, f"/assessments/{xd.id}/export?format=csv"))
    workbook = fetched(client, f"/assessments/{xd.id}/export?format=xlsx").data
    book = load_workbook(io.BytesIO(workbook))
    data = list(book["Data"].iter_rows(values_only=True))
    names = [c.name for c in TABLES["answers"]]
    assert list(data[0]) == names
    assert len(data) == len(rows) + 1
    for row, cells in zip(rows, data[1:], strict=True):
        assert [_csv_of(value) for value in cells] == [row[n] for n in names]
    codebook = list(book["Codebook"].iter_rows(values_only=True))
    assert [row[0] for row in codebook[1 : len(names) + 1]] == names
    questionnaire = questionnaire_of(db, xd)
    question_rows = {row[0]: row for row in codebook[len(names) + 1 :]}
    level = next(q for q in questionnaire.questions() if q.type == "level")
    key = f"{questionnaire.id} {questionnaire.version} {level.id}"
    assert question_rows[key][2] == "level"
    assert f"({level.scale.levels[-1].score:g})" in question_rows[key][3]


def test_scores_gaps_and_risks_as_json_are_the_scoring_of_the_stored_answers(
    client, demo, login, db
):
    xd = assessment_of(db, "XD")
    questionnaire = questionnaire_of(db, xd)
    score = score_assessment(questionnaire, typed_answers(questionnaire, records_of(db, xd)))
    login("nfp-xd")
    url = f"/assessments/{xd.id}/export"
    found = {
        table: json.loads(fetched(client, f"{url}?table={table}&format=json").data)
        for table in ("scores", "gaps", "risks")
    }
    assert [(r["node_id"], r["score"]) for r in found["scores"]["rows"]] == [
        (n.node_id, n.score) for n in score
    ]
    assert [(r["node_id"], r["priority_band"]) for r in found["gaps"]["rows"]] == [
        (node_id, p.band) for node_id, p in score.priorities.items()
    ]
    assert [(r["scenario_id"], r["risk"]) for r in found["risks"]["rows"]] == [
        (s, r.risk) for s, r in score.risks.items()
    ]
    assert [c["name"] for c in found["risks"]["columns"]] == [c.name for c in TABLES["risks"]]


def test_a_rounds_export_holds_each_country_of_the_region(client, demo, login, db):
    login("secretariat-seee")
    response = fetched(client, "/regions/SEEE/export?round=2026&format=json")
    rows = json.loads(response.data)["rows"]
    per_country = {code: sum(r["country"] == code for r in rows) for code in ("XA", "XB")}
    questions = len(list(questionnaire_of(db, assessment_of(db, "XA")).questions()))
    assert per_country == {"XA": questions, "XB": questions}
    assert {r["country"] for r in rows} == {"XA", "XB"}


@pytest.mark.parametrize(
    ("username", "visible"),
    [
        ("admin", {"XA", "XB", "XC", "XD"}),
        ("secretariat-aaf", {"XC", "XD"}),
        ("nfp-xb", {"XB"}),
        ("team-xc", {"XC"}),
        ("coordinator", set()),
        ("expert", set()),
    ],
)
def test_everything_i_may_see_is_what_the_pages_show(client, demo, login, username, visible):
    login(username)
    rows = json.loads(fetched(client, "/export?format=json").data)["rows"]
    assert {r["country"] for r in rows} == visible


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("nfp-xb", "/assessments/{XA}/export"),
        ("secretariat-aaf", "/assessments/{XA}/export?format=xlsx"),
        ("coordinator", "/assessments/{XA}/export?format=json"),
        ("expert", "/assessments/{XA}/export?format=sps"),
        ("secretariat-aaf", "/regions/SEEE/export"),
        ("nfp-xa", "/regions/SEEE/export"),
        ("coordinator", "/regions/SEEE/export?format=xlsx"),
    ],
)
def test_other_countries_and_regions_exports_are_not_found(client, demo, login, db, username, url):
    login(username)
    assert fetched(client, url.format(XA=assessment_of(db, "XA").id)).status_code == 404


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("table=passwords", "There is no table &#39;passwords&#39; to export"),
        ("format=exe", "There is no format &#39;exe&#39; to export to"),
    ],
)
def test_a_wrong_table_or_format_is_refused_with_its_name(client, demo, login, db, query, said):
    login("nfp-xa")
    response = fetched(client, f"/assessments/{assessment_of(db, 'XA').id}/export?{query}")
    assert response.status_code == 400
    assert said in response.get_data(as_text=True)


def test_an_unknown_round_is_refused_with_its_name(client, demo, login):
    login("secretariat-seee")
    response = fetched(client, "/regions/SEEE/export?round=1999")
    assert response.status_code == 400
    assert "The region SEEE has no round &#39;1999&#39;." in response.get_data(as_text=True)


def test_each_export_is_an_audit_event(client, demo, login, db):
    xa = assessment_of(db, "XA")
    login("nfp-xa")
    fetched(client, f"/assessments/{xa.id}/export?table=gaps&format=xlsx")
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert [(e.user.username, e.assessment_id, e.new) for e in events] == [
        (
            "nfp-xa",
            xa.id,
            {
                "table": "gaps",
                "format": "xlsx",
                "assessments": 1,
                "scope": f"assessment-{xa.id}",
            },
        )
    ]


@pytest.mark.parametrize("fmt", ["sps", "do", "r"])
def test_syntax_files_label_every_column_of_the_csv(client, demo, login, db, fmt):
    xa = assessment_of(db, "XA")
    login("nfp-xa")
    text = fetched(client, f"/assessments/{xa.id}/export?format={fmt}").get_data(as_text=True)
    assert f"answers-assessment-{xa.id}.csv" in text
    for column in TABLES["answers"]:
        assert column.name in text
    assert "Not applicable" in text  # a value label of the answers' state
    assert "Question type" in text  # a variable label


def test_the_overview_links_every_table_in_every_format_and_words_the_export(
    client, demo, login, db
):
    xa = assessment_of(db, "XA")
    login("nfp-xa")
    page = html.unescape(fetched(client, f"/assessments/{xa.id}").get_data(as_text=True))
    for table in TABLES:
        for fmt in FORMATS:
            assert f"/assessments/{xa.id}/export?table={table}&format={fmt}" in page
    fetched(client, f"/assessments/{xa.id}/export?table=risks&format=do")
    page = html.unescape(fetched(client, f"/assessments/{xa.id}").get_data(as_text=True))
    assert "Data exported: Risks (Stata do-file)" in page


def test_the_region_page_offers_each_round_and_the_events_log_words_its_export(
    client, demo, login, db
):
    login("secretariat-seee")
    page = fetched(client, "/regions/SEEE").get_data(as_text=True)
    assert 'action="/regions/SEEE/export"' in page
    rounds = {a.round_label for a in db.scalars(select(Assessment))}
    assert [r for r in rounds if f'<option value="{r}">' in page]
    assert fetched(client, "/regions/SEEE/export?round=2026&table=scores&format=xlsx").data
    client.post("/logout")
    login("admin")
    log = html.unescape(fetched(client, "/admin/events").get_data(as_text=True))
    assert (
        "secretariat-seee exported the table scores as xlsx from region-SEEE-2026 (2 assessments)."
    ) in log


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_a_streamed_export_gives_its_connection_back(app, client, demo, login, db, fmt):
    """Flask closes the request's session before a streamed body starts; the stream reads in a
    new transaction, which it must end itself (else PostgreSQL keeps it open, locks held)."""
    login("secretariat-seee")
    pool = app.extensions["assess.engine"].pool
    with client.get(f"/regions/SEEE/export?table=actions&format={fmt}") as response:
        assert response.status_code == 200
        response.get_data()
    assert pool.checkedout() == 0


def test_an_export_of_more_assessments_than_the_bound_is_refused(client, demo, login, monkeypatch):
    monkeypatch.setattr(scope, "MAX_ASSESSMENTS", 3)
    login("admin")
    response = fetched(client, "/export?format=xlsx")
    assert response.status_code == 400
    assert "An export covers at most 3 assessments: choose a region or a round." in (
        response.get_data(as_text=True)
    )
    client.post("/logout")
    login("secretariat-seee")  # XA's two rounds and XB's
    assert fetched(client, "/export").status_code == 200
