"""Evidence files: what is taken (type by name and content, size), where it is kept, who may
download and remove it, and the audit trail of every addition and removal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from assess.config import ConfigError, from_environment
from assess.models import AnswerRecord, AuditEvent, Evidence
from assess.services.evidence_files import clean_filename
from tests.web.evidence_samples import (
    ACCEPTED,
    DOCX,
    JPEG,
    PDF,
    PNG,
    TXT,
    stored_files,
    upload,
)
from tests.web.fill_support import FILL_APP, FILL_QUESTIONNAIRES, answer_url, open_draft, set_status

QUESTION = "leg_checks"


APP_SETTINGS = FILL_APP


@pytest.fixture
def folder(app) -> Path:
    return Path(app.config["UPLOAD_DIR"])


def evidence_url(assessment_id: int, question_id: str = QUESTION) -> str:
    return f"/assessments/{assessment_id}/answers/{question_id}/evidence"


def file_url(assessment_id: int, evidence_id: int) -> str:
    return f"/assessments/{assessment_id}/evidence/{evidence_id}"


def files_in_db(db) -> list[tuple[str, str, str, int]]:
    db.expire_all()
    rows = db.scalars(select(Evidence).where(Evidence.kind == "file").order_by(Evidence.id))
    return [(e.filename, e.content_type, e.payload, e.size) for e in rows]


@pytest.fixture
def attached(client, login, assessment) -> int:
    """A PDF attached to leg_checks of XA's draft by its NFP; its evidence id."""
    login("nfp-xa")
    response = upload(client, evidence_url(assessment), "decree.pdf", PDF)
    assert response.status_code == 201
    return response.get_json()["file"]["id"]


@pytest.mark.parametrize(
    ("name", "content", "content_type"), ACCEPTED, ids=[a[0] for a in ACCEPTED]
)
def test_an_accepted_file_is_kept_under_a_random_name_with_its_checked_type(
    client, db, login, assessment, folder, name, content, content_type
):
    login("nfp-xa")
    response = upload(client, evidence_url(assessment), name, content)
    assert response.status_code == 201
    [(filename, stored_type, on_disk, size)] = files_in_db(db)
    assert (filename, stored_type, size) == (name, content_type, len(content))
    assert re.fullmatch(r"[0-9a-f]{32}", on_disk)
    assert stored_files(folder) == {on_disk: content}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("decree.pdf", PNG, "'decree.pdf' is not a PDF file: its content is of another kind."),
        ("site.png", PDF, "'site.png' is not a PNG file: its content is of another kind."),
        ("site.jpg", PNG, "'site.jpg' is not a JPEG file: its content is of another kind."),
        ("stocks.xlsx", DOCX, "'stocks.xlsx' is not a XLSX file: its content is of another kind."),
        ("plan.odt", DOCX, "'plan.odt' is not a ODT file: its content is of another kind."),
        ("notes.txt", JPEG, "'notes.txt' is not a TXT file: its content is of another kind."),
        (
            "notes.csv",
            b"a,b\x00\x01",
            "'notes.csv' is not a CSV file: its content is of another kind.",
        ),
        ("empty.pdf", b"", "'empty.pdf' is empty."),
        (
            "page.html",
            b"<html><script>alert(1)</script></html>",
            "'page.html' is not a type of file taken here: "
            "PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, TXT, CSV.",
        ),
        (
            "tool.exe",
            b"MZ\x90\x00",
            "'tool.exe' is not a type of file taken here: "
            "PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, TXT, CSV.",
        ),
        (
            "README",
            TXT,
            "'README' is not a type of file taken here: "
            "PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, TXT, CSV.",
        ),
    ],
)
def test_a_file_whose_type_or_content_is_not_taken_is_refused_and_not_kept(
    client, db, login, assessment, folder, name, content, message
):
    login("nfp-xa")
    response = upload(client, evidence_url(assessment), name, content)
    assert (response.status_code, response.get_json()) == (
        415,
        {"error": "file-refused", "message": message},
    )
    assert (files_in_db(db), stored_files(folder)) == ([], {})


def test_a_file_over_the_size_limit_is_refused_and_not_kept(make_app, db, world, folder):
    app = make_app(QUESTIONNAIRES_DIR=FILL_QUESTIONNAIRES, MAX_UPLOAD_BYTES=1000)
    client = app.test_client()
    assessment = open_draft(db, world["admin"])
    client.post("/login", data={"username": "nfp-xa", "password": "assess-demo"})
    response = upload(client, evidence_url(assessment), "big.pdf", PDF + b" " * 1000)
    assert (response.status_code, response.get_json()) == (
        413,
        {"error": "file-too-large", "message": "'big.pdf' is larger than the limit of 1000 bytes."},
    )
    assert (files_in_db(db), stored_files(folder)) == ([], {})


@pytest.mark.parametrize("as_json", [True, False], ids=["script", "page"])
def test_a_request_over_the_body_limit_is_refused_with_413_before_it_is_read(
    make_app, db, world, as_json
):
    app = make_app(
        QUESTIONNAIRES_DIR=FILL_QUESTIONNAIRES, MAX_UPLOAD_BYTES=1000, MAX_CONTENT_LENGTH=2000
    )
    client = app.test_client()
    assessment = open_draft(db, world["admin"])
    client.post("/login", data={"username": "nfp-xa", "password": "assess-demo"})
    response = upload(client, evidence_url(assessment), "big.pdf", PDF * 100, as_json=as_json)
    message = "The file is too large: at most 1000 bytes."
    assert response.status_code == 413
    if as_json:
        assert response.get_json() == {"error": "file-too-large", "message": message}
    else:
        assert f"<p>{message}</p>" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("/tmp/x/../notes.txt", "notes.txt"),
    ],
)
def test_a_name_with_folders_keeps_only_its_last_part_and_nothing_leaves_the_folder(
    client, db, login, assessment, folder, tmp_path, given, kept
):
    login("nfp-xa")
    assert upload(client, evidence_url(assessment), given, TXT).status_code == 201
    [(filename, _type, on_disk, _size)] = files_in_db(db)
    assert filename == kept
    written = {p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".sqlite3"}
    assert {
        p.relative_to(tmp_path) for p in written if "-wal" not in p.name and "-shm" not in p.name
    } == {Path("uploads") / on_disk}


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("C:\\Users\\nfp\\decree.pdf", "decree.pdf"),
        ("..\\../mixed\\win.txt", "win.txt"),
        ("tab\tand\x00nul.txt", "tabandnul.txt"),
        ("  spaced.pdf  ", "spaced.pdf"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
        ("b" * 300, "b" * 255),
    ],
    ids=["windows", "mixed", "control", "spaces", "long", "long-no-extension"],
)
def test_a_given_name_is_cleaned_to_a_plain_short_name(given, kept):
    assert clean_filename(given) == kept


def test_a_name_with_markup_is_shown_escaped_on_the_page(client, login, assessment):
    login("nfp-xa")
    name = "<img src=x onerror=alert(1)>.pdf"
    upload(client, evidence_url(assessment), name, PDF)
    page = client.get(f"/assessments/{assessment}/areas/legal").get_data(as_text=True)
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf</a>" in page
    assert "<img src=x" not in page


def test_an_upload_without_the_csrf_token_is_refused(make_app, db, world, folder):
    app = make_app(QUESTIONNAIRES_DIR=FILL_QUESTIONNAIRES, WTF_CSRF_ENABLED=True)
    assessment = open_draft(db, world["admin"])
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post(
        "/login", data={"username": "nfp-xa", "password": "assess-demo", "csrf_token": token}
    )
    response = upload(client, evidence_url(assessment), "decree.pdf", PDF)
    assert (response.status_code, files_in_db(db), stored_files(folder)) == (400, [], {})
    with_token = upload(client, evidence_url(assessment), "decree.pdf", PDF, csrf_token=token)
    assert with_token.status_code == 201


def test_the_owner_downloads_the_file_as_an_attachment_of_its_checked_type(
    client, assessment, attached
):
    with client.get(file_url(assessment, attached)) as response:
        assert (response.status_code, response.data) == (200, PDF)
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["Content-Disposition"] == "attachment; filename=decree.pdf"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("secretariat-seee", 200),
        ("admin", 200),
        ("team-xa", 200),
        ("nfp-xb", 404),
        ("team-xb", 404),
        ("secretariat-aaf", 404),
        ("expert", 404),
    ],
)
def test_only_those_who_see_the_assessment_download_its_files(
    app, assessment, attached, username, status
):
    other = app.test_client()
    other.post("/login", data={"username": username, "password": "assess-demo"})
    with other.get(file_url(assessment, attached)) as response:
        assert (response.status_code, PDF in response.data) == (status, status == 200)


def test_a_file_asked_for_under_another_assessment_is_404(client, db, world, login, attached):
    own = open_draft(db, world["admin"], "XB")
    login("nfp-xb")
    assert client.get(file_url(own, attached)).status_code == 404


def test_adding_and_removing_a_file_are_in_the_audit_trail(client, db, assessment, attached):
    response = client.post(
        file_url(assessment, attached) + "/delete", headers={"Accept": "application/json"}
    )
    assert (response.status_code, response.get_json()) == (200, {"removed": attached})
    described = {"file": "decree.pdf", "size": len(PDF), "type": "application/pdf"}
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "evidence")).all()
    assert [(e.question_id, e.user.username, e.old, e.new) for e in events] == [
        (QUESTION, "nfp-xa", None, described),
        (QUESTION, "nfp-xa", described, None),
    ]


def test_a_removed_file_is_gone_from_disk_answer_and_download(
    client, db, assessment, attached, folder
):
    client.post(file_url(assessment, attached) + "/delete")
    assert (files_in_db(db), stored_files(folder)) == ([], {})
    assert client.get(file_url(assessment, attached)).status_code == 404


@pytest.mark.parametrize("status", ["submitted", "accepted"])
def test_a_file_cannot_be_added_or_removed_once_the_assessment_is_sent(
    client, db, assessment, attached, folder, status
):
    set_status(db, assessment, status)
    removal = client.post(
        file_url(assessment, attached) + "/delete", headers={"Accept": "application/json"}
    )
    addition = upload(client, evidence_url(assessment), "more.pdf", PDF)
    assert (removal.status_code, removal.get_json()["error"]) == (409, "locked")
    assert (addition.status_code, addition.get_json()["error"]) == (409, "locked")
    assert len(stored_files(folder)) == len(files_in_db(db)) == 1


def test_a_reviewer_may_not_remove_a_countrys_file(app, db, assessment, attached, folder):
    reviewer = app.test_client()
    reviewer.post("/login", data={"username": "secretariat-seee", "password": "assess-demo"})
    response = reviewer.post(
        file_url(assessment, attached) + "/delete", headers={"Accept": "application/json"}
    )
    assert response.status_code == 403
    assert len(stored_files(folder)) == 1


def test_a_question_without_an_answer_gets_a_never_saved_record_so_the_next_save_goes_through(
    client, db, assessment, attached
):
    record = db.scalar(select(AnswerRecord).where(AnswerRecord.question_id == QUESTION))
    assert (record.status, record.value, record.version) == ("answered", None, 0)
    saved = client.post(
        answer_url(assessment, QUESTION),
        json={"state": "answered", "value": ["chk_list"], "version": 0},
    )
    assert (saved.status_code, saved.get_json()["version"]) == (200, 1)


def test_attaching_a_file_leaves_the_answers_version_alone(client, db, login, assessment):
    login("nfp-xa")
    client.post(answer_url(assessment, QUESTION), json={"value": ["chk_list"], "version": 0})
    upload(client, evidence_url(assessment), "decree.pdf", PDF)
    db.expire_all()
    record = db.scalar(select(AnswerRecord).where(AnswerRecord.question_id == QUESTION))
    assert (record.value, record.version, [e.kind for e in record.evidence]) == (
        ["chk_list"],
        1,
        ["file"],
    )


def test_saving_an_answer_keeps_its_files(client, db, assessment, attached):
    client.post(
        answer_url(assessment, QUESTION),
        json={"value": ["chk_list"], "evidence": "Decree 4", "version": 0},
    )
    client.post(answer_url(assessment, QUESTION), json={"value": ["chk_list"], "version": 1})
    assert [name for name, *_rest in files_in_db(db)] == ["decree.pdf"]


@pytest.mark.parametrize(
    ("environ", "limit"),
    [({}, 10 * 1024 * 1024), ({"ASSESS_MAX_UPLOAD_BYTES": "2048"}, 2048)],
)
def test_the_upload_limit_comes_from_the_environment(environ, limit):
    config = from_environment(Path("/srv/i"), {"ASSESS_ENV": "development", **environ})
    assert (config["MAX_UPLOAD_BYTES"], config["MAX_CONTENT_LENGTH"]) == (
        limit,
        limit + 2 * 1024 * 1024,
    )


@pytest.mark.parametrize("raw", ["ten", "-5", "0", "1.5"])
def test_a_wrong_upload_limit_is_refused_at_start(raw):
    with pytest.raises(ConfigError, match=re.escape(f"ASSESS_MAX_UPLOAD_BYTES is '{raw}'")):
        from_environment(
            Path("/srv/i"), {"ASSESS_ENV": "development", "ASSESS_MAX_UPLOAD_BYTES": raw}
        )


def test_the_questions_history_shows_the_file_added_and_removed(client, assessment, attached):
    client.post(file_url(assessment, attached) + "/delete")
    page = client.get(f"/assessments/{assessment}/audit/{QUESTION}").get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<td>[^<]*</td>\s*<td>nfp-xa</td>(.*?)</tr>", page, re.S)
    cells = [re.findall(r"<td>(.*?)</td>", row, re.S) for row in rows]
    nothing = '<span class="muted">nothing</span>'
    assert cells == [
        ["Evidence file added or removed", nothing, "File: decree.pdf"],
        ["Evidence file added or removed", "File: decree.pdf", nothing],
    ]


def test_an_upload_without_a_file_is_refused(client, login, assessment):
    login("nfp-xa")
    response = client.post(evidence_url(assessment), headers={"Accept": "application/json"})
    assert (response.status_code, response.get_json()) == (
        400,
        {"error": "invalid-input", "message": "Choose a file to attach."},
    )


def test_the_reviewer_sees_the_file_as_a_download_link(app, db, assessment, attached):
    set_status(db, assessment, "submitted")
    reviewer = app.test_client()
    reviewer.post("/login", data={"username": "secretariat-seee", "password": "assess-demo"})
    page = reviewer.get(f"/assessments/{assessment}/review").get_data(as_text=True)
    link = f'File: <a href="{file_url(assessment, attached)}" download>decree.pdf</a>'
    assert link in page
