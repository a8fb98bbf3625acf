"""Filling offline: the workbook downloaded, filled with openpyxl, checked cell by cell,
previewed, confirmed through the autosave's service, audited; conflicts shown, not overwritten."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from assess.models import AnswerRecord, AuditEvent, Country
from assess.services import assessments as lifecycle
from assess.services.audit import ANSWER

APP_SETTINGS = {"QUESTIONNAIRES_DIR": Path(__file__).parent / "offline_questionnaires"}
LONG = "x" * 20_001


@pytest.fixture
def offline_assessment(db, world) -> int:
    country = db.scalar(select(Country).where(Country.code == "XA"))
    return lifecycle.open_round(db, world["admin"], country, "offline-test", "1.0", "2026").id


def download(client, assessment: int, *areas: str):
    query = "&".join(f"area={a}" for a in areas)
    response = client.get(f"/assessments/{assessment}/offline/workbook?{query}")
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.data))


def sheet_rows(sheet) -> dict[str, int]:
    return {sheet.cell(row=r, column=1).value: r for r in range(3, sheet.max_row + 1)}


def fill(sheet, question_id: str, column: str, value) -> None:
    sheet[f"{column}{sheet_rows(sheet)[question_id]}"] = value


def upload(client, assessment: int, book):
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return client.post(
        f"/assessments/{assessment}/offline/upload",
        data={"workbook": (out, "filled.xlsx")},
        content_type="multipart/form-data",
    )


def autosave(client, assessment: int, question_id: str, value, version: int) -> None:
    response = client.post(
        f"/assessments/{assessment}/answers/{question_id}",
        json={"state": "answered", "value": value, "version": version},
    )
    assert response.status_code == 200, response.json


def stored(db, assessment: int) -> dict[str, tuple[str, object, str | None, int]]:
    db.expire_all()
    records = db.scalars(select(AnswerRecord).where(AnswerRecord.assessment_id == assessment))
    return {r.question_id: (r.status, r.value, r.comment, r.version) for r in records}


def problems_of(html: str) -> dict[str, str]:
    found = re.findall(r'<strong dir="ltr" class="place">([^<]+)</strong>:?\s*(.*?)</li>', html)
    return {place: text for place, text in found}


def token_of(html: str) -> str:
    return re.search(r'name="changes" value="([^"]+)"', html).group(1)


def test_the_workbook_is_made_for_people(client, login, offline_assessment):
    login("nfp-xa")
    book = download(client, offline_assessment)
    cover, first, second = book.worksheets[0], book["First area"], book["Second area"]
    assert [s.title for s in book.worksheets][2:] == ["First area", "Second area"]
    assert book["Lists"].sheet_state == "hidden"
    assert cover["B4"].value == "2026" and cover["B7"].value
    assert first.protection.sheet and second.protection.sheet
    row = sheet_rows(first)["q_level"]
    assert first[f"B{row}"].value == "Is there a law?"
    assert "2 Developing: Work has started." in first[f"C{row}"].value
    assert first[f"B{row}"].protection.locked and not first[f"D{row}"].protection.locked
    kinds = {}
    for sheet in (first, second):
        for check in sheet.data_validations.dataValidation:
            for question, r in sheet_rows(sheet).items():
                if f"D{r}" in check.sqref:
                    kinds[question] = check.type
    assert kinds["q_level"] == kinds["q_single"] == "list"
    assert (kinds["q_count"], kinds["q_date"], kinds["q_notes"]) == (
        "decimal",
        "date",
        "textLength",
    )


def test_twenty_broken_cells_are_each_named_and_nothing_is_saved(
    client, db, login, offline_assessment
):
    login("nfp-xa")
    book = download(client, offline_assessment)
    first, second = book["First area"], book["Second area"]
    rows = sheet_rows(first)
    broken = {
        ("First area", "q_level", "D"): "7",  # outside the scale
        ("First area", "q_level", "E"): "Perhaps",  # no such state
        ("First area", "q_word", "D"): "three",  # a level in words
        ("First area", "q_half", "D"): "2.25",  # not a half step
        ("First area", "q_yes", "D"): "Maybe",  # not an option
        ("First area", "q_yes", "E"): "Don't know",  # a state and an answer
        ("First area", "q_nona", "E"): "Not applicable",  # a state not offered
        ("First area", "q_checks", "D"): "A list exists; chk_zzz",  # an unknown item
        ("First area", "q_single", "D"): "=1+2",  # a formula
        ("First area", "q_single", "F"): LONG,  # a comment too long
        ("First area", "q_text", "D"): LONG,  # a text too long
        ("Second area", "q_count", "D"): "12,5",  # a decimal comma
        ("Second area", "q_count2", "D"): 5000,  # outside the range
        ("Second area", "q_agents", "D"): "Chemical; Radiological",  # an unknown option
        ("Second area", "q_date", "D"): "31/03/2024",  # not a date
        ("Second area", "q_date2", "D"): "2024-02-30",  # no such day
        ("Second area", "q_notes", "F"): '=HYPERLINK("http://x")',  # a formula comment
        ("Second area", "q_nocomment", "F"): "call me",  # a comment not offered
    }
    for (title, question, column), value in broken.items():
        fill(book[title], question, column, value)
    expected = {f"{t}!{c}{sheet_rows(book[t])[q]}" for t, q, c in broken}
    end = first.max_row
    first[f"A{end + 1}"], first[f"D{end + 1}"] = "q_missing", "2"  # an id that is no question
    first[f"A{end + 2}"], first[f"D{end + 2}"] = "q_level", "1"  # a question twice
    expected |= {f"First area!A{end + 1}", f"First area!A{end + 2}"}
    assert len(expected) == 20
    response = upload(client, offline_assessment, book)
    assert response.status_code == 422
    problems = problems_of(response.data.decode())
    assert set(problems) == expected
    assert "7 is not a level" in problems[f"First area!D{rows['q_level']}"]
    assert (
        "write decimals with a point" in problems[f"Second area!D{sheet_rows(second)['q_count']}"]
    )
    assert "outside" in problems[f"Second area!D{sheet_rows(second)['q_count2']}"]
    assert stored(db, offline_assessment) == {}


def test_a_filled_workbook_is_previewed_then_saved_and_audited(
    client, db, login, offline_assessment
):
    login("nfp-xa")
    autosave(client, offline_assessment, "q_text", "Ministry of Health", 0)
    autosave(client, offline_assessment, "q_notes", "First notes", 0)
    book = download(client, offline_assessment)
    # Meanwhile, in the app: one answer the workbook also changes, one it leaves as it was.
    autosave(client, offline_assessment, "q_text", "Ministry of Interior", 1)
    autosave(client, offline_assessment, "q_notes", "Notes typed in the app", 1)
    first, second = book["First area"], book["Second area"]
    fill(first, "q_level", "D", "2 Developing")
    fill(first, "q_level", "F", "=not a formula, typed as text")
    first[f"F{sheet_rows(first)['q_level']}"].data_type = "s"
    fill(first, "q_half", "D", 2.5)
    fill(first, "q_yes", "E", "Not applicable")
    fill(first, "q_checks", "D", "A list exists; Licences are issued")
    fill(first, "q_single", "D", "A laboratory")
    fill(first, "q_text", "D", "Ministry of Defence")
    fill(second, "q_count", "D", 12)
    fill(second, "q_agents", "D", "chem; Biological")
    fill(second, "q_date", "D", dt.datetime(2024, 3, 31))
    response = upload(client, offline_assessment, book)
    html = response.data.decode()
    assert response.status_code == 200, html
    assert html.count('<tr class="change') == 9
    assert 'class="change conflict" data-question="q_text"' in html
    assert "Ministry of Interior" in html and "Ministry of Defence" in html
    assert 'data-question="q_notes"' not in html  # untouched in the workbook
    assert "q_level" not in stored(db, offline_assessment)  # the preview writes nothing
    confirm = client.post(
        f"/assessments/{offline_assessment}/offline/confirm", data={"changes": token_of(html)}
    )
    assert confirm.status_code == 303
    now = stored(db, offline_assessment)
    assert now["q_level"] == ("answered", 2, "=not a formula, typed as text", 1)
    assert now["q_half"][1] == 2.5 and now["q_yes"][:2] == ("na", None)
    assert now["q_checks"][1] == ["chk_a", "chk_b"] and now["q_single"][1] == "lab"
    assert now["q_count"][1] == 12 and now["q_agents"][1] == ["bio", "chem"]
    assert now["q_date"][1] == "2024-03-31"
    assert now["q_text"] == ("answered", "Ministry of Interior", None, 2)  # the conflict kept
    assert now["q_notes"][1] == "Notes typed in the app"
    events = db.scalars(
        select(AuditEvent).where(
            AuditEvent.assessment_id == offline_assessment, AuditEvent.action == ANSWER
        )
    ).all()
    audited = {e.question_id for e in events if e.user.username == "nfp-xa"}
    assert {"q_level", "q_half", "q_yes", "q_checks", "q_single", "q_count"} <= audited
    assert [e.new["value"] for e in events if e.question_id == "q_text"][-1] == (
        "Ministry of Interior"
    )


def test_a_conflict_is_overwritten_only_when_chosen(client, db, login, offline_assessment):
    login("nfp-xa")
    book = download(client, offline_assessment)
    autosave(client, offline_assessment, "q_text", "In the app", 0)
    fill(book["First area"], "q_text", "D", "In the workbook")
    html = upload(client, offline_assessment, book).data.decode()
    assert 'class="change conflict" data-question="q_text"' in html
    client.post(
        f"/assessments/{offline_assessment}/offline/confirm",
        data={"changes": token_of(html), "overwrite": "q_text"},
    )
    assert stored(db, offline_assessment)["q_text"][1:] == ("In the workbook", None, 2)


def test_a_tampered_preview_or_foreign_workbook_is_refused(client, db, login, offline_assessment):
    login("nfp-xa")
    book = download(client, offline_assessment)
    fill(book["First area"], "q_level", "D", "3")
    html = upload(client, offline_assessment, book).data.decode()
    token = token_of(html)
    forged = client.post(
        f"/assessments/{offline_assessment}/offline/confirm", data={"changes": token[:-3] + "abc"}
    )
    assert forged.status_code == 400 and stored(db, offline_assessment) == {}
    book.worksheets[0]["B7"] = "signed by nobody"
    refused = upload(client, offline_assessment, book)
    assert refused.status_code == 422
    assert b"not a workbook downloaded for this assessment" in refused.data
    garbage = client.post(
        f"/assessments/{offline_assessment}/offline/upload",
        data={"workbook": (io.BytesIO(b"PK\x03\x04 not a zip"), "x.xlsx")},
        content_type="multipart/form-data",
    )
    assert garbage.status_code == 422


def test_a_team_member_downloads_only_their_areas_and_others_are_refused(
    client, db, login, world, offline_assessment
):
    member = world["team-xa"]
    member.areas = ["second"]
    db.commit()
    login("team-xa")
    book = download(client, offline_assessment)
    assert [s.title for s in book.worksheets][2:] == ["Second area"]
    assert (
        client.get(f"/assessments/{offline_assessment}/offline/workbook?area=first").status_code
        == 403
    )
    client.post("/logout")
    login("nfp-xb")
    assert client.get(f"/assessments/{offline_assessment}/offline/workbook").status_code == 404


def test_arabic_sheets_read_right_to_left(client, login, offline_assessment):
    login("nfp-xa")
    client.post("/language", data={"lang": "ar"})
    response = client.get(f"/assessments/{offline_assessment}/offline/workbook")
    book = load_workbook(io.BytesIO(response.data))
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets if sheet.title != "Lists")
    assert book.worksheets[2]["B3"].value == "Is there a law?"  # English: not written in Arabic


def test_a_workbook_passed_round_is_checked_against_who_uploads_it(
    client, db, login, world, offline_assessment
):
    login("nfp-xa")
    book = download(client, offline_assessment)
    first, second = book["First area"], book["Second area"]
    fill(first, "q_level", "D", "3")
    fill(second, "q_count", "D", 4)
    client.post("/logout")
    world["team-xa"].areas = ["second"]
    db.commit()
    login("team-xa")
    response = upload(client, offline_assessment, book)
    assert response.status_code == 422
    problems = problems_of(response.data.decode())
    assert list(problems) == [f"First area!D{sheet_rows(first)['q_level']}"]
    assert (
        "You may not change the answer to"
        in problems[f"First area!D{sheet_rows(first)['q_level']}"]
    )


def test_the_overview_offers_the_workbook_to_editors_only(client, login, offline_assessment):
    login("nfp-xa")
    overview = client.get(f"/assessments/{offline_assessment}").data.decode()
    assert f'href="/assessments/{offline_assessment}/offline"' in overview
    client.post("/logout")
    login("admin")
    overview = client.get(f"/assessments/{offline_assessment}").data.decode()
    assert "/offline" not in overview
    refused = client.get(f"/assessments/{offline_assessment}/offline/workbook")
    assert refused.status_code == 403


def test_a_french_workbook_reads_back_in_french_words(client, db, login, offline_assessment):
    login("nfp-xa")
    client.post("/language", data={"lang": "fr"})
    book = download(client, offline_assessment)
    first = book["Premier domaine"]
    row = sheet_rows(first)["q_level"]
    assert first[f"B{row}"].value == "Existe-t-il une loi ?"
    guidance = first[f"C{row}"].value.replace("\xa0", " ").replace("\u202f", " ")
    assert "2 En développement : Le travail a commencé." in guidance
    halves = [c.value for c in book["Lists"]["E"] if c.value]
    assert halves == ["1 Bas", "1,5", "2 Moyen", "2,5", "3 Haut"]
    fill(first, "q_level", "D", "2 En développement")
    fill(first, "q_half", "D", "2,5")
    fill(first, "q_yes", "E", "Sans objet")
    fill(first, "q_checks", "D", "Une liste existe")
    html = upload(client, offline_assessment, book).data.decode()
    assert html.count('<tr class="change') == 4, problems_of(html)
    client.post(
        f"/assessments/{offline_assessment}/offline/confirm", data={"changes": token_of(html)}
    )
    now = stored(db, offline_assessment)
    assert (now["q_level"][1], now["q_half"][1], now["q_yes"][0]) == (2, 2.5, "na")
    assert now["q_checks"][1] == ["chk_a"]


def test_an_arabic_workbook_takes_arabic_digits(client, db, login, offline_assessment):
    login("nfp-xa")
    client.post("/language", data={"lang": "ar"})
    book = download(client, offline_assessment)
    first = book.worksheets[2]
    fill(first, "q_level", "D", "٣")
    html = upload(client, offline_assessment, book).data.decode()
    client.post(
        f"/assessments/{offline_assessment}/offline/confirm", data={"changes": token_of(html)}
    )
    assert stored(db, offline_assessment)["q_level"][1] == 3


def test_oversized_files_and_zip_bombs_are_refused_before_reading(
    client, db, login, offline_assessment
):
    login("nfp-xa")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    refusals = {
        bomb.getvalue(): b"not a workbook downloaded for this assessment",
        b"x" * (5 * 1024 * 1024 + 1): b"larger than 5 MB",
    }
    for content, said in refusals.items():
        response = client.post(
            f"/assessments/{offline_assessment}/offline/upload",
            data={"workbook": (io.BytesIO(content), "big.xlsx")},
            content_type="multipart/form-data",
        )
        # The test client spools a large body to a temporary file it leaves open: close it.
        response.request.environ["wsgi.input"].close()
        assert response.status_code == 422
        assert said in response.data
    assert stored(db, offline_assessment) == {}


def test_a_damaged_workbook_or_one_of_another_round_is_refused_whole(
    client, db, login, world, offline_assessment
):
    login("nfp-xa")
    made = client.get(f"/assessments/{offline_assessment}/offline/workbook").data
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(made)) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet3.xml":
                data = data[: len(data) // 2]  # cut in the middle of a row
            target.writestr(item, data)
    country = db.scalar(select(Country).where(Country.code == "XA"))
    other = lifecycle.open_round(db, world["admin"], country, "offline-test", "1.0", "2027").id
    for assessment, content in ((offline_assessment, damaged.getvalue()), (other, made)):
        response = client.post(
            f"/assessments/{assessment}/offline/upload",
            data={"workbook": (io.BytesIO(content), "filled.xlsx")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 422
        assert b"not a workbook downloaded for this assessment" in response.data


def test_a_stored_formula_like_answer_is_inert_text_and_comes_back_unchanged(
    client, db, login, offline_assessment
):
    login("nfp-xa")
    hostile = '=HYPERLINK("http://example.org","x")'
    autosave(client, offline_assessment, "q_text", hostile, 0)
    book = download(client, offline_assessment)
    first = book["First area"]
    cell = first[f"D{sheet_rows(first)['q_text']}"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (hostile, "s", True)
    html = upload(client, offline_assessment, book).data.decode()
    assert 'id="no-changes"' in html
    assert stored(db, offline_assessment)["q_text"][3] == 1
