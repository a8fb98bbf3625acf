"""The header's language switcher in Chromium: small and on one line, and it works without
scripts."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("locale", ["en-GB", "ar"])
def test_the_switcher_is_one_compact_line(new_page, locale):
    page = new_page(locale=locale)
    page.goto("/login")
    select = page.locator("#language-choice").bounding_box()
    button = page.locator(".language-switcher button").bounding_box()
    switcher = page.locator(".language-switcher").bounding_box()
    assert abs((select["y"] + select["height"] / 2) - (button["y"] + button["height"] / 2)) < 2
    assert switcher["height"] < 40 and switcher["width"] < 260


def test_the_switcher_label_is_hidden_but_names_the_select(page):
    page.goto("/login")
    assert page.get_by_label("Language").evaluate("e => e.id") == "language-choice"
    assert page.locator("label[for=language-choice]").bounding_box()["width"] <= 1


def test_the_switcher_changes_the_language_without_scripts(nojs_page):
    nojs_page.goto("/login")
    nojs_page.locator("#language-choice").select_option("fr")
    nojs_page.locator(".language-switcher button").click()
    assert nojs_page.locator("html").get_attribute("lang") == "fr"
