"""Each request's id, its access-log line and its metrics.

The request id is the X-Request-ID a proxy sent when it is sane (assess.logs.REQUEST_ID), else a
new one; every line logged while the request runs carries it, and the response sends it back. One
access-log line per request (logger "assess.access"): method, path, status, duration and the
signed-in user's id. A path whose route carries a secret (an invitation's token) is logged as its
route; query strings never are.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, request

from assess import logs, metrics

HEADER = "X-Request-ID"
# Route arguments that are secrets: a path carrying one is logged as its route ("<token>").
SECRET_ARGUMENTS = frozenset({"token"})
access_log = logging.getLogger("assess.access")


def start() -> None:
    g.request_started = time.perf_counter()
    g.request_id = logs.request_id(request.headers.get(HEADER))
    g.log_context = logs.bind(request_id=g.request_id)


def finish(response: Response) -> Response:
    started = g.pop("request_started", None)
    if started is None:  # the request never started here (a test that called a view directly)
        return response
    seconds = time.perf_counter() - started
    response.headers[HEADER] = g.request_id
    endpoint = request.endpoint or "unmatched"
    metrics.request_answered(endpoint, request.method, response.status_code, seconds)
    path = logged_path()
    access_log.info(
        "%s %s %s",
        request.method,
        path,
        response.status_code,
        extra={
            "method": request.method,
            "path": path,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 1),
            "user_id": _user_id(),
        },
    )
    return response


def end(_error: BaseException | None) -> None:
    token = g.pop("log_context", None)
    if token is not None:
        logs.unbind(token)


def logged_path() -> str:
    """The request's path, or its route when the path carries a secret."""
    rule, arguments = request.url_rule, request.view_args or {}
    if rule is not None and SECRET_ARGUMENTS & set(arguments):
        return rule.rule
    return request.path


def _user_id() -> int | None:
    """The id of the user this request signed in, if it loaded one (never loads it: /healthz
    touches no database and no session)."""
    user = g.get("_login_user")  # where Flask-Login keeps the request's user once loaded
    return getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None


def init_app(app: Flask) -> None:
    """Give every request an id, an access-log line and its metrics; called first, so that the
    id is there for every other hook's lines."""
    app.before_request(start)
    app.after_request(finish)
    app.teardown_request(end)
