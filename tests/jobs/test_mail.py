"""The outbox: e-mail sent by a background thread or at once, through a real SMTP server; a
server that is away is logged, never raised into the page that asked."""

from __future__ import annotations

import logging
import socket
from email.message import EmailMessage

from assess.jobs.mail import Outbox, SmtpSettings, outbox_for, send_now


def _message(to: str) -> EmailMessage:
    message = EmailMessage()
    message["To"] = to
    message["Subject"] = "A test"
    message.set_content("Hello")
    return message


def _away() -> SmtpSettings:
    with socket.socket() as probe:  # a port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return SmtpSettings("127.0.0.1", port, None, None, "none", "assess@example.org")


def test_the_background_outbox_sends_after_the_caller_goes_on(mailbox) -> None:
    outbox = outbox_for(mailbox.settings)
    assert outbox is not None and outbox.background
    outbox.send([_message("a@example.org"), _message("b@example.org")])
    outbox.wait()
    assert [m["To"] for m in mailbox.messages] == ["a@example.org", "b@example.org"]
    assert {m["From"] for m in mailbox.messages} == {"assess@example.org"}


def test_an_smtp_server_that_is_away_is_logged_not_raised(caplog) -> None:
    outbox = Outbox(_away())
    with caplog.at_level(logging.ERROR, logger="assess.jobs.mail"):
        outbox.send([_message("a@example.org")])
        outbox.wait()
    assert "e-mail not sent (1 messages)" in caplog.text


def test_sending_at_once_says_how_many_the_server_took(mailbox) -> None:
    settings = SmtpSettings.from_config(mailbox.settings)
    assert send_now(settings, [_message("c@example.org")]) == 1
    assert send_now(_away(), [_message("c@example.org")]) == 0


def test_no_host_no_outbox() -> None:
    assert outbox_for({"ASSESS_SMTP_HOST": None}) is None
