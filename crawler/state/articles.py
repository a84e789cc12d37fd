"""The crawl's memory: which articles it has, so that a crawl fetches only new ones.

Its tables live in the state database (:mod:`crawler.state.database`): by default
``<data>/state.sqlite``, embedded, no server; with ``NEWSMON_DATABASE_URL``, a
PostgreSQL database that crawl workers on several machines share.  Per article
(keyed by its canonical URL) it keeps the content hash, the HTTP validators
(ETag / Last-Modified), the change time the discovery page showed (feed
``updated``, sitemap ``lastmod``, listing ``수정``), what became of it
(``done``, ``irrelevant``, ``failed``) and when it was indexed.  ``aliases``
maps other URLs of the same article -- a portal copy, a redirect source -- to
that key, so a portal copy and its outlet original are one article, not two.

A row is written only when the pipeline is finished with an article (see
:mod:`crawler.pipelines.state`): a crawl killed half-way leaves no row for
the articles it had in flight, and the next crawl fetches them again; since
the document id is derived from the same key, re-indexing them replaces,
never duplicates.

It also keeps how each discovery page (feed, sitemap, listing page, search
query) went in the last crawls -- HTTP status, final URL, article links,
consecutive failures -- so that a source whose discovery keeps failing is
reported (``newsmon crawl``'s summary, ``newsmon sources status``) instead of
being silently empty.

The alert outbox keeps its tables in the same database (its own migration
branch, ``crawler/state/migrations``).
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import text

from crawler.backoff import backoff
from crawler.state.database import Database

CLAIM_STALE_AFTER = timedelta(minutes=30)  # a claim this old belongs to a crawl that died

# A discovery page that failed (HTTP error, refused, redirected to the home page, no article
# links) in this many crawls in a row is reported as failing.
DISCOVERY_FAILING_AFTER = 3

DONE = ("done", "irrelevant")


def worker_name() -> str:
    """A name for one crawl worker, unique across hosts and processes (``host:pid:nonce``):
    the owner of its claims here and its entry in a shared frontier (crawler.frontier)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def utc(value: datetime | str | None) -> str | None:
    """A datetime (or ISO string) as a comparable UTC ISO string; naive times are KST."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone(timedelta(hours=9)))
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now() -> str:
    return utc(datetime.now(UTC))


@dataclass(frozen=True)
class Article:
    url: str
    source: str
    status: str
    fetched_url: str | None = None
    content_hash: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    lastmod: str | None = None
    first_seen: str | None = None
    fetched_at: str | None = None
    indexed_at: str | None = None
    attempts: int = 0
    retry_at: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class DiscoveryPage:
    """How one discovery page went in the last crawl that read it (table ``discovery``,
    migration ``state_0002``)."""

    url: str
    source: str
    checked_at: str
    status: int | None = None
    final_url: str | None = None
    links: int = 0
    error: str | None = None
    failures: int = 0
    last_ok: str | None = None

    @property
    def failing(self) -> bool:
        return self.failures >= DISCOVERY_FAILING_AFTER


@dataclass(frozen=True)
class Decision:
    """What the spider should do with a discovered article link."""

    fetch: bool
    reason: str  # new | changed | retry | pending | unchanged | backoff
    known: Article | None = None


class StateStore:
    def __init__(self, location: Path | str | None = None):
        """*location*: an SQLite file or a database URL; default ``NEWSMON_DATABASE_URL``, else
        ``<data>/state.sqlite``."""
        self.database = Database("state", location)
        self.database.migrate("state")

    def close(self) -> None:
        self.database.close()

    def transaction(self):
        return self.database.transaction()

    # --- articles ------------------------------------------------------------------------------

    def resolve(self, url: str) -> str:
        """The article key for *url* (itself unless it is a known alias)."""
        rows = self.database.rows("SELECT canonical FROM aliases WHERE url = :url", url=url)
        return rows[0][0] if rows else url

    def get(self, url: str, conn=None) -> Article | None:
        lock = self.database.locking() if conn is not None else ""
        sql = text("SELECT * FROM articles WHERE url = :url" + lock)
        if conn is not None:  # in a write transaction: the row stays as read until it ends
            row = conn.execute(sql, {"url": url}).first()
        else:
            with self.database.reading() as reading:
                row = reading.execute(sql, {"url": url}).first()
        return Article(**row._mapping) if row else None

    def decide(self, url: str, lastmod: str | None = None, *, at: str | None = None) -> Decision:
        """Should a discovered article be fetched?  *lastmod*: the change time discovery showed."""
        known = self.get(self.resolve(url))
        if known is None:
            return Decision(True, "new")
        if known.retry_at and known.retry_at > (at or now()):
            return Decision(False, "backoff", known)
        if known.status == "failed":
            return Decision(True, "retry", known)
        if known.status not in DONE:
            return Decision(True, "pending", known)
        seen = utc(lastmod)
        if seen and (known.lastmod is None or seen > known.lastmod):
            return Decision(True, "changed", known)
        return Decision(False, "unchanged", known)

    # --- claims: one page per article in the pipeline, across crawl processes ------------------

    def claim(self, key: str, url: str, owner: str) -> str | None:
        """Take article *key* for the page *url* while it goes through the pipeline.

        Returns None when taken, or the URL of the page already holding it (another copy
        of the same article, in this crawl process or another worker of the crawl).
        """
        at = datetime.now(UTC)
        row = {"key": key, "url": url, "owner": owner, "since": utc(at)}

        def take(conn) -> str | None:
            if conn.execute(
                text(
                    "INSERT INTO claims VALUES (:key, :url, :owner, :since) "
                    "ON CONFLICT (key) DO NOTHING"
                ),
                row,
            ).rowcount:
                return None
            held = conn.execute(
                text("SELECT url, since FROM claims WHERE key = :key" + self.database.locking()),
                row,
            ).first()
            if held is None:  # released between the two statements: take it next time round
                raise _Released
            if held.url != url and held.since > utc(at - CLAIM_STALE_AFTER):
                return held.url
            conn.execute(
                text(
                    "UPDATE claims SET url = :url, owner = :owner, since = :since WHERE key = :key"
                ),
                row,
            )
            return None

        while True:
            try:
                return self.database.retry(take)
            except _Released:
                continue

    def release(self, key: str, url: str) -> None:
        with self.transaction() as conn:
            self._release(conn, key, url)

    @staticmethod
    def _release(conn, key: str, url: str) -> None:
        conn.execute(
            text("DELETE FROM claims WHERE key = :key AND url = :url"), {"key": key, "url": url}
        )

    def release_all(self, owner: str) -> None:
        with self.transaction() as conn:
            conn.execute(text("DELETE FROM claims WHERE owner = :owner"), {"owner": owner})

    def record(
        self,
        url: str,
        *,
        source: str,
        status: str,
        lastmod: str | None = None,
        aliases: Iterable[str] = (),
        release: str | None = None,
        **fields,
    ) -> None:
        """Insert or update the article's row; *lastmod* only ever moves forward.  In the same
        transaction (one write, not three, per article of a crawl): the *aliases* (other URLs
        of the article) and, given the page URL *release*, the end of the page's claim."""
        fields = {k: v for k, v in fields.items() if k in Article.__dataclass_fields__}
        fields["lastmod"] = utc(lastmod)
        columns = {"source": source, "status": status, **fields}
        aliases = [a for a in aliases if a != url]

        def work(conn) -> None:
            self._record(conn, url, columns)
            for alias in aliases:
                self._alias(conn, alias, url)
            if release:
                self._release(conn, url, release)

        self.database.retry(work)

    def _record(self, conn, url: str, columns: dict) -> None:
        known = self.get(url, conn)
        if known is None:
            new = {**columns, "url": url, "first_seen": now()}
            conn.execute(
                text(
                    f"INSERT INTO articles ({', '.join(new)}) "
                    f"VALUES ({', '.join(':' + name for name in new)})"
                ),
                new,
            )
            return  # another worker inserting it at the same time: retried, then an update
        if columns["lastmod"] is None or (known.lastmod and known.lastmod > columns["lastmod"]):
            columns = {**columns, "lastmod": known.lastmod}
        sets = ", ".join(f"{name} = :{name}" for name in columns)
        conn.execute(text(f"UPDATE articles SET {sets} WHERE url = :url"), {**columns, "url": url})

    def record_failure(
        self,
        url: str,
        *,
        source: str,
        error: str,
        retry_after: float,
        max_retry_after: float,
        min_wait: float = 0,
        lastmod: str | None = None,
        fetched_url: str | None = None,
    ) -> Article:
        """A failed attempt: wait ``retry_after`` seconds, doubling per consecutive failure
        up to ``max_retry_after``, and at least ``min_wait`` (a server's Retry-After).

        An article that was done before stays done (its indexed copy is still
        good); only its retry bookkeeping changes.
        """
        known = self.get(url)  # one worker per article at a time: it holds the article's claim
        attempts = (known.attempts if known else 0) + 1
        wait = max(min_wait, backoff(attempts, retry_after, max_retry_after))
        retry_at = utc(datetime.now(UTC) + timedelta(seconds=wait))
        status = known.status if known and known.status in DONE else "failed"
        self.record(
            url,
            source=source,
            status=status,
            attempts=attempts,
            retry_at=retry_at,
            error=error[:500],
            lastmod=None if status in DONE else lastmod,
            fetched_url=fetched_url or (known.fetched_url if known else None),
        )
        return self.get(url)

    def alias(self, url: str, canonical: str) -> None:
        if url != canonical:
            with self.transaction() as conn:
                self._alias(conn, url, canonical)

    @staticmethod
    def _alias(conn, url: str, canonical: str) -> None:
        conn.execute(
            text(
                "INSERT INTO aliases VALUES (:url, :canonical) ON CONFLICT (url) "
                "DO UPDATE SET canonical = excluded.canonical"
            ),
            {"url": url, "canonical": canonical},
        )

    def mark_indexed(
        self, url: str, content_hash: str | None = None, at: str | None = None
    ) -> bool:
        """Record Elasticsearch's ack later (a sink that confirms late, e.g. a spool replay)."""
        query = "UPDATE articles SET indexed_at = :at WHERE url = :url"
        if content_hash:
            query += " AND content_hash = :hash"
        with self.transaction() as conn:
            done = conn.execute(text(query), {"at": at or now(), "url": url, "hash": content_hash})
            return done.rowcount > 0

    # --- discovery pages: did they give article links, crawl after crawl ---------------------

    def record_discovery(
        self,
        url: str,
        *,
        source: str,
        status: int | None,
        final_url: str | None,
        links: int,
        error: str | None = None,
    ) -> DiscoveryPage:
        """One crawl's outcome for discovery page *url*: *error* None means it worked."""
        at = now()
        self.database.retry(
            lambda conn: conn.execute(
                text(
                    """INSERT INTO discovery (url, source, checked_at, status, final_url, links, error,
                                      failures, last_ok)
               VALUES (:url, :source, :at, :status, :final_url, :links, :error, :failures,
                       :last_ok)
               ON CONFLICT (url) DO UPDATE SET
                 source = excluded.source, checked_at = excluded.checked_at,
                 status = excluded.status, final_url = excluded.final_url,
                 links = excluded.links, error = excluded.error,
                 failures = CASE WHEN excluded.error IS NULL THEN 0
                                 ELSE discovery.failures + 1 END,
                 last_ok = COALESCE(excluded.last_ok, discovery.last_ok)"""
                ),
                {
                    "url": url,
                    "source": source,
                    "at": at,
                    "status": status,
                    "final_url": final_url,
                    "links": links,
                    "error": error,
                    "failures": 0 if error is None else 1,
                    "last_ok": at if error is None else None,
                },
            )
        )
        return self.discovery_page(url)

    def discovery_page(self, url: str) -> DiscoveryPage | None:
        rows = self.database.rows("SELECT * FROM discovery WHERE url = :url", url=url)
        return DiscoveryPage(**rows[0]._mapping) if rows else None

    def discovery_pages(self, sources: list[str] | None = None) -> list[DiscoveryPage]:
        """Every discovery page known (of *sources*, when given), by source and URL."""
        rows = self.database.rows("SELECT * FROM discovery ORDER BY source, url")
        pages = [DiscoveryPage(**row._mapping) for row in rows]
        return [p for p in pages if sources is None or p.source in sources]

    def counts(self) -> dict[str, dict[str, int]]:
        """{source: {status: n}} over the whole store."""
        out: dict[str, dict[str, int]] = {}
        for source, status, n in self.database.rows(
            "SELECT source, status, COUNT(*) FROM articles GROUP BY source, status"
        ):
            out.setdefault(source, {})[status] = n
        return out


_stores: dict[int, StateStore] = {}


def for_crawler(crawler) -> StateStore:
    """The crawl's store (``NEWSMON_STATE_PATH``, default the state database), shared by the
    spider and the pipeline stages, closed when the spider closes."""
    store = _stores.get(id(crawler))
    if store is None:
        store = _stores[id(crawler)] = StateStore(
            crawler.settings.get("NEWSMON_STATE_PATH") or None
        )

        def close(**_):
            _stores.pop(id(crawler), None)
            store.close()

        from scrapy import signals

        crawler.signals.connect(close, signal=signals.spider_closed, weak=False)
    return store


class _Released(Exception):
    """A claim vanished between looking and locking; take it on the next round."""
