"""How many API requests a token (or, for refused tokens, an address) may make per window.

Counts live in Redis when ASSESS_REDIS_URL is set, so every worker process shares them; in the
process otherwise (one server process, tests). A fixed window: simple, and one round trip.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

logger = logging.getLogger(__name__)
WINDOW_SECONDS = 60
KEY_PREFIX = "assess:rate:"


class Counter(Protocol):
    def hit(self, key: str, expires: int) -> int:
        """Count one more request under `key` (forgotten after `expires` seconds); the count."""


@dataclass
class LocalCounter:
    """Counts in this process, for a single server process and for tests without Redis."""

    counts: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, key: str, expires: int) -> int:
        with self.lock:
            window = key.rsplit(":", 1)[1]
            # Windows that have passed are dropped as new ones start: the dict stays small.
            for stale in [k for k in self.counts if not k.endswith(":" + window)]:
                del self.counts[stale]
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key]


@dataclass
class RedisCounter:
    """Counts in Redis: INCR and EXPIRE in one round trip. While Redis does not answer, this
    process counts alone (the limit still holds per process; the API never fails for it)."""

    client: Any
    fallback: LocalCounter = field(default_factory=LocalCounter)

    def hit(self, key: str, expires: int) -> int:
        import redis

        try:
            pipe = self.client.pipeline(transaction=True)
            pipe.incr(key)
            pipe.expire(key, expires)
            count, _set = pipe.execute()
        except redis.RedisError:
            logger.warning("Redis did not answer: API rate limits counted in this process")
            return self.fallback.hit(key, expires)
        return int(count)


def counter_for(redis_url: str | None) -> Counter:
    """Redis's counter when a URL is set, the process's otherwise."""
    if not redis_url:
        return LocalCounter()
    import redis

    return RedisCounter(redis.Redis.from_url(redis_url, socket_timeout=2))


@dataclass
class Limiter:
    """At most `limit` requests per key in each window of WINDOW_SECONDS."""

    counter: Counter
    clock: Callable[[], float] = time.time

    def over(self, key: str, limit: int) -> int | None:
        """Count a request under `key`; None while within `limit`, else the seconds to wait."""
        now = self.clock()
        window = int(now // WINDOW_SECONDS)
        count = self.counter.hit(f"{KEY_PREFIX}{key}:{window}", WINDOW_SECONDS * 2)
        if count <= limit:
            return None
        return max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
