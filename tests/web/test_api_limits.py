"""The API's rate limits: per token, and per address for refused tokens; 429 with Retry-After,
counted in the real Redis (ASSESS_REDIS_URL) as several server processes would share them, and
in the process without it."""

from __future__ import annotations

import pytest
import redis

from assess.services.rate_limits import WINDOW_SECONDS, Limiter, LocalCounter, counter_for
from assess.web.api import LIMITER
from tests.web.api_support import PREFIX, bearer, get

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def clean_redis():
    """The test Redis database, emptied before and after (token ids restart in every test)."""
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(params=["process", "redis"])
def limited_app(request, make_app):
    settings = {"ASSESS_API_RATE": 3, "ASSESS_API_FAILURE_RATE": 2}
    if request.param == "redis":
        request.getfixturevalue("clean_redis")
        settings["ASSESS_REDIS_URL"] = REDIS_URL
    app = make_app(**settings)
    # The middle of a window, the same for every request: no test straddles two windows.
    counter = counter_for(settings.get("ASSESS_REDIS_URL"))
    app.extensions[LIMITER] = Limiter(counter, clock=lambda: WINDOW_SECONDS * 1000 + 30.0)
    return app


def test_a_token_past_its_rate_is_answered_429_with_retry_after(limited_app, db, world) -> None:
    headers = bearer(db, world["nfp-xa"])
    client = limited_app.test_client()
    statuses = [get(client, f"{PREFIX}/assessments", headers)[0] for _ in range(4)]
    refused = client.get(f"{PREFIX}/assessments", headers=headers)
    assert statuses == [200, 200, 200, 429]
    assert refused.headers["Retry-After"] == "30"
    other = bearer(db, world["nfp-xb"])
    assert get(client, f"{PREFIX}/assessments", other)[0] == 200


def test_an_address_refused_too_often_is_answered_429(limited_app, db, world) -> None:
    client = limited_app.test_client()
    bad = {"Authorization": "Bearer assess_guess"}
    statuses = [get(client, f"{PREFIX}/assessments", bad)[0] for _ in range(3)]
    assert statuses == [401, 401, 429]


def test_the_redis_counts_are_shared_by_two_applications(make_app, clean_redis, db, world):
    first = make_app(ASSESS_API_RATE=2, ASSESS_REDIS_URL=REDIS_URL)
    second = make_app(ASSESS_API_RATE=2, ASSESS_REDIS_URL=REDIS_URL)
    for app in (first, second):
        counter = counter_for(REDIS_URL)
        app.extensions[LIMITER] = Limiter(counter, clock=lambda: WINDOW_SECONDS * 1000 + 30.0)
    headers = bearer(db, world["nfp-xa"])
    statuses = [
        app.test_client().get(f"{PREFIX}/assessments", headers=headers).status_code
        for app in (first, second, first)
    ]
    assert statuses == [200, 200, 429]
    assert list(clean_redis.scan_iter("assess:rate:token:*"))


def test_a_new_window_lets_requests_through_again() -> None:
    now = [WINDOW_SECONDS * 1000 + 50.5]
    limiter = Limiter(LocalCounter(), clock=lambda: now[0])
    waits = [limiter.over("token:1", 2) for _ in range(3)]
    now[0] += 10
    assert (waits, limiter.over("token:1", 2)) == ([None, None, 10], None)


def test_without_a_redis_url_counts_stay_in_the_process() -> None:
    assert isinstance(counter_for(None), LocalCounter)


def test_while_redis_does_not_answer_the_process_counts(caplog) -> None:
    limiter = Limiter(counter_for("redis://127.0.0.1:1/0"))
    waits = [limiter.over("token:1", 1) for _ in range(2)]
    assert waits[0] is None and waits[1] is not None
    assert "Redis did not answer" in caplog.text
