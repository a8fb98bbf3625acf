"""`assess import xlsform`: each construct carried, each refusal with its place, and pyxform's
own example forms (../shared/external-data/xlsform-examples, read here, never copied)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from assess.cli import main
from assess.questionnaire import xlsform_read
from assess.questionnaire.loader import check_data, check_file
from assess.questionnaire.problems import CATALOGUE
from assess.questionnaire.xlsform import Conversion, convert
from assess.questionnaire.xlsform_expr import (
    UnknownReference,
    Untranslatable,
    number_bounds,
    translate,
)
from assess.questionnaire.xlsform_read import Sheet, XLSFormError, read_workbook

README = Path(__file__).resolve().parents[2] / "questionnaires" / "README.md"
SURVEY_HEADER = ["type", "name", "label::English (en)", "label::French (fr)", "hint", "relevant",
                 "required", "constraint", "appearance"]  # fmt: skip
CHOICES = [
    ["list_name", "name", "label::English (en)", "label::French (fr)"],
    ["yn", "yes", "Yes", "Oui"],
    ["yn", "no", "No", "Non"],
    ["fruit", "apple", "Apple", "Pomme"],
    ["fruit", "pear", "Pear", "Poire"],
]
SETTINGS = [
    ["form_title", "form_id", "version", "default_language"],
    ["Lab survey", "lab_survey", "2.3", "English (en)"],
]


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def survey(*rows: list[Any]) -> list[list[Any]]:
    return [SURVEY_HEADER, *[row + [None] * (len(SURVEY_HEADER) - len(row)) for row in rows]]


def converted(tmp_path: Path, *rows: list[Any], **sheets: list[list[Any]]) -> Conversion:
    all_sheets = {"survey": survey(*rows), "choices": CHOICES, "settings": SETTINGS, **sheets}
    path = workbook(tmp_path / "form.xlsx", all_sheets)
    return convert(read_workbook(path), name=path.name)


def refused(tmp_path: Path, sheets: dict[str, list[list[Any]]]) -> list[tuple[str, str]]:
    path = workbook(tmp_path / "form.xlsx", sheets)
    with pytest.raises(XLSFormError) as caught:
        convert(read_workbook(path), name=path.name)
    return [(p.code, p.place) for p in caught.value.problems if p.severity == "error"]


def nodes(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            out[item["id"]] = item
            walk(item.get("children", []))

    walk(data["children"])
    return out


def passes_check(conversion: Conversion) -> bool:
    model, problems = check_data(conversion.text.encode("utf-8"), Path("x/1.0.yaml"))
    return model is not None and not [p for p in problems if p.severity == "error"]


# ---------------------------------------------------------------- constructs carried


def test_every_carried_construct(tmp_path: Path) -> None:
    result = converted(
        tmp_path,
        ["begin group", "lab", "Laboratory", "Laboratoire"],
        ["select_one yn", "has_lab", "A lab?", "Un labo ?", "National", None, "yes"],
        ["select_multiple fruit", "fruits", "Fruits?", "Fruits ?", None, "${has_lab} = 'yes'"],
        [
            "integer",
            "staff",
            "Staff",
            "Personnel",
            None,
            "selected(${fruits}, 'pear')",
            "no",
            ". >= 0 and . < 500",
        ],
        ["decimal", "budget", "Budget", "Budget", None, "${staff} > 10 and ${has_lab} != 'no'"],
        ["text", "notes", "Notes", "Notes", None, "${budget} != ''"],
        [
            "date",
            "since",
            "Since",
            "Depuis",
            None,
            "not(${notes} = '') or count-selected(${fruits}) >= 2",
        ],
        ["end group"],
    )
    data = result.data
    assert (data["id"], data["version"], data["default_language"]) == ("lab-survey", "2.3", "en")
    # XLSForm's form_title has one language: the others are partial.
    assert (data["languages"], data["partial_languages"]) == (["en"], ["fr"])
    assert data["title"] == {"en": "Lab survey"}
    found = nodes(data)
    assert found["lab"]["title"] == {"en": "Laboratory", "fr": "Laboratoire"}
    assert found["has_lab"] == {
        "id": "has_lab",
        "type": "single_choice",
        "options": [
            {"id": "yes", "label": {"en": "Yes", "fr": "Oui"}},
            {"id": "no", "label": {"en": "No", "fr": "Non"}},
        ],
        "text": {"en": "A lab?", "fr": "Un labo ?"},
        "help": {"en": "National"},
        "required": True,
    }
    assert found["fruits"]["type"] == "multiple_choice"
    assert found["fruits"]["when"] == "${has_lab} = 'yes'"
    assert (found["staff"]["type"], found["staff"]["scored"]) == ("number", False)
    assert (found["staff"]["min"], found["staff"]["max"]) == (0, 499)
    assert "required" not in found["staff"]
    assert found["staff"]["when"] == "selected(${fruits}, 'pear')"
    assert found["budget"]["when"] == "${staff} > 10 and ${has_lab} != 'no'"
    assert found["notes"]["when"] == "answered(${budget})"
    assert found["since"]["type"] == "date"
    assert found["since"]["when"] == "not not answered(${notes}) or count_selected(${fruits}) >= 2"
    assert result.notes == [] or {p.code for p in result.notes} == {"I111"}
    assert passes_check(result)


def test_the_written_text_loads_back_as_the_same_data(tmp_path: Path) -> None:
    result = converted(
        tmp_path,
        ["text", "q1", 'Say "no": yes, 1.10 #not a comment', "Dites « non »"],
        ["integer", "q2", "Count", "Nombre"],
    )
    out = tmp_path / "lab-survey" / "2.3.yaml"
    out.parent.mkdir()
    out.write_text(result.text, encoding="utf-8")
    model, problems = check_file(out, root=tmp_path)
    assert [p.format() for p in problems if p.severity == "error"] == []
    assert model is not None
    assert yaml.safe_load(result.text) == result.data


def test_loose_questions_are_wrapped_and_default_language_is_named(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "plain.xlsx",
        {"survey": [["type", "name", "label"], ["text", "a", "A"], ["integer", "b", "B"]]},
    )
    result = convert(read_workbook(path), name="plain.xlsx")
    assert result.data["id"] == "plain" and result.data["version"] == "1.0"
    assert [n["id"] for n in result.data["children"]] == ["part-1"]
    assert [n["id"] for n in result.data["children"][0]["children"]] == ["a", "b"]
    assert [(p.code, p.place) for p in result.notes] == [("I114", "sheet survey, column label")]
    assert passes_check(result)


def test_a_language_missing_from_some_texts_is_partial(tmp_path: Path) -> None:
    result = converted(tmp_path, ["text", "a", "A", "AA"], ["text", "b", "B"])
    assert (result.data["languages"], result.data["partial_languages"]) == (["en"], ["fr"])
    assert passes_check(result)


def test_repeats_and_types_without_counterpart_are_named_by_row(tmp_path: Path) -> None:
    result = converted(
        tmp_path,
        ["text", "kept", "Kept"],
        ["begin repeat", "member", "Member"],
        ["text", "member_name", "Name"],
        ["end repeat"],
        ["geopoint", "where", "Where"],
        ["note", "intro", "Read this"],
        ["text", "after", "After", None, None, "${member_name} != ''"],
        ["text", "styled", "Styled", None, None, None, None, None, "multiline"],
        ["calculate", "calc", None, None, None, None, None, None, None],
    )
    assert [n for n in nodes(result.data) if n != "part-1"] == ["kept", "after", "styled"]
    named = [(p.code, p.place) for p in result.notes]
    assert named == [
        ("I110", "sheet survey, row 3"),
        ("I110", "sheet survey, row 6"),
        ("I110", "sheet survey, row 7"),
        ("I110", "sheet survey, row 10"),
        ("I112", "sheet survey, row 8, column relevant"),
        ("I111", "sheet survey, column appearance, row 9"),
    ]
    assert "repeat" in result.notes[0].message
    assert passes_check(result)


def test_expressions_and_constraints_that_cannot_be_carried_are_named(tmp_path: Path) -> None:
    result = converted(
        tmp_path,
        ["select_one yn", "a", "A"],
        ["text", "b", "B", None, None, "${a} = 'maybe'"],  # no such option: the checker says
        ["text", "c", "C", None, None, "string-length(${b}) > 3"],
        ["text", "d", "D", None, None, None, "${a} = 'yes'", "regex(., '[a-z]+')"],
        ["decimal", "e", "E", None, None, None, None, ". > 0.5"],
    )
    named = {(p.code, p.place): p.message for p in result.notes}
    assert "X012" in named[("I112", "sheet survey, row 3, column relevant")]
    assert "string-length" in named[("I112", "sheet survey, row 4, column relevant")]
    assert "is no yes/no" in named[("I112", "sheet survey, row 5, column required")]
    assert "only bounds on numbers" in named[("I112", "sheet survey, row 5, column constraint")]
    assert "strict bound" in named[("I112", "sheet survey, row 6, column constraint")]
    assert all("when" not in n for n in nodes(result.data).values())
    assert passes_check(result)


def test_a_name_starting_with_an_underscore_is_written_as_an_id(tmp_path: Path) -> None:
    result = converted(
        tmp_path,
        ["integer", "_1", "One"],
        ["text", "b", "B", None, None, "${_1} > 2"],
    )
    found = nodes(result.data)
    assert found["b"]["when"] == "${q_1} > 2" and "q_1" in found
    assert [(p.code, p.place) for p in result.notes] == [("I114", "sheet survey, row 2")]
    assert passes_check(result)
    clash = {"survey": survey(["integer", "_1", "One"], ["text", "q_1", "Q"])}
    assert refused(tmp_path, clash) == [("I106", "sheet survey, row 2")]


def test_a_group_nested_too_deep_joins_the_group_above(tmp_path: Path) -> None:
    rows = [["begin group", f"g{i}", f"G{i}"] for i in range(1, 7)]
    rows += [["text", "deep", "Deep"]] + [["end group"]] * 6
    result = converted(tmp_path, *rows)
    found = nodes(result.data)
    assert "g5" not in found and "g6" not in found
    assert [c["id"] for c in found["g4"]["children"]] == ["deep"]
    assert ("I114", "sheet survey, row 6") in [(p.code, p.place) for p in result.notes]
    assert passes_check(result)


# ---------------------------------------------------------------- refusals


def test_no_survey_sheet_is_refused(tmp_path: Path) -> None:
    assert refused(tmp_path, {"Sheet1": [["type", "name"], ["text", "a"]]}) == [("I103", "file")]
    header = refused(tmp_path, {"survey": [["kind", "label"], ["text", "A"]]})
    assert header == [("I103", "sheet survey, row 1")]


def test_unknown_type_is_refused(tmp_path: Path) -> None:
    found = refused(tmp_path, {"survey": survey(["text", "a", "A"], ["widget", "b", "B"])})
    assert found == [("I104", "sheet survey, row 3")]


def test_broken_references_are_refused(tmp_path: Path) -> None:
    sheets = {
        "survey": survey(
            ["text", "a", "A", None, None, "${nowhere} = 'x'"],
            ["select_one colours", "b", "B"],
            ["integer", "c", "C", None, None, None, None, ". < ${missing}"],
        ),
        "choices": CHOICES,
    }
    assert refused(tmp_path, sheets) == [
        ("I105", "sheet survey, row 3"),
        ("I105", "sheet survey, row 2, column relevant"),
        ("I105", "sheet survey, row 4, column constraint"),
    ]


def test_duplicate_names_are_refused(tmp_path: Path) -> None:
    choices = [*CHOICES, ["yn", "yes", "Yes again", "Oui encore"]]
    sheets = {
        "survey": survey(["text", "a", "A"], ["select_one yn", "q", "Q"], ["integer", "a", "A2"]),
        "choices": choices,
    }
    assert refused(tmp_path, sheets) == [
        ("I106", "sheet choices, row 6"),
        ("I106", "sheet survey, row 4"),
    ]


def test_unusable_names_and_unbalanced_groups_are_refused(tmp_path: Path) -> None:
    sheets = {
        "survey": survey(["text", "a b", "A"], ["begin group", "g", "G"], ["text", "b", "B"]),
    }
    assert refused(tmp_path, sheets) == [
        ("I107", "sheet survey, row 2"),
        ("I108", "sheet survey, row 3"),
    ]
    closing = refused(tmp_path, {"survey": survey(["text", "b", "B"], ["end group"])})
    assert closing == [("I108", "sheet survey, row 3")]


def test_a_form_with_nothing_to_carry_is_refused(tmp_path: Path) -> None:
    found = refused(tmp_path, {"survey": survey(["geopoint", "where", "Where"])})
    assert found == [("I109", "sheet survey")]


def test_over_large_files_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.xlsx"
    with big.open("wb") as stream:
        stream.write(b"PK\x03\x04")
        stream.truncate(xlsform_read.MAX_FILE_BYTES + 1)
    with pytest.raises(XLSFormError) as caught:
        read_workbook(big)
    assert [(p.code, p.place) for p in caught.value.problems] == [("I102", "file")]
    monkeypatch.setattr(xlsform_read, "MAX_ROWS", 3)
    path = workbook(
        tmp_path / "rows.xlsx", {"survey": survey(*[["text", f"q{i}"] for i in range(5)])}
    )
    with pytest.raises(XLSFormError) as caught:
        read_workbook(path)
    assert [(p.code, p.place) for p in caught.value.problems] == [("I102", "sheet survey")]


def test_other_files_are_refused_not_crashed_on(tmp_path: Path) -> None:
    for name, content in (("form.csv", b"type,name\ntext,a\n"), ("bad.xlsx", b"PK\x03\x04oops")):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(XLSFormError) as caught:
            read_workbook(path)
        assert [p.code for p in caught.value.problems] == ["I101"], name
    fake_xls = tmp_path / "bad.xls"
    fake_xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(XLSFormError) as caught:
        read_workbook(fake_xls)
    assert [p.code for p in caught.value.problems] == ["I101"]


# ---------------------------------------------------------------- expressions


def _resolve(name: str) -> str:
    if name == "gone":
        raise Untranslatable("gone is not carried")
    if name == "nowhere":
        raise UnknownReference(name)
    return name


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("${a}='yes'", "${a} = 'yes'"),
        ('${a} != "it\'s"', "${a} != 'it\\'s'"),
        ("${n} div 2 >= .5", "${n} / 2 >= 0.5"),
        ("not(${a} = 'x') and true()", "not ${a} = 'x' and true"),
        ("${d} > date('2020-01-31')", "${d} > date('2020-01-31')"),
        ("'' != ${a} or ${b} = ''", None),
    ],
)
def test_translate(source: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(Untranslatable):
            translate(source, _resolve)
    else:
        assert translate(source, _resolve) == expected


@pytest.mark.parametrize(
    "source", ["${a} mod 2 = 0", "today() > ${d}", ". > 3", "${gone} = 'x'", "/data/a = 1"]
)
def test_untranslatable(source: str) -> None:
    with pytest.raises(Untranslatable):
        translate(source, _resolve)


def test_unknown_reference() -> None:
    with pytest.raises(UnknownReference):
        translate("${nowhere} = 1", _resolve)


def test_number_bounds() -> None:
    assert number_bounds(". >= 1 and . <= 5.5", whole=False) == {"min": 1, "max": 5.5}
    assert number_bounds("10 > .", whole=True) == {"max": 9}
    for source in (". > 1.5", ". >= 5 and . <= 1", ". >= 1 and . >= 2", ". != 3"):
        with pytest.raises(Untranslatable):
            number_bounds(source, whole=False)


# ---------------------------------------------------------------- the command


def test_the_command_writes_a_file_that_passes_check(tmp_path: Path) -> None:
    path = workbook(tmp_path / "form.xlsx", {"survey": survey(["text", "a", "A"])})
    out = tmp_path / "out.yaml"
    runner = CliRunner()
    done = runner.invoke(
        main, ["import", "xlsform", str(path), "-o", str(out), "--id", "mine", "--version", "3.1"]
    )
    assert done.exit_code == 0, done.output
    assert 'id: "mine"' in out.read_text(encoding="utf-8")
    assert runner.invoke(main, ["check", str(out)]).exit_code == 0
    bad = workbook(tmp_path / "bad.xlsx", {"survey": survey(["widget", "a", "A"])})
    refused_run = runner.invoke(main, ["import", "xlsform", str(bad), "-o", str(tmp_path / "b")])
    assert refused_run.exit_code == 1
    assert "sheet survey, row 2: I104 unknown type 'widget'" in refused_run.output
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize("code", [c for c in CATALOGUE if c.startswith("I")])
def test_every_import_code_is_in_the_readme(code: str) -> None:
    assert f"| `{code}` |" in README.read_text(encoding="utf-8")


# ---------------------------------------------------------------- pyxform's example forms

# Each form that does not convert, with the error codes that say why (a regression fails here).
REFUSED = {
    "bad_calc.xlsx": {"I109"},  # only a calculation
    "calculate.xls": {"I109"},  # calculations and notes
    "choice_filter_test.xlsx": {"I106"},  # a choice name twice in a list (choice_filter)
    "default_time_demo.xls": {"I109"},  # only a time
    "gps.xls": {"I109"},  # only a location
    "hidden.xls": {"I109"},  # only a hidden field
    "include_json.xls": {"I109"},  # only an include
    "include_json.xlsx": {"I109"},
    "pull_data.xlsx": {"I109"},  # calculations and notes
    "repeat_date_test.xls": {"I109"},  # everything is in a repeat
    "simple_loop.xls": {"I109"},  # everything is in a loop
    "survey_no_name.xlsx": {"I103"},  # its sheet is Sheet1, not survey
    "tutorial.xls": {"I109"},  # everything is in a repeat
    "unknown_question_type.xls": {"I104", "I107"},  # type 'unknown'; choice names with spaces
}


def test_pyxform_examples(external_data: Path, published_counts: list[str]) -> None:
    folder = external_data / "xlsform-examples"
    forms = sorted(p for p in folder.iterdir() if p.suffix in (".xlsx", ".xls"))
    assert len(forms) == 44
    converted_ok, refused_codes = [], {}
    for form in forms:
        try:
            result = convert(read_workbook(form), name=form.name)
        except XLSFormError as error:
            refused_codes[form.name] = {p.code for p in error.problems if p.severity == "error"}
            continue
        assert passes_check(result), form.name
        converted_ok.append(form.name)
    assert refused_codes == REFUSED
    assert len(converted_ok) == 30
    published_counts.append(f"XLSForm: {len(converted_ok)}/44 pyxform example forms convert")


# ---------------------------------------------------------------- any form: converted or refused

TYPES = [
    "text",
    "integer",
    "decimal",
    "date",
    "select_one yn",
    "select_multiple yn",
    "select_one nope",
    "begin group",
    "end group",
    "begin repeat",
    "end repeat",
    "note",
    "begin",
    "end",
    "select one from yn or specify other",
    "weird",
    None,
    "geopoint",
]
EXPRESSIONS = [
    None,
    "${a} = 'yes'",
    "${b} > 3",
    "${zz} = 1",
    ". > 3",
    "selected(${c}, 'no')",
    "${a} != ''",
    "(((",
    "${",
    "not(",
    "'",
    "${a} = 'x' and ${b} < 2 or ${c}",
]
ROW = st.tuples(
    st.sampled_from(TYPES),
    st.sampled_from(["a", "b", "c", "d", "_e", "g h", None]),
    st.sampled_from([None, "L", "1"]),
    st.sampled_from([None, "F"]),
    st.sampled_from(EXPRESSIONS),
    st.sampled_from(EXPRESSIONS),
    st.sampled_from([None, "yes", "no", "${a}"]),
)


@settings(max_examples=300)
@given(st.lists(ROW, max_size=10))
def test_any_form_converts_to_a_checked_file_or_is_refused_with_places(rows: list) -> None:
    header = ("type", "name", "label", "label::French (fr)", "relevant", "constraint", "required")
    choices = Sheet(
        "choices", (("list_name", "name", "label"), ("yn", "yes", "Yes"), ("yn", "no", None))
    )
    sheets = {"survey": Sheet("survey", (header, *rows)), "choices": choices}
    try:
        result = convert(sheets, name="f.xlsx")
    except XLSFormError as error:
        assert error.problems and all(p.place and p.code in CATALOGUE for p in error.problems)
        assert "I115" not in {p.code for p in error.problems}
        return
    assert passes_check(result)


CARRIED = ["text", "integer", "decimal", "date", "select_one yn", "select_multiple yn", "note"]
CONDITIONS = [None, "${q0} = 'yes'", "${q1} > 3", "selected(${q2}, 'no')", "${q3} != ''",
              "${q0} = 'x'", "${q1} = 'yes' and ${q2} < 2", "not(${q4} = '')", ". > 1"]  # fmt: skip
VALID_ROW = st.tuples(
    st.sampled_from(CARRIED), st.sampled_from(CONDITIONS), st.sampled_from([None, ". >= 2"])
)


@settings(max_examples=200)
@given(st.lists(VALID_ROW, min_size=5, max_size=10), st.booleans())
def test_readable_forms_convert_with_every_condition_kept_or_named(
    rows: list, grouped: bool
) -> None:
    header = ("type", "name", "label", "relevant", "constraint")
    body = [(kind, f"q{i}", f"Q{i}", when, bound) for i, (kind, when, bound) in enumerate(rows)]
    if grouped:
        body = [("begin group", "g", "G", None, None), *body, ("end group", None, None, None, None)]
    choices = Sheet(
        "choices", (("list_name", "name", "label"), ("yn", "yes", "Y"), ("yn", "no", "N"))
    )
    sheets = {"survey": Sheet("survey", (header, *body)), "choices": choices}
    if all(kind == "note" for kind, _when, _bound in rows):
        with pytest.raises(XLSFormError) as caught:
            convert(sheets, name="f.xlsx")
        assert caught.value.problems[-1].code == "I109"
        return
    result = convert(sheets, name="f.xlsx")
    assert passes_check(result)
    kept = {n["id"]: n.get("when") for n in nodes(result.data).values() if "type" in n}
    named = {p.place for p in result.notes if p.code == "I112"}
    for number, (kind, relevant, _constraint) in enumerate(rows, start=2 + grouped):
        if kind == "note" or relevant is None:
            continue
        place = f"sheet survey, row {number}, column relevant"
        assert (kept.get(f"q{number - 2 - grouped}") is not None) != (place in named), place


def test_language_columns_by_name_and_the_default_language_setting(tmp_path: Path) -> None:
    header = ["type", "name", "label::English", "label::French", "hint::English",
              "hint::French (fr)", "label::Elvish"]  # fmt: skip
    sheets = {
        "survey": [header, ["text", "a", "A", "AA", "Help", "Aide", "qaH"]],
        "settings": [["form_title", "default_language"], ["T", "French (fr)"]],
    }
    path = workbook(tmp_path / "langs.xlsx", sheets)
    result = convert(read_workbook(path), name=path.name)
    question = nodes(result.data)["a"]
    assert result.data["default_language"] == "fr"
    assert question["help"] == {"en": "Help", "fr": "Aide"}
    assert question["text"] == {"en": "A", "fr": "AA"}
    assert [(p.code, p.place) for p in result.notes] == [
        ("I113", "sheet survey, column label::Elvish"),
    ]
    assert passes_check(result)


def test_an_answer_shown_inside_a_label_is_named(tmp_path: Path) -> None:
    result = converted(tmp_path, ["text", "a", "A"], ["text", "b", "Why ${a}?", "Pourquoi ${a} ?"])
    assert [(p.code, p.place) for p in result.notes] == [
        ("I112", "sheet survey, row 3, column label::English (en)"),
        ("I112", "sheet survey, row 3, column label::French (fr)"),
    ]
    assert nodes(result.data)["b"]["text"]["en"] == "Why ${a}?"
    assert passes_check(result)
    broken = {"survey": survey(["text", "b", "Why ${nowhere}?"])}
    assert refused(tmp_path, broken) == [
        ("I105", "sheet survey, row 2, column label::English (en)")
    ]
