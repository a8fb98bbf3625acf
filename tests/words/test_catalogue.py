"""Translations without Flask: the same catalogues for the CLI and the worker, direction, said()."""

from __future__ import annotations

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import write_po

from assess.questionnaire.answers import AnswerError, validate
from assess.questionnaire.model import NumberSpec
from assess.services.errors import MissingAnswers
from assess.words import catalogue
from assess.words.catalogue import (
    TRANSLATIONS,
    cldr_locale,
    is_complete,
    text_direction,
    translations,
    untranslated,
    words_in,
)
from assess.words.texts import refusal_plural, refusal_text, said
from tests.model_builders import question


@pytest.mark.parametrize(
    ("lang", "direction"),
    [("ar", "rtl"), ("he", "rtl"), ("fa", "rtl"), ("ar-EG", "rtl"), ("fr", "ltr"), ("ru", "ltr")],
)
def test_the_direction_of_a_language_comes_from_its_locale(lang, direction) -> None:
    assert text_direction(lang) == direction


def test_an_unknown_language_is_written_left_to_right() -> None:
    assert text_direction("xx") == "ltr"


def test_a_catalogue_translates_outside_any_request() -> None:
    assert words_in("fr").gettext("Save this area") == "Enregistrer ce domaine"


def test_a_regional_language_uses_its_primary_catalogue() -> None:
    assert words_in("fr_CA").gettext("Save this area") == "Enregistrer ce domaine"


def test_english_and_unknown_languages_keep_the_english_words() -> None:
    assert [words_in(lang).gettext("Save this area") for lang in ("en", "xx")] == [
        "Save this area"
    ] * 2


@pytest.mark.parametrize(
    ("count", "words"),
    [(1, "1 действие"), (3, "3 действия"), (5, "5 действий"), (21, "21 действие")],
)
def test_russian_counts_take_their_three_plural_forms(count, words) -> None:
    assert words_in("ru").ngettext("%(num)s action", "%(num)s actions", count) == words


def test_a_context_tells_a_column_from_an_answer() -> None:
    french = words_in("fr")
    assert (french.gettext("No."), french.pgettext("answer", "No")) == ("N°", "Non")


def test_a_refusal_is_said_in_the_readers_language_with_its_numbers() -> None:
    text = refusal_text("%(value)s is outside %(range)s", value=1.5, range="x")
    assert (said(text, "en"), said(text, "fr")) == ("1.5 is outside x", "1,5 est en dehors de x")


@pytest.mark.parametrize(
    ("lang", "count", "words"),
    [
        ("fr", 1, "x : 1 caractère au plus."),
        ("fr", 200, "x : 200 caractères au plus."),
        ("ru", 1, "x: не более 1 символа."),
        ("ru", 200, "x: не более 200 символов."),
    ],
)
def test_a_limit_of_characters_takes_the_plural_form_of_its_count(lang, count, words) -> None:
    text = refusal_plural(
        "%(field)s: at most %(limit)s character.",
        "%(field)s: at most %(limit)s characters.",
        "limit",
        field="x",
        limit=count,
    )
    assert said(text, lang) == words


def test_an_untranslated_refusal_is_said_wholly_in_english() -> None:
    text = refusal_text("Nobody translated %(this)s.", this=refusal_text("Save this area"))
    assert said(text, "fr") == "Nobody translated Save this area."


def test_an_answer_error_says_its_numbers_in_the_readers_language() -> None:
    asked = question("q_share", "number", number=NumberSpec(0, 10, None, None, None))
    with pytest.raises(AnswerError) as refused:
        validate(asked, 12.25)
    assert (refused.value.message, said(refused.value.text, "fr")) == (
        "q_share: 12.25 is outside the range 0 to 10",
        "12,25 est en dehors de la plage de 0 à 10",
    )


@pytest.mark.parametrize(
    ("missing", "lang", "words"),
    [
        (["a"], "en", "1 required question unanswered: a"),
        (["a", "b"], "en", "2 required questions unanswered: a, b"),
        (["a", "b"], "fr", "2 questions obligatoires sans réponse : a, b"),
        (["a", "b"], "ru", "2 обязательных вопроса без ответа: a, b"),
        (list("abcde"), "ru", "5 обязательных вопросов без ответа: a, b, c, d, e"),
    ],
)
def test_a_refusal_that_counts_takes_the_form_of_its_count(missing, lang, words) -> None:
    assert said(MissingAnswers(missing).text, lang) == words


# ---------------------------------------------------------------- plural forms and completeness

CLDR_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
CATALOGUE_LANGUAGES = sorted(p.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES"))


@pytest.mark.parametrize("lang", CATALOGUE_LANGUAGES)
def test_a_compiled_catalogue_picks_the_plural_form_cldr_picks(lang: str) -> None:
    # Gettext numbers a language's forms in CLDR's order of the categories it uses.
    locale = Locale.parse(cldr_locale(lang))
    counts = range(301)
    cldr = [locale.plural_form(n) for n in counts]
    forms = [category for category in CLDR_CATEGORIES if category in cldr]
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        declared = read_mo(handle).num_plurals
    picked = translations(lang).plural
    assert (declared, [forms[picked(n)] for n in counts]) == (len(forms), cldr)


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (2, "مجالان إجاباتهما قليلة جدًا"),
        (3, "3 مجالات إجاباتها قليلة جدًا"),
        (11, "11 مجالًا إجاباتها قليلة جدًا"),
        (100, "100 مجال إجاباتها قليلة جدًا"),
        (111, "111 مجالًا إجاباتها قليلة جدًا"),
    ],
)
def test_arabic_counts_take_the_form_of_their_cldr_category(count, words) -> None:
    said = words_in("ar").ngettext(
        "%(num)s area has too few answers for its score to count and is not ranked.",
        "%(num)s areas have too few answers for their scores to count and are not ranked.",
        count,
    )
    assert said.startswith(words)


def test_english_and_a_complete_catalogue_leave_nothing_untranslated() -> None:
    assert [untranslated(lang) for lang in ("en", "fr")] == [frozenset()] * 2


def test_a_language_without_a_catalogue_leaves_every_message_untranslated() -> None:
    assert len(untranslated("de")) > 900
    assert not is_complete("de")


def test_untranslated_lists_what_the_compiled_catalogue_lacks(tmp_path, monkeypatch) -> None:
    template = Catalog()
    for message in ("Save", "Cancel"):
        template.add(message)
    template.add("No", context="answer")
    with (tmp_path / "messages.pot").open("wb") as handle:
        write_po(handle, template)
    german = Catalog(locale="de")
    german.add("Save", "Speichern")
    german.add("No", "Nein")  # the column's "No", not the answer's
    (tmp_path / "de" / "LC_MESSAGES").mkdir(parents=True)
    with (tmp_path / "de" / "LC_MESSAGES" / "messages.mo").open("wb") as handle:
        write_mo(handle, german)
    monkeypatch.setattr(catalogue, "TRANSLATIONS", tmp_path)
    monkeypatch.setattr(catalogue, "TEMPLATE", tmp_path / "messages.pot")
    untranslated.cache_clear()
    try:
        assert untranslated("de") == {(None, "Cancel"), ("answer", "No")}
    finally:
        untranslated.cache_clear()
