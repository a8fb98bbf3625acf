"""Application settings, read once from the environment and checked at start-up."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "production", "testing")
# Known only to this machine's developers: never good enough to sign production cookies.
DEVELOPMENT_SECRET = "assess-development-secret-not-for-production"
DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Room for the rest of an area page's form, posted beside the largest file it may carry.
FORM_ALLOWANCE = 2 * 1024 * 1024


class ConfigError(Exception):
    """A setting is missing or wrong; the message says which and how to fix it."""


def instance_path(environ: Mapping[str, str] | None = None) -> Path:
    """The instance folder (database, uploads): ASSESS_INSTANCE_DIR, else instance/ in the repo."""
    env = os.environ if environ is None else environ
    return Path(env.get("ASSESS_INSTANCE_DIR") or ROOT / "instance").resolve()


def from_environment(
    instance_path: Path, environ: Mapping[str, str] | None = None, *, serving: bool = True
) -> dict:
    """The settings for an application whose instance folder is `instance_path`.

    A command that serves no request (`serving=False`: migrations, reports) signs no cookie, so it
    runs without ASSESS_SECRET_KEY on a throwaway secret."""
    env = os.environ if environ is None else environ
    name = env.get("ASSESS_ENV") or "production"
    if name not in ENVIRONMENTS:
        raise ConfigError(f"ASSESS_ENV is {name!r}; use one of: {', '.join(ENVIRONMENTS)}")
    secret = env.get("ASSESS_SECRET_KEY")
    if not secret and not serving:
        secret = secrets.token_hex(32)
    if not secret:
        if name == "production":
            raise ConfigError(
                "ASSESS_SECRET_KEY is not set: production needs a long random secret, e.g. "
                "ASSESS_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))'); "
                "or set ASSESS_ENV=development on a developer's machine"
            )
        secret = DEVELOPMENT_SECRET
    return settings(
        env=name,
        secret_key=secret,
        database_url=env.get("ASSESS_DATABASE_URL")
        or f"sqlite:///{instance_path / 'assess.sqlite3'}",
        questionnaires_dir=Path(env.get("ASSESS_QUESTIONNAIRES_DIR") or ROOT / "questionnaires"),
        upload_dir=Path(env.get("ASSESS_UPLOAD_DIR") or instance_path / "uploads"),
        max_upload_bytes=_max_upload_bytes(env.get("ASSESS_MAX_UPLOAD_BYTES")),
    )


def _max_upload_bytes(raw: str | None) -> int:
    if not raw:
        return DEFAULT_MAX_UPLOAD_BYTES
    if not raw.strip().isdigit() or int(raw) <= 0:
        raise ConfigError(
            f"ASSESS_MAX_UPLOAD_BYTES is {raw!r}; give a whole number of bytes, e.g. 10485760"
        )
    return int(raw)


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
    }
