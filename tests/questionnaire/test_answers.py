"""Typed answers: reading form and CSV text, checking values, storage, checklists, applicability."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assess.questionnaire.answers import (
    MAX_TEXT,
    Answer,
    AnswerError,
    applicable,
    coerce,
    derived_level,
    expression_value,
    from_json,
    to_json,
    validate,
)
from assess.questionnaire.expressions import parse, references
from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import (
    Expr,
    Group,
    Node,
    NumberSpec,
    Option,
    Question,
    Questionnaire,
    Scale,
    frozen_map,
)
from assess.questionnaire.numbers import MAX_MAGNITUDE
from tests import model_builders as build
from tests.model_builders import level_scale, text


def options(*ids: str) -> tuple[Option, ...]:
    return tuple(Option(i, text(i.title()), 10.0) for i in ids)


def when(source: str | None) -> Expr | None:
    if source is None:
        return None
    tree = parse(source)
    return Expr(source, tree, references(tree))


def question(qid: str, qtype: str, condition: str | None = None, **extra: Any) -> Question:
    return build.question(qid, qtype, when=when(condition), **extra)


def group(gid: str, children: tuple[Node, ...], condition: str | None = None) -> Group:
    return build.group(gid, children, when=when(condition))


def questionnaire(*children: Node) -> Questionnaire:
    return build.questionnaire(children, scales=frozen_map({"capability": level_scale()}))


LEVEL = question("lvl", "level", scale=level_scale())
HALF = question("half", "level", scale=level_scale(allow_half=True))
CHECKLIST = question(
    "lab",
    "checklist",
    scale=level_scale(),
    attributes=frozen_map(
        {1: options("a1"), 2: options("a2", "a3"), 3: options("a4"), 5: options("a5")}
    ),
)
YPN = question("nuclear", "yes_partial_no", options=options("yes", "partial", "no"))
YPN_BUILT_IN = question("nuclear2", "yes_partial_no")
SINGLE = question("freq", "single_choice", options=options("never", "yearly"))
SINGLE_SCALE = question(
    "freq2", "single_choice", scale=Scale("frequency", "choice", options=options("never", "daily"))
)
MULTIPLE = question("agents", "multiple_choice", options=options("chem", "bio", "rad"))
NUMBER = question("staff", "number", number=NumberSpec(0, 1000, None, None, None))
OPEN_NUMBER = question("delta", "number", number=NumberSpec(None, None, None, None, None))
MIN_NUMBER = question("count", "number", number=NumberSpec(1, None, None, None, None))
TEXT = question("notes", "text")
DATE = question("last", "date")


# ---------------------------------------------------------------- coerce


@pytest.mark.parametrize(
    ("q", "raw", "expected"),
    [
        (LEVEL, "3", 3),
        (LEVEL, " 5 ", 5),
        (LEVEL, "2.0", 2),
        (LEVEL, ["4"], 4),
        (HALF, "2.5", 2.5),
        (HALF, "3", 3),
        (CHECKLIST, "a1;a2", frozenset({"a1", "a2"})),
        (CHECKLIST, "a1, a3 ,", frozenset({"a1", "a3"})),
        (CHECKLIST, ["a4", " a5 "], frozenset({"a4", "a5"})),
        (CHECKLIST, [], frozenset()),
        (YPN, "partial", "partial"),
        (YPN_BUILT_IN, " no ", "no"),
        (SINGLE, "yearly", "yearly"),
        (SINGLE_SCALE, "daily", "daily"),
        (MULTIPLE, "chem;bio", frozenset({"chem", "bio"})),
        (MULTIPLE, ["rad"], frozenset({"rad"})),
        (NUMBER, "12", 12.0),
        (NUMBER, "-0", 0.0),
        (NUMBER, "1e3", 1000.0),
        (NUMBER, "0.25", 0.25),
        (OPEN_NUMBER, "-1234567.5", -1234567.5),
        (NUMBER, "٥٫٢٥", 5.25),  # Arabic-Indic digits, Arabic decimal separator
        (NUMBER, "‏۱۲", 12.0),  # Eastern Arabic-Indic digits after a direction mark
        (HALF, "٢٫٥", 2.5),
        (TEXT, "  Law 12/2019  ", "Law 12/2019"),
        (DATE, "2024-02-29", dt.date(2024, 2, 29)),
    ],
)
def test_coerce_reads_text_into_the_typed_value(q: Question, raw: Any, expected: object) -> None:
    value = coerce(q, raw)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("q", [LEVEL, YPN, SINGLE, NUMBER, TEXT, DATE])
@pytest.mark.parametrize("raw", [None, "", "   ", [" "]])
def test_coerce_treats_blank_input_as_unanswered(q: Question, raw: str | None) -> None:
    assert coerce(q, raw) is None


@pytest.mark.parametrize("q", [CHECKLIST, MULTIPLE])
@pytest.mark.parametrize(("raw", "expected"), [(None, None), (" ", None), ([], frozenset())])
def test_coerce_tells_a_blank_set_question_from_one_answered_with_nothing_chosen(
    q: Question, raw: Any, expected: frozenset[str] | None
) -> None:
    assert coerce(q, raw) == expected


@pytest.mark.parametrize(
    ("q", "raw", "code", "message"),
    [
        (LEVEL, "2.5", "A001", "lvl: 2.5 is not a level of scale 'capability' (1 to 5)"),
        (LEVEL, "6", "A001", "lvl: 6 is not a level of scale 'capability' (1 to 5)"),
        (LEVEL, "0", "A001", "lvl: 0 is not a level of scale 'capability' (1 to 5)"),
        (LEVEL, "high", "A001", "lvl: 'high' is not a level of scale 'capability' (1 to 5)"),
        (LEVEL, "nan", "A001", "lvl: 'nan' is not a level of scale 'capability' (1 to 5)"),
        (
            HALF,
            "2.25",
            "A001",
            "half: 2.25 is not a level of scale 'capability' (1 to 5 in steps of 0.5)",
        ),
        (LEVEL, ["1", "2"], "A007", "lvl: give one value, not 2"),
        (
            CHECKLIST,
            "a1;zz;a0",
            "A002",
            "lab: unknown attribute 'a0', 'zz' (valid: a1, a2, a3, a4, a5)",
        ),
        (YPN, "Yes", "A002", "nuclear: 'Yes' is not an option (valid: yes, partial, no)"),
        (
            YPN_BUILT_IN,
            "maybe",
            "A002",
            "nuclear2: 'maybe' is not an option (valid: yes, partial, no)",
        ),
        (SINGLE, "monthly", "A002", "freq: 'monthly' is not an option (valid: never, yearly)"),
        (
            MULTIPLE,
            "chem;nuclear",
            "A002",
            "agents: unknown option 'nuclear' (valid: chem, bio, rad)",
        ),
        (NUMBER, "1,5", "A003", "staff: '1,5' is not a number: write decimals with a point (1.5)"),
        (NUMBER, "twelve", "A003", "staff: 'twelve' is not a number"),
        (NUMBER, "nan", "A003", "staff: 'nan' is not a number"),
        (NUMBER, "inf", "A003", "staff: 'inf' is not a number"),
        (NUMBER, "-Infinity", "A003", "staff: '-Infinity' is not a number"),
        (NUMBER, "1e999", "A003", "staff: '1e999' is too large"),
        (NUMBER, "1 000", "A003", "staff: '1 000' is not a number"),
        (OPEN_NUMBER, "1e16", "A003", "delta: '1e+16' is too large"),
        (OPEN_NUMBER, "-1000000000000001", "A003", "delta: '-1000000000000001' is too large"),
        (NUMBER, "1001", "A004", "staff: 1001 is outside the range 0 to 1000"),
        (NUMBER, "-0.5", "A004", "staff: -0.5 is outside the range 0 to 1000"),
        (MIN_NUMBER, "0", "A004", "count: 0 is outside the minimum 1"),
        (
            DATE,
            "31/12/2024",
            "A005",
            "last: '31/12/2024' is not a date: write YYYY-MM-DD (e.g. 2024-03-31)",
        ),
        (
            DATE,
            "2023-02-29",
            "A005",
            "last: '2023-02-29' is not a date: write YYYY-MM-DD (e.g. 2024-03-31)",
        ),
        (
            DATE,
            "20240101",
            "A005",
            "last: '20240101' is not a date: write YYYY-MM-DD (e.g. 2024-03-31)",
        ),
        (
            TEXT,
            "x" * (MAX_TEXT + 1),
            "A006",
            "notes: the text is 20001 characters long; at most 20000",
        ),
        (
            question("geo", "geolocation"),
            "1",
            "A008",
            "geo: answers of type 'geolocation' are not supported",
        ),
    ],
)
def test_coerce_refuses_bad_input_with_a_clear_message(
    q: Question, raw: Any, code: str, message: str
) -> None:
    with pytest.raises(AnswerError) as caught:
        coerce(q, raw)
    assert (caught.value.code, caught.value.message) == (code, message)


def test_coerce_accepts_text_of_the_maximum_length() -> None:
    assert coerce(TEXT, "x" * MAX_TEXT) == "x" * MAX_TEXT


# ---------------------------------------------------------------- validate


@pytest.mark.parametrize(
    ("q", "value", "expected"),
    [
        (LEVEL, 3, 3),
        (LEVEL, 3.0, 3),
        (HALF, 4.5, 4.5),
        (CHECKLIST, {"a1"}, frozenset({"a1"})),
        (MULTIPLE, ["bio", "chem"], frozenset({"bio", "chem"})),
        (YPN, "yes", "yes"),
        (NUMBER, 7, 7.0),
        (TEXT, "", ""),
        (DATE, dt.date(2020, 1, 1), dt.date(2020, 1, 1)),
    ],
)
def test_validate_accepts_and_normalises_typed_values(
    q: Question, value: object, expected: object
) -> None:
    checked = validate(q, value)
    assert checked == expected
    assert type(checked) is type(expected)


@pytest.mark.parametrize(
    ("q", "value", "code", "message"),
    [
        (LEVEL, True, "A009", "lvl: a level must be a number, not bool"),
        (LEVEL, "3", "A009", "lvl: a level must be a number, not str"),
        (LEVEL, float("inf"), "A001", "lvl: inf is not a level of scale 'capability' (1 to 5)"),
        (LEVEL, 3.5, "A001", "lvl: 3.5 is not a level of scale 'capability' (1 to 5)"),
        (CHECKLIST, "a1", "A009", "lab: expects a set of ids"),
        (CHECKLIST, {1}, "A009", "lab: expects a set of ids"),
        (YPN, 1, "A002", "nuclear: int is not an option (valid: yes, partial, no)"),
        (NUMBER, "7", "A009", "staff: expects a number, not str"),
        (NUMBER, False, "A009", "staff: expects a number, not bool"),
        (NUMBER, float("nan"), "A003", "staff: 'nan' is not a number"),
        (OPEN_NUMBER, 10**20, "A003", "delta: '1e+20' is too large"),
        (
            OPEN_NUMBER,
            -1e300,
            "A003",
            "delta: '-1e+300' is too large",
        ),
        (TEXT, 5, "A009", "notes: expects text, not int"),
        (DATE, "2020-01-01", "A009", "last: expects a date, not str"),
        (DATE, dt.datetime(2020, 1, 1), "A009", "last: expects a date, not datetime"),
    ],
)
def test_validate_refuses_values_of_the_wrong_kind(
    q: Question, value: object, code: str, message: str
) -> None:
    with pytest.raises(AnswerError) as caught:
        validate(q, value)
    assert (caught.value.code, caught.value.message) == (code, message)


# ---------------------------------------------------------------- storage

VALUES: dict[str, st.SearchStrategy[object]] = {
    "lvl": st.integers(1, 5),
    "half": st.integers(2, 10).map(lambda n: n / 2),
    "lab": st.frozensets(st.sampled_from(["a1", "a2", "a3", "a4", "a5"])),
    "nuclear": st.sampled_from(["yes", "partial", "no"]),
    "freq": st.sampled_from(["never", "yearly"]),
    "agents": st.frozensets(st.sampled_from(["chem", "bio", "rad"])),
    "staff": st.floats(0, 1000),
    "delta": st.floats(-MAX_MAGNITUDE, MAX_MAGNITUDE),  # beyond: refused (A003)
    "notes": st.text(max_size=50),
    "last": st.dates(),
}
BY_ID = {q.id: q for q in (LEVEL, HALF, CHECKLIST, YPN, SINGLE, MULTIPLE, NUMBER, OPEN_NUMBER)}
BY_ID |= {q.id: q for q in (TEXT, DATE)}


@given(st.sampled_from(sorted(VALUES)).flatmap(lambda qid: st.tuples(st.just(qid), VALUES[qid])))
def test_to_json_then_from_json_gives_the_value_back(case: tuple[str, object]) -> None:
    qid, value = case
    q = BY_ID[qid]
    assert from_json(q, to_json(q, validate(q, value))) == validate(q, value)


@pytest.mark.parametrize(
    ("q", "value", "stored"),
    [
        (MULTIPLE, frozenset({"rad", "bio"}), ["bio", "rad"]),
        (DATE, dt.date(2021, 3, 4), "2021-03-04"),
        (HALF, 2.5, 2.5),
        (LEVEL, 2, 2),
        (NUMBER, 3.0, 3.0),
    ],
)
def test_to_json_stores_sets_sorted_and_dates_in_iso_form(
    q: Question, value: object, stored: object
) -> None:
    assert to_json(q, value) == stored


@pytest.mark.parametrize(
    ("q", "data", "code"),
    [
        (MULTIPLE, ["bio", "gone"], "A002"),
        (DATE, "yesterday", "A005"),
        (DATE, 20200101, "A009"),
        (LEVEL, 9, "A001"),
        (YPN, "perhaps", "A002"),
    ],
)
def test_from_json_refuses_stored_data_that_no_longer_fits(
    q: Question, data: object, code: str
) -> None:
    with pytest.raises(AnswerError) as caught:
        from_json(q, data)
    assert caught.value.code == code


# ---------------------------------------------------------------- Answer


@pytest.mark.parametrize(
    ("status", "value"), [("answered", None), ("na", 3), ("dont_know", "x"), ("skipped", None)]
)
def test_answer_refuses_a_value_that_does_not_match_its_status(status: Any, value: object) -> None:
    with pytest.raises(ValueError):
        Answer("q", status, value)


# ---------------------------------------------------------------- checklists


@pytest.mark.parametrize(
    ("met", "expected"),
    [
        (set(), None),
        ({"a2", "a3", "a4"}, None),  # level 1 not met: no level, whatever else is met
        ({"a1"}, 1),
        ({"a1", "a2"}, 1),  # level 2 only partly met
        ({"a1", "a2", "a3"}, 2),
        ({"a1", "a2", "a3", "a5"}, 2),  # level 5 met but level 3 is not: levels are cumulative
        ({"a1", "a2", "a3", "a4"}, 4),  # level 4 has no attributes of its own
        ({"a1", "a2", "a3", "a4", "a5"}, 5),
    ],
)
def test_derived_level_is_the_highest_level_with_all_levels_below_met(
    met: set[str], expected: int | None
) -> None:
    assert derived_level(CHECKLIST, frozenset(met)) == expected


def test_derived_level_stops_at_the_highest_level_that_lists_attributes() -> None:
    short = question(
        "lab2",
        "checklist",
        scale=level_scale(),
        attributes=frozen_map({1: options("b1"), 2: options("b2")}),
    )
    assert derived_level(short, frozenset({"b1", "b2"})) == 2


# ---------------------------------------------------------------- what conditions see


@pytest.mark.parametrize(
    ("q", "answer", "expected"),
    [
        (LEVEL, Answer("lvl", "answered", 4), 4),
        (LEVEL, Answer("lvl", "na"), None),
        (LEVEL, Answer("lvl", "dont_know"), None),
        (LEVEL, None, None),
        (CHECKLIST, Answer("lab", "answered", frozenset({"a1", "a2", "a3"})), 2),
        (CHECKLIST, Answer("lab", "answered", frozenset({"a2"})), 1),  # no level: the lowest
        (MULTIPLE, Answer("agents", "answered", frozenset({"bio"})), frozenset({"bio"})),
        (DATE, Answer("last", "answered", dt.date(2020, 1, 1)), dt.date(2020, 1, 1)),
    ],
)
def test_expression_value(q: Question, answer: Answer | None, expected: object) -> None:
    assert expression_value(q, answer) == expected


# ---------------------------------------------------------------- applicability


def nested_questionnaire() -> Questionnaire:
    """A gate question, a group shown only behind it, and conditions inside that group."""
    gate = question("nuclear", "yes_partial_no", options=options("yes", "partial", "no"))
    staff = question("staff", "number", number=NumberSpec(0, None, None, None, None))
    inner = (
        staff,
        question(
            "inspectors", "number", "${staff} > 10", number=NumberSpec(0, None, None, None, None)
        ),
        question(
            "plan", "level", "${inspectors} >= 1 or not answered(${staff})", scale=level_scale()
        ),
    )
    facility = group("facility", inner, "${nuclear} = 'yes' or ${nuclear} = 'partial'")
    # Declared before the question it reads: order of evaluation follows dependencies.
    early = question("early", "text", "${late} = 'go'")
    late = question("late", "single_choice", options=options("go", "stop"))
    return questionnaire(group("area", (early, gate, facility, late)))


def answered(**values: object) -> dict[str, Answer]:
    return {qid: Answer(qid, "answered", value) for qid, value in values.items()}


ALWAYS = {"area", "nuclear", "late"}


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, ALWAYS),
        (answered(nuclear="no"), ALWAYS),
        (answered(nuclear="yes"), ALWAYS | {"facility", "staff", "plan"}),
        (answered(nuclear="partial", staff=11.0), ALWAYS | {"facility", "staff", "inspectors"}),
        (
            answered(nuclear="yes", staff=11.0, inspectors=2.0),
            ALWAYS | {"facility", "staff", "inspectors", "plan"},
        ),
        # the gate closed: answers inside the group are kept but no longer count
        (answered(nuclear="no", staff=11.0, inspectors=2.0), ALWAYS),
        (answered(late="go"), ALWAYS | {"early"}),
        ({"nuclear": Answer("nuclear", "dont_know")}, ALWAYS),
    ],
)
def test_applicable_follows_nested_conditions(
    answers: dict[str, Answer], expected: set[str]
) -> None:
    assert applicable(nested_questionnaire(), answers) == frozenset(expected)


def test_applicable_hides_the_readers_of_a_question_that_is_not_applicable() -> None:
    answers = answered(nuclear="no", staff=11.0, inspectors=2.0, plan=3)
    chained = questionnaire(
        *nested_questionnaire().root.children,
        group("after", (question("review", "text", "answered(${inspectors})"),)),
    )
    assert "review" not in applicable(chained, answers)
    assert "after" in applicable(chained, answers)


def test_applicable_refuses_a_cycle_of_conditions() -> None:
    cyclic = questionnaire(
        group(
            "area",
            (
                question("a", "text", "${b} = 'x'"),
                question("b", "text", "${a} = 'x'"),
            ),
        )
    )
    with pytest.raises(ValueError, match="cycle"):
        applicable(cyclic, {})


def test_applicable_handles_a_long_chain_of_conditions() -> None:
    chain = [question("q0", "number", number=NumberSpec(None, None, None, None, None))]
    for i in range(1, 3000):
        chain.append(
            question(f"q{i}", "number", f"answered(${{q{i - 1}}})", number=chain[0].number)
        )
    answers = answered(**{q.id: 1.0 for q in chain})
    found = applicable(questionnaire(group("area", tuple(chain))), answers)
    assert len(found) == 3001


# ---------------------------------------------------------------- a questionnaire file

CONDITIONS_FILE = Path(__file__).parents[1] / "data/questionnaires/valid/expr_conditions.yaml"
FILE_ALWAYS = {"area", "nuclear", "agents", "exercise"}


@pytest.fixture(scope="module")
def conditions() -> Questionnaire:
    return load_questionnaire(CONDITIONS_FILE)


def typed(q: Questionnaire, **cells: str) -> dict[str, Answer]:
    """Answers read from text, as a form or the CSV batch scorer gives them."""
    return {qid: Answer(qid, "answered", coerce(q.node(qid), raw)) for qid, raw in cells.items()}


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({}, FILE_ALWAYS),
        ({"nuclear": "no", "staff": "50"}, FILE_ALWAYS),
        ({"nuclear": "partial"}, FILE_ALWAYS | {"facility", "staff", "plan"}),
        ({"nuclear": "yes", "staff": "11", "agents": "chem"}, FILE_ALWAYS | {"facility", "staff"}),
        (
            {"nuclear": "yes", "staff": "11", "agents": "chem;bio", "inspectors": "0"},
            FILE_ALWAYS | {"facility", "staff", "inspectors"},
        ),
        (
            {"nuclear": "yes", "staff": "11", "agents": "bio", "inspectors": "2"},
            FILE_ALWAYS | {"facility", "staff", "inspectors", "plan"},
        ),
        ({"exercise": "postponed"}, FILE_ALWAYS | {"early"}),
        ({"exercise": "held"}, FILE_ALWAYS),
        ({"exercise": "held", "agents": "chem"}, FILE_ALWAYS | {"last"}),
    ],
)
def test_applicable_on_a_loaded_questionnaire(
    conditions: Questionnaire, cells: dict[str, str], expected: set[str]
) -> None:
    assert applicable(conditions, typed(conditions, **cells)) == frozenset(expected)


def test_a_number_answer_of_exactly_ten_to_the_fifteenth_is_held() -> None:
    assert coerce(OPEN_NUMBER, "1e15") == 1e15
    assert coerce(OPEN_NUMBER, "-1000000000000000") == -1e15
