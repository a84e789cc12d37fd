"""Story signatures in the state database: :class:`enrich.story_store.SignatureStore` for crawls.

``enrich`` decides stories and defines what it needs from a store (the
protocol); this module keeps the signatures where the crawl keeps its other
state -- ``<data>/stories.sqlite`` by default, the PostgreSQL database of
``NEWSMON_DATABASE_URL`` when workers share one -- so that enrich stays free
of databases and migrations.  Tables (``story_*``, migration branch
``stories``): one row per document, indexed band and visit-key rows for the
lookups, and the merged stories whose indexed copies still need relabelling.

:meth:`DatabaseSignatureStore.atomic` makes a story decision (lookups, then
the add they decided) one transaction that no other worker's decision
interleaves with: ``BEGIN IMMEDIATE`` on SQLite, a transaction advisory lock
on PostgreSQL.  Two workers adding reports of one visit at once therefore
end with one story id: the second waits, then finds the first.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.engine import Connection

from crawler.state.database import Database, expanding
from enrich.story_store import Candidate, Relabel, StoredSignature

T = TypeVar("T")
CHUNK = 500  # ids per IN (...) lookup
# Signatures remembered per process: a story of hundreds of reports compares each new one with
# every member, and a signature is about 0.5 KB (50,000 of them: about 30 MB).
MINHASH_CACHE = 50_000


class DatabaseSignatureStore:
    def __init__(self, location: Path | str | None = None):
        """*location*: an SQLite file or a database URL (default ``NEWSMON_DATABASE_URL``, else
        ``<data>/stories.sqlite``)."""
        self.database = Database("stories", location)
        self.database.migrate("stories")
        self._conn: Connection | None = None  # the transaction of atomic(), while it is open
        # doc_id -> MinHash signature.  A signature changes only when its article is written
        # again, which this process's add_many() updates here; an article another worker
        # rewrote meanwhile is compared with its previous text until it leaves the cache.
        self._minhashes: dict[str, bytes] = {}

    def close(self) -> None:
        self.database.close()

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One story decision at a time across every process sharing the store; nested calls
        join the outer one."""
        if self._conn is not None:
            yield
            return
        with self.database.transaction() as conn:
            self.database.lock(conn, "newsmon:stories")
            self._conn = conn
            try:
                yield
            finally:
                self._conn = None

    def _write(self, work: Callable[[Connection], T]) -> T:
        with self.atomic():
            return work(self._conn)

    def _read(self, sql, params: dict) -> list:
        if self._conn is not None:  # inside a decision: what it has written so far counts
            return self._conn.execute(sql, params).all()
        with self.database.reading() as conn:
            return conn.execute(sql, params).all()

    def bind(self, params: dict[str, str]) -> None:
        """Signatures made with other parameters (MinHash size, bands, shingles, hash
        scheme) cannot be compared: reusing them is an error, not a silent loss of
        duplicates."""
        with self.atomic():
            stored = dict(self._read(text("SELECT key, value FROM story_meta"), {}))
            if not stored:
                self._conn.execute(
                    text("INSERT INTO story_meta VALUES (:key, :value)"),
                    [{"key": k, "value": v} for k, v in params.items()],
                )
        if stored and stored != params:
            raise ValueError(
                f"{self.database.shown}: story signatures were made with {stored}, "
                f"this index uses {params}; use another database or rebuild"
            )

    def add_many(self, entries: Iterable[StoredSignature], *, new: bool = False) -> None:
        entries = list(entries)  # written, then remembered

        def add(conn: Connection) -> None:
            for e in entries:
                old = [] if new else self.get_many([e.doc_id])
                if old:  # replacing: drop the old band and key rows by primary key
                    conn.execute(
                        expanding(
                            "DELETE FROM story_bands WHERE doc_id = :doc_id AND band IN :bands",
                            "bands",
                        ),
                        {"doc_id": e.doc_id, "bands": list(old[0].bands)},
                    )
                    conn.execute(
                        expanding(
                            "DELETE FROM story_events WHERE doc_id = :doc_id AND key IN :keys",
                            "keys",
                        ),
                        {"doc_id": e.doc_id, "keys": list(old[0].event_keys)},
                    )
                conn.execute(
                    text(
                        "INSERT INTO story_docs (doc_id, story_id, minhash, bands, event_keys, "
                        "portal, duplicate_of, published) VALUES (:doc_id, :story_id, :minhash, "
                        ":bands, :event_keys, :portal, :duplicate_of, :published) "
                        "ON CONFLICT (doc_id) DO UPDATE SET "
                        "story_id = excluded.story_id, minhash = excluded.minhash, "
                        "bands = excluded.bands, event_keys = excluded.event_keys, "
                        "portal = excluded.portal, duplicate_of = excluded.duplicate_of, "
                        "published = excluded.published"
                    ),
                    {
                        "doc_id": e.doc_id,
                        "story_id": e.story_id,
                        "minhash": e.minhash,
                        "bands": array("q", e.bands).tobytes(),
                        "event_keys": "\n".join(e.event_keys),
                        "portal": int(e.portal),
                        "duplicate_of": e.duplicate_of,
                        "published": e.published,
                    },
                )
                if e.bands:
                    conn.execute(
                        text(
                            "INSERT INTO story_bands VALUES (:band, :doc_id) ON CONFLICT DO NOTHING"
                        ),
                        [{"band": b, "doc_id": e.doc_id} for b in set(e.bands)],
                    )
                if e.event_keys:
                    conn.execute(
                        text(
                            "INSERT INTO story_events VALUES (:key, :doc_id) ON CONFLICT DO NOTHING"
                        ),
                        [{"key": k, "doc_id": e.doc_id} for k in set(e.event_keys)],
                    )

        self._write(add)
        self._remember((e.doc_id, e.minhash) for e in entries)

    def text_candidates(self, bands: Sequence[int], excluding: str) -> list[Candidate]:
        if not bands:
            return []
        sql = expanding(
            "SELECT doc_id, story_id, portal, duplicate_of FROM story_docs WHERE doc_id IN "
            "(SELECT doc_id FROM story_bands WHERE band IN :bands) AND doc_id != :excluding",
            "bands",
        )
        return self._with_minhashes(self._read(sql, {"bands": list(bands), "excluding": excluding}))

    def event_stories(self, keys: Sequence[str], excluding: str) -> dict[str, str]:
        if not keys:
            return {}
        sql = expanding(
            "SELECT story_id, MIN(doc_id) FROM story_docs WHERE doc_id IN "
            "(SELECT doc_id FROM story_events WHERE key IN :keys) AND doc_id != :excluding "
            "GROUP BY story_id",
            "keys",
        )
        return dict(self._read(sql, {"keys": list(keys), "excluding": excluding}))

    def get_many(self, doc_ids: Iterable[str]) -> list[StoredSignature]:
        ids = list(doc_ids)
        sql = expanding(
            "SELECT doc_id, story_id, minhash, bands, event_keys, portal, "
            "duplicate_of, published FROM story_docs WHERE doc_id IN :ids",
            "ids",
        )
        out = []
        for start in range(0, len(ids), CHUNK):
            rows = self._read(sql, {"ids": ids[start : start + CHUNK]})
            out += [
                StoredSignature(
                    d,
                    s,
                    bytes(m),
                    tuple(array("q", bytes(b))),
                    tuple(k.split("\n")) if k else (),
                    bool(p),
                    dup,
                    pub,
                )
                for d, s, m, b, k, p, dup, pub in rows
            ]
        return out

    def candidates(self, doc_ids: Iterable[str]) -> list[Candidate]:
        """Story ids and duplicate marks read fresh (other workers merge stories); MinHash
        signatures from :attr:`_minhashes` when this process has seen them."""
        ids = list(doc_ids)
        sql = expanding(
            "SELECT doc_id, story_id, portal, duplicate_of FROM story_docs WHERE doc_id IN :ids",
            "ids",
        )
        return self._with_minhashes(
            [
                row
                for start in range(0, len(ids), CHUNK)
                for row in self._read(sql, {"ids": ids[start : start + CHUNK]})
            ]
        )

    def _with_minhashes(self, rows: list) -> list[Candidate]:
        """Candidates of (doc_id, story_id, portal, duplicate_of) rows."""
        minhashes = {row[0]: self._minhashes.get(row[0]) for row in rows}
        minhashes.update(self._load_minhashes([d for d, m in minhashes.items() if m is None]))
        return [Candidate(d, s, minhashes[d], bool(p), dup) for d, s, p, dup in rows]

    def _load_minhashes(self, ids: list[str]) -> dict[str, bytes]:
        sql = expanding("SELECT doc_id, minhash FROM story_docs WHERE doc_id IN :ids", "ids")
        loaded = {
            d: bytes(m)
            for start in range(0, len(ids), CHUNK)
            for d, m in self._read(sql, {"ids": ids[start : start + CHUNK]})
        }
        self._remember(loaded.items())
        return loaded

    def _remember(self, pairs: Iterable[tuple[str, bytes]]) -> None:
        if len(self._minhashes) > MINHASH_CACHE:  # the older half goes (dicts keep order)
            keep = list(self._minhashes.items())[MINHASH_CACHE // 2 :]
            self._minhashes = dict(keep)
        self._minhashes.update(pairs)

    def mark_duplicate(self, doc_id: str, duplicate_of: str) -> None:
        self._write(
            lambda conn: conn.execute(
                text("UPDATE story_docs SET duplicate_of = :dup WHERE doc_id = :doc_id"),
                {"dup": duplicate_of, "doc_id": doc_id},
            )
        )

    def earliest_members(
        self, story_ids: Iterable[str], excluding: str
    ) -> list[tuple[str, str | None]]:
        sql = text(
            "SELECT doc_id, published FROM story_docs WHERE story_id = :story "
            "AND doc_id != :excluding ORDER BY published IS NULL, published, doc_id LIMIT 1"
        )
        return [
            tuple(row)
            for story in sorted(set(story_ids))
            for row in self._read(sql, {"story": story, "excluding": excluding})
        ]

    def relabel(self, story_ids: Iterable[str], story_id: str) -> None:
        old = [s for s in story_ids if s != story_id]

        def merge(conn: Connection) -> None:
            conn.execute(
                expanding("UPDATE story_docs SET story_id = :new WHERE story_id IN :old", "old"),
                {"new": story_id, "old": old},
            )
            conn.execute(
                expanding("DELETE FROM story_relabels WHERE story_id IN :old", "old"), {"old": old}
            )
            conn.execute(
                text(
                    "INSERT INTO story_relabels VALUES (:story, 1) ON CONFLICT "
                    "(story_id) DO UPDATE SET generation = story_relabels.generation + 1"
                ),
                {"story": story_id},
            )

        if old:
            self._write(merge)

    def current_stories(self, doc_ids: Iterable[str]) -> dict[str, str]:
        ids = list(doc_ids)
        sql = expanding("SELECT doc_id, story_id FROM story_docs WHERE doc_id IN :ids", "ids")
        return {
            d: s
            for start in range(0, len(ids), CHUNK)
            for d, s in self._read(sql, {"ids": ids[start : start + CHUNK]})
        }

    def pending_relabels(self, limit: int = 100) -> list[Relabel]:
        with self.atomic():  # one snapshot of the generations and the members
            pending = self._read(
                text("SELECT story_id, generation FROM story_relabels ORDER BY story_id LIMIT :n"),
                {"n": limit},
            )
            members: dict[str, list[str]] = {s: [] for s, _ in pending}
            if members:
                sql = expanding(
                    "SELECT doc_id, story_id FROM story_docs WHERE story_id IN :ids "
                    "ORDER BY doc_id",
                    "ids",
                )
                for doc_id, story in self._read(sql, {"ids": list(members)}):
                    members[story].append(doc_id)
        return [Relabel(s, g, tuple(members[s])) for s, g in pending]

    def relabels_done(self, done: Iterable[Relabel]) -> None:
        rows = [{"story": r.story_id, "generation": r.generation} for r in done]
        if rows:
            self._write(
                lambda conn: conn.execute(
                    text(
                        "DELETE FROM story_relabels WHERE story_id = :story AND generation = :generation"
                    ),
                    rows,
                )
            )

    def __len__(self) -> int:
        return self._read(text("SELECT COUNT(*) FROM story_docs"), {})[0][0]
