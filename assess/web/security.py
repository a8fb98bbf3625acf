"""Security headers on every response (no inline script, no framing, no sniffing); texts with
control characters or beyond their bound, and JSON nested too deep, refused before any view sees
them; ids in paths bounded like the database's integer."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

from assess.services.errors import InvalidInput
from assess.services.text_input import LONG_TEXT, MAX_ID, TextTooLong, has_control
from assess.words.numbers import number

# The deepest JSON a request may send (an answer is an object of lists: depth 3), and the most
# bytes of a JSON body: one answer with its longest texts and every evidence line.
MAX_JSON_DEPTH = 32
MAX_JSON_BYTES = 2 * 1024 * 1024

# style-src has no 'unsafe-inline' either: pages style through stylesheets only.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


# Password fields (sign-in, and an admin's new password typed twice) are only ever hashed, never
# stored as text; their forms' own checks say what is wrong with them.
SECRET_FIELDS = frozenset({"password", "again"})


def add_headers(response: Response) -> Response:
    """Set the security headers a view has not set itself."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    hsts = current_app.config.get("STRICT_TRANSPORT_SECURITY")
    if hsts:
        response.headers.setdefault("Strict-Transport-Security", hsts)
    # Pages show a country's answers: no browser or proxy keeps a copy. Static files may be kept.
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


class BoundedInt(IntegerConverter):
    """`<int:...>` in every route: an id our columns can hold (0 to MAX_ID), else no match (404),
    never a query PostgreSQL or SQLite cannot bind."""

    def __init__(self, map: Any, fixed_digits: int = 0, min: int | None = None, max: int = MAX_ID):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max)


class BoundedJSONProvider(DefaultJSONProvider):
    """Request JSON read with a bound on its depth: a 10,000-deep body is a ValueError (a 400),
    not a RecursionError."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            data = json.loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None
        if _depth(data) > MAX_JSON_DEPTH:
            raise ValueError("JSON nested too deeply")
        return data


def _depth(data: object) -> int:
    """How deep lists and objects nest in `data` (0 for a scalar), without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in _children(item))
    return deepest


def _children(item: dict | list) -> Iterator[object]:
    return iter(item.values() if isinstance(item, dict) else item)


def _sent_texts() -> Iterator[str]:
    """Every text the request carries: query and form fields, file names and the strings of a
    JSON body (read by the caller first)."""
    yield from request.args.values()
    yield from (v for name, v in request.form.items(multi=True) if name not in SECRET_FIELDS)
    yield from (posted.filename or "" for _name, posted in request.files.items(multi=True))
    if request.is_json:
        yield from _strings(request.get_json(silent=True))


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item)


def _refusal(code: str, message: str, status: int) -> tuple[Response, int]:
    wants_json = request.accept_mimetypes.best == "application/json"
    if request.is_json or wants_json or request.path.startswith("/api/"):
        return jsonify(error=code, message=message), status
    return render_template("errors/refused.html", status=status, message=message), status


def refuse_hostile_texts() -> tuple[Response, int] | None:
    """Refuse, before any view, what is sent that cannot be stored: a JSON body too large or
    nested too deep (400, 413), a text longer than LONG_TEXT (413), or one holding NUL, another
    control character or a lone surrogate (400). Nothing of it reaches the database."""
    if request.is_json and request.method not in ("GET", "HEAD", "OPTIONS"):
        if (request.content_length or 0) > MAX_JSON_BYTES:
            return _too_long()
        try:
            request.get_json()
        except BadRequest:
            message = _(
                "What you sent is not JSON this site can read (malformed, or nested deeper "
                "than %(depth)s levels).",
                depth=MAX_JSON_DEPTH,
            )
            return _refusal(InvalidInput.code, message, 400)
    texts = list(_sent_texts())
    if any(len(text) > LONG_TEXT for text in texts):
        return _too_long()
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    if not any(has_control(text) for text in texts):
        return None
    message = _(
        "What you sent contains a control character (such as NUL) that cannot be stored: "
        "remove it and try again."
    )
    return _refusal(InvalidInput.code, message, 400)


def _too_long() -> tuple[Response, int]:
    # Imported here: assess.web.i18n imports this module (safe_next for the switcher).
    from assess.web.i18n import get_locale

    message = _(
        "What you sent is too long: a text may hold at most %(limit)s characters. "
        "Shorten it and try again.",
        limit=number(LONG_TEXT, get_locale()),
    )
    return _refusal(TextTooLong.code, message, 413)


def init_app(app: Flask) -> None:
    """Send the security headers on every response, errors and static files included; refuse
    hostile texts in what is sent; bound ids in paths and the depth of request JSON. Called
    before any blueprint registers its routes (they use the `int` converter)."""
    app.url_map.converters["int"] = BoundedInt
    app.json = BoundedJSONProvider(app)
    # Text boxes say their bound, so the browser tells people before they send.
    app.jinja_env.globals["long_text"] = LONG_TEXT
    app.after_request(add_headers)
    app.before_request(refuse_hostile_texts)


DOT = re.compile("%2e", re.IGNORECASE)


def safe_next(target: str | None, fallback: str) -> str:
    """`target` if it is a path on this site, else `fallback`: every redirect whose target comes
    from the request (a `next`, the language switcher's page) goes through here.

    Refused: another host or a scheme (//host, /\\host, https:), control and other unprintable
    characters (CR/LF would split the header), and a path that becomes //host once its escapes
    are decoded and its dot segments resolved as a browser does (/.//host, /%2e%2e//host)."""
    if not target or not target.startswith("/"):
        return fallback
    decoded = target
    for _round in range(3):  # escapes of escapes: %252e is %2e once decoded
        decoded = unquote(decoded)
    if any(not c.isprintable() for c in decoded) or "\\" in decoded:
        return fallback
    parts = urlsplit(target)
    # Browsers read %2e as a dot; a decoded %3F may end the path early: try each reading.
    readings = (parts.path, DOT.sub(".", parts.path), re.split("[?#]", decoded, maxsplit=1)[0])
    if parts.scheme or parts.netloc or any(_resolved(p).startswith("//") for p in readings):
        return fallback
    return target


def _resolved(path: str) -> str:
    """`path` with its . and .. segments resolved (RFC 3986, section 5.2.4), empty ones kept."""
    kept: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "..":
            if len(kept) > 1:
                kept.pop()
            if last:
                kept.append("")
        elif segment == ".":
            if last:
                kept.append("")
        else:
            kept.append(segment)
    return "/".join(kept)
