"""Per-source crawl accounting and the summary a crawl ends with.

Counters live in Scrapy's stats collector under ``newsmon/<source>/<name>``:
the spider counts what it decides about links, the state stage counts what
became of each article, :class:`CrawlSummary` counts pages fetched.  At the
end the extension logs the table and, with ``NEWSMON_SUMMARY_FILE`` set,
writes it as JSON (``newsmon crawl`` prints it from the same stats).
"""

from __future__ import annotations

import json
import logging
import resource
import time
from pathlib import Path

from scrapy import signals
from scrapy.utils.httpobj import urlparse_cached

from crawler import paths
from crawler.enrich_pool import PROCESSES, worker_usage

logger = logging.getLogger(__name__)

PREFIX = "newsmon/"
NO_WORKERS = {"peak_rss_bytes": 0, "cpu_seconds": 0.0}
SPOOLED = "newsmon_index/spooled"  # documents the crawl left in the spool (Elasticsearch down)
# Columns of the summary, in order.
ARTICLE_OUTCOMES = ("new", "updated", "unchanged", "irrelevant", "failed", "no_article")
COLUMNS = (
    "pages",
    *ARTICLE_OUTCOMES,
    "blocked",
    "skipped",
    "deferred",
    "discovery_failed",
    "truncated",
)
HEADINGS = {
    "pages": "pages",
    "no_article": "no article",
    "skipped": "not followed",
    "deferred": "retry later",
    "discovery_failed": "discovery failed",
}


def count(stats, source: str, name: str, n: int = 1) -> None:
    stats.inc_value(f"{PREFIX}{source}/{name}", n)


def summary(all_stats: dict) -> dict[str, dict[str, int]]:
    """{source: {counter: n}} from a stats dict, every column present, plus a "total" row."""
    table: dict[str, dict[str, int]] = {}
    for key, value in all_stats.items():
        if key.startswith(PREFIX) and key.count("/") == 2:
            _, source, name = key.split("/")
            table.setdefault(source, dict.fromkeys(COLUMNS, 0))[name] = value
    total = dict.fromkeys(COLUMNS, 0)
    for row in table.values():
        for name, value in row.items():
            total[name] = total.get(name, 0) + value
    return {**dict(sorted(table.items())), "total": total}


def spooled_note(spooled: int) -> str | None:
    """The line a crawl ends with when documents wait in the spool: how many, and what next."""
    if not spooled:
        return None
    return (
        f"Elasticsearch did not take {spooled} document(s): they are safe in "
        f"{paths.data_dir() / 'spool'} and go in at the next crawl or with "
        f"`newsmon index replay`"
    )


def format_summary(table: dict[str, dict[str, int]]) -> str:
    headings = [HEADINGS.get(c, c) for c in COLUMNS]
    width = max([len("source"), *map(len, table)])
    lines = ["  ".join(["source".ljust(width), *headings])]
    for source, row in table.items():
        lines.append(
            "  ".join(
                [
                    source.ljust(width),
                    *(
                        str(row.get(c, 0)).rjust(len(h))
                        for c, h in zip(COLUMNS, headings, strict=True)
                    ),
                ]
            )
        )
    return "\n".join(lines)


def peak_rss(usage) -> int:
    """This process's peak resident memory in bytes: Linux's high-water mark of its own memory
    (``ru_maxrss`` also counts the process that started it, when that one was bigger)."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) * 1024  # kB
    except (OSError, IndexError, ValueError):
        return usage.ru_maxrss * 1024  # Linux: KiB


class CrawlSummary:
    """Extension: counts pages fetched per source; logs and saves the summary at the end."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.path = crawler.settings.get("NEWSMON_SUMMARY_FILE")
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def response_received(self, response, request, **_):
        source = request.meta.get("source")
        if not source:  # robots.txt: counted for the source of its host
            catalog = getattr(self.crawler.spider, "catalog", None)
            owner = catalog.for_host(urlparse_cached(request).hostname or "") if catalog else None
            source = owner.id if owner else "(other)"
        count(self.crawler.stats, source, "pages")

    def spider_opened(self, **_):
        self.started = time.monotonic()

    def spider_closed(self, reason, **_):
        table = summary(self.crawler.stats.get_stats())
        logger.info("crawl finished (%s):\n%s", reason, format_summary(table))
        if self.path:
            # This process, and the extraction/analysis workers if it had any (as they were
            # when crawler.enrich_pool.PoolExtension stopped them, before this runs).
            own = resource.getrusage(resource.RUSAGE_SELF)
            workers = worker_usage() if self.crawler.stats.get_value(PROCESSES) else NO_WORKERS
            Path(self.path).write_text(
                json.dumps(
                    {
                        "reason": reason,
                        "seconds": round(time.monotonic() - self.started, 3),
                        "peak_rss_bytes": peak_rss(own),
                        "cpu_seconds": round(own.ru_utime + own.ru_stime, 1),
                        "pool_peak_rss_bytes": workers["peak_rss_bytes"],  # the largest one's
                        "pool_cpu_seconds": round(workers["cpu_seconds"], 1),
                        "sources": table,
                        "spooled": self.crawler.stats.get_value(SPOOLED, 0),
                    },
                    ensure_ascii=False,
                    indent=1,
                ),
                encoding="utf-8",
            )
