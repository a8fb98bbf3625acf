"""The form builder: one field per question type, answer states, comment, evidence, languages."""

from __future__ import annotations

from dataclasses import replace

import pytest
from werkzeug.datastructures import MultiDict

from assess.forms.builder import build_area_form
from assess.forms.fields import FIELD_BUILDERS, value_field
from assess.questionnaire.model import Evidence, Group, Questionnaire
from assess.words.texts import Shown
from tests.forms.conftest import every_type, make_questionnaire, question


def view_of(questionnaire: Questionnaire, area: Group, qid: str, lang: str = "en"):
    built = build_area_form(questionnaire, area, lang, {})
    return next(v for v in built.views if v.id == qid)


def test_every_question_type_of_the_format_has_a_field_builder() -> None:
    assert sorted(FIELD_BUILDERS) == sorted({q.type for q in every_type()})


@pytest.mark.parametrize(
    ("qid", "widget", "html"),
    [
        ("q_level", "radio", 'type="radio"'),
        ("q_check", "checkbox", 'type="checkbox"'),
        ("q_ypn", "radio", 'type="radio"'),
        ("q_single", "radio", 'type="radio"'),
        ("q_multi", "checkbox", 'type="checkbox"'),
        ("q_number", "number", 'type="number"'),
        ("q_text", "textarea", "<textarea"),
        ("q_date", "date", 'type="date"'),
    ],
)
def test_each_type_gets_its_input(questionnaire, area, qid: str, widget: str, html: str) -> None:
    built = build_area_form(questionnaire, area, "en", {})
    assert view_of(questionnaire, area, qid).widget == widget
    assert html in str(built.subform(qid)["value"]())


def test_level_choices_carry_label_and_descriptor(questionnaire, area) -> None:
    choices = view_of(questionnaire, area, "q_level", "fr").choices
    assert [(c.value, c.label.text, c.descriptor and c.descriptor.text) for c in choices] == [
        ("1", "Aucune capacité", "Aucune loi."),
        ("2", "Limitée", "Un projet."),
        ("3", "Durable", None),
    ]


def test_half_levels_are_offered_between_levels_when_the_scale_allows_them(questionnaire) -> None:
    level = next(questionnaire.questions())
    halved = replace(level, scale=replace(level.scale, allow_half=True))
    assert [c.value for c in value_field(halved, "en").choices] == ["1", "1.5", "2", "2.5", "3"]


def test_checklist_attributes_are_grouped_by_level(questionnaire, area) -> None:
    groups = view_of(questionnaire, area, "q_check").levels()
    assert [(level, [c.value for c in items]) for level, items in groups] == [
        (1, ["a1"]),
        (2, ["a2", "a3"]),
    ]


def test_number_input_carries_min_max_step_and_unit(questionnaire, area) -> None:
    built = build_area_form(questionnaire, area, "fr", {})
    html = str(built.subform("q_number")["value"]())
    wanted = {'min="0"', 'max="500"', 'step="any"'}
    assert {part for part in wanted if part in html} == wanted
    assert view_of(questionnaire, area, "q_number", "fr").unit == Shown("pour 100 000", "fr", False)


@pytest.mark.parametrize(
    ("allow_na", "allow_dont_know", "states"),
    [
        (True, True, ("answered", "na", "dont_know")),
        (True, False, ("answered", "na")),
        (False, True, ("answered", "dont_know")),
        (False, False, ("answered",)),
    ],
)
def test_answer_states_follow_what_the_question_allows(allow_na, allow_dont_know, states) -> None:
    q = question("q", "text", allow_na=allow_na, allow_dont_know=allow_dont_know)
    questionnaire = make_questionnaire((q,))
    built = build_area_form(questionnaire, questionnaire.areas()[0], "en", {})
    assert built.views[0].states == states
    assert ("state" in built.subform("q")._fields) is (len(states) > 1)


@pytest.mark.parametrize(
    ("comment", "evidence", "fields"),
    [
        (True, Evidence(), ["comment", "evidence", "seen", "shown", "state", "value", "version"]),
        (False, Evidence(), ["evidence", "seen", "shown", "state", "value", "version"]),
        (True, Evidence(allowed=False), ["comment", "seen", "shown", "state", "value", "version"]),
    ],
)
def test_comment_and_evidence_appear_when_the_question_allows_them(comment, evidence, fields):
    q = question("q", "text", comment=comment, evidence=evidence)
    questionnaire = make_questionnaire((q,))
    built = build_area_form(questionnaire, questionnaire.areas()[0], "en", {})
    assert sorted(built.subform("q")._fields) == fields


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", Shown("Texte français de q_level", "fr", False)),
        ("en", Shown("English text of q_level", "en", False)),
        ("ar", Shown("English text of q_level", "en", True)),
    ],
)
def test_texts_fall_back_to_the_default_language_marked(questionnaire, area, lang, expected):
    assert view_of(questionnaire, area, "q_level", lang).text == expected


def test_a_partial_translation_is_used_where_it_exists(questionnaire, area) -> None:
    view = view_of(questionnaire, area, "q_text", "ar")
    assert (view.text.fallback, view.help) == (True, Shown("أي قانون", "ar", False))


def test_choice_labels_fall_back_one_by_one(questionnaire, area) -> None:
    labels = [c.label for c in view_of(questionnaire, area, "q_check", "fr").choices]
    assert [label.fallback for label in labels] == [False, True, False]


def test_stored_answers_fill_the_form(questionnaire, area) -> None:
    stored = {
        "q_level": {"state": "answered", "value": "2", "comment": "Draft", "version": 3},
        "q_check": {"value": ["a1", "a3"], "version": 1},
    }
    built = build_area_form(questionnaire, area, "en", stored)
    level, check = built.subform("q_level"), built.subform("q_check")
    assert (level["value"].data, level["comment"].data, level["version"].data) == ("2", "Draft", 3)
    assert check["value"].data == ["a1", "a3"]


def test_a_post_fills_the_form_from_its_fields(questionnaire, area) -> None:
    post = MultiDict(
        [("q-q_multi-value", "chem"), ("q-q_multi-value", "bio"), ("q-q_number-value", "12.5")]
    )
    built = build_area_form(questionnaire, area, "en", {}, formdata=post)
    assert built.subform("q_multi")["value"].data == ["chem", "bio"]
    assert built.subform("q_number")["value"].data == "12.5"


def test_fields_are_named_after_the_question_so_pages_and_scripts_find_them(questionnaire, area):
    built = build_area_form(questionnaire, area, "en", {})
    assert built.subform("q_text")["comment"].name == "q-q_text-comment"


def test_an_unknown_type_names_the_known_types(questionnaire) -> None:
    with pytest.raises(KeyError, match="'rating'; known: checklist, date, level"):
        value_field(question("q", "rating"), "en")
