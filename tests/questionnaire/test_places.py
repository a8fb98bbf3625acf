"""Characters of a scalar's value are found at their line and column in the file."""

from __future__ import annotations

import pytest

from assess.questionnaire.places import scalar_place


@pytest.mark.parametrize(
    ("source", "start", "offset", "place"),
    [
        ("when: ${a} = 1", (1, 7), 5, (1, 12)),
        ("when: '${a} = 1'", (1, 7), 5, (1, 13)),
        ("when: 'it''s' = ${a}", (1, 7), 5, (1, 13)),
        ('when: "\\"x\\" = ${a}"', (1, 7), 6, (1, 16)),
        ('when: "\\u00e9 = ${a}"', (1, 7), 4, (1, 17)),
        ("when: |\n  ${a} = 1\n  or ${b} = 2\n", (1, 7), 12, (3, 6)),
        ("when: >-\n    ${a} = 1\n", (1, 7), 5, (2, 10)),
        ("when: '${a} = 1\n  and ${b} = 2'", (1, 7), 13, (2, 7)),
        ("when: ${a} =", (1, 7), 6, (1, 13)),
    ],
    ids=[
        "plain",
        "single quoted",
        "doubled quote",
        "escaped quote",
        "unicode escape",
        "literal block",
        "folded block",
        "quoted over two lines",
        "just past the end",
    ],
)
def test_character_is_found_where_it_is_written(
    source: str, start: tuple[int, int], offset: int, place: tuple[int, int]
) -> None:
    assert scalar_place(source.split("\n"), *start, offset) == place
