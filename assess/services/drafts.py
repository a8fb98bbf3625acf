"""Questionnaire versions as experts study them: published or draft, checked, with their problems.

Drafts live in their own folder (ASSESS_DRAFTS_DIR) as `<id>/<version>.yaml`; only the published
folder feeds the registry countries answer under, so a draft can be previewed and never answered.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from sqlalchemy.orm import Session

from assess.models import User
from assess.questionnaire.history import VERSION_FILE, version_key
from assess.questionnaire.loader import check_file
from assess.questionnaire.model import Questionnaire
from assess.questionnaire.problems import DefinitionError, Problem
from assess.questionnaire.registry import QuestionnaireRegistry, checked_file
from assess.questionnaire.schema import QUESTIONNAIRE_ID, VERSION
from assess.questionnaire.yamlsafe import MAX_BYTES, load_yaml
from assess.services import audit
from assess.services.errors import InvalidInput, NotFound, refusal_plural, refusal_text

PUBLISHED, DRAFTS = "published", "drafts"
DRAFT_UPLOADED = "draft-uploaded"


@dataclass(frozen=True)
class Shelves:
    """The folder of published versions and the folder of drafts."""

    published: Path
    drafts: Path

    def registry(self, shelf: str) -> QuestionnaireRegistry:
        return QuestionnaireRegistry(self.published if shelf == PUBLISHED else self.drafts)


@dataclass(frozen=True)
class Version:
    """One version as checked: its model (None when it has errors) and every problem found."""

    shelf: str
    questionnaire_id: str
    version: str
    model: Questionnaire | None
    problems: tuple[Problem, ...]


def listing(shelves: Shelves, shelf: str) -> list[tuple[str, list[str]]]:
    """Each questionnaire id of a shelf with its versions, newest first."""
    registry = shelves.registry(shelf)
    return [(qid, registry.versions(qid)[::-1]) for qid in registry.ids()]


def checked(shelves: Shelves, shelf: str, questionnaire_id: str, version: str) -> Version:
    """A version of a shelf, checked; NotFound when the shelf has no such file."""
    registry = shelves.registry(shelf)
    if version not in registry.versions(questionnaire_id):
        raise NotFound(refusal_text("There is no such questionnaire version."))
    path = registry.path(questionnaire_id, version)
    stat = path.stat()
    found = _checked_file(shelves, shelf, path, stat.st_mtime_ns, stat.st_size)
    return Version(shelf, questionnaire_id, version, *found)


def previous(shelves: Shelves, version: Version) -> str | None:
    """The published version before this one (for a draft: the newest published before it)."""
    published = shelves.registry(PUBLISHED).versions(version.questionnaire_id)
    mine = version_key(version.version)
    earlier = [v for v in published if version_key(v) < mine]
    return earlier[-1] if earlier else None


@lru_cache(maxsize=64)
def _checked_file(
    shelves: Shelves, shelf: str, path: Path, _mtime: int, _size: int
) -> tuple[Questionnaire | None, tuple[Problem, ...]]:
    """The file checked once per content change (its time and size are part of the key)."""
    if shelf == PUBLISHED:
        return checked_file(path, shelves.published)  # kept there: the registry reads it too
    return _check_draft(shelves, path)


def _check_draft(shelves: Shelves, path: Path) -> tuple[Questionnaire | None, tuple[Problem, ...]]:
    """A draft checked as if published: beside the published versions of its questionnaire, so
    ids and its migration are compared with them; problems name the draft's own file."""
    qid = path.parent.name
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        beside = root / qid
        beside.mkdir()
        for earlier in (shelves.published / qid).glob("*.yaml"):
            if VERSION_FILE.match(earlier.name) and earlier.name != path.name:
                (beside / earlier.name).symlink_to(earlier.resolve())
        (beside / path.name).write_bytes(path.read_bytes())  # a copy: layout checks resolve links
        model, problems = check_file(beside / path.name, root=root)
    name = f"{qid}/{path.name}"
    return model, tuple(replace(p, file=name) for p in problems)


def store_upload(
    session: Session, user: User, shelves: Shelves, filename: str, data: bytes
) -> Version:
    """Keep an uploaded YAML file among the drafts, as `<id>/<version>.yaml`, checked.

    InvalidInput when it is too large, not YAML, names no usable id and version, or would replace
    a published version; the problems of a YAML file that cannot be read come with the refusal."""
    if len(data) > MAX_BYTES:
        raise InvalidInput(
            refusal_plural(
                "The file is larger than %(size)s byte.",
                "The file is larger than %(size)s bytes.",
                "size",
                size=MAX_BYTES,
            )
        )
    try:
        raw = load_yaml(data, filename)
    except DefinitionError as error:
        raise UnreadableDraft(error.problems) from None
    qid, version = _id_and_version(raw)
    if version in shelves.registry(PUBLISHED).versions(qid):
        raise InvalidInput(
            refusal_text(
                "Version %(version)s of %(questionnaire)s is published already: give the draft "
                "a new version number.",
                version=version,
                questionnaire=qid,
            )
        )
    target = shelves.drafts / qid / f"{version}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    result = checked(shelves, DRAFTS, qid, version)
    errors = sum(1 for p in result.problems if p.severity == "error")
    new = {"questionnaire": qid, "version": version, "file": filename, "errors": errors}
    audit.record(session, user, DRAFT_UPLOADED, new=new)
    return result


class UnreadableDraft(InvalidInput):
    """An uploaded file that is not readable YAML: its problems, each with line and column."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__(refusal_text("The file could not be read as YAML."))
        self.problems = problems


def _id_and_version(raw: object) -> tuple[str, str]:
    """The draft's id and version, which name its place among the drafts."""
    qid = raw.get("id") if isinstance(raw, dict) else None
    version = raw.get("version") if isinstance(raw, dict) else None
    if not isinstance(qid, str) or not re.match(QUESTIONNAIRE_ID.pattern or "", qid):
        raise InvalidInput(
            refusal_text("The file needs an 'id' of lower case letters, digits and -.")
        )
    if not isinstance(version, str) or not re.match(VERSION.pattern or "", version):
        raise InvalidInput(
            refusal_text("The file needs a 'version' such as '1.2' (a number, a point, a number).")
        )
    return qid, version
