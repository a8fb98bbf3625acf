"""The published questionnaire versions an application serves, loaded once when first needed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from assess.models import Assessment
from assess.questionnaire.model import Question, Questionnaire
from assess.questionnaire.registry import QuestionnaireRegistry
from assess.services.errors import InvalidInput, refusal_text


@dataclass
class Questionnaires:
    """The published questionnaire versions under one folder, each parsed once when first used."""

    registry: QuestionnaireRegistry

    def published(self) -> list[tuple[str, str]]:
        """Every (id, version) with a file, by id, oldest version first."""
        return [(qid, v) for qid in self.registry.ids() for v in self.registry.versions(qid)]

    def loadable(self) -> list[Questionnaire]:
        """Every published version without errors, by id, oldest first: a broken file (read once
        until it changes) leaves the others usable."""
        return self.registry.loadable()

    def get(self, questionnaire_id: str, version: str) -> Questionnaire:
        """The questionnaire version; InvalidInput when it is not published here."""
        try:
            return self.registry.get(questionnaire_id, version)
        except KeyError:
            raise InvalidInput(
                refusal_text(
                    "questionnaire %(questionnaire)s %(version)s is not published",
                    questionnaire=questionnaire_id,
                    version=version,
                )
            ) from None


def open_registry(directory: Path) -> Questionnaires:
    """The questionnaires under `directory`, nothing parsed until asked for."""
    return Questionnaires(QuestionnaireRegistry(directory))


def questionnaires(session: Session) -> Questionnaires:
    """The questionnaires of the application this session belongs to."""
    return session.info["questionnaires"]


def questionnaire_of(session: Session, assessment: Assessment) -> Questionnaire:
    """The questionnaire version an assessment is answered under."""
    return questionnaires(session).get(
        assessment.questionnaire_id, assessment.questionnaire_version
    )


def question_in(questionnaire: Questionnaire, question_id: str) -> Question:
    """The question with this id; InvalidInput when there is none."""
    try:
        node = questionnaire.node(question_id)
    except KeyError:
        node = None
    if not isinstance(node, Question):
        raise InvalidInput(
            refusal_text(
                "%(questionnaire)s %(version)s has no question '%(question)s'",
                questionnaire=questionnaire.id,
                version=questionnaire.version,
                question=question_id,
            )
        )
    return node


def area_ids(questionnaire: Questionnaire, question: Question) -> tuple[str, ...]:
    """The ids of the area pages (and groups) a question sits under, outermost first."""
    areas = {area.id for area in questionnaire.areas()}
    return tuple(node_id for node_id in question.path if node_id in areas)
