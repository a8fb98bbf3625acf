"""The API's list endpoints under load beside the area page, in the same run: gunicorn (2 workers)
on 127.0.0.1, 8 clients, SQLite; rate-limit counts in the real Redis when it answers.

Every API request is authenticated by its token, counted in Redis, and audited (an UPDATE and an
INSERT), so the figure includes what each use costs."""

from __future__ import annotations

import redis
from sqlalchemy import select

from assess.extensions import Database
from assess.models import User
from assess.services import tokens
from bench.bench_web import LOAD_CLIENTS, LOAD_REQUESTS, figures, in_process_app, prepared
from bench.http_load import Client, gunicorn, load

REDIS_URL = "redis://127.0.0.1:6379/14"


def _token(env: dict[str, str]) -> str:
    """A read token of nfp-xa's, made in the prepared database."""
    app = in_process_app(env)
    with Database.factory(app)() as session:
        user = session.scalar(select(User).where(User.username == "nfp-xa"))
        _made, secret = tokens.create(session, user, "bench", 30)
    app.extensions["assess.engine"].dispose()
    return secret


def _redis() -> str | None:
    """The bench's Redis database, emptied; None when no Redis answers."""
    try:
        client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
        client.flushdb()
        client.close()
    except redis.RedisError:
        return None
    return REDIS_URL


def run() -> list[tuple[str, str]]:
    per_client = LOAD_REQUESTS // LOAD_CLIENTS
    with prepared() as setup:
        secret = _token(setup.env)
        redis_url = _redis()
        env = {**setup.env, "ASSESS_API_RATE": "1000000"}
        if redis_url:
            env["ASSESS_REDIS_URL"] = redis_url
        bearer = {"Authorization": f"Bearer {secret}"}
        assessment_id = setup.assessment.rsplit("/", 1)[1]
        answers = f"/api/v1/assessments/{assessment_id}/answers?limit=50"

        def api(path: str):
            def call(client: Client, _turn: int) -> None:
                status, body = client.request("GET", path, **bearer)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}: {body[:200]!r}")

            return call

        with gunicorn("assess.wsgi:app", env) as port:
            pages = [Client(port).sign_in("nfp-xa") for _ in range(LOAD_CLIENTS)]
            area = load(
                pages, lambda c, _t: c.request("GET", f"{setup.assessment}/areas/area"), per_client
            )
            callers = [Client(port) for _ in range(LOAD_CLIENTS)]
            listing = load(callers, api("/api/v1/assessments"), per_client)
            answer_list = load(callers, api(answers), per_client)
    counts = "Redis" if redis_url else "in-process counts (no Redis)"
    label = f"{LOAD_CLIENTS} clients, SQLite, {counts}"
    return [
        *figures(f"gunicorn area page (40 questions), {label}", *area),
        *figures(f"gunicorn GET /api/v1/assessments, {label}", *listing),
        *figures(f"gunicorn GET /api/v1/assessments/<id>/answers (40), {label}", *answer_list),
    ]
