"""The condition language: parsing, error places and messages, type checking, evaluation."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assess.questionnaire.expressions import (
    FUNCTIONS,
    MAX_LENGTH,
    OPERATORS,
    Binary,
    Call,
    ExprError,
    Literal,
    Node,
    Ref,
    RefType,
    Unary,
    evaluate,
    parse,
    ref_type_for,
    references,
    typecheck,
    unparse,
)
from assess.questionnaire.loader import check_file
from assess.questionnaire.model import Level, NumberSpec, Option, Question, Scale
from assess.questionnaire.problems import CATALOGUE
from tests import model_builders as build
from tests.model_builders import text

README = Path(__file__).resolve().parents[2] / "questionnaires" / "README.md"

YPN = frozenset({"yes", "partial", "no"})
REFS = {
    "nuclear": RefType("text", YPN),
    "staff": RefType("number"),
    "level": RefType("number"),
    "agents": RefType("set", frozenset({"chem", "bio", "rad"})),
    "notes": RefType("text"),
    "exercise": RefType("date"),
}


def error(source: str) -> ExprError:
    with pytest.raises(ExprError) as caught:
        parse(source)
    return caught.value


def problems(source: str) -> list[tuple[str, int, str]]:
    return [(e.code, e.offset, e.message) for e in typecheck(parse(source), REFS)]


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("source", "tree"),
    [
        ("${a} = 'yes'", Binary("=", Ref("a"), Literal("yes"))),
        ('${a} = "it\\"s"', Binary("=", Ref("a"), Literal('it"s'))),
        ("'a\\\\b' = ${a}", Binary("=", Literal("a\\b"), Ref("a"))),
        ("${ a } != 2.5", Binary("!=", Ref("a"), Literal(2.5))),
        ("${P.1.1} >= 2", Binary(">=", Ref("P.1.1"), Literal(2.0))),
        ("true", Literal(True)),
        ("not false", Unary("not", Literal(False))),
        ("date('2020-02-29') <= ${d}", Binary("<=", Literal(dt.date(2020, 2, 29)), Ref("d"))),
        ("-${a} < 0", Binary("<", Unary("-", Ref("a")), Literal(0.0))),
        (
            "${a} or ${b} and ${c}",
            Binary("or", Ref("a"), Binary("and", Ref("b"), Ref("c"))),
        ),
        (
            "not ${a} = 1 and ${b}",
            Binary("and", Unary("not", Binary("=", Ref("a"), Literal(1.0))), Ref("b")),
        ),
        (
            "1 + 2 * 3 - 4 / 5 > 0",
            Binary(
                ">",
                Binary(
                    "-",
                    Binary("+", Literal(1.0), Binary("*", Literal(2.0), Literal(3.0))),
                    Binary("/", Literal(4.0), Literal(5.0)),
                ),
                Literal(0.0),
            ),
        ),
        ("(1 + 2) * 3", Binary("*", Binary("+", Literal(1.0), Literal(2.0)), Literal(3.0))),
        ("selected(${m}, 'bio')", Call("selected", (Ref("m"), Literal("bio")))),
        ("answered(${m})", Call("answered", (Ref("m"),))),
        (
            "count_selected(${m}) >= 2",
            Binary(">=", Call("count_selected", (Ref("m"),)), Literal(2.0)),
        ),
    ],
)
def test_parse_builds_the_tree_by_precedence(source: str, tree: Node) -> None:
    assert parse(source) == tree


def test_parse_records_the_offset_of_each_node() -> None:
    tree = parse("${a} = 'x' and ${b} > 1")
    assert isinstance(tree, Binary)
    assert isinstance(tree.left, Binary)
    assert isinstance(tree.right, Binary)
    offsets = [tree.offset, tree.left.left.offset, tree.left.offset, tree.right.right.offset]
    assert offsets == [11, 0, 5, 22]


@pytest.mark.parametrize(
    ("source", "code", "offset", "message"),
    [
        ("", "X018", 0, "the condition is empty"),
        ("   ", "X018", 0, "the condition is empty"),
        ("${a} = 'yes", "X002", 7, "unterminated text: add the closing '"),
        ('"abc', "X002", 0, 'unterminated text: add the closing "'),
        ("'a\\n'", "X019", 2, "unknown escape '\\n' in text"),
        ("'a\\", "X002", 0, "unterminated text: add the closing '"),
        ("${a} = #", "X001", 7, "unexpected character '#'"),
        ("${a} == 1", "X003", 5, "unexpected '==': use '=' to compare"),
        ("${a} && ${b}", "X003", 5, "unexpected '&&': use 'and'"),
        ("${a} || ${b}", "X003", 5, "unexpected '||': use 'or'"),
        ("!${a}", "X003", 0, "unexpected '!': use 'not'"),
        (
            "(1 + 2",
            "X004",
            6,
            "expected ')' to close '(' at column 1, found the end of the condition",
        ),
        (
            "1 = (${a} + (2 * 3) ${b}",
            "X004",
            20,
            "expected ')' to close '(' at column 5, found ${b}",
        ),
        (
            "selected(${a}, 'x' 'y')",
            "X004",
            19,
            "expected ')' to close 'selected(' at column 9, found 'y'",
        ),
        ("${a} = 'yes' ${b}", "X003", 13, "expected an operator or the end, found ${b}"),
        ("${a} =", "X003", 6, "the condition ends too early: expected a value, a reference or '('"),
        ("${a} = )", "X003", 7, "expected a value, a reference or '(', found ')'"),
        ("and ${a}", "X003", 0, "expected a value, a reference or '(', found 'and'"),
        ("or(${a})", "X003", 0, "expected a value, a reference or '(', found 'or'"),
        (
            "${a} = yes",
            "X003",
            7,
            "unexpected word 'yes': write text in quotes ('yes') and references as ${yes}",
        ),
        (
            "1 < ${a} < 3",
            "X016",
            9,
            "comparisons cannot be chained: join them with 'and' before '<'",
        ),
        ("selectd(${a}, 'x')", "X008", 0, "unknown function 'selectd': did you mean 'selected'?"),
        ("foo(1)", "X008", 0, "unknown function 'foo'"),
        ("selected = 1", "X003", 0, "'selected' is a function: write selected(Q, 'option')"),
        ("$a = 1", "X017", 0, "a reference is written ${question_id}"),
        ("${a = 1", "X017", 0, "unterminated reference: add the closing '}'"),
        ("${a b} = 1", "X017", 0, "'${a b}' is not a question id"),
        ("${} = 1", "X017", 0, "'${}' is not a question id"),
        (
            "date('2020-13-01') > ${d}",
            "X007",
            5,
            "'2020-13-01' is not a valid date: write date('YYYY-MM-DD')",
        ),
        (
            "date('1/2/2020') > ${d}",
            "X007",
            5,
            "'1/2/2020' is not a valid date: write date('YYYY-MM-DD')",
        ),
        ("date(2020) > ${d}", "X007", 0, "date() takes one date in quotes: date('2020-01-31')"),
        ("date() > ${d}", "X007", 0, "date() takes one date in quotes: date('2020-01-31')"),
        ("9" * 400 + " > 1", "X020", 0, "the number 99999999999999999999... is too large"),
    ],
)
def test_parse_reports_syntax_errors_with_place_and_message(
    source: str, code: str, offset: int, message: str
) -> None:
    found = error(source)
    assert (found.code, found.offset, found.message) == (code, offset, message)


def test_error_text_names_code_and_column() -> None:
    assert str(error("(1")) == (
        "X004 expected ')' to close '(' at column 1, found the end of the condition (column 3)"
    )


def test_parse_refuses_a_condition_longer_than_the_limit() -> None:
    source = "1 = " + "1" * MAX_LENGTH
    assert (error(source).code, error(source).offset) == ("X005", 0)


@pytest.mark.parametrize("opening", ["(", "not ", "-"])
def test_parse_refuses_deep_nesting_without_recursion_error(opening: str) -> None:
    assert error(opening * 400 + "1").code == "X006"


def test_parse_refuses_ten_thousand_parentheses_with_expr_error() -> None:
    assert error("(" * 10_000).code == "X005"


def test_parse_refuses_a_long_chain_that_would_be_too_deep_to_evaluate() -> None:
    found = error(" + ".join(["1"] * 400) + " > 1")
    assert (found.code, found.message) == (
        "X006",
        "the condition has more than 100 nested operations: simplify it",
    )


# ---------------------------------------------------------------- printing


@pytest.mark.parametrize(
    ("source", "printed"),
    [
        ("${a}='yes'  and(${b}>1)", "${a} = 'yes' and ${b} > 1"),
        ("(${a} or ${b}) and ${c}", "(${a} or ${b}) and ${c}"),
        ("not (${a} and ${b})", "not (${a} and ${b})"),
        ("1 - (2 - 3) = 0", "1 - (2 - 3) = 0"),
        ("(1 - 2) - 3 = 0", "1 - 2 - 3 = 0"),
        ("-(-1) = 1.50", "--1 = 1.5"),
        ("(1 = 1) = true", "(1 = 1) = true"),
        ('"it\'s" = ${a}', "'it\\'s' = ${a}"),
        ("${d} > date('2020-01-01')", "${d} > date('2020-01-01')"),
        ("0.000001 < 100000000000000000000", "0.000001 < 100000000000000000000"),
    ],
)
def test_unparse_prints_minimal_source(source: str, printed: str) -> None:
    assert str(parse(source)) == printed


def _plain_number() -> st.SearchStrategy[float]:
    # Non-negative: a negative number is written, and parsed back, as unary minus.
    return st.one_of(
        st.integers(min_value=0, max_value=10**12).map(float),
        st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False),
    )


_LEAVES = st.one_of(
    st.sampled_from(["a", "b_2", "has-nuclear", "P.1.1", "1st"]).map(Ref),
    _plain_number().map(Literal),
    st.text(max_size=6).map(Literal),
    st.booleans().map(Literal),
    st.dates().map(Literal),
    st.sampled_from(["a", "m"]).map(lambda q: Call("answered", (Ref(q),))),
    st.sampled_from(["a", "m"]).map(lambda q: Call("count_selected", (Ref(q),))),
    st.tuples(st.sampled_from(["m"]), st.text(max_size=4)).map(
        lambda qa: Call("selected", (Ref(qa[0]), Literal(qa[1])))
    ),
)


def _extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.one_of(
        st.tuples(st.sampled_from(["not", "-"]), children).map(lambda u: Unary(*u)),
        st.tuples(st.sampled_from(list(_BINARY_OPS)), children, children).map(lambda b: Binary(*b)),
    )


_BINARY_OPS = [op for op in OPERATORS if op != "not"]
TREES = st.recursive(_LEAVES, _extend, max_leaves=12)


@settings(max_examples=300)
@given(TREES)
def test_printing_then_parsing_gives_the_same_tree(tree: Node) -> None:
    assert parse(unparse(tree)) == tree


_CHARS = st.text(alphabet=st.sampled_from(list("${}()'\"\\ ,=!<>+-*/.0123456789abnotrdefs_")))
_WORD_TEXT = (  # tokens, and halves of tokens, of the language
    "${a} ${m} 1 2.5 'yes' true ( ) , ' not and or = != < >= + - * / selected count_selected"
    " date answered '2020-01-01' ${ } \\"
)
_WORDS = st.lists(st.sampled_from(_WORD_TEXT.split())).map(" ".join)


@settings(max_examples=500)
@given(_CHARS | _WORDS | st.text())
def test_parse_on_random_text_returns_a_tree_or_raises_expr_error(source: str) -> None:
    try:
        tree = parse(source)
    except ExprError as found:
        assert 0 <= found.offset <= len(source)
    else:
        assert parse(unparse(tree)) == tree


# ---------------------------------------------------------------- type checking


@pytest.mark.parametrize(
    "source",
    [
        "${nuclear} = 'yes' and ${staff} > 10",
        "${nuclear} != 'no' or not answered(${staff})",
        "${level} * 2 - ${staff} / 3 >= -1",
        "selected(${agents}, 'bio') or count_selected(${agents}) >= 2",
        "selected(${nuclear}, 'partial')",
        "${exercise} >= date('2020-01-01')",
        "${notes} = 'none' and ${nuclear} = ${nuclear}",
        "answered(${agents}) = true",
    ],
)
def test_typecheck_accepts_well_typed_conditions(source: str) -> None:
    assert problems(source) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("${stafff} > 1", [("X010", 0, "unknown question ${stafff}: did you mean ${staff}?")]),
        ("${zzz} > 1", [("X010", 0, "unknown question ${zzz}")]),
        ("${staff} = 'ten'", [("X011", 9, "cannot compare a number with text")]),
        ("${exercise} > 2020", [("X011", 12, "cannot compare a date with a number")]),
        ("${notes} < 'b'", [("X011", 9, "'<' compares numbers or dates, not text")]),
        ("true >= false", [("X011", 5, "'>=' compares numbers or dates, not true or false")]),
        (
            "${nuclear} = 'yse'",
            [
                (
                    "X012",
                    13,
                    "'yse' is not an option of ${nuclear}: did you mean 'yes'?"
                    " (options: no, partial, yes)",
                )
            ],
        ),
        (
            "'Maybe' != ${nuclear}",
            [("X012", 0, "'Maybe' is not an option of ${nuclear} (options: no, partial, yes)")],
        ),
        (
            "selected(${agents}, 'bios')",
            [
                (
                    "X012",
                    20,
                    "'bios' is not an option of ${agents}: did you mean 'bio'?"
                    " (options: bio, chem, rad)",
                )
            ],
        ),
        (
            "${agents} = 'bio'",
            [
                (
                    "X013",
                    0,
                    "${agents} is a multiple choice: use selected(${agents}, 'option')"
                    " or count_selected(${agents})",
                )
            ],
        ),
        ("${notes} + 1 > 2", [("X014", 9, "'+' needs numbers, not text")]),
        ("-${exercise} > 1", [("X014", 0, "'-' needs a number, not a date")]),
        ("not ${staff}", [("X015", 0, "'not' needs true or false, not a number")]),
        ("${staff} and true", [("X015", 9, "'and' joins conditions, not a number")]),
        (
            "${staff} + 1",
            [("X015", 9, "a condition must be true or false, but this gives a number")],
        ),
        ("'yes'", [("X015", 0, "a condition must be true or false, but this gives text")]),
        (
            "selected(${agents})",
            [("X009", 0, "wrong arguments to selected(): write selected(${question}, 'option')")],
        ),
        (
            "answered('staff')",
            [("X009", 0, "wrong arguments to answered(): write answered(${question})")],
        ),
        (
            "count_selected(${agents}, 1) > 0",
            [("X009", 0, "wrong arguments to count_selected(): write count_selected(${question})")],
        ),
        (
            "count_selected(${nuclear}) > 0",
            [("X009", 0, "count_selected() needs a multiple choice question")],
        ),
        (
            "selected(${staff}, 'x')",
            [("X009", 0, "selected() needs a choice question; ${staff} gives a number")],
        ),
        (
            "selected(${agents}, 1)",
            [("X009", 0, "selected() needs an option id in quotes as its second argument")],
        ),
    ],
)
def test_typecheck_reports_each_problem(source: str, expected: list[tuple[str, int, str]]) -> None:
    assert problems(source) == expected


def test_typecheck_reports_every_problem_not_just_the_first() -> None:
    found = problems("${stafff} > 1 or ${nuclear} = 'yse' or ${notes} * 2 > 1")
    assert [(code, offset) for code, offset, _ in found] == [
        ("X010", 0),
        ("X012", 30),
        ("X014", 48),
    ]


def test_typecheck_does_not_cascade_from_an_unknown_reference() -> None:
    found = problems("${nope} = 'a' and ${nope} * 2 > 1 and not ${nope}")
    assert [code for code, _, _ in found] == ["X010", "X010", "X010"]


# ---------------------------------------------------------------- references


def test_references_lists_each_question_once_in_reading_order() -> None:
    tree = parse("${b} = 1 or selected(${a}, 'x') and ${b} > ${c} or answered(${a})")
    assert references(tree) == ("b", "a", "c")


def test_references_of_a_condition_without_references_is_empty() -> None:
    assert references(parse("1 < 2")) == ()


# ---------------------------------------------------------------- evaluation

VALUES: dict[str, Any] = {
    "nuclear": "yes",
    "staff": 12.0,
    "level": 3,
    "agents": frozenset({"bio", "chem"}),
    "notes": "none",
    "exercise": dt.date(2021, 5, 1),
    "zero": 0.0,
}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("${nuclear} = 'yes' and ${staff} > 10", True),
        ("${nuclear} = 'no' or ${staff} > 100", False),
        ("not ${nuclear} = 'no'", True),
        ("${level} * 2 - 1 = 5", True),
        ("${staff} / 4 = 3", True),
        ("-${level} < 0", True),
        ("${level} != 3", False),
        ("selected(${agents}, 'bio')", True),
        ("selected(${agents}, 'rad')", False),
        ("selected(${nuclear}, 'yes')", True),
        ("count_selected(${agents}) = 2", True),
        ("${exercise} >= date('2020-01-01')", True),
        ("${exercise} < date('2021-05-01')", False),
        ("answered(${staff})", True),
        ("answered(${missing})", False),
        ("not answered(${missing})", True),
        # unknown (an unanswered reference) spreads, and the final unknown is false
        ("${missing} = 1", False),
        ("not ${missing} = 1", False),
        ("${missing} + 1 > 0", False),
        ("-${missing} < 0", False),
        ("selected(${missing}, 'bio')", False),
        ("not selected(${missing}, 'bio')", False),
        ("count_selected(${missing}) >= 0", False),
        # Kleene logic: a known side can settle and/or
        ("${missing} = 1 or ${staff} > 10", True),
        ("${staff} > 10 or ${missing} = 1", True),
        ("${missing} = 1 and ${staff} > 100", False),
        ("not (${missing} = 1 and ${staff} > 100)", True),
        ("${missing} = 1 and ${staff} > 10", False),
        ("not (${missing} = 1 or ${staff} > 100)", False),
        # division by zero is unknown
        ("${staff} / ${zero} > 0", False),
        ("not ${staff} / ${zero} > 0", False),
        ("${staff} / ${zero} > 0 or true", True),
    ],
)
def test_evaluate(source: str, expected: bool) -> None:
    assert evaluate(parse(source), VALUES) is expected


def test_evaluate_treats_none_as_unanswered() -> None:
    assert evaluate(parse("answered(${staff})"), {"staff": None}) is False


# ---------------------------------------------------------------- question types


def _question(qtype: str, **extra: Any) -> Question:
    return build.question("q", qtype, **extra)


def _options(*ids: str) -> tuple[Option, ...]:
    return tuple(Option(i, text(i), 1.0) for i in ids)


CAPABILITY = Scale("capability", "level", levels=(Level(1, text("One"), None, 0.0),))
FREQUENCY = Scale("frequency", "choice", options=_options("never", "yearly"))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (_question("level", scale=CAPABILITY), RefType("number")),
        (_question("checklist", scale=CAPABILITY), RefType("number")),
        (_question("number", number=NumberSpec(0, 10, None, None, None)), RefType("number")),
        (_question("text"), RefType("text")),
        (_question("date"), RefType("date")),
        (_question("yes_partial_no"), RefType("text", frozenset({"yes", "partial", "no"}))),
        (
            _question("single_choice", options=_options("a", "b")),
            RefType("text", frozenset({"a", "b"})),
        ),
        (
            _question("single_choice", scale=FREQUENCY),
            RefType("text", frozenset({"never", "yearly"})),
        ),
        (
            _question("multiple_choice", options=_options("c", "d")),
            RefType("set", frozenset({"c", "d"})),
        ),
        (_question("geolocation"), None),
    ],
)
def test_ref_type_for_each_answer_type(question: Question, expected: RefType | None) -> None:
    assert ref_type_for(question) == expected


# ---------------------------------------------------------------- docs


@pytest.mark.parametrize("name", sorted(OPERATORS))
def test_every_operator_is_documented(name: str) -> None:
    assert re.search(rf"^\| `{re.escape(name)}` \|", README.read_text("utf-8"), re.MULTILINE)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_function_is_documented(name: str) -> None:
    assert re.search(rf"^\| `{name}\(", README.read_text("utf-8"), re.MULTILINE)


def test_every_condition_problem_code_is_in_the_catalogue() -> None:
    package = Path(__file__).resolve().parents[2] / "assess" / "questionnaire"
    sources = "".join(
        (package / f).read_text("utf-8") for f in ("expressions.py", "expression_syntax.py")
    )
    codes = set(re.findall(r'"(X\d{3})"', sources))
    assert len(codes) == 20
    assert codes <= set(CATALOGUE)


# ---------------------------------------------------------------- in a questionnaire file

CONDITIONS_FILE = Path(__file__).parents[1] / "data/questionnaires/valid/expr_conditions.yaml"


@pytest.mark.parametrize(
    ("written", "mistake", "code", "column"),
    [
        ("selected(${agents}, 'bio')", "selected(${agents}, 'bip')", "X012", 39),
        ("${staff} > 10 and", "${staff} > 10 && ", "X003", 15),
        ("${staff} > 10 and", "${stafff} > 10 and", "X010", 1),
    ],
)
def test_loader_reports_a_condition_problem_at_its_line_and_column(
    tmp_path: Path, written: str, mistake: str, code: str, column: int
) -> None:
    source = CONDITIONS_FILE.read_text("utf-8")
    line = next(n for n, text in enumerate(source.splitlines(), 1) if written in text)
    broken = tmp_path / "broken.yaml"
    broken.write_text(source.replace(written, mistake), "utf-8")
    _, found = check_file(broken)
    when_column = source.splitlines()[line - 1].index("${") + 1
    assert [(p.code, p.line, p.column) for p in found] == [(code, line, when_column + column - 1)]


# ---------------------------------------------------------------- well-typed trees

TYPED_REFS = {
    "n": RefType("number"),
    "t": RefType("text"),
    "c": RefType("text", frozenset({"yes", "no"})),
    "d": RefType("date"),
    "m": RefType("set", frozenset({"x", "y"})),
}
_NUMBERS = st.recursive(
    _plain_number().map(Literal) | st.just(Ref("n")) | st.just(Call("count_selected", (Ref("m"),))),
    lambda n: (
        st.builds(Unary, st.just("-"), n)
        | st.builds(Binary, st.sampled_from(["+", "-", "*", "/"]), n, n)
    ),
    max_leaves=6,
)
_TEXTS = st.text(max_size=3).map(Literal) | st.just(Ref("t"))
_CHOICES = st.sampled_from(["yes", "no"]).map(Literal) | st.just(Ref("c"))
_DATES = st.dates().map(Literal) | st.just(Ref("d"))
_ATOMS = st.one_of(
    st.booleans().map(Literal),
    st.sampled_from(["n", "t", "c", "d", "m"]).map(lambda q: Call("answered", (Ref(q),))),
    st.sampled_from(["x", "y"]).map(lambda o: Call("selected", (Ref("m"), Literal(o)))),
    st.builds(Binary, st.sampled_from(["=", "!=", "<", "<=", ">", ">="]), _NUMBERS, _NUMBERS),
    st.builds(Binary, st.sampled_from(["<", ">="]), _DATES, _DATES),
    st.builds(Binary, st.sampled_from(["=", "!="]), _TEXTS, _TEXTS),
    st.builds(Binary, st.sampled_from(["=", "!="]), st.just(Ref("c")), _CHOICES),
)
CONDITIONS = st.recursive(
    _ATOMS,
    lambda b: (
        st.builds(Unary, st.just("not"), b)
        | st.builds(Binary, st.sampled_from(["and", "or"]), b, b)
    ),
    max_leaves=8,
)
VALUE_SETS = st.fixed_dictionaries(
    {
        "n": st.none() | st.sampled_from([0, 0.0, -1.5, 3]) | st.floats(allow_nan=False),
        "t": st.none() | st.text(max_size=3),
        "c": st.none() | st.sampled_from(["yes", "no"]),
        "d": st.none() | st.dates(),
        "m": st.none() | st.frozensets(st.sampled_from(["x", "y"])),
    }
)


@settings(max_examples=300)
@given(CONDITIONS, VALUE_SETS)
def test_a_well_typed_condition_checks_clean_and_evaluates_to_a_bool(
    tree: Node, values: dict[str, object]
) -> None:
    assert typecheck(tree, TYPED_REFS) == []
    assert isinstance(evaluate(tree, values), bool)
