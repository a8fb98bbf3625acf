"""Fixtures of the web tests alone (the database, application, client and signing in are in
tests/database.py)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from assess.models import User
from tests.web.fill_support import open_draft


@pytest.fixture
def assessment(db: Session, world: dict[str, User]) -> int:
    """XA's draft round of fill-test 1.0, for modules whose APP_SETTINGS is FILL_APP."""
    return open_draft(db, world["admin"])
