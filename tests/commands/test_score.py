"""`assess score DEFINITION ANSWERS.csv [-o SCORES.csv]` through the command line."""

from __future__ import annotations

import csv
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
