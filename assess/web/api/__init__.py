"""The read-only JSON API under /api/v1: personal access tokens (`Authorization: Bearer`) only,
the pages' access policies, JSON errors, and a rate limit per token (per address for refusals).

No cookie signs an API request in and none is set: a browser's session does not count here.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from assess.extensions import db, login_manager
from assess.services import tokens
from assess.services.errors import NotFound, ServiceError
from assess.services.rate_limits import Limiter, counter_for
from assess.web.i18n import said

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Views that need no token: the API's own description.
OPEN = frozenset({"api.openapi"})
LIMITER = "assess.api_limiter"


def error(status: int, code: str, message: str, place: str | None = None, **headers: str):
    """A JSON error: a code for programs, a message for people, where the problem is."""
    body = {"error": code, "message": message}
    if place:
        body["place"] = place
    response = jsonify(body)
    response.status_code = status
    response.headers.update(headers)
    return response


def limiter() -> Limiter:
    """The application's limiter, made on first use (Redis when ASSESS_REDIS_URL is set)."""
    app = current_app
    if LIMITER not in app.extensions:
        app.extensions[LIMITER] = Limiter(counter_for(app.config.get("ASSESS_REDIS_URL")))
    return app.extensions[LIMITER]


def _too_many(wait: int):
    return error(
        429,
        "rate-limited",
        _("Too many requests: wait %(seconds)s seconds and try again.", seconds=wait),
        **{"Retry-After": str(wait)},
    )


def _refused():
    """401 for a missing or unusable token; 429 once the address has been refused too often."""
    wait = limiter().over(
        f"address:{request.remote_addr}", current_app.config["ASSESS_API_FAILURE_RATE"]
    )
    if wait is not None:
        return _too_many(wait)
    return error(
        401,
        "unauthorized",
        _("Send a valid personal access token: Authorization: Bearer <token>."),
        **{"WWW-Authenticate": 'Bearer realm="assess"'},
    )


@bp.before_request
def authenticate():
    """Sign the request in with its token, count it and audit it; refuse it otherwise."""
    if request.endpoint in OPEN:
        return None
    scheme, _sep, secret = request.headers.get("Authorization", "").partition(" ")
    token = tokens.authenticate(db.session, secret.strip()) if scheme == "Bearer" else None
    if token is None:
        db.session.rollback()
        return _refused()
    wait = limiter().over(f"token:{token.id}", current_app.config["ASSESS_API_RATE"])
    if wait is not None:
        return _too_many(wait)
    tokens.record_use(db.session.connection(), token, request.method, request.full_path.rstrip("?"))
    db.session.commit()
    # For this request only: the policies read current_user; no session is written.
    login_manager._update_request_context_with_user(token.user)
    return None


@bp.errorhandler(HTTPException)
def http_error(failure: HTTPException):
    code = (failure.name or "error").lower().replace(" ", "-")
    if failure.code == 404:
        return error(404, "not-found", _("There is nothing here, or nothing you may see."))
    return error(failure.code or 500, code, failure.description or failure.name)


@bp.errorhandler(ServiceError)
def service_error(failure: ServiceError):
    if isinstance(failure, NotFound):
        return error(404, "not-found", _("There is nothing here, or nothing you may see."))
    return error(400, failure.code, said(failure))


from assess.web.api import views  # noqa: E402, F401 - the routes, on `bp`
