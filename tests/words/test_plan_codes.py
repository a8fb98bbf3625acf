"""The words of a plan's codes: every action type of the questionnaire format has one, in every
language offered, and a page never shows the raw code."""

from __future__ import annotations

import pytest

from assess.questionnaire.vocabulary import ACTION_TYPES
from assess.words.plan_codes import code_word

LANGUAGES = ("fr", "ar", "ru", "pt")


def test_every_action_type_has_an_english_word():
    words = {code: code_word("type", code, "en") for code in ACTION_TYPES}
    assert all(word and word != code for code, word in words.items()), words


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_action_type_is_worded_in_each_language(lang):
    untranslated = [
        code
        for code in ACTION_TYPES
        if code_word("type", code, lang) == code_word("type", code, "en")
    ]
    assert untranslated == []
