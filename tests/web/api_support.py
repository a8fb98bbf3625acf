"""Calling the API as a test does: a token of a user's, and each response checked against the
OpenAPI document (assess/web/api/openapi.json) before a test reads it."""

from __future__ import annotations

import json
import re
from typing import Any

from jsonschema import Draft202012Validator
from sqlalchemy.orm import Session

from assess.models import User
from assess.services import tokens
from assess.web.api.views import OPENAPI

DOCUMENT: dict[str, Any] = json.loads(OPENAPI.read_text(encoding="utf-8"))
PREFIX = "/api/v1"


def bearer(db: Session, user: User, days: int = 30) -> dict[str, str]:
    """The Authorization header of a new read token of `user`'s."""
    _token, secret = tokens.create(db, user, f"{user.username}'s test token", days)
    return {"Authorization": f"Bearer {secret}"}


def _template(path: str) -> str:
    """The document's path that `path` (under /api/v1, without its query) is an instance of."""
    local = path.split("?", 1)[0].removeprefix(PREFIX)
    for template in DOCUMENT["paths"]:
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, local):
            return template
    raise AssertionError(f"{path} is not in the OpenAPI document")


def checked(response: Any, path: str) -> Any:
    """The response's JSON (an export's bytes), after checking that the document describes its
    status, media type and body."""
    operation = DOCUMENT["paths"][_template(path)]["get"]
    status = str(response.status_code)
    assert status in operation["responses"], f"{path}: {status} is not documented"
    content = operation["responses"][status]["content"]
    assert response.mimetype in content, f"{path}: {response.mimetype} is not documented"
    if response.mimetype != "application/json":  # an export's file: its bytes
        return response.get_data()
    described = content["application/json"]["schema"]
    body = response.get_json()
    schema = {**described, "components": DOCUMENT["components"]}
    errors = sorted(Draft202012Validator(schema).iter_errors(body), key=str)
    assert errors == [], f"{path} {status}: " + "; ".join(e.message for e in errors[:3])
    return body


def get(client: Any, path: str, headers: dict[str, str]) -> tuple[int, Any]:
    """(status, JSON) of a GET of `path`, checked against the document."""
    response = client.get(path, headers=headers)
    return response.status_code, checked(response, path)


def token_header(app: Any, username: str) -> str:
    """`Bearer <secret>` of a new token of `username`'s, made through the app's own session."""
    from sqlalchemy import select

    from assess.extensions import db

    with app.app_context():
        user = db.session.scalars(select(User).where(User.username == username)).one()
        _token, secret = tokens.create(db.session, user, "crawl", 30)
    return f"Bearer {secret}"
