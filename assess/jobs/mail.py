"""Sending e-mail through the SMTP server the settings name, outside the request that asks for it.

A page that notifies people hands its messages to an `Outbox` and answers at once: one thread per
process sends them in the background (an SMTP round trip can take seconds; a worker subprocess,
as report jobs use, would cost more than the message). Commands and the report worker, which
serve no one waiting, send as they go (`background=False`). A message that cannot be sent is
logged with its recipient and subject, never raised into the page that asked for it.
"""

from __future__ import annotations

import logging
import queue
import smtplib
import ssl
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

log = logging.getLogger(__name__)
# Seconds one SMTP connection may wait for the server before giving up.
SMTP_TIMEOUT = 30


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send: the ASSESS_SMTP_* and ASSESS_MAIL_SENDER settings."""

    host: str
    port: int
    user: str | None
    password: str | None
    security: str  # one of assess.config.SMTP_SECURITY
    sender: str

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SmtpSettings | None:
        """The settings of an application's (or a worker's) configuration; None: no e-mail."""
        if not config.get("ASSESS_SMTP_HOST"):
            return None
        return cls(
            host=config["ASSESS_SMTP_HOST"],
            port=config["ASSESS_SMTP_PORT"],
            user=config.get("ASSESS_SMTP_USER"),
            password=config.get("ASSESS_SMTP_PASSWORD"),
            security=config["ASSESS_SMTP_SECURITY"],
            sender=config["ASSESS_MAIL_SENDER"],
        )


def send_now(settings: SmtpSettings, messages: Sequence[EmailMessage]) -> int:
    """Send `messages` over one connection; how many the server took (failures are logged)."""
    if not messages:
        return 0
    sent = 0
    try:
        with _connect(settings) as smtp:
            for message in messages:
                del message["From"]
                message["From"] = settings.sender
                try:
                    smtp.send_message(message)
                    sent += 1
                except smtplib.SMTPException as error:
                    log.error("e-mail to %s not sent: %s", message["To"], error)
    except (OSError, smtplib.SMTPException) as error:
        log.error("e-mail not sent (%s messages): SMTP %s: %s", len(messages), settings.host, error)
    return sent


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if settings.security == "tls":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=SMTP_TIMEOUT, context=context
        )
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT)
        if settings.security == "starttls":
            smtp.starttls(context=context)
    if settings.user:
        smtp.login(settings.user, settings.password or "")
    return smtp


class Outbox:
    """Messages waiting to be sent: by a background thread, or at once (`background=False`)."""

    def __init__(self, settings: SmtpSettings, *, background: bool = True) -> None:
        self.settings = settings
        self.background = background
        self._queue: queue.Queue[list[EmailMessage]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def send(self, messages: Sequence[EmailMessage]) -> None:
        """Send `messages`, now or soon; never raises for a server that refuses or is away."""
        if not messages:
            return
        if not self.background:
            send_now(self.settings, messages)
            return
        self._queue.put(list(messages))
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="assess-mail", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            batch = self._queue.get()
            try:
                send_now(self.settings, batch)
            finally:
                self._queue.task_done()

    def wait(self) -> None:
        """Return once every message handed over so far was sent (or failed and was logged)."""
        self._queue.join()


def outbox_for(config: Mapping[str, Any], *, background: bool = True) -> Outbox | None:
    """The outbox of a configuration, or None when it sets no SMTP server."""
    settings = SmtpSettings.from_config(config)
    return Outbox(settings, background=background) if settings else None
