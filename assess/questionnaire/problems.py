"""Problems found in a definition: each with a code, a severity, a place, a message and a fix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a definition file, located as precisely as the file allows."""

    code: str
    severity: Severity
    message: str
    file: str
    line: int = 0
    column: int = 0
    path: str = ""  # where in the tree: "children[2].children[0].type" or a node id path

    def format(self) -> str:
        """The one-line form editors and CI annotate: FILE:LINE:COLUMN: CODE message."""
        return f"{self.file}:{self.line}:{self.column}: {self.code} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class DefinitionError(Exception):
    """A definition could not be loaded; carries every problem found, errors and warnings."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        first = errors[0].format() if errors else "no errors"
        super().__init__(f"{len(errors)} error(s) in definition; first: {first}")

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


# Code -> (severity, one-line title, how to fix it). One block per range; add codes, never reuse.
CATALOGUE: dict[str, tuple[Severity, str, str]] = {
    # Y: reading the YAML text (assess.questionnaire.yamlsafe)
    "Y001": (
        "error",
        "YAML syntax error",
        "Fix the YAML at the place shown (indentation, quotes, brackets, ':' after keys).",
    ),
    "Y002": (
        "error",
        "Tab used for indentation",
        "Indent with spaces only; YAML does not allow tabs for indentation.",
    ),
    "Y003": (
        "error",
        "File is not UTF-8",
        "Save the file as UTF-8 (in most editors: 'Save with encoding', UTF-8).",
    ),
    "Y004": (
        "error",
        "Character not allowed",
        "Remove the control character at the place shown; YAML does not allow it.",
    ),
    "Y005": (
        "error",
        "File too large",
        "Split the questionnaire or remove content: a definition file may be at most 2 MiB.",
    ),
    "Y006": (
        "error",
        "File is empty",
        "Write the questionnaire: the file has no YAML document, only blanks or comments.",
    ),
    "Y007": (
        "error",
        "More than one document",
        "Keep one YAML document per file: move the second '---' and what follows elsewhere.",
    ),
    "Y008": (
        "error",
        "Nesting too deep",
        "Flatten the structure: mappings and lists may be nested at most 40 levels deep.",
    ),
    "Y009": (
        "error",
        "Duplicate key",
        "Remove or rename one of the two keys: YAML would silently keep only the last one.",
    ),
    "Y010": (
        "error",
        "Key is not text",
        "Use plain text as the key; lists, mappings and empty keys cannot be keys.",
    ),
    "Y011": (
        "error",
        "Tag not allowed",
        "Remove the tag; only !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are allowed.",
    ),
    "Y012": (
        "error",
        "Value does not match its tag",
        "Remove the tag or write a value of that type (e.g. !!int 12).",
    ),
    "Y013": (
        "error",
        "Too many alias expansions",
        "Use fewer aliases ('*name'): the file expands to more than 10,000 nodes through them.",
    ),
    "Y014": (
        "error",
        "Unknown or recursive alias",
        "Define the anchor ('&name') before '*name', and never use an alias inside its own anchor.",
    ),
    "Y015": (
        "error",
        "Merge value is not a mapping",
        "After '<<:' put a mapping or a list of mappings (usually '*name' of an anchored mapping).",
    ),
    "Y016": (
        "error",
        "File cannot be read",
        "Check that the file exists and is readable; the message gives the system's reason.",
    ),
}
