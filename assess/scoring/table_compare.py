"""A score table set beside a published one: per node, how many rows agree within a tolerance,
and the largest differences."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from assess.scoring.table import MISSING, Row, TableError, format_score
from assess.words.numbers import point_decimal

TOP = 3  # largest differences named per node


@dataclass(slots=True)
class NodeComparison:
    """One published column against our values."""

    target: str  # node id or rank:NODE
    within: int = 0
    compared: int = 0  # rows with a published value, on both sides
    differences: list[tuple[float, str, float | None, float]] = field(default_factory=list)

    def add(self, who: str, ours: float | None, published: float, tolerance: float) -> None:
        self.compared += 1
        difference = math.inf if ours is None else abs(ours - published)
        if difference <= tolerance:
            self.within += 1
        if difference > 0:
            self.differences.append((difference, who, ours, published))
            self.differences.sort(key=lambda d: (-round(d[0], 9), d[1]))
            del self.differences[TOP:]

    def line(self, tolerance: float) -> str:
        """'area: 185/191 rows within 0.05; largest differences: Peru 0.15 (ours 4.45,
        published 4.3), ...'."""
        text = f"{self.target}: {self.within}/{self.compared} rows within {tolerance:g}"
        if not self.differences:
            return text + "; no difference"
        shown = []
        for difference, who, ours, published in self.differences:
            by = "no score" if ours is None else _short(difference)
            shown.append(
                f"{who} {by} (ours {_short(ours) if ours is not None else 'none'}, "
                f"published {_short(published)})"
            )
        return text + "; largest differences: " + ", ".join(shown)


def _short(value: float) -> str:
    """A value as people compare it: 0.15 rather than 0.15000000000000036."""
    return format_score(round(value, 10))


def published_value(
    row: Row, target: str, column: str, decimal: str = "."
) -> float | TableError | None:
    """The published number of a cell; None when blank or `x`; an error when it is no number."""
    text = row.published[target]
    if text.lower() in MISSING:
        return None
    try:
        value = float(point_decimal(text, decimal))
    except ValueError:
        return TableError(row.line, column, f"published value '{text[:40]}' is not a number")
    if not math.isfinite(value):
        return TableError(row.line, column, f"published value '{text[:40]}' is not a number")
    return value


def compare(
    ours: Mapping[str, Mapping[str, float | None]],
    published: Iterable[tuple[Row, Mapping[str, str]]],
    tolerance: float,
    decimal: str = ".",
) -> tuple[list[NodeComparison], int, int, list[TableError]]:
    """Per published column, our value against it. `ours`: respondent -> target -> value;
    `published`: each published row with target -> its column name. Returns the comparisons,
    the rows only in the published table, and every unreadable published cell."""
    nodes: dict[str, NodeComparison] = {}
    seen: set[str] = set()
    only_published = 0
    errors: list[TableError] = []
    for row, columns in published:
        ours_row = ours.get(row.who)
        if ours_row is None:
            only_published += 1
            continue
        seen.add(row.who)
        for target, column in columns.items():
            node = nodes.setdefault(target, NodeComparison(target))
            value = published_value(row, target, column, decimal)
            if isinstance(value, TableError):
                errors.append(value)
            elif value is not None:
                node.add(row.who, ours_row.get(target), value, tolerance)
    only_ours = sum(who not in seen for who in ours)
    return list(nodes.values()), only_ours, only_published, errors
