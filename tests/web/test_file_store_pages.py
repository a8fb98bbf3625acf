"""Evidence files and report PDFs through the file store, on both stores: served by any node
sharing the database (database store), behind the same access checks, and nothing left behind
by a refused upload or a database error after the bytes were stored."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from assess.extensions import Database
from assess.models import Evidence, StoredFile, StoredFileChunk
from assess.services.evidence_files import add_file
from tests.web.evidence_samples import DOCX, PDF, upload
from tests.web.fill_support import FILL_APP, FILL_QUESTIONNAIRES, open_draft
from tests.web.plan_support import person, signed_in

QUESTION = "leg_checks"
STORES = ["folder", "database"]
APP_SETTINGS = FILL_APP


def _files(tmp_path: Path, node: str = "node-1") -> dict[str, Path]:
    return {
        "UPLOAD_DIR": tmp_path / node / "uploads",
        "REPORT_RESULT_DIR": tmp_path / node / "reports",
    }


def held(app) -> tuple[list[str], int, int]:
    """What either store could hold: every file under the node's folders, rows of both tables."""
    folders = [Path(app.config["UPLOAD_DIR"]), Path(app.config["REPORT_RESULT_DIR"])]
    on_disk = sorted(str(p) for folder in folders if folder.exists() for p in folder.rglob("*"))
    with Database.factory(app)() as session:
        files = session.scalar(select(func.count()).select_from(StoredFile))
        chunks = session.scalar(select(func.count()).select_from(StoredFileChunk))
    return on_disk, files, chunks


def evidence_url(assessment_id: int) -> str:
    return f"/assessments/{assessment_id}/answers/{QUESTION}/evidence"


@pytest.mark.parametrize("kind", STORES)
def test_an_evidence_file_is_served_by_another_node_through_the_access_checks(
    make_app, db, world, tmp_path, kind
):
    first = make_app(
        QUESTIONNAIRES_DIR=FILL_QUESTIONNAIRES, ASSESS_FILE_STORE=kind, **_files(tmp_path)
    )
    assessment = open_draft(db, world["admin"])
    response = upload(signed_in(first, "nfp-xa"), evidence_url(assessment), "decree.pdf", PDF)
    assert response.status_code == 201
    evidence_id = response.get_json()["file"]["id"]
    url = f"/assessments/{assessment}/evidence/{evidence_id}"
    # A second web node: same database, its own (empty) folders.
    second = make_app(
        QUESTIONNAIRES_DIR=FILL_QUESTIONNAIRES,
        ASSESS_FILE_STORE=kind,
        **_files(tmp_path, "node-2"),
    )
    with signed_in(second, "secretariat-seee").get(url) as served:
        found = (served.status_code, served.data, served.headers.get("Content-Length"))
    if kind == "database":
        assert found == (200, PDF, str(len(PDF)))
        assert held(first)[0] == [] and held(first)[1:] == (1, 1)
    else:
        assert found[0] == 404  # the folder store is one machine's: why the database one exists
    for username in ("nfp-xb", "secretariat-aaf", "expert"):
        with signed_in(first, username).get(url) as refused:
            assert (refused.status_code, PDF in refused.data) == (404, False)
    with signed_in(first, "team-xa").get(url) as own:
        assert (own.status_code, own.data) == (200, PDF)
    client = signed_in(first, "nfp-xa")
    removed = client.post(url + "/delete", headers={"Accept": "application/json"})
    assert removed.status_code == 200
    assert held(first)[1:] == (0, 0) and not [p for p in held(first)[0] if Path(p).is_file()]
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("kind", STORES)
@pytest.mark.parametrize(
    ("name", "content", "status"),
    [
        ("tool.exe", b"MZ\x90\x00", 415),  # a type not taken
        ("decree.pdf", DOCX, 415),  # content of another kind
        ("big.pdf", PDF + b" " * 3000, 413),  # over the limit
    ],
    ids=["type", "content", "size"],
)
def test_a_refused_upload_leaves_nothing_in_the_store(
    make_app, db, world, tmp_path, kind, name, content, status
):
    app = make_app(
        QUESTIONNAIRES_DIR=FILL_QUESTIONNAIRES,
        ASSESS_FILE_STORE=kind,
        MAX_UPLOAD_BYTES=2000,
        **_files(tmp_path),
    )
    assessment = open_draft(db, world["admin"])
    client = signed_in(app, "nfp-xa")
    assert upload(client, evidence_url(assessment), "kept.pdf", PDF).status_code == 201
    before = held(app)
    assert before[1:] == ((1, 1) if kind == "database" else (0, 0)) and (
        len(before[0]) == (0 if kind == "database" else 1)  # the kept file
    )
    assert upload(client, evidence_url(assessment), name, content).status_code == status
    assert held(app) == before


def _failing_evidence_inserts(app) -> None:
    """A real database error on the evidence row, after the file's bytes are stored."""
    with Database.factory(app)() as session:
        if session.get_bind().dialect.name == "sqlite":
            session.execute(
                text(
                    "CREATE TRIGGER no_evidence BEFORE INSERT ON evidence "
                    "BEGIN SELECT RAISE(ABORT, 'evidence refused by the test'); END"
                )
            )
        else:
            session.execute(
                text(
                    "CREATE FUNCTION no_evidence() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION 'evidence refused by the test'; END $$"
                )
            )
            session.execute(
                text(
                    "CREATE TRIGGER no_evidence BEFORE INSERT ON evidence "
                    "FOR EACH ROW EXECUTE FUNCTION no_evidence()"
                )
            )
        session.commit()


def _drop_failing_evidence_inserts(app) -> None:
    with Database.factory(app)() as session:
        session.execute(
            text("DROP TRIGGER no_evidence" + ("" if _sqlite(session) else " ON evidence"))
        )
        if not _sqlite(session):
            session.execute(text("DROP FUNCTION no_evidence()"))
        session.commit()


def _sqlite(session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


@pytest.mark.parametrize("kind", STORES)
def test_a_database_error_after_the_bytes_were_stored_removes_them(
    make_app, db, world, tmp_path, kind
):
    app = make_app(
        QUESTIONNAIRES_DIR=FILL_QUESTIONNAIRES, ASSESS_FILE_STORE=kind, **_files(tmp_path)
    )
    assessment_id = open_draft(db, world["admin"])
    before = held(app)
    stored: list[str] = []
    store = app.extensions["assess.files"]
    real_put = store.put

    def put(key, stream, max_bytes=None):  # records that the bytes did reach the store
        kept = real_put(key, stream, max_bytes)
        stored.append(key)
        assert store.exists(key)
        return kept

    store.put = put
    _failing_evidence_inserts(app)
    try:
        with Database.factory(app)() as session:
            from assess.models import Assessment

            assessment = session.get(Assessment, assessment_id)
            nfp = person(session, "nfp-xa")
            with pytest.raises(Exception, match="evidence refused by the test"):
                add_file(
                    session, nfp, assessment, QUESTION, "decree.pdf", io.BytesIO(PDF), store, 10**6
                )
    finally:
        _drop_failing_evidence_inserts(app)
    assert len(stored) == 1 and not store.exists(stored[0])
    assert held(app)[1:] == before[1:]
    assert [p for p in held(app)[0] if Path(p).is_file()] == []
    assert db.scalar(select(func.count()).select_from(Evidence)) == 0
