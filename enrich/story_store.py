"""Where story signatures live between documents: what a store must do, and one in memory.

:class:`enrich.stories.StoryIndex` needs four lookups -- documents sharing
an LSH band, the stories of documents sharing a visit key, signatures by id,
the earliest member of stories -- and three writes (add, mark a duplicate,
relabel merged stories).
They form the :class:`SignatureStore` protocol, so that the crawler keeps
signatures in its own state database
(:class:`crawler.state.stories.DatabaseSignatureStore`, SQLite or PostgreSQL)
while enrich stays free of storage; :class:`MemorySignatureStore` serves
tests and one-off runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from typing import NamedTuple, Protocol


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


def member_age(member: tuple[str, str | None]) -> tuple[bool, str, str]:
    """Sort key of a story's (doc_id, published) members: the earliest published first,
    undated last, then by id."""
    doc_id, published = member
    return (published is None, published or "", doc_id)


class Candidate(NamedTuple):
    """What a story decision reads of a stored document (a :class:`StoredSignature` without
    the lookup keys, which a big story would otherwise fetch and parse for every member; a
    tuple, made by the hundred per decision)."""

    doc_id: str
    story_id: str
    minhash: bytes
    portal: bool = False
    duplicate_of: str | None = None


@dataclass(frozen=True)
class Relabel:
    """A story whose members' story id changed (a merge) after copies of them went out."""

    story_id: str
    generation: int  # bumped by each merge into the story: done() only clears what was seen
    members: tuple[str, ...]


class SignatureStore(Protocol):
    def bind(self, params: dict[str, str]) -> None:
        """What the index's signatures depend on; a persistent store refuses a mismatch."""

    def add_many(self, entries: Iterable[StoredSignature], *, new: bool = False) -> None:
        """Insert or replace signatures (by doc_id); *new*: the caller has just seen, in the
        same :meth:`atomic`, that none is stored (nothing to replace: no lookup)."""

    def text_candidates(self, bands: Sequence[int], excluding: str) -> list[Candidate]:
        """The documents sharing at least one band hash, other than *excluding*: those whose
        texts a story decision compares."""

    def event_stories(self, keys: Sequence[str], excluding: str) -> dict[str, str]:
        """story id -> one of its documents (the smallest id), for the stories of the
        documents with at least one of these visit keys, *excluding* aside.  By story, not by
        document: every report of a big visit has the keys, and a decision needs only to know
        which stories they are in."""

    def get_many(self, doc_ids: Iterable[str]) -> list[StoredSignature]: ...

    def candidates(self, doc_ids: Iterable[str]) -> list[Candidate]:
        """:meth:`get_many`, only what a story decision compares."""

    def mark_duplicate(self, doc_id: str, duplicate_of: str) -> None: ...

    def earliest_members(
        self, story_ids: Iterable[str], excluding: str
    ) -> list[tuple[str, str | None]]:
        """(doc_id, published) of each story's earliest member (:func:`member_age` order)
        other than *excluding*: a story's id is its earliest member's, and a big story (a
        visit every outlet covers) must not be read whole for every document that joins it."""

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

    def add_many(self, entries: Iterable[StoredSignature], *, new: bool = False) -> None:
        for entry in entries:  # *new* or not: a look-up here is one dictionary read
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

    def text_candidates(self, bands: Sequence[int], excluding: str) -> list[Candidate]:
        ids = set().union(*(self.bands.get(b, ()) for b in bands)) - {excluding}
        return self.candidates(ids)

    def event_stories(self, keys: Sequence[str], excluding: str) -> dict[str, str]:
        stories: dict[str, str] = {}
        for doc_id in set().union(*(self.events.get(k, ()) for k in keys)) - {excluding}:
            story = self.docs[doc_id].story_id
            stories[story] = min(stories.get(story, doc_id), doc_id)
        return stories

    def get_many(self, doc_ids: Iterable[str]) -> list[StoredSignature]:
        return [self.docs[i] for i in doc_ids if i in self.docs]

    def candidates(self, doc_ids: Iterable[str]) -> list[Candidate]:
        return [
            Candidate(s.doc_id, s.story_id, s.minhash, s.portal, s.duplicate_of)
            for s in self.get_many(doc_ids)
        ]

    def mark_duplicate(self, doc_id: str, duplicate_of: str) -> None:
        self.docs[doc_id] = replace(self.docs[doc_id], duplicate_of=duplicate_of)

    def earliest_members(
        self, story_ids: Iterable[str], excluding: str
    ) -> list[tuple[str, str | None]]:
        members = [
            [(i, self.docs[i].published) for i in self.members[s] if i != excluding]
            for s in set(story_ids)
        ]
        return [min(m, key=member_age) for m in members if m]

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
        return [
            Relabel(s, g, tuple(sorted(self.members[s])))
            for s, g in list(self.relabelled.items())[:limit]
        ]

    def relabels_done(self, done: Iterable[Relabel]) -> None:
        for r in done:
            if self.relabelled.get(r.story_id) == r.generation:
                del self.relabelled[r.story_id]

    def __len__(self) -> int:
        return len(self.docs)
