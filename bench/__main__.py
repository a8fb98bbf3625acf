"""Runs every benchmark (`python -m bench`) or the named ones (`python -m bench loader`)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

PREFIX = "bench_"


def available() -> list[str]:
    """Names of the benchmarks: `bench/bench_loader.py` is `loader`."""
    here = [str(Path(__file__).parent)]
    return sorted(
        m.name[len(PREFIX) :] for m in pkgutil.iter_modules(here) if m.name.startswith(PREFIX)
    )


def table(rows: list[tuple[str, str, str]]) -> str:
    """Rows of (benchmark, figure, value) as aligned columns, values right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(f"{b:<{widths[0]}}  {f:<{widths[1]}}  {v:>{widths[2]}}" for b, f, v in rows)


def main(argv: list[str]) -> int:
    names = available()
    unknown = [name for name in argv if name not in names]
    if unknown:
        print(
            f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(names)}",
            file=sys.stderr,
        )
        return 2
    rows = [("benchmark", "figure", "value")]
    for name in argv or names:
        module = importlib.import_module(f"bench.{PREFIX}{name}")
        rows.extend((name, figure, value) for figure, value in module.run())
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
