"""The Elasticsearch bulk sink: batches documents, never drops one.

Each article is one document whose ``_id`` is the hash of its canonical URL,
so crawling it again can never create a second copy.  Before writing, the sink
reads the stored copies of the batch (one ``mget``): an unchanged article
(same content hash) is not rewritten, a changed one replaces the old copy with
``version`` + 1 and the original ``first_seen``.  Writes are conditional on the
copy that was read (``if_seq_no``/``if_primary_term``, ``create`` for new ones),
so two crawlers updating the same article cannot lose an update: the loser
re-reads and tries again.  No script is needed, so this works on clusters
without painless, like the embedded node.

The sink writes only through the alias (``require_alias``) and, given the
settings, sets up template, versioned index and alias before its first write
(:func:`crawler.elastic.index_setup.setup`): a write to a missing alias would make
Elasticsearch invent a plain index of that name with guessed mappings.

Failures: 429/5xx and connection errors are retried with exponential backoff
(by the sink alone: the client does not retry the sink's requests again);
when the cluster stays unavailable the remaining documents go to the on-disk
spool (replayed later); a document Elasticsearch refuses (mapping error) goes
to the dead-letter file with the reason and does not hold up its batch.  An
index that cannot be set up (another index squatting the alias's name) keeps
the documents in the spool until ``newsmon index repair``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from elasticsearch import ApiError, Elasticsearch, TransportError

from crawler.backoff import backoff
from crawler.config import ElasticsearchSettings
from crawler.elastic.index_setup import SetupError, crawled_later, setup
from crawler.elastic.spool import DeadLetters, Spool
from enrich.stories import document_id  # one id for the index and the story clusters

log = logging.getLogger(__name__)

RETRYABLE = {429, 500, 502, 503, 504}


def _key(doc: dict) -> str:
    return doc.get("canonical_url") or doc["url"]


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Outcome:
    """What happened to one document: created, updated, unchanged, stale, spooled, dead_letter."""

    doc_id: str
    key: str  # the canonical URL the id derives from (the state store's key)
    status: str
    version: int | None = None
    reason: str | None = None

    @property
    def stored(self) -> bool:
        """The document is safe: in the index, or durably spooled for later."""
        return self.status != "dead_letter"


class BulkSink:
    def __init__(
        self,
        client: Elasticsearch,
        index: str,
        spool: Spool,
        dead_letters: DeadLetters,
        *,
        batch_size: int = 500,
        max_wait: float = 5.0,
        max_retries: int = 5,
        backoff: float = 0.5,
        refresh: bool | str = False,
        sleep: Callable[[float], None] = time.sleep,
        settings: ElasticsearchSettings | None = None,
        prepare: Callable[[dict[str, dict]], None] | None = None,
    ):
        self.client, self.index = client, index
        # With settings, the index is set up before the first write (and again after an
        # index_not_found); without, the caller has set it up.
        self.settings, self._index_ready = settings, settings is None
        self.spool, self.dead_letters = spool, dead_letters
        self.batch_size, self.max_wait = batch_size, max_wait
        self.max_retries, self.backoff, self.refresh = max_retries, backoff, refresh
        self.sleep = sleep
        self.prepare = prepare  # last changes to a batch as it goes out (current story ids)
        self._pending: dict[str, dict] = {}
        self._first_pending_at: float | None = None
        # add() runs on the crawler's thread and must never wait for the network, so the
        # buffer has its own lock; sending (in a worker thread) is serialised by another.
        self._buffer_lock = threading.Lock()
        self._send_lock = threading.Lock()

    @classmethod
    def from_settings(
        cls, client: Elasticsearch, settings: ElasticsearchSettings, data_dir: Path, **overrides
    ) -> BulkSink:
        """The sink writing through the configured alias, spooling into the data directory."""
        bulk = settings.bulk
        options = {
            "batch_size": bulk.batch_size,
            "max_wait": bulk.max_wait,
            "max_retries": bulk.max_retries,
            "backoff": bulk.backoff,
        } | overrides
        return cls(
            client,
            settings.alias,
            Spool(data_dir / "spool"),
            DeadLetters(data_dir / "dead-letters.jsonl"),
            settings=settings,
            **options,
        )

    @property
    def _once(self) -> Elasticsearch:
        """The client for the sink's own requests, which go out once each: the loop in
        :meth:`_send` is the one retry (it also re-reads after a conflict, sets the index up
        again and spools in the end), and the client's retries would multiply its attempts."""
        return self.client.options(max_retries=0)

    def ensure_index(self) -> None:
        """Template, versioned index and alias in place (once per sink): raises the
        connection error, or :class:`~crawler.elastic.index_setup.SetupError`."""
        if not self._index_ready:
            setup(self._once, self.settings)
            self._index_ready = True

    # -- batching -----------------------------------------------------------
    def add(self, doc: dict) -> bool:
        """Queue a document; returns True when a flush is due."""
        with self._buffer_lock:
            self._pending[document_id(doc)] = doc  # the newest copy of a URL wins
            if self._first_pending_at is None:
                self._first_pending_at = time.monotonic()
        return self.due()

    def due(self) -> bool:
        return len(self._pending) >= self.batch_size or (
            self._first_pending_at is not None
            and time.monotonic() - self._first_pending_at >= self.max_wait
        )

    def flush(self) -> list[Outcome]:
        with self._buffer_lock:
            docs, self._pending, self._first_pending_at = self._pending, {}, None
        if not docs:
            return []
        with self._send_lock:
            outcomes, leftover = self._send(docs)
            if leftover:
                self.spool.put(list(leftover.values()))
                log.warning(
                    "Elasticsearch unavailable: %d document(s) spooled to %s",
                    len(leftover),
                    self.spool.directory,
                )
                outcomes += [Outcome(i, _key(d), "spooled") for i, d in leftover.items()]
            return outcomes

    def close(self) -> list[Outcome]:
        return self.flush()

    def replay(self) -> list[Outcome]:
        """Send spooled documents again, oldest segment first; stop at the first failure."""
        outcomes: list[Outcome] = []
        for segment in self.spool.segments():
            docs = {document_id(d): d for d in self.spool.read(segment)}
            with self._send_lock:
                sent, leftover = self._send(docs)
            outcomes += sent
            if leftover:  # still down: the segment stays for the next attempt
                log.warning(
                    "replay stopped: Elasticsearch still unavailable (%d spooled segment(s) left)",
                    len(self.spool.segments()),
                )
                break
            self.spool.remove(segment)
        return outcomes

    # -- one batch ------------------------------------------------------------
    def _send(self, docs: dict[str, dict]) -> tuple[list[Outcome], dict[str, dict]]:
        """Write a batch; returns the outcomes and the documents still unwritten."""
        outcomes: list[Outcome] = []
        if self.client is None:  # no cluster configured at all
            return outcomes, dict(docs)
        if self.prepare is not None:
            self.prepare(docs)
        todo, attempt = dict(docs), 0
        while todo:
            if attempt:
                if attempt > self.max_retries:
                    return outcomes, todo
                self.sleep(backoff(attempt, self.backoff, 30))
            attempt += 1
            try:
                self.ensure_index()
                stored = self._stored(todo)
                operations, written = self._operations(todo, stored, outcomes)
                if not operations:
                    return outcomes, {}
                response = self._once.bulk(
                    operations=operations, refresh=self.refresh, require_alias=True
                )
            except SetupError as exc:  # not fixable by retrying: the spool keeps them
                log.error("not writing to Elasticsearch: %s", exc)
                return outcomes, todo
            except (TransportError, ApiError) as exc:
                if isinstance(exc, ApiError) and exc.meta.status not in RETRYABLE:
                    # e.g. 401/403 or a missing index: retrying will not help, spooling keeps
                    # the documents until the cluster is fixed
                    log.error("Elasticsearch refused the batch: %s", exc)
                    return outcomes, todo
                log.info("bulk attempt %d failed (%s); retrying", attempt, exc)
                continue
            todo = {}
            for item in response["items"]:
                result = next(iter(item.values()))
                doc_id, status = result["_id"], result["status"]
                doc, version = written[doc_id]
                if status < 300:
                    outcomes.append(
                        Outcome(
                            doc_id, _key(doc), "created" if version == 1 else "updated", version
                        )
                    )
                elif status == 409 or status in RETRYABLE:  # a concurrent writer, or overload
                    todo[doc_id] = doc
                elif result["error"]["type"] == "index_not_found_exception":  # alias gone
                    self._index_ready = self.settings is None  # set it up again, if we can
                    todo[doc_id] = doc
                else:
                    reason = f"{result['error']['type']}: {result['error'].get('reason')}"
                    self.dead_letters.add(doc, reason)
                    log.error("document %s refused by Elasticsearch: %s", doc["url"], reason)
                    outcomes.append(Outcome(doc_id, _key(doc), "dead_letter", reason=reason))
        return outcomes, {}

    def _stored(self, todo: dict[str, dict]) -> dict[str, dict]:
        """The stored copies (version, first_seen, content_hash, seq_no) of a batch."""
        response = self._once.mget(
            index=self.index,
            ids=list(todo),
            source_includes=["version", "first_seen", "content_hash", "crawled_at"],
        )
        return {d["_id"]: d for d in response["docs"] if d.get("found")}

    def _operations(
        self, todo: dict[str, dict], stored: dict[str, dict], outcomes: list[Outcome]
    ) -> tuple[list[dict], dict[str, tuple[dict, int]]]:
        operations: list[dict] = []
        written: dict[str, tuple[dict, int]] = {}
        for doc_id, doc in todo.items():
            old = stored.get(doc_id)
            source = old["_source"] if old else {}
            if old and source.get("content_hash") == doc.get("content_hash"):
                outcomes.append(Outcome(doc_id, _key(doc), "unchanged", source.get("version")))
                continue
            if old and crawled_later(source.get("crawled_at"), doc.get("crawled_at")):
                # a replayed spool copy older than what is indexed: keep the newer one
                outcomes.append(Outcome(doc_id, _key(doc), "stale", source.get("version")))
                continue
            version = source.get("version", 0) + 1
            body = {
                **doc,
                "version": version,
                "first_seen": source.get("first_seen") or doc.get("crawled_at") or _now(),
            }
            if old:
                action = {
                    "index": {
                        "_index": self.index,
                        "_id": doc_id,
                        "if_seq_no": old["_seq_no"],
                        "if_primary_term": old["_primary_term"],
                    }
                }
            else:
                action = {"create": {"_index": self.index, "_id": doc_id}}
            operations += [action, body]
            written[doc_id] = (doc, version)
        return operations, written


def count(outcomes: Iterable[Outcome]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for outcome in outcomes:
        totals[outcome.status] = totals.get(outcome.status, 0) + 1
    return totals
