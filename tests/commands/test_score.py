"""`assess score DEFINITION ANSWERS.csv [-o SCORES.csv]` through the command line."""

from __future__ import annotations

import csv
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from assess.cli import main

PUBLISHED = Path(__file__).resolve().parent.parent / "data" / "published"

SMALL = """\
assess: 1
id: small
version: "1.0"
default_language: en
title: Small
scoring: {scale: {min: 0, max: 100}, aggregation: mean, missing: exclude, bands: halves}
scales:
  cap:
    kind: level
    levels: [{value: 1, label: One}, {value: 2, label: Two}, {value: 3, label: Three}]
bands:
  halves:
    - {id: low, label: Low, min: 0, max: 50}
    - {id: high, label: High, min: 50, max: 100}
children:
  - id: area
    title: Area
    rank: true
    children:
      - {id: q1, type: level, scale: cap, text: One}
      - {id: q2, type: level, scale: cap, text: Two}
      - {id: note, type: text, text: Notes}
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["score", *map(str, args)])


def table(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "answers.csv"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_scores_every_node_then_completeness_missing_band_and_rank(
    small: Path, tmp_path: Path
) -> None:
    answers = table(tmp_path, "respondent,q1,q2,note\nA,3,2,ok\nB,3,x,\nC,1,na,\n")
    result = run(small, answers)
    # area holds q1, q2 and note (a text question, counted as answered or not): A answered all
    # three; B only q1 (1/3, 2 missing); C q1, with q2 not applicable (1/2, 1 missing).
    assert result.stdout.splitlines() == [
        "respondent,small,area,q1,q2,completeness:small,completeness:area,missing:small,"
        "missing:area,band:small,band:area,rank:area",
        "A,83.33333333333333,83.33333333333333,100,66.66666666666666,1,1,0,0,high,high,2",
        "B,100,100,100,,0.3333333333333333,0.3333333333333333,2,2,high,high,1",
        "C,33.33333333333333,33.33333333333333,33.33333333333333,,0.5,0.5,1,1,low,low,3",
    ]


def test_scores_are_written_as_the_decimals_people_compute(tmp_path: Path) -> None:
    definition = tmp_path / "numbers.yaml"
    definition.write_text(
        "assess: 1\nid: numbers\nversion: '1.0'\ndefault_language: en\ntitle: Numbers\n"
        "scoring: {scale: {min: 0, max: 10}, aggregation: mean}\n"
        "children:\n  - id: g\n    title: G\n    children:\n"
        "      - {id: a, type: number, min: 0, max: 10, text: A}\n"
        "      - {id: b, type: number, min: 0, max: 10, text: B}\n",
        encoding="utf-8",
    )
    result = run(definition, table(tmp_path, "respondent,a,b\nA,0.1,0.2\nB,1.8,0.7\n"))
    # In floats: 0.15000000000000002 for A; 1.7999999999999998 and 0.7000000000000001 for B.
    scores = [line.split(",")[:5] for line in result.stdout.splitlines()[1:]]
    assert scores == [["A", "0.15", "0.15", "0.1", "0.2"], ["B", "1.25", "1.25", "1.8", "0.7"]]


def test_writes_the_output_file_when_every_row_is_valid(small: Path, tmp_path: Path) -> None:
    output = tmp_path / "scores.csv"
    result = run(small, table(tmp_path, "respondent,q1\nA,2\n"), "-o", output)
    assert (result.exit_code, output.read_text(encoding="utf-8").splitlines()[1]) == (
        0,
        "A,66.66666666666666,66.66666666666666,66.66666666666666,,0.3333333333333333,"
        "0.3333333333333333,2,2,high,high,1",
    )


@pytest.mark.parametrize(
    ("content", "messages"),
    [
        (
            "respondent,q1\nA,4\nB,two\n",
            [
                "answers.csv:2: column q1: 4 is not a level of scale 'cap' (1 to 3) (A001)",
                "answers.csv:3: column q1: 'two' is not a level of scale 'cap' (1 to 3) (A001)",
            ],
        ),
        (
            "respondent,q1\nA,1\nA,2\n",
            ["answers.csv:3: column respondent: respondent 'A' already on line 2"],
        ),
        (
            "name,q1\nA,1\n",
            [
                "answers.csv:1: no 'respondent' column: name each row's respondent (--id COLUMN)",
            ],
        ),
        ("respondent,q1\nA,1,2\n", ["answers.csv:2: 3 values where the header has 2 columns"]),
        (
            "respondent,q1\nA,1\n\xe9".encode("latin-1"),
            [
                "answers.csv:3: not UTF-8 text (byte 0xe9): save the file as UTF-8 CSV, "
                "or read it with --encoding latin-1 (or cp1252)"
            ],
        ),
    ],
)
def test_a_bad_table_lists_every_error_and_writes_nothing(
    small: Path, tmp_path: Path, content: str | bytes, messages: list[str]
) -> None:
    output = tmp_path / "scores.csv"
    result = run(small, table(tmp_path, content), "-o", output)
    listed = [line.replace(str(tmp_path) + "/", "") for line in result.stderr.splitlines()]
    assert (result.exit_code, listed, output.exists()) == (
        1,
        [*messages, f"{len(messages)} error(s); nothing written"],
        False,
    )


def test_a_bad_table_leaves_an_earlier_output_untouched(small: Path, tmp_path: Path) -> None:
    output = tmp_path / "scores.csv"
    output.write_text("earlier\n", encoding="utf-8")
    run(small, table(tmp_path, "respondent,q1\nA,9\n"), "-o", output)
    assert output.read_text(encoding="utf-8") == "earlier\n"


def test_a_broken_definition_is_reported_like_assess_check(tmp_path: Path) -> None:
    definition = tmp_path / "broken.yaml"
    definition.write_text(SMALL.replace("aggregation: mean", "aggregation: meen"), "utf-8")
    result = run(definition, table(tmp_path, "respondent,q1\nA,1\n"))
    first = result.stderr.splitlines()[0]
    assert (result.exit_code, "broken.yaml:6:" in first, "Traceback" in result.output) == (
        1,
        True,
        False,
    )


def test_a_missing_argument_is_a_usage_error(small: Path) -> None:
    assert run(small).exit_code == 2


@pytest.mark.published
def test_the_command_reproduces_the_spar_table(
    external_data: Path, tmp_path: Path, published_counts: list[str]
) -> None:
    with open(external_data / "who_spar2_scores_by_capacity_20230505.tsv", newline="") as stream:
        rows = [r for r in csv.DictReader(stream, delimiter="\t")]
    indicators = [k for k in rows[0] if k.startswith("C.") and k.count(".") == 2]
    capacities = [k for k in rows[0] if k.startswith("C.") and k.count(".") == 1]
    with open(tmp_path / "answers.csv", "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["respondent", *indicators])
        for row in rows:
            cells = [int(row[k]) // 20 if row[k].isdigit() else "x" for k in indicators]
            writer.writerow([row["Country"].strip(), *cells])
    output = tmp_path / "scores.csv"
    result = run(PUBLISHED / "spar2.yaml", tmp_path / "answers.csv", "-o", output)
    with open(output, newline="", encoding="utf-8") as stream:
        scored = {r["respondent"]: r for r in csv.DictReader(stream)}
    published = [r for r in rows if r["total_average"].strip() != "no data"]
    exact = sum(
        scored[r["Country"].strip()]["who-spar2"] == r["total_average"]
        and all(scored[r["Country"].strip()][c] == r[c] for c in capacities)
        for r in published
    )
    published_counts.append(
        f"SPAR through `assess score`: {exact}/{len(published)} countries exact"
    )
    assert (result.exit_code, exact, len(published)) == (0, 185, 185)


def err_lines(result: Result, tmp_path: Path) -> list[str]:
    return [line.replace(str(tmp_path) + "/", "") for line in result.stderr.splitlines()]


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(text.splitlines()))


def test_id_and_kept_columns_of_any_name_lead_the_output(small: Path, tmp_path: Path) -> None:
    answers = table(tmp_path, "Country,ISO3,q1,Region\nPeru,PER,3,Americas\nChad,TCD,1,Africa\n")
    result = run(small, answers, "--id", "Country", "--keep", "Region", "--keep", "ISO3")
    header, *rest = result.stdout.splitlines()
    assert (header.split(",")[:4], [r.split(",")[:4] for r in rest]) == (
        ["Country", "Region", "ISO3", "small"],
        [["Peru", "Americas", "PER", "100"], ["Chad", "Africa", "TCD", "33.33333333333333"]],
    )


def test_a_kept_column_that_is_not_there_is_an_error(small: Path, tmp_path: Path) -> None:
    result = run(small, table(tmp_path, "respondent,ISO,q1\nA,PER,1\n"), "--keep", "ISO3")
    assert (result.exit_code, err_lines(result, tmp_path)) == (
        1,
        [
            "answers.csv:1: no column 'ISO3' to keep; did you mean 'ISO'?",
            "1 error(s); nothing written",
        ],
    )


def test_ids_and_kept_values_that_look_like_formulas_come_out_inert(
    small: Path, tmp_path: Path
) -> None:
    answers = table(tmp_path, 'respondent,q1,name\n=1+1,1,@SUM(A1)\n"-2",2,+cmd\n')
    result = run(small, answers, "--keep", "name")
    cells = [(r["respondent"], r["name"]) for r in rows_of(result.stdout)]
    assert cells == [("'=1+1", "'@SUM(A1)"), ("'-2", "'+cmd")]


def test_columns_that_are_no_question_are_ignored_and_named_once(
    small: Path, tmp_path: Path
) -> None:
    answers = table(tmp_path, "respondent,ISO3,q1,q22,Rank\nA,PER,1,2,3\n")
    result = run(small, answers)
    assert (result.exit_code, err_lines(result, tmp_path)[:2], rows_of(result.stdout)[0]["q1"]) == (
        0,
        [
            "answers.csv:1: column q22: ignored, no question 'q22' in small 1.0; "
            "did you mean 'q2'?",
            "answers.csv:1: 3 column(s) ignored: ISO3, q22, Rank",
        ],
        "33.33333333333333",
    )


def test_strict_makes_ignored_columns_errors(small: Path, tmp_path: Path) -> None:
    answers = table(tmp_path, "respondent,ISO3,q1,q22\nA,PER,1,2\n")
    result = run(small, answers, "--strict", "-o", tmp_path / "out.csv")
    assert (result.exit_code, err_lines(result, tmp_path)) == (
        1,
        [
            "answers.csv:1: column ISO3: no question 'ISO3' in small 1.0",
            "answers.csv:1: column q22: no question 'q22' in small 1.0; did you mean 'q2'?",
            "2 error(s); nothing written",
        ],
    )


def test_no_did_you_mean_when_no_column_was_read_right(small: Path, tmp_path: Path) -> None:
    # Nothing of the header is a question: a near name is likely chance, not a typo.
    result = run(small, table(tmp_path, "respondent,q22\nA,2\n"), "--strict")
    assert (
        err_lines(result, tmp_path)[0]
        == "answers.csv:1: column q22: no question 'q22' in small 1.0"
    )


LATIN = "respondent,q1,note\nCôte d'Ivoire,2,Été\n"


def test_a_latin_1_file_is_refused_at_its_line_with_the_option_to_read_it(
    small: Path, tmp_path: Path
) -> None:
    result = run(small, table(tmp_path, LATIN.encode("latin-1")))
    assert (result.exit_code, err_lines(result, tmp_path)[0]) == (
        1,
        "answers.csv:2: not UTF-8 text (byte 0xf4): save the file as UTF-8 CSV, "
        "or read it with --encoding latin-1 (or cp1252)",
    )


@pytest.mark.parametrize(("encoding", "name"), [("latin-1", "Latin-1"), ("cp1252", "Windows-1252")])
def test_a_latin_1_file_is_read_on_request(
    small: Path, tmp_path: Path, encoding: str, name: str
) -> None:
    answers = table(tmp_path, LATIN.encode("latin-1"))
    result = run(small, answers, "--encoding", encoding)
    assert (rows_of(result.stdout)[0]["respondent"], err_lines(result, tmp_path)[-1]) == (
        "Côte d'Ivoire",
        f"read answers.csv as {name}, comma-separated, 1 row(s)",
    )


def test_a_byte_order_mark_is_read_and_stated(small: Path, tmp_path: Path) -> None:
    answers = table(tmp_path, "\ufeffrespondent,q1\nA,3\n".encode())
    result = run(small, answers)
    assert (rows_of(result.stdout)[0]["small"], err_lines(result, tmp_path)) == (
        "100",
        ["read answers.csv as UTF-8 (BOM), comma-separated, 1 row(s)"],
    )


NUMBERS = (
    "assess: 1\nid: numbers\nversion: '1.0'\ndefault_language: en\ntitle: Numbers\n"
    "scoring: {scale: {min: 0, max: 10}, aggregation: mean}\n"
    "children:\n  - id: g\n    title: G\n    children:\n"
    "      - {id: a, type: number, min: 0, max: 10, text: A}\n"
    "      - {id: b, type: number, min: 0, max: 10, text: B}\n"
)


@pytest.fixture
def numbers(tmp_path: Path) -> Path:
    path = tmp_path / "numbers.yaml"
    path.write_text(NUMBERS, encoding="utf-8")
    return path


def test_a_semicolon_file_with_decimal_commas(numbers: Path, tmp_path: Path) -> None:
    answers = table(tmp_path, 'respondent;a;b\n"Smith; J.";0,5;1,5\nB;2;x\n')
    result = run(numbers, answers)
    scores = [(r["respondent"], r["g"], r["a"]) for r in rows_of(result.stdout)]
    assert (scores, err_lines(result, tmp_path)) == (
        [("Smith; J.", "1", "0.5"), ("B", "2", "2")],
        ["read answers.csv as UTF-8, semicolon-separated, 2 row(s)"],
    )


def test_a_decimal_comma_in_a_comma_file_is_still_refused(numbers: Path, tmp_path: Path) -> None:
    result = run(numbers, table(tmp_path, 'respondent,a\nA,"0,5"\n'))
    assert err_lines(result, tmp_path)[0] == (
        "answers.csv:2: column a: '0,5' is not a number: write decimals with a point (0.5) (A003)"
    )


def test_a_tab_separated_file(numbers: Path, tmp_path: Path) -> None:
    result = run(numbers, table(tmp_path, "respondent\ta\tb\nA\t1\t3\n"))
    assert (rows_of(result.stdout)[0]["g"], err_lines(result, tmp_path)) == (
        "2",
        ["read answers.csv as UTF-8, tab-separated, 1 row(s)"],
    )


def test_the_delimiter_can_be_forced(numbers: Path, tmp_path: Path) -> None:
    # The header alone would read as comma-separated (two fields against one).
    answers = table(tmp_path, "respondent;a,b\nA;1,3\n")
    result = run(numbers, answers, "--delimiter", "semicolon", "--map", mapping(tmp_path))
    assert rows_of(result.stdout)[0]["a"] == "1.3"


def mapping(tmp_path: Path, text: str = "'a,b': a\n") -> Path:
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_cell_over_the_limit_is_reported_at_its_row_and_column(
    small: Path, tmp_path: Path
) -> None:
    big = "y" * 200_000
    answers = table(tmp_path, f"respondent,q1,note\nA,1,ok\nB,2,{big}\n")
    result = run(small, answers, "-o", tmp_path / "out.csv")
    assert (result.exit_code, err_lines(result, tmp_path)) == (
        1,
        [
            "answers.csv:3: column note: a cell of 200,000 characters: at most 65,536 are read",
            "1 error(s); nothing written",
        ],
    )


BAD_ROWS = "respondent,q1\nA,1\nB,7\n,2\nC,3,4\nA,2\nD,3\n"
BAD_ROW_ERRORS = [
    "answers.csv:3: column q1: 7 is not a level of scale 'cap' (1 to 3) (A001)",
    "answers.csv:4: column respondent: no respondent named",
    "answers.csv:5: 3 values where the header has 2 columns",
    "answers.csv:6: column respondent: respondent 'A' already on line 2",
]


def test_bad_rows_are_all_listed_and_nothing_is_written(small: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    result = run(small, table(tmp_path, BAD_ROWS), "-o", output)
    assert (result.exit_code, err_lines(result, tmp_path), output.exists()) == (
        1,
        [*BAD_ROW_ERRORS, "4 error(s); nothing written"],
        False,
    )


def test_skip_bad_rows_scores_the_good_ones(small: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    result = run(small, table(tmp_path, BAD_ROWS), "-o", output, "--skip-bad-rows")
    scored = [(r["respondent"], r["rank:area"]) for r in rows_of(output.read_text("utf-8"))]
    assert (result.exit_code, err_lines(result, tmp_path), scored) == (
        0,
        [
            *BAD_ROW_ERRORS,
            "read answers.csv as UTF-8, comma-separated, 6 row(s)",
            "4 bad row(s) skipped",
            "2 respondent(s) scored: out.csv",
        ],
        [("A", "2"), ("D", "1")],
    )


def test_ranks_share_ties_and_leave_unscored_rows_unranked(small: Path, tmp_path: Path) -> None:
    answers = table(tmp_path, "respondent,q1,q2\nA,2,2\nB,3,3\nC,2,2\nD,x,x\nE,1,1\n")
    result = run(small, answers)
    assert [(r["respondent"], r["rank:area"]) for r in rows_of(result.stdout)] == [
        ("A", "2"), ("B", "1"), ("C", "2"), ("D", ""), ("E", "4"),
    ]  # fmt: skip


def test_blank_lines_and_a_trailing_unnamed_column_are_left_out(
    small: Path, tmp_path: Path
) -> None:
    answers = table(tmp_path, "respondent,q1,\n\nA,3\n\nB,1,\n")
    result = run(small, answers, "--strict")
    assert (result.exit_code, [r["small"] for r in rows_of(result.stdout)]) == (
        0,
        ["100", "33.33333333333333"],
    )


COLUMNS = """\
columns:
  First question: q1
  Second question: q2
  Area score: area
  Area rank: rank:area
"""


def test_a_columns_section_maps_a_table_s_own_names(small: Path, tmp_path: Path) -> None:
    small.write_text(SMALL + COLUMNS, encoding="utf-8")
    answers = table(tmp_path, "respondent,First question,Second question,q1\nA,3,1,1\n")
    result = run(small, answers)
    # With a mapping, only mapped columns are read: `q1` is ignored.
    assert (rows_of(result.stdout)[0]["area"], err_lines(result, tmp_path)[0]) == (
        "66.66666666666667",
        "answers.csv:1: 1 column(s) ignored: q1",
    )


def test_a_map_file_wins_over_the_columns_section(small: Path, tmp_path: Path) -> None:
    small.write_text(SMALL + COLUMNS, encoding="utf-8")
    answers = table(tmp_path, "respondent,First question,Q2\nA,3,1\n")
    result = run(small, answers, "--map", mapping(tmp_path, "Q2: q2\n"))
    assert (rows_of(result.stdout)[0]["area"], err_lines(result, tmp_path)[0]) == (
        "33.33333333333333",
        "answers.csv:1: 1 column(s) ignored: First question",
    )


def test_a_mapping_to_no_node_is_placed_in_the_map_file(small: Path, tmp_path: Path) -> None:
    result = run(small, table(tmp_path, "respondent,Q\nA,1\n"), "--map",
                 mapping(tmp_path, "Q: q1\nR: arae\nS: rank:q3\nT: [q1]\n"))  # fmt: skip
    assert (result.exit_code, err_lines(result, tmp_path)) == (
        1,
        [
            "map.yaml:4:4: S102 the mapping.T must be a string, not a list",
            "map.yaml:2:4: R104 column 'R' names 'arae', which is not a node of the tree "
            "(nor rank: and a node); did you mean 'area'?",
            "map.yaml:3:4: R104 column 'S' names 'rank:q3', which is not a node of the tree "
            "(nor rank: and a node); did you mean 'rank:q2'?",
            "3 error(s), 0 warning(s)",
        ],
    )


def test_a_columns_section_naming_no_node_is_a_definition_error(
    small: Path, tmp_path: Path
) -> None:
    small.write_text(SMALL + "columns:\n  X: nowhere\n", encoding="utf-8")
    result = run(small, table(tmp_path, "respondent,q1\nA,1\n"))
    assert (result.exit_code, err_lines(result, tmp_path)[0]) == (
        1,
        "small.yaml:24:6: R104 column 'X' names 'nowhere', which is not a node of the tree "
        "(nor rank: and a node)",
    )


PUBLISHED_SMALL = (
    "respondent,Area score,Area rank,Total\n"
    "A,83.3,2,x\n"  # ours 83.333..., rank 2
    "B,90,1,\n"  # ours 100: 10 off
    "C,40,2,\n"  # ours 33.333...: 6.67 off; rank 4 (D, unpublished, is third)
    "Z,50,4,\n"  # not scored here
)


def test_compare_counts_rows_within_the_tolerance_and_names_the_largest(
    small: Path, tmp_path: Path
) -> None:
    small.write_text(SMALL + COLUMNS + "  Total: small\n", encoding="utf-8")
    answers = table(
        tmp_path, "respondent,First question,Second question\nA,3,2\nB,3,x\nC,1,na\nD,2,\n"
    )
    published = tmp_path / "published.csv"
    published.write_text(PUBLISHED_SMALL, encoding="utf-8")
    result = run(small, answers, "-o", tmp_path / "out.csv", "--compare", published,
                 "--tolerance", "0.05")  # fmt: skip
    assert err_lines(result, tmp_path)[-4:] == [
        "compared with published.csv (UTF-8, comma-separated): 3 row(s) on both sides, "
        "1 only scored here, 1 only published",
        "area: 1/3 rows within 0.05; largest differences: B 10 (ours 100, published 90), "
        "C 6.6666666667 (ours 33.3333333333, published 40), A 0.0333333333 (ours 83.3333333333, "
        "published 83.3)",
        "rank:area: 2/3 rows within 0.05; largest differences: C 2 (ours 4, published 2)",
        "small: 0/0 rows within 0.05; no difference",
    ]


def test_compare_reports_a_published_value_that_is_no_number(small: Path, tmp_path: Path) -> None:
    answers = table(tmp_path, "respondent,q1\nA,3\n")
    published = tmp_path / "published.csv"
    published.write_text("respondent,area\nA,high\n", encoding="utf-8")
    result = run(small, answers, "--compare", published)
    assert err_lines(result, tmp_path)[1:3] == [
        "published.csv:2: column area: published value 'high' is not a number",
        "compared with published.csv (UTF-8, comma-separated): 1 row(s) on both sides, "
        "0 only scored here, 0 only published",
    ]


def test_memory_does_not_grow_with_the_number_of_rows(small: Path, tmp_path: Path) -> None:
    def peak(rows: int) -> int:
        lines = "".join(f"r{i},{1 + i % 3},{1 + i // 3 % 3},note {i}\n" for i in range(rows))
        answers = table(tmp_path, "respondent,q1,q2,note\n" + lines)
        tracemalloc.start()
        result = run(small, answers, "-o", tmp_path / "out.csv")
        size = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert result.exit_code == 0
        return size

    peak(20)  # the first run imports and caches what every run uses
    small_peak, large_peak = peak(200), peak(2_000)
    # Kept per row: the respondent and one ranked score (about 100 bytes); an answer and its
    # AssessmentScore kept per row would add tens of kilobytes each.
    assert large_peak < small_peak * 1.5, (small_peak, large_peak)


INFORM_MAP = PUBLISHED / "columns" / "inform2016.yaml"


@pytest.mark.published
def test_inform_2016_through_the_command_with_the_published_file_s_own_columns(
    external_data: Path, tmp_path: Path, published_counts: list[str]
) -> None:
    published = external_data / "inform_risk_2016.csv"
    output = tmp_path / "scores.csv"
    args = ["--id", "COUNTRY", "--keep", "ISO3", "--map", INFORM_MAP, "--compare", published]
    result = run(PUBLISHED / "inform2016.yaml", published, "-o", output, *args)
    lines = err_lines(result, tmp_path)
    counts = {line.split(":")[0]: line.split(": ")[1].split(" rows")[0] for line in lines[4:]}
    wide = run(PUBLISHED / "inform2016.yaml", published, "-o", output, *args, "--tolerance", "0.15")
    within = [line.split(";")[0] for line in err_lines(wide, tmp_path)[4:]]
    published_counts.append("INFORM through `assess score --compare` (tolerance 0.05):")
    published_counts.extend(f"  {line.split(';')[0]}" for line in lines[4:])
    with open(output, newline="", encoding="utf-8") as stream:
        first = next(csv.DictReader(stream))
    assert (result.exit_code, lines[:4], counts, within, first["ISO3"]) == (
        0,
        [
            f"{published}:1: 3 column(s) ignored: INFORM RISK, Rank, Missing Indicators",
            f"read {published} as UTF-8, comma-separated, 191 row(s)",
            "191 respondent(s) scored: scores.csv",
            f"compared with {published} (UTF-8, comma-separated): 191 row(s) on both sides, "
            "0 only scored here, 0 only published",
        ],
        {
            "natural": "157/191", "human": "191/191", "hazard_exposure": "158/191",
            "socio_economic": "191/191", "other_vulnerable": "183/191",
            "vulnerable_groups": "173/191", "vulnerability": "178/191",
            "institutional": "191/191", "infrastructure": "191/191", "lack_of_coping": "185/191",
        },
        [f"{node}: 191/191 rows within 0.15" for node in counts],
        "AFG",
    )  # fmt: skip


def test_compare_lists_the_bad_rows_of_the_published_table(small: Path, tmp_path: Path) -> None:
    answers = table(tmp_path, "respondent,q1\nA,3\nB,1\n")
    published = tmp_path / "published.csv"
    published.write_text("respondent,area\nA,100\nA,90\nB\n", encoding="utf-8")
    result = run(small, answers, "--compare", published)
    assert err_lines(result, tmp_path)[1:5] == [
        "published.csv:3: column respondent: respondent 'A' already on line 2",
        "published.csv:4: 1 values where the header has 2 columns",
        "compared with published.csv (UTF-8, comma-separated): 1 row(s) on both sides, "
        "1 only scored here, 0 only published",
        "area: 1/1 rows within 0.05; no difference",
    ]


def test_compare_counts_a_row_we_cannot_score_as_off(small: Path, tmp_path: Path) -> None:
    answers = table(tmp_path, "respondent,q1\nA,3\nD,x\n")
    published = tmp_path / "published.csv"
    published.write_text("respondent,area\nA,100\nD,50\n", encoding="utf-8")
    result = run(small, answers, "--compare", published)
    assert err_lines(result, tmp_path)[-1] == (
        "area: 1/2 rows within 0.05; largest differences: D no score (ours none, published 50)"
    )
