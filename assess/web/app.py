"""create_app: the Flask application, configured from the environment."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext
from werkzeug.middleware.proxy_fix import ProxyFix

from assess import config as settings
from assess import logs, metrics
from assess.extensions import csrf, db, login_manager, make_engine
from assess.services import access
from assess.web import observe, security
from assess.words.catalogue import text_direction

PACKAGE = Path(__file__).resolve().parent.parent
ROOT = PACKAGE.parent
# Every blueprint, as "module:attribute", registered in this order. A feature adds its line here.
BLUEPRINTS: tuple[str, ...] = (
    "assess.web.errors:bp",
    "assess.web.auth:bp",
    "assess.web.account:bp",
    "assess.web.home:bp",
    "assess.web.admin:bp",
    "assess.web.review:bp",
    "assess.web.queries:bp",
    "assess.web.lifecycle:bp",
    "assess.web.i18n:bp",
    "assess.web.fill:bp",
    "assess.web.offline:bp",
    "assess.web.plans:bp",
    "assess.web.evidence:bp",
    "assess.web.questionnaires:bp",
    "assess.web.trends:bp",
    "assess.web.ministries:bp",
    "assess.web.assistance:bp",
    "assess.web.exports:bp",
    "assess.web.api:bp",
    "assess.web.health:bp",
)


def create_app(
    test_config: dict[str, Any] | None = None,
    *,
    serving: bool = True,
    environ: Mapping[str, str] | None = None,
) -> Flask:
    """The application; `test_config` overrides settings (and selects the testing environment).

    `serving=False` is for commands that handle no request (they need no ASSESS_SECRET_KEY);
    `environ` replaces the process's environment. A wrong setting raises ConfigError."""
    values = settings.read(environ)
    instance = settings.instance_path(values)
    app = Flask(
        "assess",
        root_path=str(PACKAGE),
        instance_path=str(instance),
        template_folder=str(ROOT / "templates"),
        static_folder=str(PACKAGE / "static"),
    )
    if test_config is None:
        app.config.update(settings.app_settings(values, instance, serving=serving))
    else:
        app.config.update(settings.from_environment(instance, {"ASSESS_ENV": "testing"}))
        app.config.update(test_config)
    # Before anything logs: the format operators chose, and where every process counts.
    logs.configure(app.config["ASSESS_LOG_FORMAT"])
    metrics.configure(app.config["ASSESS_METRICS_DIR"])
    _check_upload_dir(app)
    _trust_proxies(app)
    _init_extensions(app)
    for target in BLUEPRINTS:
        module_name, attribute = target.split(":")
        app.register_blueprint(getattr(importlib.import_module(module_name), attribute))
    _init_file_store(app)
    return app


def _init_file_store(app: Flask) -> None:
    """Evidence files and report PDFs: the store ASSESS_FILE_STORE chooses (the report folder's
    default is set when the plans pages register, so this comes after the blueprints)."""
    from assess.services.file_store import open_store

    app.config.setdefault("REPORT_RESULT_DIR", Path(app.instance_path) / "reports")
    app.extensions["assess.files"] = open_store(app.config, app.extensions["assess.engine"])


def _check_upload_dir(app: Flask) -> None:
    """Uploads must never be reachable as static files: only views with access checks serve them."""
    uploads = Path(app.config["UPLOAD_DIR"]).resolve()
    static = Path(app.static_folder or PACKAGE / "static").resolve()
    if uploads == static or static in uploads.parents:
        raise settings.ConfigError(
            f"ASSESS_UPLOAD_DIR {uploads} is inside the static folder {static}: "
            "choose a folder outside the web root, e.g. the instance folder's uploads/"
        )


def _trust_proxies(app: Flask) -> None:
    """Behind ASSESS_TRUSTED_PROXIES reverse proxies, the client's address, scheme and host are
    read that many hops back in X-Forwarded-For/-Proto/-Host (what the proxies added, never what
    the client wrote before them); with none, those headers are ignored."""
    hops = app.config.get("ASSESS_TRUSTED_PROXIES") or 0
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def _init_extensions(app: Flask) -> None:
    from assess.jobs.mail import outbox_for
    from assess.services.questionnaires import open_registry

    # First: every other hook (CSRF checks included) runs within the request's id.
    observe.init_app(app)
    if app.config["DATABASE_URL"].startswith("sqlite:///"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    engine = make_engine(
        app.config["DATABASE_URL"], **app.config.get("DATABASE_ENGINE_OPTIONS", {})
    )
    registry = open_registry(Path(app.config["QUESTIONNAIRES_DIR"]))
    # E-mail goes out after the response, from one thread (assess.jobs.mail); none when unset.
    outbox = outbox_for(app.config)
    base_url = app.config.get("ASSESS_BASE_URL")
    info = {"questionnaires": registry, "outbox": outbox, "base_url": base_url}
    db.init_app(app, engine, info=info)
    app.extensions["assess.outbox"] = outbox
    app.extensions["assess.engine"] = engine
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please sign in to see this page.")
    # Flask-Login passes the message through this before flashing: translated, as plain text.
    login_manager.localize_callback = str
    login_manager.login_message_category = "info"
    security.init_app(app)
    # Templates call _() from the start; Flask-Babel replaces these with real translations.
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    app.jinja_env.autoescape = True
    app.context_processor(_page_language)
    # Templates ask the same access rules as views do (the menu, the account pages).
    app.jinja_env.globals["access"] = access


def _page_language() -> dict[str, str]:
    """`lang` and `dir` of <html>: the locale chosen by assess.web.i18n, English until it exists."""
    try:
        from assess.web.i18n import get_locale
    except ModuleNotFoundError:
        language = "en"
    else:
        language = str(get_locale() or "en").split("_")[0]
    direction = text_direction(language)
    return {
        "page_lang": language,
        "page_dir": direction,
        # From an old value to a new one, pointing the way the page reads.
        "arrow": "←" if direction == "rtl" else "→",
    }
