"""Titles, never ids (#11 item 2): people read a question's title in their language, not its id.
The pages of the demo world, crawled as an NFP and as a secretariat, show no bare id of the
shipped questionnaire's questions or risk scenarios in their visible text (attributes, links and
element ids may carry them)."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from assess.questionnaire.loader import load_questionnaire
from tests.web.test_demo_pages import APP_SETTINGS, seed_demo  # noqa: F401 (the demo world)
from tests.web.test_leak_crawl import links

WORLD = seed_demo
ROOT = Path(__file__).resolve().parents[2] / "questionnaires"
# Pages that are not about the country's answers, or are files rather than pages.
SKIPPED = re.compile(r"^/(static|logout|questionnaires|admin)|/(evidence|report|reports)/|\.pdf$")
MAX_PAGES = 400


def question_ids() -> set[str]:
    ids: set[str] = set()
    for version in ("1.0", "1.1"):
        questionnaire = load_questionnaire(ROOT / "cbrn-needs" / f"{version}.yaml", root=ROOT)
        # Ids are snake_case: one without "_" could be an ordinary word of a page.
        ids.update(q.id for q in questionnaire.questions() if "_" in q.id)
        # Risk scenarios too: a plan's actions name the risks they mitigate by title.
        ids.update(s.id for s in questionnaire.risk.scenarios if "_" in s.id)
    return ids


class Visible(HTMLParser):
    """The text a reader sees: character data outside script, style and template."""

    HIDDEN = frozenset({"script", "style", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(body: str) -> str:
    parser = Visible()
    parser.feed(body)
    return " ".join(parser.parts)


def ids_shown(client, starts: list[str], ids: set[str]) -> dict[str, set[str]]:
    """Path -> the question ids its visible text shows, over every page reachable from `starts`."""
    found: dict[str, set[str]] = {}
    seen: set[str] = set()
    queue = deque(starts)
    word = re.compile(r"[a-z][a-z0-9_]*[a-z0-9]")
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen or SKIPPED.search(path):
            continue
        seen.add(path)
        # Each response read whole and closed: a streamed one (an export) ends its request then.
        with client.get(path) as response:
            if response.mimetype != "text/html":
                response.get_data()
                continue
            body = response.get_data(as_text=True)
        shown = {w for w in word.findall(visible_text(body)) if w in ids}
        if shown:
            found[path] = shown
        queue.extend(
            urlsplit(p).path + (f"?{urlsplit(p).query}" if urlsplit(p).query else "")
            for p in links(body)
        )
    return found


@pytest.mark.parametrize("username", ["nfp-xa", "secretariat-seee"])
def test_no_page_shows_a_bare_question_id(client, login, username):
    ids = question_ids()
    assert {"leg_law_cover", "surv_wastewater", "pandemic_influenza"} <= ids
    login(username)
    assert ids_shown(client, ["/dashboard"], ids) == {}
