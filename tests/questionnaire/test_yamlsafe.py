"""The safe YAML reader: refusals at exact places, positions, values typed as safe_load does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.questionnaire import yamlsafe
from assess.questionnaire.model import Position
from assess.questionnaire.numbers import MAX_MAGNITUDE
from assess.questionnaire.problems import CATALOGUE, DefinitionError
from assess.questionnaire.yamlsafe import (
    MAX_ALIAS_EXPANSIONS,
    MAX_BYTES,
    MAX_DEPTH,
    LList,
    LMap,
    load_yaml,
    load_yaml_file,
)

BOMB = b"""a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
"""

VALID = """assess: 1
id: demo
version: "1.0"
languages: [en, fr]
title: {fr: Démo, en: Demo}
children:
  - id: legal
    title: {en: Legal, fr: Juridique}
    children:
      - id: q1
        type: level
        scale: capability
        when: ${q0} = 'yes'
      - {id: q2, type: yes_partial_no, scores: {yes: 100, partial: 40, no: 0}}
""".encode()


BEYOND = "is beyond 10^15 in magnitude, the largest number scores and answers hold"


def problems_of(data: bytes) -> list[tuple[str, int, int, str]]:
    with pytest.raises(DefinitionError) as caught:
        load_yaml(data, "q.yaml")
    return [(p.code, p.line, p.column, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            b"a: [b, c\n",
            (
                "Y001",
                2,
                1,
                "did not find expected ',' or ']' (while parsing a flow sequence at line 1)",
            ),
            id="unclosed-bracket",
        ),
        pytest.param(
            b"a: b\n c: d\n",
            ("Y001", 2, 3, "mapping values are not allowed in this context"),
            id="bad-indentation",
        ),
        pytest.param(
            b"a: 'b\n",
            (
                "Y001",
                2,
                1,
                "found unexpected end of stream (while scanning a quoted scalar at line 1)",
            ),
            id="unclosed-quote",
        ),
        pytest.param(
            b"a:\n\tb: 1\n",
            ("Y002", 2, 1, "a tab is used for indentation; YAML allows spaces only"),
            id="tab-indent",
        ),
        pytest.param(
            b"a:\n  b:\n  \t- 1\n",
            ("Y002", 3, 3, "a tab is used for indentation; YAML allows spaces only"),
            id="tab-after-spaces",
        ),
        pytest.param(
            b"a:\n  - x\n  -\ty\n",
            ("Y002", 3, 4, "a tab is used for indentation; YAML allows spaces only"),
            id="tab-after-dash",
        ),
        pytest.param(
            "a: été\n".encode() + b"b: x\xff\n",
            ("Y003", 2, 5, "byte 0xff at offset 13 is not UTF-8"),
            id="latin-1-byte",
        ),
        pytest.param(
            "a: b\n".encode("utf-16"),
            ("Y003", 1, 1, "byte 0xff at offset 0 is not UTF-8"),
            id="utf-16",
        ),
        pytest.param(
            "é: \x01\n".encode(),
            ("Y004", 1, 4, "character U+0001 is not allowed in YAML"),
            id="control-character",
        ),
        pytest.param(b"", ("Y006", 1, 1, "file holds no YAML document"), id="empty"),
        pytest.param(
            b"# only\n\n  # comments\n",
            ("Y006", 1, 1, "file holds no YAML document"),
            id="comments",
        ),
        pytest.param(
            b"a: 1\n---\nb: 2\n",
            ("Y007", 2, 1, "a second YAML document starts here"),
            id="two-docs",
        ),
        pytest.param(
            b"a: 1\nb: 2\na: 3\n",
            ("Y009", 3, 1, "key 'a' appears twice; first at line 1"),
            id="duplicate-key",
        ),
        pytest.param(
            b"x:\n  - {id: q, id: r}\n",
            ("Y009", 2, 13, "key 'id' appears twice; first at line 2"),
            id="duplicate-flow-key",
        ),
        pytest.param(
            b"? [a, b]\n: c\n",
            ("Y010", 1, 3, "a key must be text, not a list, mapping or alias"),
            id="list-key",
        ),
        pytest.param(b"?\n: c\n", ("Y010", 1, 2, "a key is missing before ':'"), id="empty-key"),
        pytest.param(
            b"a: !!python/object/apply:os.system [echo hi]\n",
            ("Y011", 1, 4, "tag !!python/object/apply:os.system is not allowed here"),
            id="python-tag",
        ),
        pytest.param(
            b"a:\n  b: !secret x\n", ("Y011", 2, 6, "tag !secret is not allowed here"), id="custom"
        ),
        pytest.param(
            b"a: !!set {x: null}\n", ("Y011", 1, 4, "tag !!set is not allowed here"), id="set-tag"
        ),
        pytest.param(
            b"!!int a: 1\n", ("Y011", 1, 1, "tag !!int is not allowed on a key"), id="key-tag"
        ),
        pytest.param(
            b"a: !!int twelve\n", ("Y012", 1, 4, "'twelve' cannot be read as an int"), id="bad-int"
        ),
        pytest.param(
            b"a: !!bool maybe\n", ("Y012", 1, 4, "'maybe' cannot be read as a bool"), id="bad-bool"
        ),
        pytest.param(b"a: .nan\n", ("Y017", 1, 4, "'.nan' is not a number (NaN)"), id="nan"),
        pytest.param(b"a: [1, -.inf]\n", ("Y017", 1, 8, "'-.inf' is infinite"), id="inf-in-list"),
        pytest.param(
            b"a: {b: 1.0e+400}\n",
            ("Y017", 1, 8, "'1.0e+400' is too large: it reads as infinity"),
            id="overflow-in-mapping",
        ),
        pytest.param(
            b"a: !!float 1e400\n",
            ("Y017", 1, 4, "'1e400' is too large: it reads as infinity"),
            id="overflow-tagged",
        ),
        pytest.param(
            b"a:\n  - -1000000000000001\n",
            (
                "Y017",
                2,
                5,
                "'-1000000000000001' " + BEYOND,
            ),
            id="beyond-bound",
        ),
        pytest.param(
            b"a: " + b"9" * 5000 + b"\n",
            (
                "Y017",
                1,
                4,
                "'" + "9" * 40 + "...' (5,000 digits) " + BEYOND,
            ),
            id="5000-digits",
        ),
        pytest.param(
            b"a: 1.0e-400\n",
            ("Y017", 1, 4, "'1.0e-400' is too small: it reads as 0"),
            id="underflow",
        ),
        pytest.param(
            BOMB, ("Y013", 5, 8, "aliases expand to more than 10,000 nodes"), id="alias-bomb"
        ),
        pytest.param(
            b"a: 1\nb: *nowhere\n",
            ("Y014", 2, 4, "alias '*nowhere' has no anchor before it"),
            id="unknown-alias",
        ),
        pytest.param(
            b"a: &self [1, *self]\n",
            ("Y014", 1, 14, "alias '*self' is used inside its own anchor"),
            id="recursive-alias",
        ),
        pytest.param(
            b"a:\n  <<: [1, 2]\n",
            ("Y015", 2, 7, "'<<' must be followed by a mapping or a list of mappings"),
            id="merge-list",
        ),
    ],
)
def test_unsafe_or_broken_yaml_is_refused_at_its_place(
    data: bytes, expected: tuple[str, int, int, str]
) -> None:
    assert problems_of(data) == [expected]


def test_every_code_the_reader_reports_is_catalogued_and_tested_here() -> None:
    reader = Path(yamlsafe.__file__).read_text(encoding="utf-8")
    tests = Path(__file__).read_text(encoding="utf-8")
    codes = set(re.findall(r'"(Y\d{3})"', reader))
    assert (codes - set(CATALOGUE), codes - set(re.findall(r'"(Y\d{3})"', tests))) == (set(), set())


def test_every_duplicate_and_bad_tag_is_reported_in_one_run() -> None:
    data = b"a: 1\na: 2\nb:\n  c: !x 1\n  c: 2\nd: [!!python/name:os.system x]\n"
    assert [(code, line) for code, line, _, _ in problems_of(data)] == [
        ("Y009", 2),
        ("Y011", 4),
        ("Y009", 5),
        ("Y011", 6),
    ]


def test_a_problem_names_its_path_in_the_tree() -> None:
    data = b"children:\n  - id: a\n  - id: b\n    text: {en: x, en: y}\n"
    with pytest.raises(DefinitionError) as caught:
        load_yaml(data, "q.yaml")
    assert [p.path for p in caught.value.problems] == ["children[1].text.en"]


def test_a_file_over_the_size_limit_is_refused() -> None:
    data = b"a: " + b"x" * MAX_BYTES + b"\n"
    assert problems_of(data) == [("Y005", 1, 1, "file is larger than 2 MiB (2.0 MiB)")]


def test_an_endless_file_is_refused_after_reading_only_the_limit() -> None:
    with pytest.raises(DefinitionError) as caught:
        load_yaml_file("/dev/zero", "zero.yaml")
    assert [p.code for p in caught.value.problems] == ["Y005"]


def test_a_missing_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError) as caught:
        load_yaml_file(tmp_path / "none.yaml", "none.yaml")
    problem = caught.value.problems[0]
    assert (problem.code, problem.file, problem.message) == (
        "Y016",
        "none.yaml",
        "No such file or directory",
    )


def nested(depth: int, flow: bool) -> bytes:
    if flow:
        return b"[" * depth + b"]" * depth
    return b"".join(b"  " * i + b"k:\n" for i in range(depth - 1)) + b"  " * (depth - 1) + b"k: v\n"


@pytest.mark.parametrize("flow", [True, False], ids=["flow", "block"])
def test_nesting_up_to_the_limit_is_read(flow: bool) -> None:
    assert load_yaml(nested(MAX_DEPTH, flow), "q.yaml") is not None


@pytest.mark.parametrize(
    ("data", "column"),
    [(nested(MAX_DEPTH + 1, True), MAX_DEPTH + 1), (b"[" * 200_000, MAX_DEPTH + 1)],
    ids=["one-too-deep", "200000-deep"],
)
def test_nesting_past_the_limit_is_refused_without_recursion(data: bytes, column: int) -> None:
    assert problems_of(data) == [("Y008", 1, column, "nested more than 40 levels deep")]


def test_a_plain_alias_shares_the_anchored_value() -> None:
    data = load_yaml(b"base: &b {en: Yes, fr: Oui}\nother: *b\n", "q.yaml")
    assert data["other"] is data["base"]


def test_aliases_up_to_the_limit_are_read() -> None:
    anchored = b"a: &a [" + b", ".join([b"x"] * 99) + b"]\n"
    uses = b"b: [" + b", ".join([b"*a"] * (MAX_ALIAS_EXPANSIONS // 100)) + b"]\n"
    assert len(load_yaml(anchored + uses, "q.yaml")["b"]) == MAX_ALIAS_EXPANSIONS // 100


def test_merge_keys_keep_own_keys_first_then_earlier_sources() -> None:
    data = b"x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nz:\n  <<: [*x, *y]\n  a: 3\n"
    assert load_yaml(data, "q.yaml")["z"] == {"a": 3, "b": 1, "c": 2}


def test_keys_are_the_text_written_never_booleans_or_numbers() -> None:
    data = load_yaml(b"yes: 1\nno: 2\n1: 3\nnull: 4\n", "q.yaml")
    assert list(data) == ["yes", "no", "1", "null"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("0x1F", 31),
        ("0o17", "0o17"),
        ("017", 15),
        ("1_000", 1000),
        ("1:30", 90),
        ("1.5", 1.5),
        ("1e3", "1e3"),
        ("1.0e+3", 1000.0),
        ("1.0e3", "1.0e3"),
        ("-0.5", -0.5),
        ("1000000000000000", 10**15),
        ("-1.0e+15", -1e15),
        ("yes", True),
        ("Off", False),
        ("~", None),
        ("", None),
        ("2024-01-31", "2024-01-31"),
        ("2024-01-31 10:00:00", "2024-01-31 10:00:00"),
        ("'12'", "12"),
        ("!!str 12", "12"),
        ("!!float 3", 3.0),
        ("! 12", 12),
        ("<<", "<<"),
    ],
)
def test_scalars_are_typed_as_safe_load_types_them_but_dates_stay_text(
    text: str, value: object
) -> None:
    assert load_yaml(f"v: {text}\n".encode(), "q.yaml")["v"] == value


def test_a_top_level_that_is_not_a_mapping_is_returned_as_is() -> None:
    assert load_yaml(b"- a\n- 1\n", "q.yaml") == ["a", 1]


def test_a_byte_order_mark_is_accepted() -> None:
    assert load_yaml("\ufeffa: b\n".encode(), "q.yaml") == {"a": "b"}


def test_keys_values_and_items_know_their_positions() -> None:
    data = load_yaml(VALID, "demo.yaml")
    at = lambda line, column: Position("demo.yaml", line, column)  # noqa: E731
    assert isinstance(data, LMap)
    assert data.pos == at(1, 1)
    assert (data.key_pos["version"], data.value_pos["version"]) == (at(3, 1), at(3, 10))
    # columns count characters, not bytes: "é" comes before "en"
    assert (data["title"].key_pos["en"], data["title"].value_pos["en"]) == (at(5, 19), at(5, 23))
    children = data["children"]
    assert isinstance(children, LList)
    assert (children.pos, children.item_pos) == (at(7, 3), [at(7, 5)])
    questions = children[0]["children"]
    assert questions.item_pos == [at(10, 9), at(14, 9)]
    assert questions[0].value_pos["when"] == at(13, 15)
    assert questions[1]["scores"].key_pos["no"] == at(14, 72)


# Values for yaml.safe_dump to write.
# Numbers within what the engine holds (beyond: Y017).
numbers = st.integers(-MAX_MAGNITUDE, MAX_MAGNITUDE) | st.floats(-MAX_MAGNITUDE, MAX_MAGNITUDE)
scalars = st.none() | st.booleans() | numbers | st.text()
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(value=documents, flow=st.sampled_from([None, True, False]))
def test_dumped_values_read_as_safe_load_reads_them(value: object, flow: bool | None) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True)
    assert load_yaml(text.encode("utf-8"), "q.yaml") == yaml.safe_load(text)


def loads_or_refuses(data: bytes) -> None:
    try:
        load_yaml(data, "q.yaml")
    except DefinitionError as error:
        assert error.problems and all(p.code in CATALOGUE for p in error.problems)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300))
def test_random_bytes_give_data_or_a_definition_error(data: bytes) -> None:
    loads_or_refuses(data)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """VALID with a few bytes inserted, deleted or replaced by YAML's meaningful characters."""
    data = bytearray(VALID)
    pieces = st.sampled_from([b"\t", b":", b"- ", b"&a ", b"*a", b"!x ", b"<<: ", b"{", b"]", b"'"])
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(pieces | st.binary(min_size=1, max_size=3))
        if action == "insert":
            data[at:at] = piece
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 20))]
        else:
            data[at : at + len(piece)] = piece
    return bytes(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated())
def test_mutated_definitions_give_data_or_a_definition_error(data: bytes) -> None:
    loads_or_refuses(data)


def test_base60_ints_are_read_up_to_the_longest_python_reads() -> None:
    # 2,418 parts of 59: 60**2418 - 1, of 4,300 digits, read (in linear time), then refused as
    # beyond what scores and answers hold (Y017), like any integer beyond 10^15.
    parts = yamlsafe.MAX_BASE60_PARTS
    assert len(str(60**parts - 1)) == 4300
    with pytest.raises(DefinitionError) as caught:
        load_yaml(("a: " + ":".join(["59"] * parts) + "\n").encode(), "q.yaml")
    found = [(p.code, p.line, p.column) for p in caught.value.problems]
    assert found == [("Y017", 1, 4)]
    assert load_yaml(b"a: 59:59:59\n", "q.yaml") == {"a": 60**3 - 1}


def test_longer_base60_numbers_are_refused_and_reading_goes_on() -> None:
    # PyYAML sums part * 60**n: quadratic in the parts (minutes for a 2 MiB file), and a float
    # of more than 173 parts overflows (an OverflowError that stopped reading the file).
    long_int = ":".join("1" * (yamlsafe.MAX_BASE60_PARTS + 1))
    long_float = "1" + ":0" * 200 + ".5"
    data = f"a: {long_int}\nb: {long_float}\nc: !!int x\nd: 1:0:0.5\n".encode()
    with pytest.raises(DefinitionError) as caught:
        load_yaml(data, "q.yaml")
    found = [(p.code, p.line, p.column, p.message) for p in caught.value.problems]
    assert found == [
        ("Y012", 1, 4, f"'{long_int[:40]}' cannot be read as an int"),
        ("Y012", 2, 4, f"'{long_float[:40]}' cannot be read as a float"),
        ("Y012", 3, 4, "'x' cannot be read as an int"),
    ]
    assert load_yaml(b"d: 1:0:0.5\n", "q.yaml") == {"d": 3600.5}
