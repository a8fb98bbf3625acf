"""`assess check` and `assess schema` as experts and CI run them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from assess.cli import main
from assess.questionnaire.json_schema import schema_text
from bench.bench_check import write_files

DATA = Path(__file__).resolve().parents[1] / "data" / "questionnaires"
FULL = DATA / "valid" / "full.yaml"
INVALID = DATA / "invalid"
PUBLISHED = Path(__file__).resolve().parents[2] / "questionnaires"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with a questionnaires/ folder, the published one, holding one valid
    questionnaire."""
    folder = tmp_path / "questionnaires" / "full"
    folder.mkdir(parents=True)
    shutil.copy(FULL, folder / "1.0.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ASSESS_QUESTIONNAIRES_DIR", str(tmp_path / "questionnaires"))
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def test_valid_file_exits_0_and_prints_only_the_summary(project: Path) -> None:
    result = run(str(DATA / "valid" / "minimal.yaml"))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "0 error(s), 0 warning(s)\n")


def test_default_checks_everything_in_the_published_folder(project: Path) -> None:
    broken = project / "questionnaires" / "other" / "1.0.yaml"
    broken.parent.mkdir()
    shutil.copy(INVALID / "bad_weight.yaml", broken)
    result = run()
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "questionnaires/full/1.0.yaml:7:21: L104 ar: 2 of 56 texts translated",
        "questionnaires/other/1.0.yaml:2:5: F101 id 'broken' does not match the folder 'other'",
        "questionnaires/other/1.0.yaml:17:67: S106 weight must be greater than 0, not 0",
        "questionnaires/other/1.0.yaml:18:67: S106 weight must be greater than 0, not -1",
    ]
    assert result.stderr == "3 error(s), 1 warning(s)\n"


def test_errors_exit_1_with_one_line_per_problem(project: Path) -> None:
    shutil.copy(INVALID / "condition_cycle.yaml", project / "cycle.yaml")
    result = run("cycle.yaml")
    assert result.exit_code == 1
    assert result.stdout == "cycle.yaml:17:65: X101 condition depends on itself: q1 -> q2 -> q1\n"


def test_warnings_are_printed_with_their_code_and_exit_0(project: Path) -> None:
    shutil.copy(INVALID / "unused_scale.yaml", project / "spare.yaml")
    result = run("spare.yaml")
    assert result.exit_code == 0
    assert result.stdout == "spare.yaml:8:5: W101 scale 'spare' is never used\n"
    assert result.stderr == "0 error(s), 1 warning(s)\n"


def test_directories_are_searched_for_yaml_files(project: Path) -> None:
    folder = project / "drafts" / "deeper"
    folder.mkdir(parents=True)
    shutil.copy(INVALID / "bad_weight.yaml", folder / "a.yaml")
    shutil.copy(INVALID / "empty.yaml", project / "drafts" / "b.yaml")
    (project / "drafts" / "notes.txt").write_text("not a definition", encoding="utf-8")
    result = run("drafts")
    codes = [line.split(" ")[1] for line in result.stdout.splitlines()]
    assert (result.exit_code, codes) == (1, ["Y006", "S106", "S106"])


def test_json_format_lists_problem_objects(project: Path) -> None:
    shutil.copy(INVALID / "wrong_type_weight.yaml", project / "w.yaml")
    result = run("--format", "json", "w.yaml")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "file": "w.yaml",
            "line": 17,
            "column": 67,
            "code": "S102",
            "severity": "error",
            "path": "children[0].children[0].weight",
            "message": "weight must be a number, not the string 'heavy'",
        }
    ]


@pytest.mark.parametrize(
    "args",
    [["absent.yaml"], ["--format", "xml"], ["--nope"]],
    ids=["missing path", "bad format", "unknown option"],
)
def test_usage_errors_exit_2(project: Path, args: list[str]) -> None:
    assert run(*args).exit_code == 2


def test_no_path_and_no_published_folder_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSESS_QUESTIONNAIRES_DIR", str(tmp_path / "absent"))
    result = run()
    assert result.exit_code == 2
    message = f"no PATH given and ASSESS_QUESTIONNAIRES_DIR {tmp_path / 'absent'} is no folder"
    assert message in result.stderr


def test_the_published_folder_is_checked_whatever_the_current_directory(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = project / "questionnaires" / "other" / "1.0.yaml"
    broken.parent.mkdir()
    shutil.copy(INVALID / "bad_weight.yaml", broken)
    monkeypatch.chdir("/")
    result = run()
    assert result.exit_code == 1
    assert (
        f"{broken.relative_to('/')}:2:5: F101 id 'broken' does not match the folder 'other'"
    ) in result.stdout.splitlines()


def test_a_reused_id_is_reported_when_checked_from_anywhere(tmp_path: Path) -> None:
    """A copy of cbrn-needs with a 1.2 giving 1.0's single-choice `plan_review_freq` (dropped in
    1.1) to a level question, checked by the installed command from /."""
    copy = tmp_path / "drafts" / "cbrn-needs"
    shutil.copytree(PUBLISHED / "cbrn-needs", copy)
    text = (copy / "1.1.yaml").read_text(encoding="utf-8")
    text = text.replace('version: "1.1"', 'version: "1.2"', 1)
    (copy / "1.2.yaml").write_text(
        text.replace("- id: aware_rumours", "- id: plan_review_freq", 1), encoding="utf-8"
    )
    done = subprocess.run(
        [str(Path(sys.executable).with_name("assess")), "check", str(copy / "1.2.yaml")],
        cwd="/",
        capture_output=True,
        text=True,
        check=False,
    )
    line = text[: text.index("- id: aware_rumours")].count("\n") + 1  # where 1.1 has it
    place = f"{(copy / '1.2.yaml').relative_to('/')}:{line}:17"
    assert (done.returncode, done.stdout.splitlines(), done.stderr) == (
        1,
        [
            f"{place}: H101 id 'plan_review_freq' was a single_choice question in version 1.0; "
            "now it is a level question: give it a new id"
        ],
        "1 error(s), 0 warning(s)\n",
    )


def test_a_top_level_list_is_reported_where_it_starts(project: Path) -> None:
    (project / "list.yaml").write_text("# not a questionnaire\n\n- 1\n- 2\n", encoding="utf-8")
    result = run("list.yaml")
    assert (result.exit_code, result.stdout) == (
        1,
        "list.yaml:3:1: S102 the file must be the questionnaire (a mapping), not a list\n",
    )


@pytest.mark.parametrize("content", [b"\x00\xff\xfe", b"[", b"- 1\n- 2\n", b"a: *b\n"])
def test_garbage_is_reported_never_a_traceback(project: Path, content: bytes) -> None:
    (project / "junk.yaml").write_bytes(content)
    result = run("junk.yaml")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stdout + result.stderr


def test_a_partial_language_is_a_warning_with_its_coverage(project: Path) -> None:
    result = run(str(project / "questionnaires" / "full" / "1.0.yaml"))
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "questionnaires/full/1.0.yaml:7:21: L104 ar: 2 of 56 texts translated\n",
        "0 error(s), 1 warning(s)\n",
    )


def test_a_text_missing_a_complete_language_is_an_error_at_the_text(project: Path) -> None:
    shutil.copy(INVALID / "missing_translation.yaml", project / "m.yaml")
    result = run("m.yaml")
    assert (result.exit_code, result.stdout.splitlines()) == (
        1,
        [
            "m.yaml:16:12: L101 text has no French ('fr') version",
            "m.yaml:18:56: L101 text has no French ('fr') version",
        ],
    )


def test_schema_prints_the_json_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert (result.exit_code, result.stdout) == (0, schema_text())


def test_schema_writes_the_file_given(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    result = CliRunner().invoke(main, ["schema", "-o", str(target)])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == schema_text()


def test_every_one_of_8000_unknown_references_is_reported_at_its_place(project: Path) -> None:
    # bench/bench_check.py's file: 8,000 questions each naming an unknown question in its
    # condition and an unknown scale, among 8,000 questions and 50 scales.
    refs, _ = write_files(project)
    result = run("--format", "json", str(refs))
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    lines = refs.read_text(encoding="utf-8").splitlines()
    expected = set()
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("when: ${nope_"):
            name = line.split("${")[1].split("}")[0]
            message = f"unknown question ${{{name}}}"
            expected.add(("X010", number, line.index("$") + 1, message))
        elif line.lstrip().startswith("scale: nope_"):
            name = line.split(": ")[1]
            message = f"scale '{name}' is not declared under 'scales'"
            expected.add(("R101", number, line.index(": ") + 3, message))
    reported = {
        (p["code"], p["line"], p["column"], p["message"])
        for p in found
        if p["code"] in ("X010", "R101")
    }
    assert len(expected) == 16_000
    assert reported == expected
    assert result.stderr == "16000 error(s), 50 warning(s)\n"
