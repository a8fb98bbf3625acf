"""The questionnaires of a directory, by id and version, each loaded once."""

from __future__ import annotations

from pathlib import Path

from assess.questionnaire.history import VERSION_FILE, version_key
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Questionnaire


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
        """That version's model; KeyError when absent, DefinitionError when it has errors."""
        key = (questionnaire_id, version)
        if key not in self._cache:
            if version not in self.versions(questionnaire_id):
                raise KeyError(f"no questionnaire {questionnaire_id} version {version}")
            path = self.path(questionnaire_id, version)
            self._cache[key] = load_questionnaire(path, root=self.directory)
        return self._cache[key]

    def latest(self, questionnaire_id: str) -> Questionnaire:
        """The newest version's model; KeyError when there is none."""
        versions = self.versions(questionnaire_id)
        if not versions:
            raise KeyError(f"no questionnaire {questionnaire_id}")
        return self.get(questionnaire_id, versions[-1])
