"""How long to wait before trying again: one schedule for everything newsmon retries.

Pages (Scrapy's retries), articles that failed (the state store), bulk writes
to Elasticsearch (the sink) and alert messages (the outbox) all back off the
same way: a first wait, doubled after each failed attempt, up to a cap.  Each
caller configures the first wait and the cap; a server's ``Retry-After`` may
ask for longer, which the caller honours on top.
"""

from __future__ import annotations


def backoff(attempt: int, first: float, cap: float) -> float:
    """Seconds to wait after failed attempt number *attempt* (1 = the first failure):
    *first*, doubled per further attempt, at most *cap*."""
    return min(first * 2 ** (attempt - 1), cap)
