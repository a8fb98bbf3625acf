"""Which evidence files are taken: a short allow-list, checked by name and by content.

Office documents are ZIP archives: before their parts are looked at, the whole archive is read
once, bounded (entries, unpacked size, packing ratio: no zip bomb), every CRC checked, nothing
encrypted; and one that carries macros (VBA in OOXML, Basic or scripts in ODF) is refused
whatever its name says."""

from __future__ import annotations

import enum
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Control characters no text or CSV file holds (tab, line feed, form feed and return excepted).
_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13}) + b"\x7f"
_ODF_MIMETYPE = "application/vnd.oasis.opendocument."
# A ZIP-based document: at most this many entries, this many bytes unpacked, and packed at most
# this many times smaller than it unpacks (text XML packs 5-20 times; a zip bomb, thousands).
MAX_ZIP_ENTRIES = 10_000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100
_READ = 1024 * 1024
# Macros: VBA projects in OOXML (and the macro-enabled content types that announce them), Basic
# libraries and scripts in ODF. Macro-enabled Office extensions are refused by name.
_OOXML_MACRO_PART = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$", re.IGNORECASE)
_OOXML_MACRO_TYPE = re.compile(rb"macroEnabled|vbaProject", re.IGNORECASE)
_ODF_MACRO_PART = re.compile(r"^(Basic|Scripts)/", re.IGNORECASE)
MACRO_EXTENSIONS = frozenset(
    {"docm", "dotm", "xlsm", "xltm", "xlam", "xlsb", "pptm", "potm", "ppsm", "ppam", "sldm"}
)


class Verdict(enum.Enum):
    """What the content of a file of an accepted type turned out to be."""

    RIGHT = "right"  # what its name says
    WRONG = "wrong"  # of another kind
    DAMAGED = "damaged"  # a broken, encrypted or oversized archive
    MACROS = "macros"  # a document that carries macros


@dataclass(frozen=True, slots=True)
class FileType:
    """An accepted kind of file: its extensions, the type it is served with, and how it looks."""

    name: str
    extensions: tuple[str, ...]
    content_type: str
    examine: Callable[[Path], Verdict]

    def verdict(self, path: Path) -> Verdict:
        """What the file at `path` is; DAMAGED, never an exception, when it cannot be read."""
        try:
            return self.examine(path)
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
            return Verdict.DAMAGED


def _starts_with(*magics: bytes) -> Callable[[Path], bool]:
    def check(path: Path) -> bool:
        with path.open("rb") as handle:
            head = handle.read(16)
        return any(head.startswith(magic) for magic in magics)

    return check


def _sound_zip(archive: zipfile.ZipFile) -> bool:
    """Whether every entry of `archive` unpacks, within the bounds, to what its CRC says."""
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        return False
    if any(info.flag_bits & 0x1 for info in entries):
        return False  # encrypted: its content cannot be checked
    packed = sum(info.compress_size for info in entries)
    declared = sum(info.file_size for info in entries)
    if declared > MAX_UNZIPPED_BYTES or declared > MAX_ZIP_RATIO * max(packed, 1):
        return False
    unpacked = 0
    for info in entries:
        # Reading to the end checks the CRC; the declared sizes bound what zipfile reads.
        with archive.open(info) as entry:
            while chunk := entry.read(_READ):
                unpacked += len(chunk)
                if unpacked > declared:
                    return False
    return True


def _zip_names(path: Path) -> set[str] | None:
    """The entry names of a sound ZIP container (OOXML and ODF files are ZIPs); an empty set if
    it is no ZIP, None if it is one but broken (truncated, bad CRC, encrypted, a bomb)."""
    if not _starts_with(b"PK\x03\x04")(path):
        return set()
    try:
        with zipfile.ZipFile(path) as archive:
            return set(archive.namelist()) if _sound_zip(archive) else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, RuntimeError, EOFError):
        return None
    except NotImplementedError:  # a compression method zipfile does not know
        return None


def _zip_read(path: Path, name: str, limit: int) -> bytes:
    """The first `limit` bytes of entry `name` of a ZIP already found sound."""
    with zipfile.ZipFile(path) as archive, archive.open(name) as entry:
        return entry.read(limit)


def _ooxml(part: str) -> Callable[[Path], Verdict]:
    def check(path: Path) -> Verdict:
        names = _zip_names(path)
        if names is None:
            return Verdict.DAMAGED
        if "[Content_Types].xml" not in names or part not in names:
            return Verdict.WRONG
        types = _zip_read(path, "[Content_Types].xml", MAX_UNZIPPED_BYTES)
        if any(_OOXML_MACRO_PART.search(n) for n in names) or _OOXML_MACRO_TYPE.search(types):
            return Verdict.MACROS
        return Verdict.RIGHT

    return check


def _odf(kind: str) -> Callable[[Path], Verdict]:
    def check(path: Path) -> Verdict:
        names = _zip_names(path)
        if names is None:
            return Verdict.DAMAGED
        if "mimetype" not in names:
            return Verdict.WRONG
        # ODF stores its type first and uncompressed: the bytes right after the entry's header.
        if _zip_read(path, "mimetype", 100).decode("ascii", "replace") != _ODF_MIMETYPE + kind:
            return Verdict.WRONG
        if any(_ODF_MACRO_PART.match(name) for name in names):
            return Verdict.MACROS
        return Verdict.RIGHT

    return check


def _verdict(check: Callable[[Path], bool]) -> Callable[[Path], Verdict]:
    """A yes/no check of a kind as a verdict: RIGHT or WRONG."""

    def verdict(path: Path) -> Verdict:
        return Verdict.RIGHT if check(path) else Verdict.WRONG

    return verdict


def _plain_text(path: Path) -> bool:
    """Text of any common 8-bit or UTF-8 encoding: no NUL or other control bytes."""
    with path.open("rb") as handle:
        while chunk := handle.read(65536):
            if any(byte in _CONTROL for byte in chunk):
                return False
    return True


FILE_TYPES: tuple[FileType, ...] = (
    FileType("PDF", ("pdf",), "application/pdf", _verdict(_starts_with(b"%PDF-"))),
    FileType("PNG", ("png",), "image/png", _verdict(_starts_with(b"\x89PNG\r\n\x1a\n"))),
    FileType("JPEG", ("jpg", "jpeg"), "image/jpeg", _verdict(_starts_with(b"\xff\xd8\xff"))),
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
    FileType("TXT", ("txt",), "text/plain", _verdict(_plain_text)),
    FileType("CSV", ("csv",), "text/csv", _verdict(_plain_text)),
)
BY_EXTENSION: dict[str, FileType] = {ext: kind for kind in FILE_TYPES for ext in kind.extensions}
ALLOWED_NAMES = ", ".join(kind.name for kind in FILE_TYPES)


def _extension(filename: str) -> str:
    _stem, dot, extension = filename.rpartition(".")
    return extension.lower() if dot else ""


def type_by_name(filename: str) -> FileType | None:
    """The accepted type a file's name claims (by its extension), or None."""
    return BY_EXTENSION.get(_extension(filename))


def macro_enabled_by_name(filename: str) -> bool:
    """Whether a file's name says it is a macro-enabled Office file (.docm, .xlsm, ...)."""
    return _extension(filename) in MACRO_EXTENSIONS
