"""Application settings: one declared table, read from the environment and checked at start-up.

Every operator setting is a row of SETTINGS (its environment variable, how its value is read, its
default and what it means); README.md's "Running it for real" table lists the same rows. Nothing
else in the package reads the environment."""

from __future__ import annotations

import math
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from assess.words.numbers import CURRENCIES

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "production", "testing")
# Known only to this machine's developers: never good enough to sign production cookies.
DEVELOPMENT_SECRET = "assess-development-secret-not-for-production"
DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Room for the rest of an area page's form, posted beside the largest file it may carry.
FORM_ALLOWANCE = 2 * 1024 * 1024
# Settings whose application key is their environment variable's name.
REPORT_SETTINGS = (
    "ASSESS_REPORT_MARKING",
    "ASSESS_JOB_BACKEND",
    "ASSESS_JOB_TIMEOUT",
    "ASSESS_JOB_MEMORY_MB",
    "ASSESS_JOB_CONCURRENCY",
    "ASSESS_JOBS_PER_USER",
    "ASSESS_JOB_QUEUE",
    "ASSESS_CURRENCY",
)
JOB_BACKENDS = ("embedded", "rq")
# The e-mail settings, also keyed by their variable's name (the report worker sends e-mail too).
MAIL_SETTINGS = (
    "ASSESS_SMTP_HOST",
    "ASSESS_SMTP_PORT",
    "ASSESS_SMTP_USER",
    "ASSESS_SMTP_PASSWORD",
    "ASSESS_SMTP_SECURITY",
    "ASSESS_MAIL_SENDER",
    "ASSESS_BASE_URL",
)
SMTP_SECURITY = ("starttls", "tls", "none")
# Where evidence files and report PDFs are kept (assess.services.file_store).
FILE_STORES = ("folder", "database")
# The API's settings, keyed by their variable's name too.
API_SETTINGS = ("ASSESS_REDIS_URL", "ASSESS_API_RATE", "ASSESS_API_FAILURE_RATE")
# Signing in: who must add a second factor, how many failures an address may make, which proxies
# are believed about the client's address; keyed by their variable's name too.
SIGN_IN_SETTINGS = (
    "ASSESS_TRUSTED_PROXIES",
    "ASSESS_LOGIN_ADDRESS_FAILURES",
    "ASSESS_REQUIRE_TOTP",
)
# ASSESS_REQUIRE_TOTP=true means these roles: the people who manage accounts and places.
TOTP_DEFAULT_ROLES = ("admin", "secretariat")
HSTS = "max-age=31536000; includeSubDomains"
# Operations: logs and metrics, keyed by their variable's name too.
OPS_SETTINGS = ("ASSESS_LOG_FORMAT", "ASSESS_METRICS_DIR", "ASSESS_METRICS_TOKEN")
LOG_FORMATS = ("text", "json")


class ConfigError(ValueError):
    """A setting is missing or wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class Kind:
    """How a setting's text is read: `parse` returns the value, or None when the text is wrong."""

    parse: Callable[[str, tuple[str, ...]], Any]
    expected: str  # what to give instead, e.g. "a whole number above 0"


def _text(raw: str, _choices: tuple[str, ...]) -> str | None:
    return raw if raw.strip() else None


def _path(raw: str, _choices: tuple[str, ...]) -> Path | None:
    return Path(raw) if raw.strip() and "\0" not in raw else None


def _positive_int(raw: str, _choices: tuple[str, ...]) -> int | None:
    text = raw.strip()
    return int(text) if text.isascii() and text.isdigit() and int(text) > 0 else None


def _whole(raw: str, _choices: tuple[str, ...]) -> int | None:
    text = raw.strip()
    return int(text) if text.isascii() and text.isdigit() and int(text) < 100 else None


def _roles(raw: str, _choices: tuple[str, ...]) -> tuple[str, ...] | None:
    from assess.models import ROLES  # the roles are the models' (lazily: config loads first)

    text = raw.strip().lower()
    if text in ("true", "yes", "1"):
        return TOTP_DEFAULT_ROLES
    if text in ("false", "no", "0", "none"):
        return ()
    named = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    return named if named and all(role in ROLES for role in named) else None


def _positive_float(raw: str, _choices: tuple[str, ...]) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def _url(raw: str, _choices: tuple[str, ...]) -> str | None:
    text = raw.strip().rstrip("/")
    scheme, sep, rest = text.partition("://")
    ok = scheme in ("http", "https") and sep and rest and not any(c.isspace() for c in text)
    return text if ok else None


def _address(raw: str, _choices: tuple[str, ...]) -> str | None:
    text = raw.strip()
    local, at, domain = text.rpartition("<")[2].rstrip(">").partition("@")
    ok = at and local and "." in domain and "\n" not in text and "\r" not in text
    return text if ok else None


def _redis_url(raw: str, _choices: tuple[str, ...]) -> str | None:
    text = raw.strip()
    scheme, sep, rest = text.partition("://")
    ok = (
        scheme in ("redis", "rediss", "unix")
        and sep
        and rest
        and not any(c.isspace() for c in text)
    )
    return text if ok else None


def _choice(raw: str, choices: tuple[str, ...]) -> str | None:
    return raw if raw in choices else None


def _currency(raw: str, _choices: tuple[str, ...]) -> str | None:
    code = raw.strip().upper()
    return code if code in CURRENCIES else None


TEXT = Kind(_text, "give a value that is not blank")
PATH = Kind(_path, "give a folder path")
POSITIVE_INT = Kind(_positive_int, "give a whole number above 0")
WHOLE = Kind(_whole, "give a whole number from 0 to 99")
ROLE_LIST = Kind(_roles, "give roles separated by commas (e.g. admin,secretariat), true or false")
POSITIVE_FLOAT = Kind(_positive_float, "give a number above 0")
CHOICE = Kind(_choice, "use one of")
CURRENCY = Kind(_currency, "give the ISO 4217 code of a currency in use")
URL = Kind(_url, "give an http or https address")
ADDRESS = Kind(_address, "give an e-mail address")
REDIS_URL = Kind(_redis_url, "give a redis://, rediss:// or unix:// address")


@dataclass(frozen=True)
class Setting:
    """One operator setting: its environment variable, how it is read, its default, its help."""

    variable: str
    kind: Kind
    help: str
    default: str | None = None  # as an operator would write it; None: see `derived`
    derived: str = ""  # what is used when there is no literal default, in words
    choices: tuple[str, ...] = field(default=())

    def read(self, environ: Mapping[str, str]) -> Any:
        """The checked value from `environ` (unset or empty: the default); ConfigError if wrong."""
        raw = environ.get(self.variable) or self.default
        if raw is None:
            return None
        value = self.kind.parse(raw, self.choices)
        if value is None:
            raise ConfigError(f"{self.variable} is {raw!r}; {self.expected()}")
        return value

    def expected(self) -> str:
        """What a right value looks like, for the error message."""
        if self.choices:
            return f"{self.kind.expected}: {', '.join(self.choices)}"
        example = f", e.g. {self.default}" if self.default else ""
        return f"{self.kind.expected}{example}"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "ASSESS_ENV",
        CHOICE,
        "`production`, `development` or `testing`",
        default="production",
        choices=ENVIRONMENTS,
    ),
    Setting(
        "ASSESS_SECRET_KEY",
        TEXT,
        "signs session cookies; required in production",
        derived="none (refuses to start)",
    ),
    Setting(
        "ASSESS_DATABASE_URL",
        TEXT,
        "SQLAlchemy URL, e.g. `postgresql+psycopg://user@host/assess`",
        derived="SQLite in the instance folder",
    ),
    Setting(
        "ASSESS_INSTANCE_DIR",
        PATH,
        "the instance folder",
        derived="`instance/` in the repository",
    ),
    Setting(
        "ASSESS_QUESTIONNAIRES_DIR",
        PATH,
        "the published questionnaire files; `assess check` checks them when given no path",
        derived="`questionnaires/` in the repository",
    ),
    Setting(
        "ASSESS_UPLOAD_DIR",
        PATH,
        "evidence files, outside the web root",
        derived="`uploads/` in the instance folder",
    ),
    Setting(
        "ASSESS_FILE_STORE",
        CHOICE,
        "where evidence files and report PDFs are kept: `folder` (`ASSESS_UPLOAD_DIR` and the "
        "report folder on this machine's disk) or `database` (in the database every web server "
        "and worker shares; needed with more than one machine)",
        default="folder",
        choices=FILE_STORES,
    ),
    Setting(
        "ASSESS_DRAFTS_DIR",
        PATH,
        "questionnaire versions experts preview before publishing; never served to countries",
        derived="`drafts/` in the instance folder",
    ),
    Setting(
        "ASSESS_MAX_UPLOAD_BYTES",
        POSITIVE_INT,
        "largest evidence file in bytes (PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, TXT, CSV)",
        default=str(DEFAULT_MAX_UPLOAD_BYTES),
    ),
    Setting(
        "ASSESS_REPORT_MARKING",
        TEXT,
        "classification marking printed on every page of plan reports, as written",
        derived="RESTRICTED, in the report's language",
    ),
    Setting(
        "ASSESS_JOB_BACKEND",
        CHOICE,
        "what runs report jobs: `embedded` (bounded worker subprocesses of the web process, no "
        "extra server) or `rq` (a queue on the Redis of `ASSESS_REDIS_URL`, run by "
        "`assess worker` processes on any machine)",
        default="embedded",
        choices=JOB_BACKENDS,
    ),
    Setting(
        "ASSESS_JOB_TIMEOUT",
        POSITIVE_FLOAT,
        "seconds one report may take before its worker is stopped and the job marked failed; "
        "jobs still unfinished a minute past it (e.g. the server stopped) are marked failed "
        "when read and at start",
        default="300",
    ),
    Setting(
        "ASSESS_JOB_MEMORY_MB",
        POSITIVE_INT,
        "memory bound of one report worker (MiB)",
        default="2048",
    ),
    Setting(
        "ASSESS_JOB_CONCURRENCY",
        POSITIVE_INT,
        "`embedded`: reports one web process makes at once; more wait their turn (with `rq`, "
        "as many as `assess worker` processes run)",
        default="2",
    ),
    Setting(
        "ASSESS_JOBS_PER_USER",
        POSITIVE_INT,
        "reports one person may have waiting or being made; one more is refused (429)",
        default="3",
    ),
    Setting(
        "ASSESS_JOB_QUEUE",
        TEXT,
        "`rq`: the name of the queue the web servers fill and `assess worker` empties",
        default="assess-reports",
    ),
    Setting(
        "ASSESS_CURRENCY",
        CURRENCY,
        "currency of plan actions' costs until someone chooses another (an ISO 4217 code)",
        default="EUR",
    ),
    Setting(
        "ASSESS_SMTP_HOST",
        TEXT,
        "the SMTP server that sends notifications and invitations; unset, no e-mail is sent",
        derived="none (no e-mail)",
    ),
    Setting("ASSESS_SMTP_PORT", POSITIVE_INT, "the SMTP server's port", default="587"),
    Setting(
        "ASSESS_SMTP_USER",
        TEXT,
        "the user name to sign in to the SMTP server with",
        derived="none (no sign-in)",
    ),
    Setting(
        "ASSESS_SMTP_PASSWORD",
        TEXT,
        "the password of `ASSESS_SMTP_USER`",
        derived="none",
    ),
    Setting(
        "ASSESS_SMTP_SECURITY",
        CHOICE,
        "`starttls` (upgrade the connection), `tls` (TLS from the start, often port 465) or "
        "`none` (a relay on the same machine only)",
        default="starttls",
        choices=SMTP_SECURITY,
    ),
    Setting(
        "ASSESS_MAIL_SENDER",
        ADDRESS,
        "the address e-mail is sent from, e.g. `assess@example.org`; required with "
        "`ASSESS_SMTP_HOST`",
        derived="none",
    ),
    Setting(
        "ASSESS_BASE_URL",
        URL,
        "the address people open the application at, for the links in e-mail, e.g. "
        "`https://assess.example.org`; required with `ASSESS_SMTP_HOST`",
        derived="none",
    ),
    Setting(
        "ASSESS_REDIS_URL",
        REDIS_URL,
        "the Redis server that keeps the API's rate-limit counts for every server process (and "
        "the report queue with `ASSESS_JOB_BACKEND=rq`), e.g. `redis://127.0.0.1:6379/0`; "
        "unset, each process counts on its own",
        derived="none (counts in the process)",
    ),
    Setting(
        "ASSESS_API_RATE",
        POSITIVE_INT,
        "API requests one token may make per minute; past it the API answers 429 with Retry-After",
        default="300",
    ),
    Setting(
        "ASSESS_API_FAILURE_RATE",
        POSITIVE_INT,
        "API requests with a missing, unknown, revoked or expired token one address may make per "
        "minute before it is answered 429",
        default="30",
    ),
    Setting(
        "ASSESS_LOG_FORMAT",
        CHOICE,
        "`json` (one JSON object per line: time, level, logger, message, request id, and for "
        "each request its method, path, status, duration and user id) or `text`; on standard error",
        derived="`json` in production, `text` otherwise",
        choices=LOG_FORMATS,
    ),
    Setting(
        "ASSESS_METRICS_DIR",
        PATH,
        "a folder where every server and worker process writes its Prometheus metrics, so that "
        "`/metrics` counts them all (empty it before starting the servers); unset, each process "
        "counts on its own",
        derived="none (counts in the process)",
    ),
    Setting(
        "ASSESS_METRICS_TOKEN",
        TEXT,
        "the bearer token Prometheus sends to read `/metrics`; unset, `/metrics` answers 404",
        derived="none (no `/metrics`)",
    ),
    Setting(
        "ASSESS_TRUSTED_PROXIES",
        WHOLE,
        "how many reverse proxies (each adding to `X-Forwarded-For`, `-Proto` and `-Host`) stand "
        "before the application; the client's address is read that many hops back. 0: those "
        "headers are ignored, the address is the connection's",
        default="0",
    ),
    Setting(
        "ASSESS_LOGIN_ADDRESS_FAILURES",
        POSITIVE_INT,
        "failed sign-ins one address may make within 15 minutes, whatever the user names, before "
        "it must wait (each name also locks after 5 failures from one address); raise it for a "
        "workshop behind one address",
        default="20",
    ),
    Setting(
        "ASSESS_REQUIRE_TOTP",
        ROLE_LIST,
        "roles that must add a second factor (an authenticator app's codes) before anything "
        "else, e.g. `admin,secretariat`; `true` means those two",
        default="false",
    ),
)


BY_VARIABLE = {setting.variable: setting for setting in SETTINGS}


def read(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Every setting by variable name, checked; ConfigError names the first wrong one."""
    env = os.environ if environ is None else environ
    values = {setting.variable: setting.read(env) for setting in SETTINGS}
    if values["ASSESS_JOB_BACKEND"] == "rq" and not values["ASSESS_REDIS_URL"]:
        raise ConfigError(
            "ASSESS_REDIS_URL is not set: the rq job backend (ASSESS_JOB_BACKEND=rq) keeps its "
            f"queue there; {BY_VARIABLE['ASSESS_REDIS_URL'].help}"
        )
    if values["ASSESS_SMTP_HOST"]:
        for needed in ("ASSESS_MAIL_SENDER", "ASSESS_BASE_URL"):
            if not values[needed]:
                raise ConfigError(
                    f"{needed} is not set: e-mail (ASSESS_SMTP_HOST) needs it; "
                    f"{BY_VARIABLE[needed].help}"
                )
    return values


def environment(**fallback: str) -> dict[str, str]:
    """The process's environment, with `fallback` values for the variables it leaves unset."""
    return {**fallback, **{name: value for name, value in os.environ.items() if value}}


def instance_path(values: Mapping[str, Any]) -> Path:
    """The instance folder (database, uploads): ASSESS_INSTANCE_DIR, else instance/ in the repo."""
    return (values["ASSESS_INSTANCE_DIR"] or ROOT / "instance").resolve()


def questionnaires_dir(values: Mapping[str, Any]) -> Path:
    """The published questionnaires: ASSESS_QUESTIONNAIRES_DIR, else questionnaires/ in the repo."""
    return values["ASSESS_QUESTIONNAIRES_DIR"] or ROOT / "questionnaires"


def from_environment(
    instance_path: Path, environ: Mapping[str, str] | None = None, *, serving: bool = True
) -> dict[str, Any]:
    """The settings for an application whose instance folder is `instance_path`."""
    return app_settings(read(environ), instance_path, serving=serving)


def app_settings(values: Mapping[str, Any], instance: Path, *, serving: bool) -> dict[str, Any]:
    """Flask settings from the checked `values` of `read`, for the instance folder `instance`.

    A command that serves no request (`serving=False`: migrations, reports) signs no cookie, so it
    runs without ASSESS_SECRET_KEY on a throwaway secret."""
    name = values["ASSESS_ENV"]
    return {
        **settings(
            env=name,
            secret_key=_secret(name, values["ASSESS_SECRET_KEY"], serving),
            database_url=values["ASSESS_DATABASE_URL"]
            or f"sqlite:///{instance / 'assess.sqlite3'}",
            questionnaires_dir=questionnaires_dir(values),
            upload_dir=values["ASSESS_UPLOAD_DIR"] or instance / "uploads",
            max_upload_bytes=values["ASSESS_MAX_UPLOAD_BYTES"],
        ),
        "DRAFTS_DIR": values["ASSESS_DRAFTS_DIR"] or instance / "drafts",
        "ASSESS_FILE_STORE": values["ASSESS_FILE_STORE"],
        # Report, e-mail, API, operations and sign-in settings keep their variable's name as key.
        **{
            key: values[key]
            for key in REPORT_SETTINGS
            + MAIL_SETTINGS
            + API_SETTINGS
            + OPS_SETTINGS
            + SIGN_IN_SETTINGS
        },
        "ASSESS_LOG_FORMAT": values["ASSESS_LOG_FORMAT"] or log_format(name),
    }


def log_format(env: str) -> str:
    """The log format when ASSESS_LOG_FORMAT is unset: JSON in production, for log collectors."""
    return "json" if env == "production" else "text"


def _secret(env: str, secret: str | None, serving: bool) -> str:
    if secret:
        return secret
    if not serving:
        return secrets.token_hex(32)
    if env == "production":
        raise ConfigError(
            "ASSESS_SECRET_KEY is not set: production needs a long random secret, e.g. "
            "ASSESS_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))'); "
            "or set ASSESS_ENV=development on a developer's machine"
        )
    return DEVELOPMENT_SECRET


def settings(
    env: str,
    secret_key: str,
    database_url: str,
    questionnaires_dir: Path,
    upload_dir: Path,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
) -> dict[str, Any]:
    """Flask settings derived from the few choices an operator makes."""
    secure = env == "production"
    return {
        "ENV_NAME": env,
        "TESTING": env == "testing",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": database_url,
        "QUESTIONNAIRES_DIR": questionnaires_dir,
        "UPLOAD_DIR": upload_dir,
        "SESSION_COOKIE_SECURE": secure,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        # The token lives as long as the session: hours of typing never meet an expired token.
        "WTF_CSRF_TIME_LIMIT": None,
        # The largest evidence file; bigger requests are refused (413) before they are read.
        "MAX_UPLOAD_BYTES": max_upload_bytes,
        "MAX_CONTENT_LENGTH": max_upload_bytes + FORM_ALLOWANCE,
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_WINDOW": timedelta(minutes=15),
        # Browsers that once saw the site over HTTPS never try it over plain HTTP for a year.
        "STRICT_TRANSPORT_SECURITY": HSTS if secure else None,
    }
