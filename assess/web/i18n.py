"""Interface languages: Flask-Babel set-up, the reader's language, and the language switcher.

Registering the blueprint `bp` turns everything on (see `init_app`), so the app lists it once.
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from flask import Blueprint, Flask, redirect, request, session
from flask.blueprints import BlueprintSetupState
from flask_babel import Babel, pgettext

from assess.services.errors import ServiceError
from assess.web.policies import policy
from assess.web.security import safe_next
from assess.words import texts
from assess.words.catalogue import DEFAULT_LANGUAGE, TRANSLATIONS, is_complete
from assess.words.numbers import date, list_separator, moment, number

# Code -> the language's own name, as the switcher shows it.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "fr": "Français",
    "ar": "العربية",
    "ru": "Русский",
    "pt": "Português",
}
SESSION_KEY = "lang"

babel = Babel()
bp = Blueprint("i18n", __name__)


def get_locale() -> str:
    """The reader's language: their choice in this session, else their browser's, else English."""
    chosen = session.get(SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def offered_name(code: str) -> str:
    """A language as the switcher offers it: its own name, marked "(partial)" in the page's
    language when its catalogue does not translate every message (the rest shows in English)."""
    name = LANGUAGES.get(code, code)
    if is_complete(code):
        return name
    return pgettext(
        "a language offered before all is translated", "%(language)s (partial)", language=name
    )


def language_name(code: str, in_language: str | None = None) -> str:
    """The name of language `code` in `in_language` (default: the page's), e.g. 'anglais'."""
    page = in_language or get_locale()
    return Locale.parse(code).get_display_name(page) or code


def said(refusal: ServiceError | texts.Text) -> str:
    """A service's refusal (or any of its `Text`s) in the reader's language (see texts.said)."""
    text = refusal.text if isinstance(refusal, ServiceError) else refusal
    if text is None:  # a refusal the web layer worded itself, in the reader's language already
        return refusal.message
    return texts.said(text, get_locale())


def decimal(value: float) -> str:
    """A measure as pages write it: one decimal, in the reader's language (10,0 in French)."""
    return number(value, get_locale(), places=1)


def day(value: dt.date | dt.datetime) -> str:
    """A day as pages write it in the reader's language: '21 novembre 2026'."""
    return date(value.date() if isinstance(value, dt.datetime) else value, get_locale())


def when(value: dt.datetime) -> str:
    """A time and its day as pages write them in the reader's language, in UTC."""
    return moment(value, get_locale())


def level(value: float | None) -> str:
    """A level as pages write it: with the decimals it has, in the reader's language (2; 2,5)."""
    return "" if value is None else number(value, get_locale())


@bp.post("/language")
@policy("public")
def switch_language():
    """Remember the chosen interface language for this session and go back to the page."""
    lang = request.form.get("lang", "")
    if lang in LANGUAGES:
        session[SESSION_KEY] = lang
    return redirect(safe_next(request.form.get("next"), "/"), code=303)


def init_app(app: Flask) -> None:
    """Turn on translations for `app`, the switcher's languages and the language name filter."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    babel.init_app(app, locale_selector=get_locale)
    app.add_template_filter(language_name, "language_name")
    app.add_template_filter(decimal, "decimal")
    app.add_template_filter(level, "level")
    app.add_template_filter(offered_name, "offered_name")
    app.add_template_filter(day, "day")
    app.add_template_filter(when, "when")
    app.context_processor(
        lambda: {
            "languages": LANGUAGES,
            "colon": label_colon(),
            "list_comma": list_separator(get_locale()),
        }
    )


def label_colon() -> str:
    """What follows a label before its value: ': ' in English, ' : ' in French (a no-break space
    before the colon, as French typography wants)."""
    return pgettext("what follows a label before its value", ": ")


@bp.record_once
def _on_register(state: BlueprintSetupState) -> None:
    init_app(state.app)
