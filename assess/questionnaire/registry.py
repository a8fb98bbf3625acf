"""The questionnaires of a directory, by id and version, each loaded once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assess.questionnaire import loader
from assess.questionnaire.history import VERSION_FILE, version_key
from assess.questionnaire.model import Questionnaire
from assess.questionnaire.problems import DefinitionError, Problem

Checked = tuple[Questionnaire | None, tuple[Problem, ...]]


def checked_file(path: Path, root: Path | None = None) -> Checked:
    """`check_file` of a file, kept until the file changes (its time and size are part of the
    key): a file with errors is read once too, not again at every request that needs it."""
    try:
        stat = path.stat()
    except OSError:
        return loader.check_file(path, root=root)
    return _checked(path, root, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _checked(path: Path, root: Path | None, _mtime: int, _size: int) -> Checked:
    return loader.check_file(path, root=root)


class QuestionnaireRegistry:
    """Questionnaires stored as `directory/<id>/<version>.yaml`; models are cached once loaded."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._cache: dict[tuple[str, str], Questionnaire] = {}

    def ids(self) -> list[str]:
        """The questionnaire ids that have at least one version, sorted."""
        if not self.directory.is_dir():
            return []
        return sorted(
            p.name for p in self.directory.iterdir() if p.is_dir() and self.versions(p.name)
        )

    def versions(self, questionnaire_id: str) -> list[str]:
        """The versions of a questionnaire, oldest first (1.9 before 1.10)."""
        folder = self.directory / questionnaire_id
        if not folder.is_dir():
            return []
        found = [p.name[: -len(".yaml")] for p in folder.iterdir() if VERSION_FILE.match(p.name)]
        return sorted(found, key=version_key)

    def path(self, questionnaire_id: str, version: str) -> Path:
        return self.directory / questionnaire_id / f"{version}.yaml"

    def get(self, questionnaire_id: str, version: str) -> Questionnaire:
        """That version's model; KeyError when absent, DefinitionError when it has errors (the
        file is read again only once it changed)."""
        key = (questionnaire_id, version)
        found = self._cache.get(key)
        if found is None:
            if version not in self.versions(questionnaire_id):
                raise KeyError(f"no questionnaire {questionnaire_id} version {version}")
            found, problems = checked_file(self.path(questionnaire_id, version), self.directory)
            if found is None:
                raise DefinitionError(problems)
            self._cache[key] = found
        return found

    def loadable(self) -> list[Questionnaire]:
        """The model of every version without errors, by id, oldest version first."""
        found = []
        for questionnaire_id in self.ids():
            for version in self.versions(questionnaire_id):
                try:
                    found.append(self.get(questionnaire_id, version))
                except DefinitionError:
                    continue  # its problems are on its version page
        return found

    def latest(self, questionnaire_id: str) -> Questionnaire:
        """The newest version's model; KeyError when there is none."""
        versions = self.versions(questionnaire_id)
        if not versions:
            raise KeyError(f"no questionnaire {questionnaire_id}")
        return self.get(questionnaire_id, versions[-1])
