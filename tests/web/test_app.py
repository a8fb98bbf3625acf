"""create_app: settings from the environment, cookies and security headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assess.config import ConfigError, from_environment
from assess.web.app import create_app
from assess.web.security import CONTENT_SECURITY_POLICY


def test_production_without_a_secret_key_is_refused_with_the_fix() -> None:
    with pytest.raises(
        ConfigError, match=re.escape("ASSESS_SECRET_KEY is not set: production needs")
    ):
        from_environment(Path("/srv/instance"), {"ASSESS_ENV": "production"})


def test_an_unknown_environment_name_is_refused() -> None:
    with pytest.raises(
        ConfigError, match=re.escape("ASSESS_ENV is 'staging'; use one of: development")
    ):
        from_environment(Path("/srv/instance"), {"ASSESS_ENV": "staging"})


def test_paths_default_to_the_instance_folder_not_the_current_directory() -> None:
    config = from_environment(Path("/srv/instance"), {"ASSESS_ENV": "development"})
    assert config["DATABASE_URL"] == "sqlite:////srv/instance/assess.sqlite3"
    assert config["UPLOAD_DIR"] == Path("/srv/instance/uploads")
    assert config["QUESTIONNAIRES_DIR"] == Path(__file__).resolve().parents[2] / "questionnaires"


@pytest.mark.parametrize(
    ("variable", "raw"),
    [
        ("ASSESS_JOB_TIMEOUT", "abc"),
        ("ASSESS_ENV", "bogus"),
        ("ASSESS_MAX_UPLOAD_BYTES", "-1"),
        ("ASSESS_JOB_BACKEND", "celery"),
    ],
)
def test_create_app_refuses_a_wrong_setting_naming_it(
    variable: str, raw: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSESS_ENV", "development")
    monkeypatch.setenv("ASSESS_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv(variable, raw)
    with pytest.raises(ConfigError, match=f"^{variable} is '{re.escape(raw)}'; "):
        create_app()


def test_create_app_reads_the_environment_it_is_given(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^ASSESS_JOB_TIMEOUT is '0'; "):
        create_app(environ={"ASSESS_INSTANCE_DIR": str(tmp_path), "ASSESS_JOB_TIMEOUT": "0"})


def test_environment_variables_set_database_questionnaires_and_uploads() -> None:
    config = from_environment(
        Path("/srv/instance"),
        {
            "ASSESS_ENV": "production",
            "ASSESS_SECRET_KEY": "s" * 64,
            "ASSESS_DATABASE_URL": "postgresql+psycopg://db/assess",
            "ASSESS_QUESTIONNAIRES_DIR": "/data/q",
            "ASSESS_UPLOAD_DIR": "/data/uploads",
        },
    )
    assert (config["DATABASE_URL"], config["QUESTIONNAIRES_DIR"], config["UPLOAD_DIR"]) == (
        "postgresql+psycopg://db/assess",
        Path("/data/q"),
        Path("/data/uploads"),
    )


def test_an_upload_folder_inside_the_static_files_is_refused(make_app) -> None:
    static = Path(__file__).resolve().parents[2] / "assess" / "static" / "uploads"
    with pytest.raises(ConfigError, match=re.escape("choose a folder outside the web root")):
        make_app(UPLOAD_DIR=static)


@pytest.mark.parametrize(("env", "secure"), [("production", True), ("development", False)])
def test_session_cookie_is_secure_outside_development(env: str, secure: bool) -> None:
    config = from_environment(Path("/i"), {"ASSESS_ENV": env, "ASSESS_SECRET_KEY": "k" * 64})
    assert (config["SESSION_COOKIE_SECURE"], config["SESSION_COOKIE_HTTPONLY"]) == (secure, True)
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_the_app_reads_the_environment(monkeypatch, database_url, tmp_path) -> None:
    monkeypatch.setenv("ASSESS_ENV", "production")
    monkeypatch.setenv("ASSESS_SECRET_KEY", "x" * 64)
    monkeypatch.setenv("ASSESS_DATABASE_URL", "sqlite:///" + str(tmp_path / "env.sqlite3"))
    app = create_app()
    try:
        assert app.config["SECRET_KEY"] == "x" * 64
        assert app.config["SESSION_COOKIE_SECURE"] is True
    finally:
        app.extensions["assess.engine"].dispose()


def test_a_production_session_cookie_is_secure_httponly_and_samesite(make_app, world) -> None:
    app = make_app(SESSION_COOKIE_SECURE=True)
    credentials = {"username": "nfp-xa", "password": "assess-demo"}
    response = app.test_client().post("/login", data=credentials)
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("path", ["/login", "/no-such-page", "/static/css/app.css", "/dashboard"])
def test_every_response_carries_the_security_headers(client, path: str) -> None:
    with client.get(path) as response:
        headers = response.headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("path", "cached"), [("/dashboard", False), ("/login", False), ("/static/css/app.css", True)]
)
def test_only_static_files_may_be_cached(client, world, login, path, cached) -> None:
    login("nfp-xa")
    with client.get(path) as response:
        assert ("no-store" not in response.headers.get("Cache-Control", "")) == cached


def test_the_content_security_policy_allows_no_inline_script() -> None:
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


def test_pages_carry_no_inline_script(client, world, login) -> None:
    login("nfp-xa")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "<script>" not in page and "onclick=" not in page


def test_the_wsgi_module_serves_the_app(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("ASSESS_ENV", "development")
    monkeypatch.setenv("ASSESS_DATABASE_URL", "sqlite:///" + str(tmp_path / "w.sqlite3"))
    import importlib

    import assess.wsgi

    module = importlib.reload(assess.wsgi)
    try:
        assert module.app.test_client().get("/login").status_code == 200
    finally:
        module.app.extensions["assess.engine"].dispose()


def test_an_app_with_an_smtp_server_notifies_after_the_page_answers(
    make_app, world, db, mailbox
) -> None:
    """The web process's outbox: the NFP's submission answers at once, and the secretariat's
    message arrives from the background thread, with a link below ASSESS_BASE_URL."""
    from assess.services import assessments as lifecycle
    from assess.services.answers import save_answer
    from tests.web.admin_support import client_of

    app = make_app(**mailbox.settings)
    nfp = world["nfp-xa"]
    world["secretariat-seee"].email = "seee@example.org"
    assessment = lifecycle.open_round(
        db, world["secretariat-seee"], nfp.country, "web-test", "1.0", "2026"
    )
    save_answer(db, nfp, assessment, "leg_law", "answered", 2, None, 0)
    save_answer(db, nfp, assessment, "leg_nuclear", "answered", "no", None, 0)
    submit = f"/assessments/{assessment.id}/submit"
    response = client_of(app, "nfp-xa").post(submit, data={"confirm": "yes"})
    assert response.status_code == 302
    app.extensions["assess.outbox"].wait()
    [message] = mailbox.to("seee@example.org")
    link = f"https://assess.example.org/assessments/{assessment.id}/review"
    assert link in message.get_content()
    assert app.url_map.bind("localhost").match(link.split(".org", 1)[1])[0] == "review.review"


def test_every_page_a_notification_links_to_is_a_route(app) -> None:
    from assess.services import accounts, notifications

    paths = [
        *(page.format(assessment=1, job=1) for page in notifications.PAGES.values()),
        notifications.ACCOUNT_PAGE,
        accounts.INVITATION_PAGE.format(token="t"),
    ]
    adapter = app.url_map.bind("localhost")
    assert [adapter.match(path)[0] for path in paths] == [
        "review.review",
        "review.review",
        "review.assessment",
        "review.assessment",
        "review.assessment",
        "review.assessment",
        "plans.job",
        "account.index",
        "account.invitation",
    ]
