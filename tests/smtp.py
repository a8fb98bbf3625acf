"""A real SMTP server for the tests (aiosmtpd, on a free port of this machine), started once per
test session; `mailbox` hands each test the messages it received, read back as e-mail."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


class Collector:
    """The aiosmtpd handler: keeps every message delivered, parsed, in arrival order."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(parsed)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Controller, Collector]]:
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, collector
    finally:
        controller.stop()


class Mailbox:
    """What the test SMTP server received since the test began; `settings` point an app at it."""

    def __init__(self, controller: Controller, collector: Collector) -> None:
        self.collector = collector
        self.start = len(collector.messages)
        self.settings = {
            "ASSESS_SMTP_HOST": controller.hostname,
            "ASSESS_SMTP_PORT": controller.port,
            "ASSESS_SMTP_SECURITY": "none",
            "ASSESS_MAIL_SENDER": "assess@example.org",
            "ASSESS_BASE_URL": "https://assess.example.org",
        }

    @property
    def messages(self) -> list[EmailMessage]:
        with self.collector.lock:
            return self.collector.messages[self.start :]

    def to(self, address: str) -> list[EmailMessage]:
        """The messages received for `address`."""
        return [m for m in self.messages if address in m["To"]]


@pytest.fixture
def mailbox(smtp_server: tuple[Controller, Collector]) -> Mailbox:
    return Mailbox(*smtp_server)
