"""Small real files of every accepted type, and impostors, for the evidence upload tests."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from flask.testing import FlaskClient


def _zip(entries: dict[str, bytes], mimetype: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if mimetype is not None:
            # ODF: the type first, uncompressed, as office suites write it.
            archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types/>'
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
DOCX = _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"content.xml": b"<office/>"}, b"application/vnd.oasis.opendocument.text")
ODS = _zip({"content.xml": b"<office/>"}, b"application/vnd.oasis.opendocument.spreadsheet")
TXT = "Décret 4/2020, article 12: contrôles annuels.\n".encode()
CSV = b"agency,teams\r\ncivil protection,4\r\n"

# (file name, content, type it is served with)
ACCEPTED = [
    ("decree.pdf", PDF, "application/pdf"),
    ("site.png", PNG, "image/png"),
    ("site.JPG", JPEG, "image/jpeg"),
    ("site.jpeg", JPEG, "image/jpeg"),
    (
        "report.docx",
        DOCX,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("stocks.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("plan.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ("stocks.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
    ("notes.txt", TXT, "text/plain"),
    ("teams.csv", CSV, "text/csv"),
]


def upload(client: FlaskClient, url: str, name: str, content: bytes, as_json: bool = True, **extra):
    """POST one file as a browser's form (multipart) would, as the page's script or without it."""
    headers = {"Accept": "application/json"} if as_json else {"Accept": "text/html"}
    data = {"file": (io.BytesIO(content), name), **extra}
    return client.post(url, data=data, headers=headers, content_type="multipart/form-data")


def stored_files(folder: Path) -> dict[str, bytes]:
    """Every file kept in the upload folder: its name on disk and its bytes."""
    if not folder.exists():
        return {}
    return {path.name: path.read_bytes() for path in folder.rglob("*") if path.is_file()}
