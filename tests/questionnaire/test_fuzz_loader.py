"""Random and mutated definition files: the loader gives a Questionnaire or raises its own error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.questionnaire.loader import load_questionnaire
from assess.questionnaire.model import Questionnaire
from assess.questionnaire.problems import CATALOGUE, DefinitionError

SEED = Path(__file__).resolve().parent.parent / "data" / "questionnaires" / "valid" / "full.yaml"
SEED_LINES = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
SCALAR = re.compile(r"(?<=: )[^{}\[\],\n]+")  # a value after "key: ", up to a flow delimiter

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where each example is written, at the file's expected place: <root>/full/1.0.yaml."""
    folder = tmp_path_factory.mktemp("questionnaires") / "full"
    folder.mkdir()
    return folder / "1.0.yaml"


def loads_or_refuses(place: Path, data: bytes) -> None:
    """The property: a Questionnaire, or a DefinitionError whose problems are all catalogued."""
    place.write_bytes(data)
    try:
        result = load_questionnaire(place, root=place.parent.parent)
    except DefinitionError as error:
        assert error.problems
        assert {p.code for p in error.problems} <= set(CATALOGUE)
    else:
        assert isinstance(result, Questionnaire)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """The valid seed file after 1 to 4 line edits, maybe truncated."""
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "scalar", "tab"]))
        if edit == "delete":
            del lines[i]
        elif edit == "duplicate":
            lines.insert(i, lines[i])
        elif edit == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif edit == "indent":
            shift = draw(st.sampled_from([-4, -2, -1, 1, 2, 4]))
            lines[i] = " " * shift + lines[i] if shift > 0 else lines[i][-shift:]
        elif edit == "scalar":
            value = draw(st.text(max_size=12) | st.sampled_from(["0", "-1", "null", "yes", "x"]))
            value = value.replace("\n", " ")
            lines[i] = SCALAR.sub(lambda _, v=value: v, lines[i], count=1)
        else:
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + "\t" + lines[i][at:]
        if not lines:
            break
    data = "".join(lines).encode("utf-8")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


def test_the_seed_file_loads(place: Path) -> None:
    place.write_bytes(SEED.read_bytes())
    assert isinstance(load_questionnaire(place, root=place.parent.parent), Questionnaire)


@FUZZ
@given(data=mutated())
def test_mutated_definitions_give_a_questionnaire_or_a_definition_error(
    place: Path, data: bytes
) -> None:
    loads_or_refuses(place, data)


@FUZZ
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_random_files_give_a_questionnaire_or_a_definition_error(place: Path, data: bytes) -> None:
    loads_or_refuses(place, data)
