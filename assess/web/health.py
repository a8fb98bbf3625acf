"""What load balancers, orchestrators and Prometheus ask: /healthz, /readyz and /metrics.

None needs a login, none reads or writes a session (no cookie is set), none is subject to CSRF
checks or rate limits. /healthz only says the process answers. /readyz runs every check of
READY_CHECKS (a name and a function of the app that raises when its part is not ready) and answers
503 naming the failing ones. /metrics answers only a bearer token equal to ASSESS_METRICS_TOKEN.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from sqlalchemy import text

from assess import metrics
from assess.extensions import csrf
from assess.web.policies import policy

bp = Blueprint("health", __name__)
csrf.exempt(bp)
log = logging.getLogger(__name__)


class NotConfigured(Exception):
    """The part a check looks at is not used by this installation (e.g. no Redis)."""


def check_database(app: Flask) -> None:
    with app.extensions["assess.engine"].connect() as connection:
        connection.execute(text("SELECT 1"))


def check_redis(app: Flask) -> None:
    url = app.config.get("ASSESS_REDIS_URL")
    if not url:
        raise NotConfigured
    import redis

    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    finally:
        client.close()


class NotReady(Exception):
    """A part answers but cannot do its work; the message says what is wrong."""


def check_storage(app: Flask) -> None:
    """The file store of evidence files and PDFs takes a new file (its folders, or its tables in
    the database: assess.services.file_store.FileStore.check)."""
    problem = app.extensions["assess.files"].check()
    if problem is not None:
        raise NotReady(problem)


# Each part the application needs to serve, checked in this order. A part added later (a queue, a
# file store) adds its line here.
READY_CHECKS: tuple[tuple[str, Callable[[Flask], None]], ...] = (
    ("database", check_database),
    ("redis", check_redis),
    ("storage", check_storage),
)


def readiness(app: Flask) -> tuple[bool, dict[str, str]]:
    """(ready, each check's result: "ok", "not configured" or "failing")."""
    results: dict[str, str] = {}
    for name, check in READY_CHECKS:
        try:
            check(app)
        except NotConfigured:
            results[name] = "not configured"
        except Exception as error:  # any failure means not ready; the detail goes to the log only
            log.warning("readiness check %s failed: %s: %s", name, type(error).__name__, error)
            results[name] = "failing"
        else:
            results[name] = "ok"
    return "failing" not in results.values(), results


@bp.get("/healthz")
@policy("public")
def healthz() -> Response:
    """The process answers; nothing else is looked at."""
    return Response("ok\n", mimetype="text/plain")


@bp.get("/readyz")
@policy("public")
def readyz() -> tuple[Response, int]:
    ready, results = readiness(current_app._get_current_object())  # type: ignore[attr-defined]
    failing = [name for name, result in results.items() if result == "failing"]
    body = jsonify(status="ready" if ready else "not ready", checks=results, failing=failing)
    return body, 200 if ready else 503


@bp.get("/metrics")
@policy("public")
def metrics_page() -> tuple[Response, int] | Response:
    """Prometheus's text format, for a bearer token equal to ASSESS_METRICS_TOKEN only; 404 when
    none is set (the page does not exist), 401 without a token, 403 with a wrong one."""
    expected = current_app.config.get("ASSESS_METRICS_TOKEN")
    if not expected:
        return Response("not found\n", mimetype="text/plain"), 404
    scheme, _sep, sent = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Bearer" or not sent.strip():
        refused = Response("a bearer token is needed\n", mimetype="text/plain")
        refused.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return refused, 401
    if not hmac.compare_digest(sent.strip().encode(), expected.encode()):
        return Response("wrong token\n", mimetype="text/plain"), 403
    return Response(metrics.exposition(), content_type=metrics.CONTENT_TYPE)
