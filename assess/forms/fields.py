"""The one registry of field builders: question type -> the WTForms field that takes its value."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.widgets import CheckboxInput, ListWidget
from wtforms.widgets import DateInput as DateWidget
from wtforms.widgets import NumberInput as NumberWidget

from assess.questionnaire.model import Option, Question
from assess.words.texts import Shown, shown


@dataclass(frozen=True, slots=True)
class Choice:
    """One choice as the page shows it: a level with its descriptor, a checklist item by level."""

    value: str
    label: Shown
    descriptor: Shown | None = None
    group: int | None = None  # checklist: the level this attribute belongs to


@dataclass(frozen=True, slots=True)
class ValueField:
    """What a builder returns: the field, the choices to draw and how to draw them."""

    field: UnboundField
    choices: tuple[Choice, ...]
    widget: str  # radio | checkbox | number | textarea | date


FieldBuilder = Callable[[Question, str], ValueField]


class CheckboxListField(SelectMultipleField):
    """Several choices as checkboxes; values are checked by the answer coercion, not here."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _radio(choices: tuple[Choice, ...]) -> UnboundField:
    return RadioField(
        choices=[SelectChoice(c.value, c.label.text) for c in choices], validate_choice=False
    )


def _checkboxes(choices: tuple[Choice, ...]) -> UnboundField:
    return CheckboxListField(
        choices=[SelectChoice(c.value, c.label.text) for c in choices], validate_choice=False
    )


def form_number(value: float) -> str:
    """A number as a form's value carries it: 2, not 2.0; 2.5 as 2.5 (never localised)."""
    return str(int(value)) if float(value).is_integer() else str(value)


def level_choices(question: Question, lang: str) -> tuple[Choice, ...]:
    """The scale's levels with label and descriptor; half levels between them when allowed."""
    assert question.scale is not None, f"level question {question.id} has no scale"
    levels = question.scale.levels
    choices: list[Choice] = []
    for i, lvl in enumerate(levels):
        choices.append(
            Choice(form_number(lvl.value), shown(lvl.label, lang), shown(lvl.descriptor, lang))
        )
        if question.scale.allow_half and i + 1 < len(levels):
            half = form_number(lvl.value + 0.5)
            choices.append(Choice(half, Shown(half, lang, False)))
    return tuple(choices)


def option_choices(options: tuple[Option, ...], lang: str) -> tuple[Choice, ...]:
    return tuple(Choice(o.id, shown(o.label, lang)) for o in options)


def question_options(question: Question) -> tuple[Option, ...]:
    """A choice question's options: its own, else those of its choice scale."""
    if question.options:
        return question.options
    return question.scale.options if question.scale is not None else ()


def build_level(question: Question, lang: str) -> ValueField:
    choices = level_choices(question, lang)
    return ValueField(_radio(choices), choices, "radio")


def build_checklist(question: Question, lang: str) -> ValueField:
    choices = tuple(
        Choice(attr.id, shown(attr.label, lang), group=level)
        for level, attrs in sorted(question.attributes.items())
        for attr in attrs
    )
    return ValueField(_checkboxes(choices), choices, "checkbox")


def build_single(question: Question, lang: str) -> ValueField:
    choices = option_choices(question_options(question), lang)
    return ValueField(_radio(choices), choices, "radio")


def build_multiple(question: Question, lang: str) -> ValueField:
    choices = option_choices(question_options(question), lang)
    return ValueField(_checkboxes(choices), choices, "checkbox")


def build_number(question: Question, lang: str) -> ValueField:
    spec = question.number
    attrs: dict[str, object] = {"step": "any", "inputmode": "decimal"}
    if spec is not None and spec.min is not None:
        attrs["min"] = spec.min
    if spec is not None and spec.max is not None:
        attrs["max"] = spec.max
    return ValueField(StringField(widget=NumberWidget(), render_kw=attrs), (), "number")


def build_text(question: Question, lang: str) -> ValueField:
    return ValueField(TextAreaField(render_kw={"rows": 4}), (), "textarea")


def build_date(question: Question, lang: str) -> ValueField:
    return ValueField(StringField(widget=DateWidget()), (), "date")


FIELD_BUILDERS: dict[str, FieldBuilder] = {
    "level": build_level,
    "checklist": build_checklist,
    "yes_partial_no": build_single,
    "single_choice": build_single,
    "multiple_choice": build_multiple,
    "number": build_number,
    "text": build_text,
    "date": build_date,
}


def value_field(question: Question, lang: str) -> ValueField:
    """The field for a question's value; KeyError naming the known types for an unknown type."""
    try:
        builder = FIELD_BUILDERS[question.type]
    except KeyError:
        known = ", ".join(sorted(FIELD_BUILDERS))
        raise KeyError(
            f"no field builder for question type {question.type!r}; known: {known}"
        ) from None
    return builder(question, lang)
