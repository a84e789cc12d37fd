"""Helpers of the scheduler tests: job definitions and waiting on conditions."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FAST = [
    "AUTOTHROTTLE_ENABLED=0",
    "DOWNLOAD_DELAY=0",
    "TELNETCONSOLE_ENABLED=0",
    "LOGSTATS_INTERVAL=0",
    "NEWSMON_ANALYZE=0",
]


def quick_job(job_id: str = "quick", when: str = "interval: {hours: 1}") -> str:
    """One article of the demo mirror: a crawl of a few seconds."""
    return (
        f"  - id: {job_id}\n    sources: [newdaily]\n    {when}\n"
        f"    mirror: {REPO / 'seeds' / 'mirror'}\n    settings: {FAST}\n"
    )


def hung_job(
    blackhole: str, job_id: str = "hung", when: str = "interval: {seconds: 1}", extra: str = ""
) -> str:
    """A crawl whose every request hangs (the site accepts the connection, never answers)."""
    return (
        f"  - id: {job_id}\n    sources: [newdaily]\n    {when}\n    mirror: {blackhole}\n"
        f"    settings: {FAST + ['DOWNLOAD_TIMEOUT=600', 'RETRY_ENABLED=0']}\n{extra}"
    )


def wait_for(condition: Callable[[], object], what: str, timeout: float = 120) -> object:
    """Poll *condition* until it is true; a generous timeout only turns a hang into a failure."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")
