"""Which evidence files are taken: a short allow-list, checked by name and by content."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Control characters no text or CSV file holds (tab, line feed, form feed and return excepted).
_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13}) + b"\x7f"
_ODF_MIMETYPE = "application/vnd.oasis.opendocument."


@dataclass(frozen=True, slots=True)
class FileType:
    """An accepted kind of file: its extensions, the type it is served with, and how it looks."""

    name: str
    extensions: tuple[str, ...]
    content_type: str
    looks_right: Callable[[Path], bool]


def _starts_with(*magics: bytes) -> Callable[[Path], bool]:
    def check(path: Path) -> bool:
        with path.open("rb") as handle:
            head = handle.read(16)
        return any(head.startswith(magic) for magic in magics)

    return check


def _zip_names(path: Path) -> set[str]:
    """The entry names of a ZIP container (OOXML and ODF files are ZIPs); empty if it is none."""
    if not _starts_with(b"PK\x03\x04")(path):
        return set()
    try:
        with zipfile.ZipFile(path) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def _ooxml(part: str) -> Callable[[Path], bool]:
    def check(path: Path) -> bool:
        names = _zip_names(path)
        return "[Content_Types].xml" in names and part in names

    return check


def _odf(kind: str) -> Callable[[Path], bool]:
    def check(path: Path) -> bool:
        if "mimetype" not in _zip_names(path):
            return False
        # ODF stores its type first and uncompressed: the bytes right after the entry's header.
        with zipfile.ZipFile(path) as archive, archive.open("mimetype") as entry:
            return entry.read(100).decode("ascii", "replace") == _ODF_MIMETYPE + kind

    return check


def _plain_text(path: Path) -> bool:
    """Text of any common 8-bit or UTF-8 encoding: no NUL or other control bytes."""
    with path.open("rb") as handle:
        while chunk := handle.read(65536):
            if any(byte in _CONTROL for byte in chunk):
                return False
    return True


FILE_TYPES: tuple[FileType, ...] = (
    FileType("PDF", ("pdf",), "application/pdf", _starts_with(b"%PDF-")),
    FileType("PNG", ("png",), "image/png", _starts_with(b"\x89PNG\r\n\x1a\n")),
    FileType("JPEG", ("jpg", "jpeg"), "image/jpeg", _starts_with(b"\xff\xd8\xff")),
    FileType(
        "DOCX",
        ("docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ooxml("word/document.xml"),
    ),
    FileType(
        "XLSX",
        ("xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ooxml("xl/workbook.xml"),
    ),
    FileType("ODT", ("odt",), "application/vnd.oasis.opendocument.text", _odf("text")),
    FileType(
        "ODS", ("ods",), "application/vnd.oasis.opendocument.spreadsheet", _odf("spreadsheet")
    ),
    FileType("TXT", ("txt",), "text/plain", _plain_text),
    FileType("CSV", ("csv",), "text/csv", _plain_text),
)
BY_EXTENSION: dict[str, FileType] = {ext: kind for kind in FILE_TYPES for ext in kind.extensions}
ALLOWED_NAMES = ", ".join(kind.name for kind in FILE_TYPES)


def type_by_name(filename: str) -> FileType | None:
    """The accepted type a file's name claims (by its extension), or None."""
    _stem, dot, extension = filename.rpartition(".")
    return BY_EXTENSION.get(extension.lower()) if dot else None
