"""Languages: the reader's choice, French pages, Arabic right to left, fallbacks, catalogues."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from assess.web.i18n import TRANSLATIONS
from tests.web.fill_support import FILL_QUESTIONNAIRES, area_url, open_draft

ROOT = Path(__file__).resolve().parents[2]
POT = TRANSLATIONS / "messages.pot"


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


def test_an_untranslated_interface_string_falls_back_to_english(page) -> None:
    html = page("ar")
    assert '<button type="submit" id="save-area">احفظ هذا المجال</button>' in html
    assert 'aria-label="Kind of answer"' in html


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


def catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def extra_keywords() -> list[str]:
    """The `-k` keywords of the extract command written in babel.cfg's header."""
    header = (TRANSLATIONS / "babel.cfg").read_text(encoding="utf-8")
    return re.findall(r"-k (\w+)", header)


def marked_strings() -> set[str]:
    """Every string the sources mark for translation, found as `pybabel extract` finds them."""
    with (TRANSLATIONS / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {**DEFAULT_KEYWORDS, **dict.fromkeys(extra_keywords())}
    found = extract_from_dir(ROOT, method_map, options_map, keywords=keywords)
    return {message if isinstance(message, str) else message[0] for _, _, message, *_ in found}


def test_the_template_lists_every_string_the_sources_mark() -> None:
    listed = {m.id for m in catalogue(POT) if m.id}
    assert marked_strings() - listed == set(), (
        "messages.pot is stale: run the pybabel extract command in assess/translations/babel.cfg"
    )


def test_the_refusals_of_the_services_are_extracted() -> None:
    assert "This assessment is under review; answers cannot change now." in marked_strings()


def test_french_translates_every_string() -> None:
    french = catalogue(TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po")
    untranslated = [
        m.id for m in catalogue(POT) if m.id and not french.get(m.id, context=m.context)
    ]
    assert untranslated == []


def _text(context: str | bytes | None) -> str | None:
    # Babel's read_mo gives a message's context as bytes.
    return context.decode("utf-8") if isinstance(context, bytes) else context


@pytest.mark.parametrize("lang", ["fr", "ar", "ru"])
def test_the_compiled_catalogue_matches_its_source(lang: str) -> None:
    folder = TRANSLATIONS / lang / "LC_MESSAGES"
    messages = catalogue(folder / "messages.po")
    source = {(m.context, m.id): m.string for m in messages if m.id and m.string}
    with (folder / "messages.mo").open("rb") as handle:
        compiled = {(_text(m.context), m.id): m.string for m in read_mo(handle) if m.id}
    assert compiled == source, f"run: pybabel compile -d assess/translations ({lang} is stale)"
