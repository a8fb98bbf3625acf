"""Security headers on every response (no inline script, no framing, no sniffing), and texts with
control characters refused before any view sees them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from flask import Flask, Response, current_app, jsonify, request
from flask_babel import gettext as _

from assess.services.errors import InvalidInput
from assess.services.text_input import has_control

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


def _sent_texts() -> Iterator[str]:
    """Every text the request carries: form fields, file names and the strings of a JSON body."""
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


def refuse_control_characters() -> tuple[Response, int] | None:
    """A 400 for a request whose texts hold NUL or another control character (never stored)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    if not any(has_control(text) for text in _sent_texts()):
        return None
    message = _(
        "What you sent contains a control character (such as NUL) that cannot be stored: "
        "remove it and try again."
    )
    if request.is_json:
        return jsonify(error=InvalidInput.code, message=message), 400
    raise InvalidInput(message)


def init_app(app: Flask) -> None:
    """Send the security headers on every response, errors and static files included; refuse
    control characters in what is sent."""
    app.after_request(add_headers)
    app.before_request(refuse_control_characters)


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
