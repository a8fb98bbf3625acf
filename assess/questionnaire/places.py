"""Where a character of a YAML scalar's value stands in the file, for errors inside conditions."""

from __future__ import annotations

from collections.abc import Iterator

# Source length of a double-quoted escape, after its backslash: \xNN, \uNNNN, \UNNNNNNNN.
ESCAPE_LENGTHS = {"x": 3, "u": 5, "U": 9}


def _line_chars(lines: list[str], line: int, column: int, quote: str) -> Iterator[tuple[int, int]]:
    """(line, column) of each character of a flow scalar's value, both 1-based."""
    index = column - 1
    while line <= len(lines):
        text = lines[line - 1]
        while index < len(text):
            char = text[index]
            if (
                quote
                and char == quote
                and not (quote == "'" and text[index + 1 : index + 2] == "'")
            ):
                return
            yield line, index + 1
            if quote == "'" and char == "'":
                index += 2
            elif quote == '"' and char == "\\":
                index += 1 + ESCAPE_LENGTHS.get(text[index + 1 : index + 2], 1)
            else:
                index += 1
        line += 1
        if line <= len(lines):
            following = lines[line - 1]
            index = len(following) - len(following.lstrip(" "))
            yield line - 1, len(text) + 1  # the line break reads as one space


def _block_chars(lines: list[str], line: int) -> Iterator[tuple[int, int]]:
    """(line, column) of each character of a block scalar (| or >) starting below `line`."""
    if line >= len(lines):
        return
    first = lines[line]
    indent = len(first) - len(first.lstrip(" "))
    for number in range(line + 1, len(lines) + 1):
        text = lines[number - 1]
        if text.strip() and len(text) - len(text.lstrip(" ")) < indent:
            return
        for column in range(indent + 1, len(text) + 1):
            yield number, column
        yield number, len(text) + 1  # the line break


def scalar_place(lines: list[str], line: int, column: int, offset: int) -> tuple[int, int]:
    """Line and column of character `offset` of the scalar written at `line`:`column`."""
    if not 0 < line <= len(lines):
        return line, column
    start = lines[line - 1][column - 1 : column]
    if start in ("|", ">"):
        chars = _block_chars(lines, line)
    elif start in ("'", '"'):
        chars = _line_chars(lines, line, column + 1, start)
    else:
        chars = _line_chars(lines, line, column, "")
    last = (line, column)
    for i, place in enumerate(chars):
        if i == offset:
            return place
        last = (place[0], place[1] + 1)
    return last
