"""The crawl's memory: which articles it has, so that a crawl fetches only new ones.

One SQLite file in the data directory (``<data>/state.sqlite``, WAL mode),
embedded, no server.  Per article (keyed by its canonical URL) it keeps the
content hash, the HTTP validators (ETag / Last-Modified), the change time the
discovery page showed (feed ``updated``, sitemap ``lastmod``, listing
``수정``), what became of it (``done``, ``irrelevant``, ``failed``) and when it
was indexed.  ``aliases`` maps other URLs of the same article -- a portal
copy, a redirect source -- to that key, so a portal copy and its outlet
original are one article, not two.

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

Other modules keep their own tables in the same file: they call
:meth:`StateStore.migrate` with their component name and numbered DDL steps
(alerts outbox, story signatures, ...) and use :attr:`StateStore.db`.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from crawler import paths

UTC = UTC

_ARTICLES = [
    (
        1,
        [
            """CREATE TABLE articles (
            url TEXT PRIMARY KEY,  -- canonical URL: the article's key, source of the document id
            source TEXT NOT NULL,  -- source id whose profile handled it
            fetched_url TEXT,      -- the URL fetched (a portal copy, after redirects)
            status TEXT NOT NULL,  -- done | irrelevant | failed
            content_hash TEXT,
            etag TEXT,
            last_modified TEXT,    -- HTTP Last-Modified, verbatim (for If-Modified-Since)
            lastmod TEXT,          -- newest change time seen (discovery or page), UTC ISO
            first_seen TEXT NOT NULL,
            fetched_at TEXT,
            indexed_at TEXT,       -- only when the index sink reported Elasticsearch's ack
            attempts INTEGER NOT NULL DEFAULT 0,  -- consecutive failures
            retry_at TEXT,         -- failed: not before this time
            error TEXT
        )""",
            """CREATE TABLE aliases (
            url TEXT PRIMARY KEY,  -- another URL of the article (portal copy, redirect)
            canonical TEXT NOT NULL  -- articles.url
        )""",
            "CREATE INDEX articles_source ON articles(source, status)",
        ],
    ),
]

_CLAIMS = [
    (
        1,
        [
            """CREATE TABLE claims (
            key TEXT PRIMARY KEY,  -- articles.url of an article in the pipeline right now
            url TEXT NOT NULL,     -- the page of it being processed
            owner TEXT NOT NULL,   -- the crawl process (host:pid:nonce) processing it
            since TEXT NOT NULL
        )""",
        ],
    ),
]
CLAIM_STALE_AFTER = timedelta(minutes=30)  # a claim this old belongs to a crawl that died

_DISCOVERY = [
    (
        1,
        [
            """CREATE TABLE discovery (
            url TEXT PRIMARY KEY,  -- a discovery page as configured (feed, sitemap, listing, search)
            source TEXT NOT NULL,
            checked_at TEXT NOT NULL,  -- the last crawl that read it
            status INTEGER,        -- HTTP status of the last attempt (null: no response)
            final_url TEXT,        -- where the last attempt ended, after redirects
            links INTEGER NOT NULL DEFAULT 0,  -- article links it gave last time
            error TEXT,            -- why the last attempt failed; null when it worked
            failures INTEGER NOT NULL DEFAULT 0,  -- consecutive crawls in which it failed
            last_ok TEXT           -- when it last worked
        )""",
            "CREATE INDEX discovery_source ON discovery(source)",
        ],
    ),
]
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
    """How one discovery page went in the last crawl that read it (see ``_DISCOVERY``)."""

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
    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else paths.data_dir() / "state.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA busy_timeout=10000")  # first: crawl workers share the file
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS schema_versions "
            "(component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
        )
        self.migrate("articles", _ARTICLES)
        self.migrate("claims", _CLAIMS)
        self.migrate("discovery", _DISCOVERY)

    def close(self) -> None:
        self.db.close()

    def migrate(self, component: str, steps: list[tuple[int, list[str]]]) -> None:
        """Apply *component*'s numbered DDL steps it has not had yet, each in one transaction
        (which re-reads the version: crawl workers may open a new store at the same time)."""
        for version, statements in sorted(steps):
            if version <= self._version(component):
                continue
            with self.transaction():
                if version <= self._version(component):
                    continue
                for statement in statements:
                    self.db.execute(statement)
                self.db.execute(
                    "INSERT OR REPLACE INTO schema_versions VALUES (?, ?)", (component, version)
                )

    def _version(self, component: str) -> int:
        row = self.db.execute(
            "SELECT version FROM schema_versions WHERE component = ?", (component,)
        ).fetchone()
        return row[0] if row else 0

    def transaction(self):
        return _Transaction(self.db)

    # --- articles ------------------------------------------------------------------------------

    def resolve(self, url: str) -> str:
        """The article key for *url* (itself unless it is a known alias)."""
        row = self.db.execute("SELECT canonical FROM aliases WHERE url = ?", (url,)).fetchone()
        return row[0] if row else url

    def get(self, url: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE url = ?", (url,)).fetchone()
        return Article(**dict(row)) if row else None

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
        with self.transaction():
            row = self.db.execute("SELECT url, since FROM claims WHERE key = ?", (key,)).fetchone()
            if row and row["url"] != url and row["since"] > utc(at - CLAIM_STALE_AFTER):
                return row["url"]
            self.db.execute(
                "INSERT OR REPLACE INTO claims VALUES (?, ?, ?, ?)", (key, url, owner, utc(at))
            )
        return None

    def release(self, key: str, url: str) -> None:
        self.db.execute("DELETE FROM claims WHERE key = ? AND url = ?", (key, url))

    def release_all(self, owner: str) -> None:
        self.db.execute("DELETE FROM claims WHERE owner = ?", (owner,))

    def record(
        self, url: str, *, source: str, status: str, lastmod: str | None = None, **fields
    ) -> None:
        """Insert or update the article's row; *lastmod* only ever moves forward."""
        fields = {k: v for k, v in fields.items() if k in Article.__dataclass_fields__}
        fields["lastmod"] = utc(lastmod)
        at = now()
        columns = {"source": source, "status": status, **fields}
        known = self.get(url)
        if known is None:
            new = {**columns, "url": url, "first_seen": at}
            inserted = self.db.execute(
                f"INSERT INTO articles ({', '.join(new)}) VALUES ({', '.join('?' * len(new))}) "
                "ON CONFLICT(url) DO NOTHING",
                tuple(new.values()),
            ).rowcount
            if inserted:
                return
            known = self.get(url)  # another crawl worker recorded it just now
        if columns["lastmod"] is None or (known.lastmod and known.lastmod > columns["lastmod"]):
            columns["lastmod"] = known.lastmod
        sets = ", ".join(f"{name} = ?" for name in columns)
        self.db.execute(f"UPDATE articles SET {sets} WHERE url = ?", (*columns.values(), url))

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
        known = self.get(url)
        attempts = (known.attempts if known else 0) + 1
        wait = max(min_wait, min(retry_after * 2 ** (attempts - 1), max_retry_after))
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
            self.db.execute("INSERT OR REPLACE INTO aliases VALUES (?, ?)", (url, canonical))

    def mark_indexed(
        self, url: str, content_hash: str | None = None, at: str | None = None
    ) -> bool:
        """Record Elasticsearch's ack later (a sink that confirms late, e.g. a spool replay)."""
        query = "UPDATE articles SET indexed_at = ? WHERE url = ?"
        args: tuple = (at or now(), url)
        if content_hash:
            query += " AND content_hash = ?"
            args += (content_hash,)
        return self.db.execute(query, args).rowcount > 0

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
        self.db.execute(
            """INSERT INTO discovery (url, source, checked_at, status, final_url, links, error,
                                      failures, last_ok)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(url) DO UPDATE SET
                 source = excluded.source, checked_at = excluded.checked_at,
                 status = excluded.status, final_url = excluded.final_url,
                 links = excluded.links, error = excluded.error,
                 failures = CASE WHEN excluded.error IS NULL THEN 0 ELSE failures + 1 END,
                 last_ok = COALESCE(excluded.last_ok, last_ok)""",
            (url, source, at, status, final_url, links, error,
             0 if error is None else 1, at if error is None else None),
        )
        return self.discovery_page(url)

    def discovery_page(self, url: str) -> DiscoveryPage | None:
        row = self.db.execute("SELECT * FROM discovery WHERE url = ?", (url,)).fetchone()
        return DiscoveryPage(**dict(row)) if row else None

    def discovery_pages(self, sources: list[str] | None = None) -> list[DiscoveryPage]:
        """Every discovery page known (of *sources*, when given), by source and URL."""
        rows = self.db.execute("SELECT * FROM discovery ORDER BY source, url").fetchall()
        pages = [DiscoveryPage(**dict(row)) for row in rows]
        return [p for p in pages if sources is None or p.source in sources]

    def counts(self) -> dict[str, dict[str, int]]:
        """{source: {status: n}} over the whole store."""
        out: dict[str, dict[str, int]] = {}
        for source, status, n in self.db.execute(
            "SELECT source, status, COUNT(*) FROM articles GROUP BY source, status"
        ):
            out.setdefault(source, {})[status] = n
        return out


_stores: dict[int, StateStore] = {}


def for_crawler(crawler) -> StateStore:
    """The crawl's store (``NEWSMON_STATE_PATH``, default ``<data>/state.sqlite``), shared by the
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


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, *_):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
        return False
