"""Log lines: text or one JSON object per line, each carrying what it happened in (a request id, a
report job's id), on standard error.

`configure` installs one handler on the package's logger ("assess", which is also the Flask app's
logger); `bound(request_id=..., job_id=...)` sets what every line logged inside it carries (a
context variable, so threads and requests never mix theirs). What a line carries is chosen by
its caller: never a password, a token or an answer.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

LOGGER = "assess"
# What a line carries beside its message, when the code that logs it gives it (`extra=`).
FIELDS = ("method", "path", "status", "duration_ms", "user_id")
# A request id sent by a proxy is kept when it is this sane; another one is made otherwise.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")

_context: ContextVar[dict[str, Any]] = ContextVar("assess_log_context", default={})  # noqa: B039


def request_id(sent: str | None) -> str:
    """`sent` (an X-Request-ID header) when it is a sane id, else a new one."""
    if sent and REQUEST_ID.fullmatch(sent):
        return sent
    return uuid.uuid4().hex


@contextmanager
def bound(**fields: Any) -> Iterator[None]:
    """Every line logged inside carries `fields` (request_id, job_id) too."""
    token = _context.set({**_context.get(), **fields})
    try:
        yield
    finally:
        _context.reset(token)


def bind(**fields: Any) -> Any:
    """Like `bound`, for code that ends the context elsewhere: `unbind(bind(...))`."""
    return _context.set({**_context.get(), **fields})


def unbind(token: Any) -> None:
    try:
        _context.reset(token)
    except ValueError:  # ended in another context than it began (a response streamed elsewhere)
        _context.set({})


def current() -> dict[str, Any]:
    """The fields lines logged here carry."""
    return dict(_context.get())


class ContextFilter(logging.Filter):
    """Puts the context's fields (request_id, job_id) on each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in _context.get().items():
            if not hasattr(record, name):
                setattr(record, name, value)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, then the context's
    and the caller's fields; an exception as its traceback's text."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in ("request_id", "job_id", *FIELDS):
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """A line for people: time, level, logger, the request or job id, the message."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(where)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        names = ("request_id", "job_id")
        where = [f"{n}={getattr(record, n)}" for n in names if hasattr(record, n)]
        record.where = f" [{' '.join(where)}]" if where else ""
        return super().format(record)


class StderrHandler(logging.StreamHandler):
    """Writes to the standard error of the moment (not the one there was at start-up)."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self) -> Any:  # type: ignore[override]
        return sys.stderr


FORMATTERS = {"json": JsonFormatter, "text": TextFormatter}


def configure(fmt: str, level: int = logging.INFO) -> logging.Logger:
    """Send the package's log lines (INFO and up) to standard error in `fmt` ("json" or "text");
    called again, it replaces the handler it installed before."""
    logger = logging.getLogger(LOGGER)
    for handler in [h for h in logger.handlers if isinstance(h, StderrHandler)]:
        logger.removeHandler(handler)
    handler = StderrHandler()
    handler.setFormatter(FORMATTERS[fmt]())
    handler.addFilter(ContextFilter())
    logger.addHandler(handler)
    logger.setLevel(level)
    return logger
