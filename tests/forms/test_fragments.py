"""Question blocks drawn once and filled per request: holes, escaping, values as WTForms shows them,
and the bounded cache."""

from __future__ import annotations

from typing import Any

import pytest
from markupsafe import Markup

from assess.forms import fragments
from assess.forms.builder import QuestionView, area_views, question_form_class
from assess.forms.convert import form_data
from assess.forms.fragments import BoundValues, Recorder, StoredValues, area_blocks, block
from assess.questionnaire.model import Question
from tests.forms.conftest import every_type

HOSTILE = "<script>alert(\"x\")</script> & 'quoted'"


def test_a_value_is_filled_escaped_between_the_fixed_html() -> None:
    drawn = block(lambda live: Markup("<textarea>") + live.value("comment") + Markup("</textarea>"))
    filled = drawn.fill(StoredValues({"comment": HOSTILE}), {})
    assert filled == (
        "<textarea>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;quoted&#39;"
        "</textarea>"
    )


def test_fixed_text_shaped_like_a_hole_stays_text() -> None:
    forged = "\x00h0\x00 \x000:0\x00"
    drawn = block(lambda live: Markup(forged) + live.value("comment"))
    assert drawn.fill(StoredValues({"comment": "mine"}), {}) == forged + "mine"


def test_a_request_part_is_filled_as_given() -> None:
    drawn = block(lambda live: Markup('<a href="') + live.page("page_url") + Markup('">'))
    assert (
        drawn.fill(StoredValues({}), {"page_url": "/a?b=1&amp;c=2"}) == '<a href="/a?b=1&amp;c=2">'
    )


@pytest.mark.parametrize(
    ("stored", "name", "choice", "expected"),
    [
        ({"value": "2"}, "value", "2", "checked "),
        ({"value": "2"}, "value", "3", ""),
        ({"value": ["a1", "a3"]}, "value", "a3", "checked "),
        ({"value": ["a1", "a3"]}, "value", "a2", ""),
        ({}, "value", "2", ""),
        ({}, "state", "answered", "checked "),
        ({"state": "na"}, "state", "answered", ""),
        ({"none": True}, "none", None, "checked "),
        ({}, "none", None, ""),
    ],
)
def test_a_choice_is_checked_when_the_answer_holds_it(stored, name, choice, expected) -> None:
    drawn = block(lambda live: live.checked(name, choice))
    assert drawn.fill(StoredValues(stored), {}) == expected


def every_hole(view: QuestionView, live: Recorder) -> str:
    """Every value and every checked state a question's block can show (choices are shown
    checked or not, never by value)."""
    shown = view.fields - {"state"} - ({"value"} if view.choices else set())
    parts = [live.value(name) for name in sorted(shown)]
    parts += [live.checked("value", choice.value) for choice in view.choices]
    if "state" in view.fields:
        parts += [live.checked("state", state) for state in view.states]
    if "none" in view.fields:
        parts.append(live.checked("none"))
    return Markup("|").join(parts)


def stored_value(question: Question, view: QuestionView) -> Any:
    """A valid stored (JSON) value for the question: its first choice, or a typed value."""
    if view.widget == "checkbox":
        return [view.choices[0].value]
    if question.type == "level":
        return int(view.choices[0].value)
    if view.widget == "radio":
        return view.choices[0].value
    return {"number": 12.5, "date": "2024-03-31", "textarea": HOSTILE}[view.widget]


@pytest.mark.parametrize("question", every_type(), ids=lambda q: q.id)
@pytest.mark.parametrize("status", ["answered", "na", None])
def test_a_stored_answer_shows_as_the_form_built_from_it_shows_it(question, status) -> None:
    form_class, view = question_form_class(question, "en")
    if status is None:
        data: dict[str, Any] = {}
    else:
        value = stored_value(question, view) if status == "answered" else None
        data = form_data(question, status, value, HOSTILE, ("https://e.example/a&b",), 3)
    drawn = block(lambda live: every_hole(view, live))
    assert drawn.fill(StoredValues(data), {}) == drawn.fill(BoundValues(form_class(data=data)), {})


def test_an_empty_checklist_answer_is_shown_as_none_met() -> None:
    question = next(q for q in every_type() if q.type == "checklist")
    data = form_data(question, "answered", [], None, (), 1)
    drawn = block(lambda live: live.checked("none"))
    assert drawn.fill(StoredValues(data), {}) == "checked "


class Drawer:
    """Counts how often an area's blocks are drawn."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return lambda view, live: Markup(view.id) + live.value("comment")


def blocks_of(questionnaire, area, drawer: Drawer, lang: str = "en", readonly: bool = False):
    views = area_views(questionnaire, area, lang)
    return area_blocks(questionnaire, area, views, lang, readonly, drawer)


def test_an_area_is_drawn_once_and_filled_for_each_answer(questionnaire, area) -> None:
    drawer = Drawer()
    first = blocks_of(questionnaire, area, drawer)
    again = blocks_of(questionnaire, area, drawer)
    assert drawer.calls == 1
    assert again is first
    assert again[0].fill(StoredValues({"comment": "c"}), {}) == "q_levelc"


@pytest.mark.parametrize(("lang", "readonly"), [("fr", False), ("en", True)])
def test_another_language_or_read_only_state_is_drawn_apart(
    questionnaire, area, lang, readonly
) -> None:
    drawer = Drawer()
    blocks_of(questionnaire, area, drawer)
    blocks_of(questionnaire, area, drawer, lang, readonly)
    assert drawer.calls == 2


def test_the_least_used_area_is_dropped_past_the_cache_bound(
    questionnaire, area, monkeypatch
) -> None:
    monkeypatch.setattr(fragments, "CACHED_AREAS", 2)
    drawer = Drawer()
    for lang in ("en", "fr", "ar"):
        blocks_of(questionnaire, area, drawer, lang)
    blocks_of(questionnaire, area, drawer, "ar")
    assert drawer.calls == 3
    blocks_of(questionnaire, area, drawer, "en")
    assert drawer.calls == 4
