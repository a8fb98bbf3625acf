"""Error pages, and refusals from the services turned into status codes."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from werkzeug.exceptions import HTTPException

from assess.services.errors import (
    InvalidInput,
    InvalidTransition,
    Locked,
    MissingAnswers,
    NotAllowed,
    NotFound,
    QueueUnavailable,
    ServiceError,
    TooManyJobs,
)
from assess.services.text_input import TextTooLong
from assess.web.i18n import said

bp = Blueprint("errors", __name__)

STATUS_OF: dict[type[ServiceError], int] = {
    NotFound: 404,
    NotAllowed: 403,
    InvalidInput: 400,
    InvalidTransition: 409,
    Locked: 409,
    MissingAnswers: 409,
    TooManyJobs: 429,
    QueueUnavailable: 503,
    TextTooLong: 422,
}


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    # Under /api/ no view was matched (an unknown path, another method): the API answers in JSON.
    if request.path.startswith("/api/"):
        from assess.web.api import http_error as api_error

        return api_error(error)
    return render_template("errors/error.html", error=error), error.code


@bp.app_errorhandler(ServiceError)
def service_error(error: ServiceError):
    status = STATUS_OF.get(type(error), 400)
    # A hidden object's refusal says no more than "not found".
    message = None if status == 404 else said(error)
    return render_template("errors/refused.html", status=status, message=message), status
