"""The one form builder: an area of a questionnaire -> a WTForms form and what the page shows."""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wtforms import BooleanField, Form, FormField, HiddenField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice

from assess.forms.fields import Choice, value_field
from assess.questionnaire.model import Group, Question, Questionnaire
from assess.words.texts import Shown, shown

ANSWERED = "answered"
NOT_APPLICABLE = "na"
DONT_KNOW = "dont_know"


def field_name(question_id: str) -> str:
    """The form name of a question's sub-form, also the id of its block on the page."""
    return f"q-{question_id}"


def answer_states(question: Question) -> tuple[str, ...]:
    """The answer states a question offers: answered, and not applicable / don't know if allowed."""
    states = [ANSWERED]
    if question.allow_na:
        states.append(NOT_APPLICABLE)
    if question.allow_dont_know:
        states.append(DONT_KNOW)
    return tuple(states)


@dataclass(frozen=True, slots=True)
class QuestionView:
    """One question as the page draws it: texts in the reader's language and its choices."""

    question: Question
    text: Shown
    help: Shown | None
    unit: Shown | None
    choices: tuple[Choice, ...]
    widget: str
    states: tuple[str, ...]
    fields: frozenset[str]  # the sub-form's field names: what the page draws for the question

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def name(self) -> str:
        return field_name(self.question.id)

    def levels(self) -> tuple[tuple[int | None, tuple[Choice, ...]], ...]:
        """Choices grouped by checklist level (one group of everything for other types)."""
        groups: dict[int | None, list[Choice]] = {}
        for choice in self.choices:
            groups.setdefault(choice.group, []).append(choice)
        return tuple((level, tuple(items)) for level, items in groups.items())


def question_form_class(question: Question, lang: str) -> tuple[type[Form], QuestionView]:
    """One question's sub-form (state, value, none met, comment, evidence, version, seen, shown)
    and its view."""
    built = value_field(question, lang)
    states = answer_states(question)
    fields: dict[str, Any] = {
        "value": built.field,
        "version": HiddenField(default="0"),
        "seen": HiddenField(default=""),
    }
    if len(states) > 1:
        choices = [SelectChoice(s) for s in states]
        fields["state"] = RadioField(choices=choices, default=ANSWERED, validate_choice=False)
        # What the page showed of the state and value (assess.forms.convert.shown_answer): tells
        # a value chosen while "not applicable" was selected from the state chosen over a value.
        fields["shown"] = HiddenField(default="")
    if question.type == "checklist":
        # No box ticked cannot tell "none is met" from "not answered yet": this box says it.
        fields["none"] = BooleanField(default=False)
    if question.comment:
        fields["comment"] = TextAreaField(render_kw={"rows": 2})
    if question.evidence.allowed:
        fields["evidence"] = TextAreaField(render_kw={"rows": 2})
    view = QuestionView(
        question=question,
        text=shown(question.text, lang),
        help=shown(question.help, lang),
        unit=shown(question.number.unit, lang) if question.number else None,
        choices=built.choices,
        widget=built.widget,
        states=states,
        fields=frozenset(fields),
    )
    return type(f"QuestionForm_{question.id}", (Form,), fields), view


def area_questions(area: Group) -> tuple[Question, ...]:
    """The questions of an area page, in document order."""
    return tuple(node for node in area.walk() if isinstance(node, Question))


@dataclass(frozen=True)
class AreaForm:
    """A built area page: the bound WTForms form and the questions in display order."""

    questionnaire: Questionnaire
    area: Group
    title: Shown
    description: Shown | None
    form: Form
    views: tuple[QuestionView, ...]

    def subform(self, question_id: str) -> Form:
        """The bound sub-form of one question."""
        return self.form[field_name(question_id)].form


# Built classes per (questionnaire object, area, language): a page of 40 questions is drawn on
# every request and the questionnaire never changes; the weak reference guards against id reuse.
_CLASSES: dict[tuple[int, str, str], tuple[Any, type[Form], tuple[QuestionView, ...]]] = {}


def area_form_class(
    questionnaire: Questionnaire, area: Group, lang: str
) -> tuple[type[Form], tuple[QuestionView, ...]]:
    """The form class of an area page in one language, and its question views."""
    key = (id(questionnaire), area.id, lang)
    cached = _CLASSES.get(key)
    if cached is not None and cached[0]() is questionnaire:
        return cached[1], cached[2]
    fields: dict[str, Any] = {}
    views: list[QuestionView] = []
    for question in area_questions(area):
        form_class, view = question_form_class(question, lang)
        fields[field_name(question.id)] = FormField(form_class)
        views.append(view)
    built = type(f"AreaForm_{area.id}", (Form,), fields)
    _CLASSES[key] = (weakref.ref(questionnaire), built, tuple(views))
    return built, tuple(views)


def area_views(questionnaire: Questionnaire, area: Group, lang: str) -> tuple[QuestionView, ...]:
    """The questions of an area page as drawn in one language (no form is built)."""
    return area_form_class(questionnaire, area, lang)[1]


def build_area_form(
    questionnaire: Questionnaire,
    area: Group,
    lang: str,
    answers: Mapping[str, Mapping[str, Any]],
    formdata: Any = None,
) -> AreaForm:
    """The area's form, filled from stored `answers` (form data per question) or from a post."""
    form_class, views = area_form_class(questionnaire, area, lang)
    data = {field_name(qid): dict(values) for qid, values in answers.items()}
    form = form_class(formdata=formdata, data=data)
    return AreaForm(
        questionnaire=questionnaire,
        area=area,
        title=shown(area.title, lang),
        description=shown(area.description, lang),
        form=form,
        views=views,
    )
