"""Languages: the reader's choice, French pages, Arabic right to left, fallbacks, catalogues."""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo

from assess.web.i18n import LANGUAGES
from assess.words.catalogue import (
    COMPLETE_LANGUAGES,
    REPORT_LANGUAGES,
    TRANSLATIONS,
    is_complete,
)
from tests.web.fill_support import FILL_QUESTIONNAIRES, area_url, open_draft
from tests.words.extraction import (
    POT,
    catalogue,
    marked_messages,
    marked_strings,
    report_messages,
    singular,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app(make_app):
    return make_app(QUESTIONNAIRES_DIR=FILL_QUESTIONNAIRES)


@pytest.fixture
def page(client, db, world, login):
    """The legal area page as nfp-xa sees it in a chosen language."""
    assessment = open_draft(db, world["admin"])
    login("nfp-xa")

    def in_language(lang: str) -> str:
        client.post("/language", data={"lang": lang, "next": "/"})
        return client.get(area_url(assessment, "legal")).get_data(as_text=True)

    return in_language


def test_a_french_page_shows_french_texts(page) -> None:
    html = page("fr")
    assert '<html lang="fr" dir="ltr">' in html
    assert "Existe-t-il une loi sur les matières NRBC ?" in html
    assert '<span class="descriptor">Le travail a commencé.</span>' in html
    assert '<button type="submit" id="save-area">Enregistrer ce domaine</button>' in html
    assert "fallback-badge" not in html


def test_an_arabic_page_runs_right_to_left(page) -> None:
    assert '<html lang="ar" dir="rtl">' in page("ar")


def test_a_missing_arabic_text_shows_the_english_text_marked(page) -> None:
    html = page("ar")
    assert (
        '<span lang="en" dir="auto">Does the country operate nuclear facilities?</span> '
        '<span class="fallback-badge" data-fallback-lang="en">(الإنجليزية)</span>'
    ) in html


def test_an_arabic_text_that_exists_is_shown_unmarked(page) -> None:
    html = page("ar")
    assert (
        '<span class="question-text">هل يوجد قانون بشأن المواد الكيميائية والبيولوجية والإشعاعية'
        " والنووية؟</span>"
    ) in html


def test_an_arabic_page_says_every_interface_string_in_arabic(page) -> None:
    html = page("ar")
    assert '<button type="submit" id="save-area">احفظ هذا المجال</button>' in html
    assert 'aria-label="نوع الإجابة"' in html


def test_the_browser_language_is_used_until_the_reader_chooses(client, db, world, login) -> None:
    assessment = open_draft(db, world["admin"])
    login("nfp-xa")
    html = client.get(area_url(assessment, "legal"), headers={"Accept-Language": "ru, en;q=0.5"})
    assert '<html lang="ru" dir="ltr">' in html.get_data(as_text=True)
    client.post("/language", data={"lang": "fr"})
    html = client.get(area_url(assessment, "legal"), headers={"Accept-Language": "ru"})
    assert '<html lang="fr" dir="ltr">' in html.get_data(as_text=True)


def test_every_page_offers_the_language_switcher(client) -> None:
    html = client.get("/login").get_data(as_text=True)
    options = [f'<option value="{code}" lang="{code}"' for code in ("en", "fr", "ar", "ru")]
    assert [option in html for option in options] == [True] * 4


def test_the_switcher_offers_complete_languages_unmarked(client) -> None:
    html = client.get("/login").get_data(as_text=True)
    names = ["English", "Français", "العربية", "Русский"]
    assert [f">{name}</option>" in html for name in names] == [True] * 4
    assert "(partial)" not in html


@pytest.mark.parametrize(
    ("lang", "marked"),
    [("en", "Deutsch (partial)"), ("fr", "Deutsch (partiel)"), ("ru", "Deutsch (частично)")],
)
def test_the_switcher_marks_a_partial_language_in_the_readers_words(
    client, monkeypatch, lang, marked
) -> None:
    monkeypatch.setitem(LANGUAGES, "de", "Deutsch")  # no German catalogue: nothing translated
    client.post("/language", data={"lang": lang})
    html = client.get("/login").get_data(as_text=True)
    assert f'<option value="de" lang="de">{marked}</option>' in html


def test_an_unknown_language_is_ignored(client) -> None:
    client.post("/language", data={"lang": "xx"})
    assert '<html lang="en" dir="ltr">' in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize(
    ("target", "location"),
    [
        ("/assessments/3/areas/legal", "/assessments/3/areas/legal"),
        ("https://elsewhere.example/", "/"),
        ("//elsewhere.example/", "/"),
        ("/\\elsewhere.example/", "/"),
        ("/dashboard\r\nSet-Cookie: a=b", "/"),
        ("", "/"),
    ],
)
def test_the_switcher_goes_back_only_to_pages_of_this_site(client, target, location) -> None:
    response = client.post("/language", data={"lang": "fr", "next": target})
    assert (response.status_code, response.location) == (303, location)


# ---------------------------------------------------------------- the catalogues


def test_the_template_lists_every_string_the_sources_mark() -> None:
    listed = {(m.context, singular(m.id)) for m in catalogue(POT) if m.id}
    marked = {(context, text) for _, context, text in marked_messages()}
    assert marked - listed == set(), (
        "messages.pot is stale: run the pybabel extract command in assess/translations/babel.cfg"
    )


def test_the_refusals_of_the_services_are_extracted() -> None:
    assert "This assessment is under review; answers cannot change now." in marked_strings()


def test_the_words_of_the_reports_are_extracted() -> None:
    assert {"Executive summary", "Page %(page)s of %(pages)s", "%(num)s action"} <= marked_strings()


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings)


def untranslated(lang: str, wanted: set[tuple[str | None, str]] | None = None) -> list[str]:
    """The template's messages (all, or those `wanted`) that `lang`'s catalogue leaves blank."""
    own = catalogue(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po")
    missing = []
    for m in catalogue(POT):
        if not m.id or (wanted is not None and (m.context, singular(m.id)) not in wanted):
            continue
        found = own.get(m.id, context=m.context)
        if found is None or not _translated(found):
            missing.append(singular(m.id))
    return missing


@pytest.mark.parametrize("lang", COMPLETE_LANGUAGES)
def test_a_language_declared_complete_translates_every_string(lang: str) -> None:
    assert untranslated(lang) == []


def test_the_languages_declared_complete_are_those_whose_catalogue_is() -> None:
    languages = sorted(p.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES"))
    assert sorted(COMPLETE_LANGUAGES) == [lang for lang in languages if is_complete(lang)]


@pytest.mark.parametrize("lang", REPORT_LANGUAGES)
def test_a_report_language_translates_every_report_word(lang: str) -> None:
    assert untranslated(lang, report_messages()) == []


SCRIPTS = {"ar": re.compile(r"[\u0600-\u06ff]"), "ru": re.compile(r"[\u0400-\u04ff]")}


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_a_translation_is_written_in_its_own_script(lang: str) -> None:
    own = catalogue(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po")
    placeholders = re.compile(r"%\(\w+\)s")
    foreign = [
        text
        for message in own
        if message.id
        for text in _strings(message.string)
        if re.search(r"[a-z]{4,}", placeholders.sub("", text)) and not SCRIPTS[lang].search(text)
    ]
    assert foreign == []


def _strings(string: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    # A plural message has one string per form: a tuple in a .po file, a list in a .mo file.
    return (string,) if isinstance(string, str) else tuple(string)


def _text(context: str | bytes | None) -> str | None:
    # Babel's read_mo gives a message's context as bytes.
    return context.decode("utf-8") if isinstance(context, bytes) else context


@pytest.mark.parametrize("lang", ["fr", "ar", "ru", "pt"])
def test_the_compiled_catalogue_matches_its_source(lang: str) -> None:
    folder = TRANSLATIONS / lang / "LC_MESSAGES"
    messages = catalogue(folder / "messages.po")
    source = {
        (m.context, singular(m.id)): _strings(m.string) for m in messages if m.id and _translated(m)
    }
    with (folder / "messages.mo").open("rb") as handle:
        compiled = {
            (_text(m.context), singular(m.id)): _strings(m.string) for m in read_mo(handle) if m.id
        }
    assert compiled == source, f"run: pybabel compile -d assess/translations ({lang} is stale)"


# ---------------------------------------------------------------- every readable word is marked

JINJA = re.compile(r"\{%-?\s*set\b[^%]*?%\}.*?\{%-?\s*endset\s*-?%\}|\{%.*?%\}|\{#.*?#\}", re.S)
OUTPUT = re.compile(r"\{\{.*?\}\}", re.S)
READ_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}
# Words that read the same in every language: the product's name and the time zone.
UNTRANSLATED_WORDS = {"assess", "UTC"}


class ReadableTexts(HTMLParser):
    """The texts a template shows people: element text and readable attributes, not scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("script", "style")
        self.found += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.found.append(data)


def unmarked_words(template: Path) -> list[str]:
    """Words a template writes itself instead of asking the catalogue for them."""
    source = OUTPUT.sub(" ", JINJA.sub("", template.read_text(encoding="utf-8")))
    texts = ReadableTexts()
    texts.feed(source)
    words = (word for text in texts.found for word in re.findall(r"[^\W\d_]{2,}", text))
    return [word for word in words if word not in UNTRANSLATED_WORDS]


@pytest.mark.parametrize(
    "template",
    sorted(
        [*(ROOT / "templates").rglob("*.html"), *(ROOT / "reports" / "templates").rglob("*.html")]
    ),
    ids=lambda path: path.relative_to(ROOT).as_posix(),
)
def test_every_text_a_template_shows_goes_through_the_catalogue(template: Path) -> None:
    assert unmarked_words(template) == []


def test_the_template_check_finds_an_unmarked_text(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text('<p title="Hint">{{ _("Saved") }} Total</p>', encoding="utf-8")
    assert unmarked_words(page) == ["Hint", "Total"]


def word_tables(path: Path) -> list[str]:
    """Module-level tables (dicts, tuples) of prose: words kept beside the catalogue."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if not isinstance(value, ast.Dict | ast.Tuple | ast.List):
            continue
        prose = [
            c.value
            for c in ast.walk(value)
            if isinstance(c, ast.Constant) and isinstance(c.value, str) and " " in c.value.strip()
        ]
        if prose:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {prose[0]!r}")
    return found


def test_no_report_keeps_its_own_table_of_words() -> None:
    # The specimen is a fictional country's data (what people wrote), not words of ours.
    modules = [
        path
        for folder in ("assess/reports", "assess/words")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.name != "specimen.py"
    ]
    assert [table for path in modules for table in word_tables(path)] == []
