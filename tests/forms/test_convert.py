"""Posted form data to answers: typed values, user-friendly refusals, stored answers shown back."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict

from assess.forms.builder import build_area_form
from assess.forms.convert import (
    FieldError,
    Submitted,
    form_data,
    read_area,
    read_question,
)
from assess.questionnaire.answers import to_json


def q(questionnaire, qid):
    return questionnaire.node(qid)


@pytest.mark.parametrize(
    ("qid", "raw", "value"),
    [
        ("q_level", "2", 2),
        ("q_check", ["a1", "a2"], frozenset({"a1", "a2"})),
        ("q_ypn", "partial", "partial"),
        ("q_single", "yearly", "yearly"),
        ("q_multi", ["bio"], frozenset({"bio"})),
        ("q_number", "12.5", 12.5),
        ("q_text", "Law 12/2019", "Law 12/2019"),
        ("q_date", "2024-03-31", dt.date(2024, 3, 31)),
    ],
)
def test_a_posted_value_becomes_a_typed_answer(questionnaire, qid, raw, value) -> None:
    result = read_question(
        q(questionnaire, qid), {"state": "answered", "value": raw, "version": "4"}
    )
    assert result == Submitted(qid, "answered", value, "", (), 4)


@pytest.mark.parametrize(
    ("qid", "raw", "code", "message"),
    [
        ("q_level", "7", "A001", "7 is not a level of scale 'capability' (1 to 3)"),
        ("q_number", "1,5", "A003", "'1,5' is not a number: write decimals with a point (1.5)"),
        ("q_number", "900", "A004", "900 is outside the range 0 to 500"),
        (
            "q_date",
            "31/03/2024",
            "A005",
            "'31/03/2024' is not a date: write YYYY-MM-DD (e.g. 2024-03-31)",
        ),
        ("q_single", "weekly", "A002", "'weekly' is not an option (valid: never, yearly)"),
    ],
)
def test_a_wrong_value_is_refused_with_a_message_for_people(questionnaire, qid, raw, code, message):
    result = read_question(q(questionnaire, qid), {"state": "answered", "value": raw})
    assert result == FieldError(qid, code, message)


def test_a_state_the_question_does_not_offer_is_refused(questionnaire) -> None:
    result = read_question(q(questionnaire, "q_multi"), {"state": "na", "value": []})
    assert result == FieldError("q_multi", "F001", "'na' is not offered for this question")


def test_not_applicable_without_a_value_keeps_no_value(questionnaire) -> None:
    result = read_question(q(questionnaire, "q_level"), {"state": "na", "value": ""})
    assert (result.status, result.value) == ("na", None)


@pytest.mark.parametrize(
    ("shown", "posted", "expected"),
    [
        # The page showed "not applicable": a level chosen then is the answer.
        (("na", None), ("na", "2"), ("answered", 2)),
        (("dont_know", None), ("dont_know", "3"), ("answered", 3)),
        # The page showed level 2: "not applicable" chosen over it (its radio stays ticked).
        (("answered", 2), ("na", "2"), ("na", None)),
        # Both changed, or nothing known of the page (an autosave): refused, never cut.
        (("answered", 2), ("na", "3"), "F004"),
        (("answered", None), ("dont_know", "1"), "F004"),
        (None, ("na", "2"), "F004"),
        (("dont_know", None), ("na", "2"), "F004"),
    ],
)
def test_a_value_posted_with_a_state_is_the_answer_the_state_or_refused(
    questionnaire, shown, posted, expected
) -> None:
    question = q(questionnaire, "q_level")
    data = {"state": posted[0], "value": posted[1]}
    if shown is not None:
        data["shown"] = form_data(question, shown[0], shown[1], "", [], 1)["shown"]
    result = read_question(question, data)
    if isinstance(expected, str):
        assert isinstance(result, FieldError) and result.code == expected
    else:
        assert (result.status, result.value) == expected


def test_blank_input_is_blank_not_an_answer(questionnaire) -> None:
    result = read_question(q(questionnaire, "q_text"), {"state": "answered", "value": "  "})
    assert result.blank


def test_comment_and_evidence_lines_are_read_trimmed(questionnaire) -> None:
    data = {
        "value": "yes",
        "comment": " Draft law ",
        "evidence": "https://x.example/l\n\n Decree 4 ",
    }
    result = read_question(q(questionnaire, "q_ypn"), data)
    assert (result.comment, result.evidence) == ("Draft law", ("https://x.example/l", "Decree 4"))


def test_a_whole_area_post_is_read_question_by_question(questionnaire, area) -> None:
    post = MultiDict(
        [
            ("q-q_level-state", "answered"),
            ("q-q_level-value", "3"),
            ("q-q_level-version", "2"),
            ("q-q_number-value", "abc"),
            ("q-q_text-state", "dont_know"),
        ]
    )
    given, refused = read_area(build_area_form(questionnaire, area, "en", {}, formdata=post))
    assert (given["q_level"].value, given["q_level"].version) == (3, 2)
    assert given["q_text"].status == "dont_know"
    assert refused == {"q_number": FieldError("q_number", "A003", "'abc' is not a number")}


@pytest.mark.parametrize(
    ("qid", "stored", "shown", "checklist"),
    [
        ("q_level", 2, "2", {}),
        ("q_check", ["a3", "a1"], ["a1", "a3"], {"none": False}),
        ("q_check", [], [], {"none": True}),
        ("q_number", 10.0, "10", {}),
        ("q_number", 2.5, "2.5", {}),
        ("q_date", "2024-03-31", "2024-03-31", {}),
    ],
)
def test_a_stored_answer_is_shown_back_in_the_form(
    questionnaire, qid, stored, shown, checklist
) -> None:
    data = form_data(q(questionnaire, qid), "answered", stored, "c", ["e1", "e2"], 3)
    del data["seen"], data["shown"]
    assert data == {
        "state": "answered",
        "value": shown,
        "comment": "c",
        "evidence": "e1\ne2",
        "version": 3,
        **checklist,
    }


def test_a_stored_answer_round_trips_through_the_form(questionnaire, area) -> None:
    stored = {
        "q_check": form_data(q(questionnaire, "q_check"), "answered", ["a1", "a2"], "", [], 1)
    }
    built = build_area_form(questionnaire, area, "en", stored)
    given, _ = read_area(built)
    assert given["q_check"].value == frozenset({"a1", "a2"})


@pytest.mark.parametrize(
    ("stored", "post", "untouched"),
    [
        (["a2", "a1"], ["a1", "a2"], True),
        (["a1"], ["a1", "a2"], False),
        (None, [], True),
    ],
)
def test_a_post_tells_an_echo_of_the_shown_answer_from_an_edit(
    questionnaire, area, stored, post, untouched
) -> None:
    question = q(questionnaire, "q_check")
    shown = form_data(question, "answered", stored, "", [], 1)
    formdata = MultiDict(
        [("q-q_check-seen", shown["seen"]), ("q-q_check-state", "answered")]
        + [("q-q_check-value", item) for item in post]
    )
    given, _ = read_area(build_area_form(questionnaire, area, "en", {}, formdata=formdata))
    assert (given["q_check"].fingerprint(question) == given["q_check"].seen) is untouched


@pytest.mark.parametrize("ticked", [True, "y"], ids=["json", "form"])
def test_none_met_is_a_checklist_answer_with_no_item(questionnaire, ticked) -> None:
    result = read_question(q(questionnaire, "q_check"), {"state": "answered", "none": ticked})
    assert (result.status, result.value, result.blank) == ("answered", frozenset(), False)


@pytest.mark.parametrize("none", [False, "", None], ids=["json", "form", "absent"])
def test_no_box_ticked_without_none_met_is_blank(questionnaire, none) -> None:
    data = {"state": "answered", "value": [], "none": none}
    assert read_question(q(questionnaire, "q_check"), data).blank


def test_none_met_beside_ticked_items_is_refused(questionnaire) -> None:
    result = read_question(q(questionnaire, "q_check"), {"value": ["a1"], "none": True})
    assert result == FieldError(
        "q_check", "F003", "tick the items met or 'none of these is met', not both"
    )


def test_none_met_round_trips_through_the_area_form(questionnaire, area) -> None:
    posted = build_area_form(
        questionnaire, area, "en", {}, formdata=MultiDict([("q-q_check-none", "y")])
    )
    given, _refused = read_area(posted)
    check = q(questionnaire, "q_check")
    stored = to_json(check, given["q_check"].value)
    assert stored == []
    shown = build_area_form(
        questionnaire,
        area,
        "en",
        {"q_check": form_data(check, "answered", stored, "", (), 1)},
    )
    assert shown.subform("q_check")["none"].data is True
    assert "checked" in str(shown.subform("q_check")["none"])
