"""The IHR Costing Tool's JEE 3.0 example, reproduced from definitions alone.

The worksheet (../shared/external-data/ihr-costing) is translated, column by column, into a
questionnaire of our format: each indicator a level question, each level of its line items the
action template of the step that reaches it, each administrative level a number question of a
profile. The real loader reads it, the Country scores and Multipliers sheets answer it, the
costing engine costs every step to the top of each scale, and every published cell must match to
the cent. The R script's precedence quirk (`include == TRUE & (...) | (d == k)` costs items that
are not included in year k >= 2 when d == k) never shows here: every row of this worksheet has
include = TRUE, which the test checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from assess.plans.costing import by_category, costs_to_top, number_answers, sum_years
from assess.questionnaire.answers import Answer
from assess.questionnaire.loader import check_file
from assess.scoring import score_assessment

CENT = Decimal("0.01")
YEARS = 5
# The R script's administrative levels: which observation of the Multipliers sheet multiplies
# a line item of that level (National: none).
ADMINISTRATIVE = {
    "National": None,
    "Intermediate": "Intermediate area count",
    "Local": "Local area count",
    "Health facility": "Health facility count",
    "PoE": "Points of Entry Count",
    "Population": "Population",
    "Additional healthcare workers (doctors, nurses, and midwives)": (
        "Additional doctors, nurses, and midwives"
    ),
}


def sheet(path: Path, name: str) -> list[dict[str, Any]]:
    """A sheet's rows as dicts of its header's columns."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = book[name]
        rows.reset_dimensions()  # the results workbook declares a wrong size
        found = list(rows.iter_rows(values_only=True))
    finally:
        book.close()
    header = found[0]
    return [dict(zip(header, row, strict=False)) for row in found[1:] if any(row)]


def slug(text: str) -> str:
    """An id of the format from a name: lower case letters, digits and _."""
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def cents(value: Any) -> Decimal:
    """A published or computed amount rounded to the cent (published cells are floats)."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return exact.quantize(CENT, ROUND_HALF_UP)


def definition(book: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The worksheet as a questionnaire of our format (a plain mapping, dumped as YAML)."""
    categories: dict[str, dict[str, Any]] = {}
    for row in book["Unit costs"]:
        category = categories.setdefault(
            slug(row["category"]), {"id": slug(row["category"]), "title": row["category"]}
        )
        subs = category.setdefault("subcategories", [])
        if slug(row["subcategory"]) not in [s["id"] for s in subs]:
            subs.append({"id": slug(row["subcategory"]), "title": row["subcategory"].strip()})
    unit_ids = {row["unit_cost"]: f"u{row['unit_cost_id']}" for row in book["Unit costs"]}
    unit_costs = [
        {
            "id": unit_ids[row["unit_cost"]],
            "title": row["unit_cost"],
            "category": slug(row["category"]),
            "subcategory": slug(row["subcategory"]),
            "value": row["value"],
            "unit": row["unit"],
        }
        for row in book["Unit costs"]
    ]
    observations = {row["observation"]: slug(row["observation"]) for row in book["Multipliers"]}
    return {
        "assess": 1,
        "id": "ihr-costing",
        "version": "1.0",
        "default_language": "en",
        "title": "IHR Costing Tool, JEE 3.0 worksheet",
        "scales": {"jee": {"kind": "level", "levels": levels(book["Line items (JEE 3)"])}},
        "costing": {
            "currency": "USD",
            "year": 2022,
            "years": YEARS,
            "categories": list(categories.values()),
            "unit_costs": unit_costs,
        },
        "children": [
            {"id": "profile", "title": "Multipliers", "children": profile(book["Multipliers"])},
            *capacities(book, unit_ids, observations),
        ],
    }


def levels(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    texts = {int(row["score_numeric"]): row["score_text"] for row in items}
    return [{"value": v, "label": texts.get(v, f"Level {v}")} for v in range(1, 6)]


def profile(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The numeric observations of the Multipliers sheet, as number questions."""
    return [
        {"id": slug(row["observation"]), "type": "number", "text": row["observation"], "min": 0}
        for row in rows
        if number(row["value"]) is not None
    ]


def capacities(
    book: dict[str, list[dict[str, Any]]], unit_ids: dict[str, str], observations: dict
) -> Iterable[dict[str, Any]]:
    """One group per capacity, one level question per indicator, its templates per level."""
    groups: dict[str, dict[str, Any]] = {}
    for row in book["Country scores"]:
        group = groups.setdefault(
            row["capacity"],
            {"id": f"cap_{slug(row['capacity'])}", "title": row["capacity"], "children": []},
        )
        group["children"].append(
            {
                "id": row["metric_id"],
                "type": "level",
                "text": row["indicator"],
                "scale": "jee",
                "actions": templates(book, row["metric_id"], unit_ids, observations),
            }
        )
    return groups.values()


def templates(
    book: dict[str, list[dict[str, Any]]], metric: str, unit_ids: dict, observations: dict
) -> list[dict[str, Any]]:
    """The indicator's line items of each level, as the template of the step reaching it."""
    by_level: dict[int, dict[str, Any]] = {}
    for row in book["Line items (JEE 3)"]:
        if row["metric_id"] != metric:
            continue
        level = int(row["score_numeric"])
        template = by_level.setdefault(
            level,
            {"step": level - 1, "title": row["score_text"], "type": "institutional", "costs": []},
        )
        observation = ADMINISTRATIVE[row["administrative_level"]]
        template["costs"].append(
            {
                "unit_cost": unit_ids[row["unit_cost"]],
                "times": [
                    m if (m := number(row[f"custom_multiplier_{i}"])) is not None else 1
                    for i in (1, 2)
                ],
                "per": [observations[observation]] if observation else [],
                "recurring": row["cost_type"] == "Recurring",
                "title": row["action"],
            }
        )
    return [by_level[level] for level in sorted(by_level)]


def number(value: Any) -> int | float | None:
    """A cell as a number, as R's as.numeric reads it (None: NA)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return value
    try:
        found = float(value)
    except ValueError:
        return None
    return int(found) if found.is_integer() else found


def compare(
    published: list[dict[str, Any]], key: Any, ours: dict[Any, tuple[Decimal, ...]]
) -> tuple[int, int, list[str]]:
    """Cells equal to the cent, cells in all, and the first few that differ."""
    equal, total, wrong = 0, 0, []
    for row in published:
        mine = ours.get(key(row), (Decimal(0),) * YEARS)
        for year in range(1, YEARS + 1):
            total += 1
            if cents(mine[year - 1]) == cents(row[f"y{year}cost"]):
                equal += 1
            elif len(wrong) < 5:
                wrong.append(
                    f"{key(row)} y{year}: {cents(mine[year - 1])} != {row[f'y{year}cost']}"
                )
    return equal, total, wrong


@pytest.mark.published
def test_the_ihr_costing_tools_example_is_reproduced_to_the_cent(
    external_data: Path, tmp_path: Path, published_counts: list[str]
) -> None:
    folder = external_data / "ihr-costing"
    names = ("Country scores", "Multipliers", "Unit costs", "Line items (JEE 3)")
    book = {name: sheet(folder / "jee3_costing_worksheet.xlsx", name) for name in names}
    assert all(row["include"] is True for row in book["Line items (JEE 3)"])
    path = tmp_path / "ihr-costing.yaml"
    path.write_text(yaml.safe_dump(definition(book), allow_unicode=True), encoding="utf-8")
    questionnaire, problems = check_file(path)
    assert [p.format() for p in problems if p.severity == "error"] == []

    answers = {
        row["metric_id"]: Answer(row["metric_id"], "answered", row["country_score_numeric"])
        for row in book["Country scores"]
    }
    for row in book["Multipliers"]:
        if (value := number(row["value"])) is not None:
            answers[slug(row["observation"])] = Answer(slug(row["observation"]), "answered", value)
    score = score_assessment(questionnaire, answers)
    current = {qid: node.level for qid, node in score.nodes.items() if node.level is not None}
    steps = costs_to_top(questionnaire, current, number_answers(questionnaire, answers))

    per_level = {f"{s.question}.{s.step + 1}": s.years(YEARS) for s in steps}
    per_indicator: dict[str, list] = {}
    for s in steps:
        per_indicator.setdefault(s.question, []).extend(s.lines)
    names_of = {row["indicator"]: row["metric_id"] for row in book["Country scores"]}
    indicator = {
        names_of[n]: sum_years(per_indicator.get(names_of[n], ()), YEARS) for n in names_of
    }
    category = by_category((line for s in steps for line in s.lines), YEARS)

    results = folder / "example_jee3_costing_results.xlsx"
    counts = [
        compare(
            sheet(results, "Costs per indicator and score"),
            lambda r: r["metric_score_id"],
            per_level,
        ),
        compare(
            sheet(results, "Costs per indicator"), lambda r: names_of[r["indicator"]], indicator
        ),
        compare(
            sheet(results, "Costs per cost category"),
            lambda r: (slug(r["category"]), slug(r["subcategory"])),
            category,
        ),
    ]
    (level_ok, level_all, a), (ind_ok, ind_all, b), (cat_ok, cat_all, c) = counts
    published_counts.append(
        f"IHR costing (JEE 3.0 example): {level_ok}/{level_all} indicator-level-year cells, "
        f"{ind_ok}/{ind_all} indicator-year cells, {cat_ok}/{cat_all} category-year cells "
        "equal to the cent"
    )
    assert a + b + c == []
    assert [(level_ok, level_all), (ind_ok, ind_all), (cat_ok, cat_all)] == [
        (840, 840),
        (280, 280),
        (110, 110),
    ]
