"""Where story signatures live between documents: in memory, or in SQLite.

:class:`enrich.stories.StoryIndex` needs four lookups -- documents sharing
an LSH band, documents sharing a visit key, signatures by id, the members of
stories -- and three writes (add, mark a duplicate, relabel merged stories).
They form the :class:`SignatureStore` protocol, so the crawler can keep
signatures in its own state database; :class:`SQLiteSignatureStore`
(stdlib ``sqlite3``, indexed tables prefixed ``story_``) is that store, and
:class:`MemorySignatureStore` serves tests and one-off runs.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class StoredSignature:
    doc_id: str
    story_id: str
    minhash: bytes  # little-endian uint32 per permutation
    bands: tuple[int, ...]  # LSH band hashes (signed 64-bit)
    event_keys: tuple[str, ...]  # "<visitor>|<YYYY-MM-DD>"
    portal: bool = False
    duplicate_of: str | None = None
    published: str | None = None  # UTC ISO publication time: the story's id is its earliest


@dataclass(frozen=True)
class Relabel:
    """A story whose members' story id changed (a merge) after copies of them went out."""

    story_id: str
    generation: int  # bumped by each merge into the story: done() only clears what was seen
    members: tuple[str, ...]


class SignatureStore(Protocol):
    def bind(self, params: dict[str, str]) -> None:
        """What the index's signatures depend on; a persistent store refuses a mismatch."""

    def add_many(self, entries: Iterable[StoredSignature]) -> None:
        """Insert or replace signatures (by doc_id)."""

    def by_bands(self, bands: Sequence[int]) -> set[str]:
        """Ids of documents sharing at least one band hash."""

    def by_event_keys(self, keys: Sequence[str]) -> set[str]:
        """Ids of documents with at least one of these visit keys."""

    def get_many(self, doc_ids: Iterable[str]) -> list[StoredSignature]: ...

    def mark_duplicate(self, doc_id: str, duplicate_of: str) -> None: ...

    def story_members(self, story_ids: Iterable[str]) -> list[tuple[str, str | None]]:
        """(doc_id, published) of every document in these stories."""

    def relabel(self, story_ids: Iterable[str], story_id: str) -> None:
        """Merged stories: their documents now belong to *story_id*, which stays pending
        (:meth:`pending_relabels`) until copies made elsewhere are relabelled too."""

    def current_stories(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """doc_id -> its story id now (for copies that may predate a merge)."""

    def pending_relabels(self, limit: int = 100) -> list[Relabel]:
        """Stories whose members' story ids changed, with their members now."""

    def relabels_done(self, done: Iterable[Relabel]) -> None:
        """Clear these, unless another merge into the same story came since."""

    def atomic(self) -> AbstractContextManager:
        """Lookups and writes inside are one transaction for every process sharing the store."""

    def __len__(self) -> int: ...


class MemorySignatureStore:
    """Dictionaries; for tests, benchmarks and runs that need no persistence."""

    def __init__(self) -> None:
        self.docs: dict[str, StoredSignature] = {}
        self.bands: defaultdict[int, set[str]] = defaultdict(set)
        self.events: defaultdict[str, set[str]] = defaultdict(set)
        self.members: defaultdict[str, set[str]] = defaultdict(set)  # story id -> doc ids
        self.relabelled: dict[str, int] = {}  # stories pending relabelling: generation

    def bind(self, params: dict[str, str]) -> None:
        pass

    def atomic(self) -> AbstractContextManager:
        return nullcontext()

    def add_many(self, entries: Iterable[StoredSignature]) -> None:
        for entry in entries:
            old = self.docs.get(entry.doc_id)
            if old is not None:
                for band in old.bands:
                    self.bands[band].discard(old.doc_id)
                for key in old.event_keys:
                    self.events[key].discard(old.doc_id)
                self.members[old.story_id].discard(old.doc_id)
            self.docs[entry.doc_id] = entry
            self.members[entry.story_id].add(entry.doc_id)
            for band in entry.bands:
                self.bands[band].add(entry.doc_id)
            for key in entry.event_keys:
                self.events[key].add(entry.doc_id)

    def by_bands(self, bands: Sequence[int]) -> set[str]:
        return set().union(*(self.bands.get(b, ()) for b in bands))

    def by_event_keys(self, keys: Sequence[str]) -> set[str]:
        return set().union(*(self.events.get(k, ()) for k in keys))

    def get_many(self, doc_ids: Iterable[str]) -> list[StoredSignature]:
        return [self.docs[i] for i in doc_ids if i in self.docs]

    def mark_duplicate(self, doc_id: str, duplicate_of: str) -> None:
        self.docs[doc_id] = replace(self.docs[doc_id], duplicate_of=duplicate_of)

    def story_members(self, story_ids: Iterable[str]) -> list[tuple[str, str | None]]:
        return [(i, self.docs[i].published) for s in set(story_ids) for i in self.members[s]]

    def relabel(self, story_ids: Iterable[str], story_id: str) -> None:
        for old in set(story_ids) - {story_id}:
            for doc_id in self.members.pop(old, ()):
                self.docs[doc_id] = replace(self.docs[doc_id], story_id=story_id)
                self.members[story_id].add(doc_id)
            self.relabelled.pop(old, None)
        self.relabelled[story_id] = self.relabelled.get(story_id, 0) + 1

    def current_stories(self, doc_ids: Iterable[str]) -> dict[str, str]:
        return {i: self.docs[i].story_id for i in doc_ids if i in self.docs}

    def pending_relabels(self, limit: int = 100) -> list[Relabel]:
        return [Relabel(s, g, tuple(sorted(self.members[s])))
                for s, g in list(self.relabelled.items())[:limit]]

    def relabels_done(self, done: Iterable[Relabel]) -> None:
        for r in done:
            if self.relabelled.get(r.story_id) == r.generation:
                del self.relabelled[r.story_id]

    def __len__(self) -> int:
        return len(self.docs)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS story_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS story_docs (
    doc_id TEXT PRIMARY KEY, story_id TEXT NOT NULL, minhash BLOB NOT NULL,
    bands BLOB NOT NULL, event_keys TEXT NOT NULL, portal INTEGER NOT NULL, duplicate_of TEXT);
CREATE TABLE IF NOT EXISTS story_bands (
    band INTEGER NOT NULL, doc_id TEXT NOT NULL, PRIMARY KEY (band, doc_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS story_events (
    key TEXT NOT NULL, doc_id TEXT NOT NULL, PRIMARY KEY (key, doc_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_docs_story ON story_docs(story_id);
CREATE TABLE IF NOT EXISTS story_relabels (
    story_id TEXT PRIMARY KEY, generation INTEGER NOT NULL);
"""
_COLUMNS = ("doc_id", "story_id", "minhash", "bands", "event_keys", "portal", "duplicate_of",
            "published")


class SQLiteSignatureStore:
    """Signatures in SQLite (a file of its own, or the crawler's state database)."""

    def __init__(self, path: Path | str):
        self.path = path
        # Autocommit, with explicit write transactions (atomic): crawl workers share the file.
        self.db = sqlite3.connect(str(path), isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)  # IF NOT EXISTS: safe when workers open it together
        with self.atomic():  # files made before stories were ordered by publication time
            columns = {row[1] for row in self.db.execute("PRAGMA table_info(story_docs)")}
            if "published" not in columns:
                self.db.execute("ALTER TABLE story_docs ADD COLUMN published TEXT")

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One write transaction (BEGIN IMMEDIATE), so that a lookup and the add it decides
        are not interleaved with another worker's; nested calls join the outer one."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def bind(self, params: dict[str, str]) -> None:
        """Signatures made with other parameters (MinHash size, bands, shingles, hash
        scheme) cannot be compared: reusing them is an error, not a silent loss of
        duplicates."""
        stored = dict(self.db.execute("SELECT key, value FROM story_meta"))
        if not stored:
            with self.atomic():
                self.db.executemany("INSERT INTO story_meta VALUES (?, ?)", params.items())
        elif stored != params:
            raise ValueError(f"{self.path}: story signatures were made with {stored}, "
                             f"this index uses {params}; use another file or rebuild")

    def add_many(self, entries: Iterable[StoredSignature]) -> None:
        with self.atomic():
            for e in entries:
                old = self.get_many([e.doc_id])
                if old:  # replacing: drop the old band and key rows by primary key
                    self.db.executemany("DELETE FROM story_bands WHERE band = ? AND doc_id = ?",
                                        [(b, e.doc_id) for b in old[0].bands])
                    self.db.executemany("DELETE FROM story_events WHERE key = ? AND doc_id = ?",
                                        [(k, e.doc_id) for k in old[0].event_keys])
                self.db.execute(
                    f"INSERT OR REPLACE INTO story_docs ({', '.join(_COLUMNS)}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (e.doc_id, e.story_id, e.minhash, array("q", e.bands).tobytes(),
                     "\n".join(e.event_keys), int(e.portal), e.duplicate_of, e.published))
                self.db.executemany("INSERT OR IGNORE INTO story_bands VALUES (?, ?)",
                                    [(b, e.doc_id) for b in e.bands])
                self.db.executemany("INSERT OR IGNORE INTO story_events VALUES (?, ?)",
                                    [(k, e.doc_id) for k in e.event_keys])

    def _ids(self, table: str, column: str, values: Sequence) -> set[str]:
        if not values:
            return set()
        marks = ",".join("?" * len(values))
        rows = self.db.execute(f"SELECT doc_id FROM {table} WHERE {column} IN ({marks})",
                               list(values))
        return {row[0] for row in rows}

    def by_bands(self, bands: Sequence[int]) -> set[str]:
        return self._ids("story_bands", "band", bands)

    def by_event_keys(self, keys: Sequence[str]) -> set[str]:
        return self._ids("story_events", "key", keys)

    def get_many(self, doc_ids: Iterable[str]) -> list[StoredSignature]:
        ids = list(doc_ids)
        out = []
        for start in range(0, len(ids), 500):  # SQLite's limit on bound parameters
            chunk = ids[start:start + 500]
            rows = self.db.execute(
                f"SELECT {', '.join(_COLUMNS)} "
                f"FROM story_docs WHERE doc_id IN ({','.join('?' * len(chunk))})", chunk)
            out += [StoredSignature(d, s, bytes(m), tuple(array("q", b)),
                                    tuple(k.split("\n")) if k else (), bool(p), dup, pub)
                    for d, s, m, b, k, p, dup, pub in rows]
        return out

    def story_members(self, story_ids: Iterable[str]) -> list[tuple[str, str | None]]:
        ids = list(story_ids)
        marks = ",".join("?" * len(ids))
        return [tuple(row) for row in self.db.execute(
            f"SELECT doc_id, published FROM story_docs WHERE story_id IN ({marks})", ids)]

    def relabel(self, story_ids: Iterable[str], story_id: str) -> None:
        ids = list(story_ids)
        marks = ",".join("?" * len(ids))
        with self.atomic():
            self.db.execute(f"UPDATE story_docs SET story_id = ? WHERE story_id IN ({marks})",
                            [story_id, *ids])
            self.db.execute(f"DELETE FROM story_relabels WHERE story_id IN ({marks})", ids)
            self.db.execute("INSERT INTO story_relabels VALUES (?, 1) ON CONFLICT(story_id) "
                            "DO UPDATE SET generation = generation + 1", (story_id,))

    def current_stories(self, doc_ids: Iterable[str]) -> dict[str, str]:
        ids = list(doc_ids)
        out: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            out.update(self.db.execute(
                f"SELECT doc_id, story_id FROM story_docs WHERE doc_id IN "
                f"({','.join('?' * len(chunk))})", chunk).fetchall())
        return out

    def pending_relabels(self, limit: int = 100) -> list[Relabel]:
        with self.atomic():  # one snapshot of the generations and the members
            pending = self.db.execute(
                "SELECT story_id, generation FROM story_relabels LIMIT ?", (limit,)).fetchall()
            members: dict[str, list[str]] = {s: [] for s, _ in pending}
            for doc_id, story_id in self.db.execute(
                    f"SELECT doc_id, story_id FROM story_docs WHERE story_id IN "
                    f"({','.join('?' * len(members))}) ORDER BY doc_id", list(members)):
                members[story_id].append(doc_id)
        return [Relabel(s, g, tuple(members[s])) for s, g in pending]

    def relabels_done(self, done: Iterable[Relabel]) -> None:
        with self.atomic():
            self.db.executemany("DELETE FROM story_relabels WHERE story_id = ? AND generation = ?",
                                [(r.story_id, r.generation) for r in done])

    def mark_duplicate(self, doc_id: str, duplicate_of: str) -> None:
        with self.atomic():
            self.db.execute("UPDATE story_docs SET duplicate_of = ? WHERE doc_id = ?",
                            (duplicate_of, doc_id))

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM story_docs").fetchone()[0]

    def close(self) -> None:
        self.db.close()
