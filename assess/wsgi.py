"""The WSGI application for servers: `gunicorn assess.wsgi:app`."""

from __future__ import annotations

from assess import create_app

app = create_app()
