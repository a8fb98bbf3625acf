"""The texts of a definition keyed for translators, and translations written back into the YAML
with nothing else changed."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.questionnaire.loader import check_file
from assess.questionnaire.translations import (
    TranslationError,
    apply_translations,
    coverage,
    text_entries,
)
from assess.questionnaire.yamledit import quoted

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "questionnaires" / "cbrn-needs" / "1.2.yaml"
LANGS = {"en", "fr", "ar", "ru", "pt"}
AWKWARD = [
    'say "hi"',
    "# not a comment",
    "key: value",
    "back\\slash \\n",
    "- dash",
    "* star",
    "&anchor",
    "*alias",
    "two\nlines",
    "نص عربي: مع علامات",
    "emoji 🎉 👩🏽‍🔬",
    " leading and trailing ",
    "tab\there",
    "'single'",
    "{name} and %(name)s and {{ x }}",
    "@at",
    "=1+1",
    "\u2028 line separator, \x85 next line, \ufeff bom",
    "bell \x07 and del \x7f",
    "yes",
    "null",
    "1.10",
]


def reference_keys(data: object, path: list[str]) -> list[str]:
    """The lead's reference walk: every language mapping, keyed by id, value or index."""
    if isinstance(data, dict):
        if "en" in data and set(data) <= LANGS and all(isinstance(v, str) for v in data.values()):
            return [".".join(path)]
        return [k for key, v in data.items() for k in reference_keys(v, [*path, str(key)])]
    if isinstance(data, list):
        out = []
        for i, item in enumerate(data):
            key = item.get("id", item.get("value", i)) if isinstance(item, dict) else i
            out.extend(reference_keys(item, [*path, str(key)]))
        return out
    return []


def changed_lines(before: str, after: str) -> list[str]:
    """The lines of `before` that are not in `after` as they were (removed or rewritten)."""
    diff = difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True))
    return [line[2:] for line in diff if line.startswith("- ")]


def test_keys_of_the_shipped_questionnaire_are_the_reference_keys() -> None:
    expected = reference_keys(yaml.safe_load(SHIPPED.read_text(encoding="utf-8")), [])
    keys = [entry.key for entry in text_entries(SHIPPED)]
    assert keys == expected
    assert len(set(keys)) == len(keys) > 900  # 994 when keys were first given to translators


def test_an_entry_has_its_place_context_source_and_texts() -> None:
    entries = {entry.key: entry for entry in text_entries(SHIPPED)}
    label = entries["scales.capability.levels.1.label"]
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if 'label: {en: "No capacity"' in text)
    assert (label.line, label.column) == (line, 16)
    assert label.context == "scales › capability › level 1 › label"
    assert label.source == "No capacity"
    assert label.texts["fr"] == "Aucune capacité"
    key = "children.mod_governance.children.leg.children.leg_national.children.leg_law_cover.help"
    assert entries[key].context == (
        "Module Governance › Area Legal and regulatory framework › indicator leg_national"
        " › question leg_law_cover › help"
    )


PLAIN = """\
# a comment that stays
assess: 1
id: plain
version: "1.0"
default_language: en
languages: [en]
partial_languages: [fr]
title: A plain title  # trailing comment
description:
  Written on the line below its key.
children:
  - id: area
    title: {en: Area, fr: Zone}
    children:
      - id: q1
        type: level
        text: >
          A folded
          question text.
        help: |
          Literal help.
        scale:
          kind: level
          levels:
            - {value: 1, label: None}
            - value: 2
              label: 'Some'
            - {value: 3, label: "All"}
        actions:
          - step: 1
            title: Act
            type: training
            activities:
              - First activity
              - "Second: quoted"
          - step: 2
            title: Act more
            type: training
            activities: [flow one, flow two]
"""


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    path = tmp_path / "plain" / "1.0.yaml"
    path.parent.mkdir()
    path.write_text(PLAIN, encoding="utf-8")
    return path


def test_plain_strings_are_texts_of_the_default_language(plain: Path) -> None:
    entries = text_entries(plain)
    assert [e.key for e in entries] == [
        "title",
        "description",
        "children.area.title",
        "children.area.children.q1.text",
        "children.area.children.q1.help",
        "children.area.children.q1.scale.levels.1.label",
        "children.area.children.q1.scale.levels.2.label",
        "children.area.children.q1.scale.levels.3.label",
        "children.area.children.q1.actions.0.title",
        "children.area.children.q1.actions.0.activities.0",
        "children.area.children.q1.actions.0.activities.1",
        "children.area.children.q1.actions.1.title",
        "children.area.children.q1.actions.1.activities.0",
        "children.area.children.q1.actions.1.activities.1",
    ]
    assert entries[3].source == "A folded question text.\n"
    assert entries[2].texts == {"en": "Area", "fr": "Zone"}


@pytest.mark.parametrize("text", AWKWARD)
def test_every_plain_string_becomes_a_mapping_that_reads_back(plain: Path, text: str) -> None:
    keys = [e.key for e in text_entries(plain)]
    result = apply_translations(plain, "ar", dict.fromkeys(keys, text))
    data = yaml.safe_load(result)
    assert data["partial_languages"] == ["fr", "ar"]
    assert data["title"] == {"en": "A plain title", "ar": text}
    assert data["children"][0]["children"][0]["text"] == {
        "en": "A folded question text.\n",
        "ar": text,
    }
    activities = data["children"][0]["children"][0]["actions"][1]["activities"]
    assert activities == [{"en": "flow one", "ar": text}, {"en": "flow two", "ar": text}]
    assert "# a comment that stays\n" in result
    assert "  # trailing comment" in result
    plain.write_text(result, encoding="utf-8")
    assert [p.format() for p in check_file(plain)[1]] == []


def test_lines_of_other_texts_are_kept_byte_for_byte(plain: Path) -> None:
    result = apply_translations(plain, "fr", {"children.area.children.q1.help": "Aide."})
    assert changed_lines(PLAIN, result) == ["        help: |\n", "          Literal help.\n"]
    assert "        help:\n          en: |\n" not in result
    assert yaml.safe_load(result)["children"][0]["children"][0]["help"] == {
        "en": "Literal help.\n",
        "fr": "Aide.",
    }


def test_an_existing_translation_is_replaced_in_place(plain: Path) -> None:
    result = apply_translations(plain, "fr", {"children.area.title": "Domaine"})
    assert changed_lines(PLAIN, result) == ["    title: {en: Area, fr: Zone}\n"]
    assert '    title: {en: Area, fr: "Domaine"}\n' in result


def test_an_unchanged_translation_leaves_the_file_as_it_was(plain: Path) -> None:
    assert apply_translations(plain, "fr", {"children.area.title": "Zone"}) == PLAIN


def test_a_new_language_joins_an_existing_partial_list_in_its_style(tmp_path: Path) -> None:
    path = tmp_path / "1.0.yaml"
    block = PLAIN.replace("partial_languages: [fr]\n", "partial_languages:\n  - fr\n")
    path.write_text(block, encoding="utf-8")
    result = apply_translations(path, "ru", {"title": "Заголовок"})
    assert "partial_languages:\n  - fr\n  - ru\n" in result


@pytest.mark.parametrize(
    ("lang", "texts", "message"),
    [
        ("en", {"title": "x"}, "en is the default language"),
        ("fr", {"no.such.key": "x"}, "unknown text keys: no.such.key"),
        ("fr", {"title": ""}, "empty translations: title"),
    ],
)
def test_translations_that_cannot_be_written_are_refused(
    plain: Path, lang: str, texts: dict, message: str
) -> None:
    with pytest.raises(TranslationError, match=message):
        apply_translations(plain, lang, texts)


@pytest.mark.parametrize(
    ("before", "after", "key", "message"),
    [
        ("            title: Act\n", "            title: *t\n", "actions.0.title", "an alias"),
        ("              - First activity\n", "              - *t\n", "activities.0", "an alias"),
        (
            "      - id: q1\n",
            "      - <<: {text: &m Merged}\n        id: q1\n",
            "q1.text",
            "merged in from an anchor",
        ),
    ],
)
def test_a_text_written_elsewhere_through_yaml_references_is_refused(
    tmp_path: Path, before: str, after: str, key: str, message: str
) -> None:
    path = tmp_path / "1.0.yaml"
    text = PLAIN.replace("title: A plain title  #", "title: &t A plain title  #")
    if "<<" in after:
        text = text.replace("        text: >\n          A folded\n          question text.\n", "")
    path.write_text(text.replace(before, after), encoding="utf-8")
    full_key = next(e.key for e in text_entries(path) if e.key.endswith(key))
    with pytest.raises(TranslationError, match=message):
        apply_translations(path, "ar", {full_key: "x"})
    assert apply_translations(path, "ar", {"title": "x"}).count("&t") == 1


def test_every_text_of_the_shipped_questionnaire_takes_awkward_strings() -> None:
    before = SHIPPED.read_text(encoding="utf-8")
    entries = text_entries(SHIPPED)
    texts = {e.key: AWKWARD[i % len(AWKWARD)] for i, e in enumerate(entries)}
    for lang in ("ar", "es"):  # a complete language, and one the file does not declare yet
        result = apply_translations(SHIPPED, lang, texts)
        after = {e.key: e.texts for e in text_entries_of(result)}
        assert all(after[e.key] == {**e.texts, lang: texts[e.key]} for e in entries)
        declared = yaml.safe_load(result)
        assert lang in declared["languages"] + declared.get("partial_languages", [])
        assert without(result, lang) == without(before, lang)


def without(text: str, lang: str) -> str:
    """`text` without `lang`'s lines, flow entries and declaration as a partial language: what
    a translation may change."""
    text = re.sub(rf"(?m)^partial_languages: \[{lang}\]\n", "", text)
    text = re.sub(rf'(?m)^ *{lang}: "(?:[^"\\]|\\.)*"\n', "", text)
    return re.sub(rf', {lang}: "(?:[^"\\]|\\.)*"', "", text)


def text_entries_of(text: str) -> list:
    from assess.questionnaire.translations import read_definition

    return read_definition(text.encode("utf-8"), "x.yaml").entries


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(min_size=1, max_size=40).filter(
        lambda t: not any(0xD800 <= ord(c) <= 0xDFFF for c in t)
    )
)
def test_any_text_reads_back_as_written(plain: Path, text: str) -> None:
    keys = [e.key for e in text_entries(plain)]
    result = apply_translations(plain, "ar", dict.fromkeys(keys, text))
    assert all(e.texts["ar"] == text for e in text_entries_of(result))


@given(text=st.text(max_size=30))
def test_quoted_reads_back_as_the_text(text: str) -> None:
    assert yaml.safe_load("key: " + quoted(text))["key"] == text


def test_coverage_counts_texts_per_language(plain: Path) -> None:
    model, _ = check_file(plain)
    assert model is not None
    assert coverage(model) == {"en": (14, 14), "fr": (1, 14)}
    result = apply_translations(plain, "fr", {"title": "Un titre", "description": "Écrit."})
    plain.write_text(result, encoding="utf-8")
    model, _ = check_file(plain)
    assert model is not None
    assert coverage(model)["fr"] == (3, 14)
