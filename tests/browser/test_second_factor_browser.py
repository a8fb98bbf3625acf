"""Adding a second factor in Chromium: the QR code shows under the page's Content-Security-Policy
(an SVG in a data: address, no inline script or style), a real code from the key turns it on, and
signing in then asks for the app's code."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from assess.models import User
from tests.browser.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def test_enrolment_shows_a_working_qr_code_and_a_code_turns_it_on(page, live) -> None:
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        sign_in(page, "coordinator")
        page.goto("/account")
        page.get_by_role("link", name="Manage the second factor").click()
        page.get_by_role("button", name="Add a second factor").click()
        qr = page.locator("#totp-qr")
        qr.wait_for()
        assert qr.evaluate("img => img.decode().then(() => img.naturalWidth > 0)")
        box = qr.bounding_box()
        assert box["width"] >= 150 and box["height"] >= 150
        secret = page.locator("#totp-secret").inner_text()
        assert (
            page.locator("#totp-uri").inner_text().startswith("otpauth://totp/assess:coordinator")
        )
        page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
        page.get_by_role("button", name="Turn on").click()
        page.wait_for_url("**/account")
        assert "Your second factor is on" in page.content()
        assert blocked == []

        page.get_by_role("button", name="Sign out").click()
        page.goto("/login")
        form = page.locator("main form")
        form.locator("input[name=username]").fill("coordinator")
        form.locator("input[name=password]").fill(PASSWORD)
        form.locator("button[type=submit]").click()
        page.wait_for_url("**/login/code**")
        next_code = pyotp.TOTP(secret).at(time.time() + 30)
        page.get_by_label("Code from your authenticator app").fill(next_code)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/dashboard$"))
    finally:
        with live.session() as session:
            person = session.scalars(select(User).where(User.username == "coordinator")).one()
            person.totp_secret = person.totp_pending = person.totp_last_step = None
            session.commit()
