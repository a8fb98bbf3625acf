"""What the sources mark for translation (found as `pybabel extract` finds it), the catalogues."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from assess.words.catalogue import TRANSLATIONS

ROOT = Path(__file__).resolve().parents[2]
POT = TRANSLATIONS / "messages.pot"
# Where the words of plans and their reports are marked (paths relative to the repository root).
REPORT_SOURCES = ("assess/reports/", "assess/words/", "reports/templates/", "templates/plans/")


def catalogue(path: Path) -> Catalog:
    """The catalogue (.po or .pot) at `path`."""
    with path.open("rb") as handle:
        return read_po(handle)


def extra_keywords() -> dict[str, tuple[int, ...] | None]:
    """The `-k` keywords of the extract command written in babel.cfg's header, each with the
    arguments that hold its messages (None: the first)."""
    header = (TRANSLATIONS / "babel.cfg").read_text(encoding="utf-8")
    found = re.findall(r"-k (\w+)(?::([\d,]+))?", header)
    return {name: tuple(int(n) for n in spec.split(",")) if spec else None for name, spec in found}


def singular(message: str | tuple[str, ...]) -> str:
    """A message's text, its singular form for a plural message."""
    return message if isinstance(message, str) else message[0]


def marked_messages() -> list[tuple[str, str | None, str]]:
    """Every message the sources mark for translation, as `pybabel extract` finds them: the file,
    the context and the (singular) text."""
    with (TRANSLATIONS / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {**DEFAULT_KEYWORDS, **extra_keywords()}
    found = extract_from_dir(ROOT, method_map, options_map, keywords=keywords)
    return [(path, context, singular(message)) for path, _, message, _, context in found]


def marked_strings() -> set[str]:
    """Every string the sources mark for translation."""
    return {text for _, _, text in marked_messages()}


def report_messages() -> set[tuple[str | None, str]]:
    """The messages plans and their reports print: report code, words, report and plan pages."""
    return {
        (context, text)
        for path, context, text in marked_messages()
        if Path(path).as_posix().startswith(REPORT_SOURCES)
    }


PLACEHOLDER = re.compile(r"%\(\w+\)s|%%")


def english_words(wanted: set[tuple[str | None, str]] | None = None) -> set[str]:
    """Every English word (three letters or more, lower case) of the messages `wanted` (context
    and singular text; every message when None), plural forms included, placeholders left out."""
    words: set[str] = set()
    for message in catalogue(POT):
        if message.id and (wanted is None or (message.context, singular(message.id)) in wanted):
            forms = [message.id] if isinstance(message.id, str) else list(message.id)
            for form in forms:
                words |= words_in_text(PLACEHOLDER.sub(" ", form))
    return words


def english_report_words() -> set[str]:
    """Every English word of the messages reports print (see `english_words`)."""
    return english_words(report_messages())


def words_in_text(text: str) -> set[str]:
    """The words of three Latin letters or more in `text`, lower case."""
    return {word.lower() for word in re.findall(r"[A-Za-z]{3,}", text)}


def catalogue_words(lang: str) -> set[str]:
    """The Latin-letter words `lang`'s catalogue writes in its translations (acronyms, names,
    and in a language written in Latin letters, its own words): never English left behind."""
    found: set[str] = set()
    for message in catalogue(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"):
        if message.id:
            forms = [message.string] if isinstance(message.string, str) else message.string
            for form in forms:
                found |= words_in_text(PLACEHOLDER.sub(" ", form or ""))
    return found
