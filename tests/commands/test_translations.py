"""`assess translations export|import`: the translators' round trip, and broken files refused
at their row or line with nothing written."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from assess.cli import main
from assess.questionnaire.translation_files import MAX_FILE_BYTES, MAX_TEXT
from assess.questionnaire.translations import apply_translations, text_entries

PUBLISHED = Path(__file__).resolve().parents[2] / "questionnaires"
DESCRIPTOR = "scales.capability.levels.1.descriptor"  # has an Arabic translation
HELP = "children.mod_governance.children.leg.children.leg_national.children.leg_law_cover.help"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the published questionnaires, the current directory beside it."""
    root = tmp_path / "questionnaires"
    shutil.copytree(PUBLISHED / "cbrn-needs", root / "cbrn-needs")
    monkeypatch.setenv("ASSESS_QUESTIONNAIRES_DIR", str(root))
    monkeypatch.chdir(tmp_path)
    return root


def definition(store: Path) -> Path:
    return store / "cbrn-needs" / "1.2.yaml"


def run(*args: str):
    return CliRunner().invoke(main, ["translations", *args])


EXPORTED: dict[tuple[str, str, bytes], bytes] = {}  # the same definition is exported once


def export(lang: str, file_format: str = "xlsx") -> Path:
    suffix = "xlsx" if file_format == "xlsx" else "xlf"
    out = Path(f"out-{lang}.{suffix}")
    source = Path(os.environ["ASSESS_QUESTIONNAIRES_DIR"], "cbrn-needs", "1.2.yaml").read_bytes()
    done = EXPORTED.get((lang, file_format, source))
    if done is not None:
        out.write_bytes(done)
        return out
    result = run(
        "export", "cbrn-needs", "1.2", "--lang", lang, "--format", file_format, "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    EXPORTED[(lang, file_format, source)] = out.read_bytes()
    return out


def row_of(sheet, key: str) -> int:
    return next(cell.row for cell in sheet["A"] if cell.value == key)


def edit_xlsx(path: Path, change: Callable) -> Path:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return path


def set_translations(book, texts: dict[str, str | None]) -> None:
    sheet = book["Texts"]
    for key, text in texts.items():
        sheet.cell(row=row_of(sheet, key), column=6).value = text


def test_export_writes_a_sheet_translators_can_fill(store: Path) -> None:
    book = openpyxl.load_workbook(export("ar"))
    sheet = book["Texts"]
    assert [c.value for c in sheet[1]] == [
        "Key",
        "Context",
        "English",
        "French (reference)",
        "Current translation (Arabic)",
        "Translation (Arabic)",
    ]
    total = len(text_entries(definition(store)))
    assert sheet.max_row == 1 + total
    assert (sheet.freeze_panes, sheet.sheet_view.rightToLeft) == ("A2", True)
    row = [c.value for c in sheet[row_of(sheet, DESCRIPTOR)]]
    assert row[2] == "The capacity does not exist, or exists only on paper; nothing is implemented."
    assert row[4] == row[5] == "القدرة غير موجودة، أو موجودة على الورق فقط؛ لم يُنفَّذ أي شيء."
    assert sheet.cell(row=2, column=3).alignment.wrap_text
    about = {r[0]: r[1] for r in book["About"].iter_rows(max_row=9, values_only=True)}
    assert about["Questionnaire"] == "cbrn-needs"
    assert (about["Version"], about["Language"], about["Texts"]) == ("1.2", "ar", str(total))
    assert re.fullmatch("[0-9a-f]{16}", about["Source hash"])


def test_russian_is_left_to_right_and_french_has_no_reference_column(store: Path) -> None:
    assert not openpyxl.load_workbook(export("ru"))["Texts"].sheet_view.rightToLeft
    headers = [c.value for c in openpyxl.load_workbook(export("fr"))["Texts"][1]]
    assert "French (reference)" not in headers


def test_a_text_that_looks_like_a_formula_is_written_and_read_as_text(store: Path) -> None:
    path = definition(store)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"No capacity"', '"=SUM(A1) no capacity"', 1), encoding="utf-8")
    out = export("ar")
    sheet = openpyxl.load_workbook(out)["Texts"]
    cell = sheet.cell(row=row_of(sheet, "scales.capability.levels.1.label"), column=3)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=SUM(A1) no capacity", "s", True)
    before = path.read_bytes()
    result = run("import", str(out))
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == before


def translated(store: Path, lang: str) -> tuple[int, int]:
    """(texts with `lang`, texts in all) of the definition now."""
    entries = text_entries(definition(store))
    return sum(1 for e in entries if lang in e.texts), len(entries)


@pytest.mark.parametrize("file_format", ["xlsx", "xliff"])
@pytest.mark.parametrize("lang", ["ar", "es"])
def test_an_unchanged_export_imports_to_the_same_bytes(
    store: Path, file_format: str, lang: str
) -> None:
    before = definition(store).read_bytes()
    done, total = translated(store, lang)
    result = run("import", str(export(lang, file_format)))
    assert result.exit_code == 0, result.output
    summary = f"0 texts changed, {done} unchanged, {total - done} rows blank (left untranslated)"
    assert summary in result.output
    assert definition(store).read_bytes() == before


def test_xlsx_round_trip_writes_the_translations_and_nothing_else(store: Path) -> None:
    path = definition(store)
    before = path.read_text(encoding="utf-8")
    texts = {DESCRIPTOR: "لا توجد القدرة.", HELP: 'نص "مقتبس" # ليس تعليقا', "title": "- عنوان"}

    def translate(book) -> None:
        set_translations(book, texts)
        book["Texts"]["G1"] = "Translator's notes"  # a column of their own is no problem
        book["Texts"]["G3"] = "=A1"

    done, total = translated(store, "ar")
    had = sum(1 for e in text_entries(path) if e.key in texts and "ar" in e.texts)
    result = run("import", str(edit_xlsx(export("ar"), translate)))
    assert result.exit_code == 0, result.output
    blank = total - done - (3 - had)
    assert f"3 texts changed, {done - had} unchanged, {blank} rows blank" in result.output
    assert f"ar: {done + 3 - had} of {total} texts translated" in result.output.splitlines()
    after = path.read_text(encoding="utf-8")
    assert {e.key: e.texts.get("ar") for e in text_entries(path) if e.key in texts} == texts
    original = store.parent / "original.yaml"
    original.write_text(before, encoding="utf-8")
    assert after == apply_translations(original, "ar", texts)
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(changed) == 3


def test_xliff_round_trip_writes_the_targets(store: Path) -> None:
    out = export("es", "xliff")
    xml = out.read_text(encoding="utf-8")
    unit = re.escape(f'<trans-unit id="{HELP}"')
    xml = re.sub(
        unit + r'(.*?)<target state="needs-translation"></target>',
        lambda m: (
            m.group(0).split("<target")[0]
            + '<target state="translated">Ayuda &amp; "más" &lt;x&gt;</target>'
        ),
        xml,
        count=1,
        flags=re.S,
    )
    out.write_text(xml, encoding="utf-8")
    result = run("import", str(out))
    assert result.exit_code == 0, result.output
    text = definition(store).read_text(encoding="utf-8")
    assert yaml.safe_load(text)["partial_languages"][-1] == "es"
    entries = {e.key: e for e in text_entries(definition(store))}
    assert entries[HELP].texts["es"] == 'Ayuda & "más" <x>'
    assert f"es: 1 of {len(entries)} texts translated" in result.output.splitlines()
    check = CliRunner().invoke(main, ["check"])
    assert check.exit_code == 0
    lines = text.splitlines()
    line = next(i for i, t in enumerate(lines, 1) if t.startswith("partial_languages:"))
    place = f"questionnaires/cbrn-needs/1.2.yaml:{line}:{lines[line - 1].rindex('es') + 1}"
    warning = f"{place}: L104 es: 1 of {len(entries)} texts translated"
    assert warning in check.stdout.splitlines()


def test_xliff_segment_marks_of_cat_tools_are_read_as_their_text(store: Path) -> None:
    out = export("es", "xliff")
    xml = out.read_text(encoding="utf-8")
    target = '<target state="needs-translation"></target>'
    segmented = '<target><mrk mtype="seg" mid="1">Evaluación</mrk></target>'
    out.write_text(xml.replace(target, segmented, 1), encoding="utf-8")
    result = run("import", str(out))
    assert result.exit_code == 0, result.output
    assert text_entries(definition(store))[0].texts["es"] == "Evaluación"


def test_blank_rows_keep_a_current_translation_and_are_counted(store: Path) -> None:
    before = definition(store).read_bytes()
    done, total = translated(store, "ar")
    out = edit_xlsx(export("ar"), lambda book: set_translations(book, {DESCRIPTOR: None}))
    result = run("import", str(out))
    assert result.exit_code == 0, result.output
    assert (
        f"0 texts changed, {done - 1} unchanged, {total - done} rows blank (left untranslated), "
        "1 blank keep their translation"
    ) in result.output
    assert definition(store).read_bytes() == before


def test_dry_run_writes_nothing(store: Path) -> None:
    before = definition(store).read_bytes()
    out = edit_xlsx(export("ar"), lambda book: set_translations(book, {HELP: "مساعدة"}))
    result = run("import", str(out), "--dry-run")
    assert result.exit_code == 0
    assert "1 text changed" in result.output
    assert definition(store).read_bytes() == before


# ---------------------------------------------------------------- broken files, each refused


def _xlsx(change: Callable) -> Callable[[Path], Path]:
    return lambda store: edit_xlsx(export("ar"), change)


def _cell(ref: str, value: object) -> Callable:
    def change(book) -> None:
        book["Texts"][ref] = value

    return change


def _about(label: str, value: str) -> Callable:
    def change(book) -> None:
        sheet = book["About"]
        sheet.cell(row=next(c.row for c in sheet["A"] if c.value == label), column=2, value=value)

    return change


def _xliff(old: str, new: str, lang: str = "es") -> Callable[[Path], Path]:
    def make(store: Path) -> Path:
        out = export(lang, "xliff")
        out.write_text(out.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        return out

    return make


def _not_a_workbook(store: Path) -> Path:
    path = Path("notes.xlsx")
    path.write_text("key,translation\n", encoding="utf-8")
    return path


def _someone_elses_workbook(store: Path) -> Path:
    book = openpyxl.Workbook()
    book.active["A1"] = "Budget"
    book.save("budget.xlsx")
    return Path("budget.xlsx")


def _zip_bomb(store: Path) -> Path:
    out = export("ar")
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (60 * 1024 * 1024))
    return out


def _entity_bomb(store: Path) -> Path:
    """An export whose sheet declares nested entities (a 'billion laughs')."""
    out, bomb = export("ar"), Path("bomb.xlsx")
    values = ["a" * 10] + [f"&a{i};" * 10 for i in range(8)]
    entities = "".join(f'<!ENTITY a{i} "{value}">' for i, value in enumerate(values))
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(bomb, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                text = f"<!DOCTYPE worksheet [{entities}]>" + data.decode()
                data = text.replace("<t>Key</t>", "<t>&a8;</t>", 1).encode()
            target.writestr(name, data)
    return bomb


def _too_large(store: Path) -> Path:
    out = export("es", "xliff")
    with out.open("a", encoding="utf-8") as stream:
        stream.write("<!--" + "x" * MAX_FILE_BYTES + "-->")
    return out


def _source_changed_since(store: Path) -> Path:
    out = export("ar")
    path = definition(store)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('en: "No capacity"', 'en: "No capacity at all"', 1), "utf-8")
    return out


def _definition_broken_since(store: Path) -> Path:
    out = edit_xlsx(export("ar"), lambda book: set_translations(book, {HELP: "مساعدة"}))
    path = definition(store)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("scoring:\n", "scoring:\n  colour: red\n", 1), "utf-8")
    return out


def _definition_unreadable_since(store: Path) -> Path:
    out = export("ar")
    path = definition(store)
    path.write_text(path.read_text(encoding="utf-8") + "\n  - [unclosed\n", "utf-8")
    return out


def _duplicate(book) -> None:
    sheet = book["Texts"]
    sheet["A8"] = sheet["A7"].value


def _extra_row(book) -> None:
    sheet = book["Texts"]
    sheet.append(["no.such.text", "", "Nothing", "", "", "Rien"])


def _missing_row(book) -> None:
    book["Texts"].delete_rows(4)


BROKEN = {
    "not a workbook": (_not_a_workbook, [("T201", "file")]),
    "someone else's workbook": (_someone_elses_workbook, [("T201", "file")]),
    "header changed": (_xlsx(_cell("F1", "Arabic")), [("T201", "sheet Texts, row 1")]),
    "other version": (_xlsx(_about("Version", "9.9")), [("T202", "sheet About")]),
    "missing row": (_xlsx(_missing_row), [("T204", "sheet Texts")]),
    "extra row": (_xlsx(_extra_row), [("T205", "sheet Texts, last row")]),
    "key twice": (_xlsx(_duplicate), [("T206", "sheet Texts, row 8"), ("T204", "sheet Texts")]),
    "source edited": (_xlsx(_cell("C5", "Edited")), [("T207", "sheet Texts, row 5")]),
    "source changed since": (_source_changed_since, [("T207", "sheet Texts, row 4")]),
    "placeholder added": (_xlsx(_cell("F6", "{country} نص")), [("T208", "sheet Texts, row 6")]),
    "text too long": (_xlsx(_cell("F7", "ن" * (MAX_TEXT + 1))), [("T209", "sheet Texts, row 7")]),
    "zip bomb": (_zip_bomb, [("T210", "file")]),
    "file too large": (_too_large, [("T210", "file")]),
    "entity bomb in a workbook": (_entity_bomb, [("T212", "file")]),
    "number cell": (_xlsx(_cell("F9", 12)), [("T211", "sheet Texts, row 9")]),
    "formula cell": (_xlsx(_cell("F10", "=A1")), [("T211", "sheet Texts, row 10")]),
    "DTD": (
        _xliff("<xliff ", '<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<xliff '),
        [("T212", "line 2")],
    ),
    "inline markup": (
        _xliff('<target state="needs-translation"></target>', '<target><g id="1">x</g></target>'),
        [("T212", "line 11")],
    ),
    "control character": (
        _xliff('<target state="needs-translation"></target>', "<target>bad \u009b</target>"),
        [("T213", "line 9")],
    ),
    "unknown language": (
        _xliff('target-language="es"', 'target-language="xx"'),
        [("T203", "line 3")],
    ),
    "source language": (
        _xliff('target-language="es"', 'target-language="en"'),
        [("T203", "line 3")],
    ),
    "questionnaire id outside the folder": (
        _xliff('product-name="cbrn-needs"', 'product-name="../../etc"'),
        [("T202", "line 3")],
    ),
    "not our XLIFF": (
        _xliff('tool-id="assess-translations" product', "product"),
        [("T201", "line 3")],
    ),
    "malformed XML": (_xliff("</source>", "</sourc>"), [("T201", "line 10")]),
    "definition broken since": (_definition_broken_since, [("T214", "file")]),
    "definition unreadable since": (_definition_unreadable_since, [("T214", "file")]),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_file_is_refused_at_its_place_and_nothing_is_written(
    store: Path, case: str
) -> None:
    make, expected = BROKEN[case]
    last = f"sheet Texts, row {len(text_entries(definition(store))) + 2}"
    sent = make(store)
    before = definition(store).read_bytes()
    result = run("import", str(sent))
    assert result.exit_code == 1, result.output
    expected = [
        (code, last if place == "sheet Texts, last row" else place) for code, place in expected
    ]
    refused = [line for line in result.stdout.splitlines() if line.startswith(f"{sent}: ")]
    found = [tuple(line[len(f"{sent}: ") :].split(": ")[:2]) for line in refused]
    assert [(code.split(" ")[0], place) for place, code in found] == [
        (code, place) for code, place in expected
    ]
    assert "nothing was written" in result.stderr
    fixes = [line for line in result.stdout.splitlines() if line.startswith(expected[0][0] + " ")]
    assert len(fixes) == 1  # how to fix it, once per code
    assert definition(store).read_bytes() == before


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["nope", "1.0", "--lang", "ar"], 1, "No such file or directory"),
        (["cbrn-needs", "1.2", "--lang", "en"], 2, "'en' is the source language"),
        (["cbrn-needs", "1.2", "--lang", "xx"], 2, "'xx' is not a known language"),
        (["cbrn-needs", "1.2", "--lang", "Arabic"], 2, "'Arabic' is not a language code"),
    ],
)
def test_export_refuses_what_it_cannot_write(
    store: Path, args: list[str], status: int, message: str
) -> None:
    result = run("export", *args)
    assert (result.exit_code, message in result.stderr) == (status, True), result.output
    assert list(Path().glob("*.xlsx")) == []
