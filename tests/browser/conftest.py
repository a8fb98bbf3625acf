"""Fixtures for real-browser tests: the real app served on 127.0.0.1, and Debian's Chromium.

`live` is the application on its own database (SQLite file, or a schema of its own on
ASSESS_TEST_DATABASE_URL), seeded with the demo people and places and one fill-test assessment
per country, served by werkzeug in a thread on an ephemeral port. `browser` is Chromium driven by
Playwright's sync API; without /usr/bin/chromium the tests skip, unless ASSESS_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask import Flask
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session
from werkzeug.serving import WSGIRequestHandler, make_server

from assess.extensions import Database, make_engine
from assess.models import Assessment, Country, User
from assess.services import assessments as lifecycle
from assess.services import demo as demo_data
from assess.services.db_schema import upgrade
from assess.services.questionnaires import questionnaire_of
from assess.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
FILL_TEST = ROOT / "tests" / "web" / "fill_questionnaires" / "fill-test"
CBRN_NEEDS = ROOT / "questionnaires" / "cbrn-needs"
# A small costed questionnaire (unit costs, multipliers from number answers, one-off and
# recurring line items): the pages of a costed plan are seen through it.
COSTED = ROOT / "tests" / "data" / "costing" / "costed" / "1.0.yaml"
PASSWORD = demo_data.PASSWORD


@dataclass(frozen=True)
class Live:
    """The served application: its base URL and a way to arrange and check its database."""

    url: str
    app: Flask

    def session(self) -> Session:
        """A new session on the served database (close it when done)."""
        return Database.factory(self.app)()

    def open_round(
        self, country_code: str, questionnaire: str = "fill-test", *, after_all: bool = False
    ) -> int:
        """A new draft round of `questionnaire` for the country, opened by its secretariat: a year
        before every round of the country, so it starts blank; `after_all`: a year after them, so
        it starts from the country's last accepted round."""
        with self.session() as session:
            country = session.scalar(select(Country).where(Country.code == country_code))
            secretariat = session.scalar(
                select(User).where(User.username == f"secretariat-{country.region.code.lower()}")
            )
            # A round no test of the country has opened yet: every test opens one of its own.
            rounds = session.execute(
                select(Assessment.round_year, Assessment.round_label, Assessment.status).where(
                    Assessment.country_id == country.id
                )
            ).all()
            if after_all:
                label = str(max([r.round_year for r in rounds] + [2030]) + 1)
            else:
                label = _blank_round_label(rounds)
            return lifecycle.open_round(
                session, secretariat, country, questionnaire, "1.0", label
            ).id

    def demo_assessment(self, country_code: str, questionnaire: str = "fill-test") -> int:
        """The id of the country's seeded demo round of `questionnaire`."""
        with self.session() as session:
            return session.scalar(
                select(Assessment.id)
                .join(Assessment.country)
                .where(
                    Country.code == country_code,
                    Assessment.questionnaire_id == questionnaire,
                    Assessment.round_label == demo_data.ROUND,
                )
            )

    def area_ids(self, assessment_id: int) -> list[str]:
        """The area ids of the assessment's questionnaire, in order."""
        with self.session() as session:
            questionnaire = questionnaire_of(session, session.get(Assessment, assessment_id))
            return [area.id for area in questionnaire.areas()]

    def assessment(self, assessment_id: int) -> Assessment:
        """The assessment as stored now, answers and queries loaded."""
        with self.session() as session:
            found = session.get(Assessment, assessment_id)
            found.answers, found.queries  # noqa: B018 - load them before the session closes
            for record in found.answers:
                record.evidence  # noqa: B018
            return found


def _database(tmp: Path) -> Iterator[tuple[str, dict]]:
    url = os.environ.get("ASSESS_TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp / 'browser.sqlite3'}", {}
        return
    schema = f"test_browser_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url, {"connect_args": {"options": f"-csearch_path={schema}"}}
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def seed(session: Session) -> None:
    """The demo's people and places, a fill-test round per country in the demo's statuses, and
    an empty draft of the real questionnaire for XA (its pages are what people will see)."""
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    demo_data.seed_people(session, cheap)
    for code, _name, _region in demo_data.COUNTRIES:
        demo_data.seed_assessment(session, code, "fill-test", "1.0")
    country = session.scalar(select(Country).where(Country.code == "XA"))
    admin = session.scalar(select(User).where(User.username == "admin"))
    lifecycle.open_round(session, admin, country, "cbrn-needs", "1.0", demo_data.ROUND)


class QuietHandler(WSGIRequestHandler):
    """Serves requests without a log line each: failures show in the tests' own messages."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The app, seeded, served on 127.0.0.1 on a free port for the whole test session."""
    tmp = tmp_path_factory.mktemp("live")
    questionnaires = tmp / "questionnaires"
    shutil.copytree(FILL_TEST, questionnaires / "fill-test")
    (questionnaires / "cbrn-needs").mkdir()
    shutil.copy(CBRN_NEEDS / "1.0.yaml", questionnaires / "cbrn-needs" / "1.0.yaml")
    (questionnaires / "costed").mkdir()
    shutil.copy(COSTED, questionnaires / "costed" / "1.0.yaml")
    databases = _database(tmp)
    url, options = next(databases)
    engine = make_engine(url, **options)
    upgrade(engine)
    engine.dispose()
    app = create_app(
        {
            "DATABASE_URL": url,
            "DATABASE_ENGINE_OPTIONS": options,
            "QUESTIONNAIRES_DIR": questionnaires,
            "UPLOAD_DIR": tmp / "uploads",
            "DRAFTS_DIR": tmp / "drafts",
        }
    )
    with Database.factory(app)() as session:
        seed(session)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Live(f"http://127.0.0.1:{server.server_port}", app)
    finally:
        server.shutdown()
        thread.join(10)
        app.extensions["assess.engine"].dispose()
        next(databases, None)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, launched once per test session."""
    if not CHROMIUM.exists():
        reason = f"no browser at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("ASSESS_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + ": ASSESS_REQUIRE_BROWSER=1 says browser tests must run")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _context(browser, live: Live, **options):
    context = browser.new_context(base_url=live.url, **{"locale": "en-GB", **options})
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(browser, live: Live) -> Iterator[object]:
    """A fresh page (own cookies) with scripts on."""
    context = _context(browser, live)
    yield context.new_page()
    context.close()


@pytest.fixture
def nojs_page(browser, live: Live) -> Iterator[object]:
    """A fresh page with scripts off: the forms must work as plain HTML."""
    context = _context(browser, live, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def new_page(browser, live: Live) -> Iterator[object]:
    """Opens further pages, each in its own context (another person), closed at the end."""
    contexts = []

    def make(**options):
        contexts.append(_context(browser, live, **options))
        return contexts[-1].new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(page, username: str) -> None:
    """Sign in through the login form, as a person would."""
    page.goto("/login")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard$"))


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/browser/ for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


PERIODS = ("", "-H1", "-H2", "-Q1", "-Q2", "-Q3", "-Q4")


def _blank_round_label(rounds) -> str:
    """A free label before every accepted round of the country, so nothing carries into it: each
    year before them offers a year's round and its half-years and quarters (7 labels a year,
    room for many browser tests within the labels' years from 2000)."""
    accepted = [r.round_year for r in rounds if r.status == "accepted"]
    taken = {r.round_label for r in rounds}
    for year in range(min([*accepted, 2026]) - 1, 1999, -1):
        for period in PERIODS:
            if f"{year}{period}" not in taken:
                return f"{year}{period}"
    raise RuntimeError("no round label left before the country's accepted rounds")
