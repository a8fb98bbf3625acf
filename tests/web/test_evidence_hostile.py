"""Hostile evidence files (issue #16, item 4): broken ZIP-based documents (truncated, bad CRC,
encrypted, zip bombs, missing parts) and macro-enabled Office files, however named, are refused
with 415 and a clear message; no Evidence row and no file is left behind."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assess.models import Evidence
from tests.web.evidence_samples import CONTENT_TYPES, DOCX, ODS, ODT, XLSX, stored_files, upload
from tests.web.fill_support import FILL_APP, answer_url

APP_SETTINGS = FILL_APP
ODF = "application/vnd.oasis.opendocument."
PPTX_TYPES = b'<?xml version="1.0"?><Types/>'


@pytest.fixture
def folder(app) -> Path:
    return Path(app.config["UPLOAD_DIR"])


def _zip(entries: dict[str, bytes], mimetype: str | None = None, stored: bool = False) -> bytes:
    """A ZIP as office suites write it: ODF's mimetype first and uncompressed."""
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        if mimetype is not None:
            archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _docx(**extra: bytes) -> dict[str, bytes]:
    return {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>", **extra}


def _xlsx(**extra: bytes) -> dict[str, bytes]:
    return {"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>", **extra}


def _pptx() -> dict[str, bytes]:
    return {"[Content_Types].xml": PPTX_TYPES, "ppt/presentation.xml": b"<p:presentation/>"}


def _bad_crc(content: bytes, part: bytes) -> bytes:
    """`content` (stored uncompressed) with one byte of `part` changed: its CRC no longer holds."""
    assert content.count(part) == 1
    return content.replace(part, part[:-2] + bytes([part[-2] ^ 1]) + part[-1:])


def _encrypted(content: bytes) -> bytes:
    """`content` with every entry marked encrypted (bit 0 of the flags), as a password would."""
    data = bytearray(content)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start != -1:
            data[start + offset] |= 1
            start = data.find(signature, start + 4)
    return bytes(data)


def _bomb(entries: dict[str, bytes], part: str, mimetype: str | None = None) -> bytes:
    """A small file that unpacks to 40 MB: `part` padded with spaces (1000:1)."""
    padded = {**entries, part: entries[part][:-2] + b" " * (40 * 1024 * 1024) + entries[part][-2:]}
    return _zip(padded, mimetype)


ODT_ENTRIES = {"content.xml": b"<office:document-content/>"}
ODS_ENTRIES = {"content.xml": b"<office:document-content/>"}
BROKEN = [
    ("report.docx", DOCX[: len(DOCX) // 2], "truncated"),
    ("stocks.xlsx", XLSX[:-30], "truncated"),
    ("plan.odt", ODT[: len(ODT) // 2], "truncated"),
    ("stocks.ods", ODS[:-25], "truncated"),
    ("report.docx", _bad_crc(_zip(_docx(), stored=True), b"<w:document/>"), "bad CRC"),
    ("stocks.xlsx", _bad_crc(_zip(_xlsx(), stored=True), b"<workbook/>"), "bad CRC"),
    ("plan.odt", _bad_crc(_zip(ODT_ENTRIES, ODF + "text"), b"opendocument.text"), "bad CRC"),
    (
        "stocks.ods",
        _bad_crc(_zip(ODS_ENTRIES, ODF + "spreadsheet"), b"opendocument.spreadsheet"),
        "bad CRC",
    ),
    (
        "plan.odt",
        _bad_crc(_zip(ODT_ENTRIES, ODF + "text", stored=True), b"<office:document-content/>"),
        "bad CRC in content",
    ),
    ("report.docx", _encrypted(_zip(_docx())), "encrypted"),
    ("plan.odt", _encrypted(_zip(ODT_ENTRIES, ODF + "text")), "encrypted"),
    ("stocks.ods", _encrypted(_zip(ODS_ENTRIES, ODF + "spreadsheet")), "encrypted"),
    ("report.docx", _bomb(_docx(), "word/document.xml"), "zip bomb"),
    ("stocks.xlsx", _bomb(_xlsx(), "xl/workbook.xml"), "zip bomb"),
    ("plan.odt", _bomb(ODT_ENTRIES, "content.xml", ODF + "text"), "zip bomb"),
    ("stocks.ods", _bomb(ODS_ENTRIES, "content.xml", ODF + "spreadsheet"), "zip bomb"),
    ("report.docx", _zip({"word/document.xml": b"<w:document/>"}), "no content types"),
    ("stocks.xlsx", _zip({"[Content_Types].xml": CONTENT_TYPES}), "no workbook"),
    ("plan.odt", _zip(ODT_ENTRIES), "no mimetype"),
    ("stocks.ods", _zip(ODS_ENTRIES, ODF + "text"), "mimetype of another kind"),
    ("slides.pptx", _zip(_pptx())[:-40], "pptx truncated"),
    ("slides.odp", _zip(ODT_ENTRIES, ODF + "presentation")[:-40], "odp truncated"),
]

MACROS = [
    ("report.docx", _zip(_docx(**{"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})), "vbaProject"),
    ("stocks.xlsx", _zip(_xlsx(**{"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"})), "vbaProject"),
    (
        "report.docx",
        _zip(
            {
                **_docx(),
                "[Content_Types].xml": b'<Types><Override PartName="/word/document.xml" '
                b'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
            }
        ),
        "macroEnabled content type",
    ),
    (
        "stocks.xlsx",
        _zip(
            {
                **_xlsx(),
                "[Content_Types].xml": b'<Types><Default Extension="bin" '
                b'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
            }
        ),
        "vbaProject content type",
    ),
    (
        "plan.odt",
        _zip({**ODT_ENTRIES, "Basic/Standard/Module1.xml": b"<script/>"}, ODF + "text"),
        "ODF Basic",
    ),
    (
        "stocks.ods",
        _zip({**ODS_ENTRIES, "Scripts/python/run.py": b"import os"}, ODF + "spreadsheet"),
        "ODF Scripts",
    ),
    ("report.docm", _zip(_docx()), "docm by name"),
    ("stocks.xlsm", _zip(_xlsx()), "xlsm by name"),
    ("slides.pptm", _zip(_pptx()), "pptm by name"),
]


def _evidence_rows(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Evidence))


@pytest.mark.parametrize(("name", "content", "how"), BROKEN, ids=[f"{b[0]}-{b[2]}" for b in BROKEN])
def test_a_broken_zip_document_is_refused_and_nothing_is_kept(
    client, db, login, assessment, folder, name, content, how
):
    login("nfp-xa")
    response = upload(client, f"{answer_url(assessment, 'leg_checks')}/evidence", name, content)
    assert response.status_code == 415, how
    body = response.get_json()
    assert body["error"] == "file-refused" and body["message"].startswith(f"'{name}'")
    assert (_evidence_rows(db), stored_files(folder)) == (0, {})


def test_a_broken_zip_document_posted_with_the_page_is_refused_and_not_kept(
    client, db, login, assessment, folder
):
    login("nfp-xa")
    broken = _bad_crc(_zip(ODT_ENTRIES, ODF + "text"), b"opendocument.text")
    response = upload(
        client, f"{answer_url(assessment, 'leg_checks')}/evidence", "plan.odt", broken, False
    )
    assert response.status_code == 415
    assert "&#39;plan.odt&#39;" in response.get_data(as_text=True)
    assert (_evidence_rows(db), stored_files(folder)) == (0, {})


@pytest.mark.parametrize(("name", "content", "how"), MACROS, ids=[f"{m[0]}-{m[2]}" for m in MACROS])
def test_a_macro_enabled_office_file_is_refused_however_named(
    client, db, login, assessment, folder, name, content, how
):
    login("nfp-xa")
    response = upload(client, f"{answer_url(assessment, 'leg_checks')}/evidence", name, content)
    assert response.status_code == 415, how
    assert response.get_json()["message"].startswith(f"'{name}' contains macros")
    assert (_evidence_rows(db), stored_files(folder)) == (0, {})


def test_a_large_well_formed_document_is_still_taken(client, db, login, assessment, folder):
    # 2 MB of ordinary, varied XML compresses far less than a bomb: it is a document.
    rows = b"".join(b"<w:p><w:t>Line %d of the decree</w:t></w:p>" % i for i in range(50_000))
    content = _zip(_docx(**{"word/document.xml": b"<w:document>" + rows + b"</w:document>"}))
    login("nfp-xa")
    response = upload(
        client, f"{answer_url(assessment, 'leg_checks')}/evidence", "big.docx", content
    )
    assert response.status_code == 201
    assert _evidence_rows(db) == 1 and len(stored_files(folder)) == 1
