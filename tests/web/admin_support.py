"""Helpers of the administration tests: a signed-in client per user, and reading pages."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

ONE_TIME = re.compile(r'<code id="one-time-password">([^<]+)</code>')


def client_of(app: Flask, username: str, password: str = "assess-demo") -> FlaskClient:
    """A test client signed in as `username`."""
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, f"{username} could not sign in"
    return client


def one_time_password(page: str) -> str:
    """The generated password a page shows once."""
    found = ONE_TIME.search(page)
    assert found, "the page shows no generated password"
    return found.group(1)
