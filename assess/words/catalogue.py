"""The gettext catalogues of assess/translations, for any language, with or without Flask.

The web (through Flask-Babel), the command line and the report worker read the same compiled
catalogues. Parameters are named, `%(name)s`, as in Flask-Babel's gettext.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
DOMAIN = "messages"
TEMPLATE = TRANSLATIONS / f"{DOMAIN}.pot"
DEFAULT_LANGUAGE = "en"
# Languages whose catalogue translates every message people read: exactly those `is_complete`
# finds (tests/web/test_i18n.py checks); the report languages translate at least every word of
# plans and their reports.
COMPLETE_LANGUAGES = ("fr", "ar", "ru", "pt")
REPORT_LANGUAGES = ("fr", "ar", "ru", "pt")


def primary(lang: str | None) -> str:
    """The language's primary subtag, lower case: 'fr' for 'fr-CA' or 'fr_CA'."""
    return (lang or DEFAULT_LANGUAGE).replace("_", "-").split("-")[0].lower() or DEFAULT_LANGUAGE


# The CLDR locale whose numbers, dates, lists and plural rules each language follows, when it is
# not the bare code: our Portuguese is written for the Lusophone partners in Africa, in European
# Portuguese (CLDR's bare "pt" is Brazil's: 1.234,5 and "0 ação" where Portugal and Angola write
# 1 234,5 and "0 ações").
CLDR_LOCALES = {"pt": "pt_PT"}


def cldr_locale(lang: str | None) -> str:
    """The CLDR locale `lang`'s numbers, dates and plurals follow: 'pt_PT' for 'pt', else 'fr'."""
    code = primary(lang)
    return CLDR_LOCALES.get(code, code)


@cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalogue of `lang` (its primary subtag); no translation when there is none."""
    return Translations.load(str(TRANSLATIONS), [primary(lang)], domain=DOMAIN)


def _keys(messages) -> set[tuple[str | None, str]]:
    # A message's context and (singular) text; read_mo gives contexts as bytes.
    return {
        (m.context.decode() if isinstance(m.context, bytes) else m.context, _singular(m.id))
        for m in messages
        if m.id and all(m.string if isinstance(m.string, tuple | list) else (m.string,))
    }


def _singular(message: str | tuple[str, ...] | list[str]) -> str:
    return message if isinstance(message, str) else message[0]


@cache
def untranslated(lang: str) -> frozenset[tuple[str | None, str]]:
    """The template's messages (context, singular text) that the compiled catalogue of `lang`
    does not translate: none for English, the source language; all for a language without one."""
    code = primary(lang)
    with TEMPLATE.open("rb") as handle:
        wanted = {(m.context, _singular(m.id)) for m in read_po(handle) if m.id}
    if code == DEFAULT_LANGUAGE:
        return frozenset()
    compiled = TRANSLATIONS / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not compiled.is_file():
        return frozenset(wanted)
    with compiled.open("rb") as handle:
        return frozenset(wanted - _keys(read_mo(handle)))


def is_complete(lang: str) -> bool:
    """Whether `lang`'s compiled catalogue translates every message of the template."""
    return not untranslated(lang)


def text_direction(lang: str | None) -> str:
    """ "rtl" for a language written right to left (Arabic...), "ltr" otherwise or unknown."""
    try:
        return Locale.parse(cldr_locale(lang)).text_direction
    except (ValueError, UnknownLocaleError):
        return "ltr"


def _filled(text: str, params: dict[str, Any]) -> str:
    # As Flask-Babel: a message without parameters is not %-formatted (a lone % stays).
    return text % params if params else text


@dataclass(frozen=True)
class Words:
    """Gettext in one language: `gettext`, `ngettext`, `pgettext`, `npgettext` with parameters."""

    lang: str

    @property
    def catalogue(self) -> NullTranslations:
        """The compiled catalogue these words come from."""
        return translations(self.lang)

    @property
    def direction(self) -> str:
        """ "rtl" or "ltr": how this language is written."""
        return text_direction(self.lang)

    def has(self, message: str, plural: bool = False) -> bool:
        """Whether this language's catalogue translates `message`, its own words being perhaps
        the English ones ("%(size)s MB" in Portuguese): an untranslated message is not there."""
        found = getattr(self.catalogue, "_catalog", {})
        return ((message, 0) if plural else message) in found

    def gettext(self, message: str, **params: Any) -> str:
        """`message` in this language, parameters filled in."""
        return _filled(self.catalogue.ugettext(message), params)

    def ngettext(self, singular: str, plural: str, num: int, **params: Any) -> str:
        """The form for `num` in this language; `num` is also the parameter `%(num)s`."""
        return _filled(self.catalogue.ungettext(singular, plural, num), {"num": num, **params})

    def pgettext(self, context: str, message: str, **params: Any) -> str:
        """`message` as meant in `context` ("No." the column, not "No" the answer)."""
        return _filled(self.catalogue.upgettext(context, message), params)

    def npgettext(self, context: str, singular: str, plural: str, num: int, **params: Any) -> str:
        """`ngettext` within a context."""
        text = self.catalogue.unpgettext(context, singular, plural, num)
        return _filled(text, {"num": num, **params})


@cache
def words_in(lang: str | None) -> Words:
    """The words of `lang` (its primary subtag)."""
    return Words(primary(lang))
