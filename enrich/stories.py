"""Story clustering: near-duplicates and same-event articles, one document at a time.

Two signals, because each misses what the other sees:

* **text**: a MinHash (:mod:`enrich.minhash`) of the document's Kiwi token 3-shingles,
  indexed by LSH bands.  A portal copy of an outlet's article, or a wire
  story re-run with light edits, shares most shingles (Jaccard >= 0.8:
  ``duplicate_of``; >= 0.5: same story).
* **event**: two outlets writing up one meeting in their own words share
  almost no shingles but the same visitors on the same day.  A visit event
  (``event.is_visit``) stores one key per visitor and date; a new visit with
  a visitor in common within a day joins that story.  The same visitor years
  apart is another story.

A story is a connected group: two documents are *linked* when their texts
are similar or they report the same visit, and a story is everything linked
to everything else, directly or through other documents.  The link depends
only on the two documents, so the grouping of a fixed set of articles is the
same whatever order they arrive in: a late article that links two stories
merges them.  The story's id is the id of its earliest published member
(then the smallest id), also a function of the group alone; when a new
member changes it, :attr:`StoryAssignment.renamed` says which ids were
replaced, so the caller can relabel what it already indexed.

Everything is incremental: :meth:`StoryIndex.add` looks a new document up
against what the store already holds (a handful of indexed lookups, whatever
the store's size) and then stores it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np

from enrich.minhash import SCHEME, permutations, signature
from enrich.story_store import (
    Candidate,
    MemorySignatureStore,
    SignatureStore,
    StoredSignature,
    member_age,
)


def document_id(doc: dict) -> str:
    """The document's ``_id`` (or ``id``); else a hash of its canonical URL (as DESIGN.md)."""
    for key in ("_id", "id"):
        if doc.get(key):
            return str(doc[key])
    source = (
        doc.get("canonical_url")
        or doc.get("url")
        or doc.get("content_hash")
        or doc.get("body")
        or ""
    )
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:32]


def published_key(doc: dict) -> str | None:
    """The publication time in UTC, as sortable text (None: unknown or unreadable)."""
    value = doc.get("published_at")
    if not value:
        return None
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoryAssignment:
    doc_id: str
    story_id: str
    duplicate_of: str | None = None
    matched: str | None = None  # the stored document that decided the story
    similarity: float = 0.0  # estimated Jaccard similarity to *matched*
    reason: str = "new story"  # "duplicate" | "similar text" | "same visit" | "new story"
    duplicates: tuple[str, ...] = ()  # stored portal copies this (original) document has
    renamed: tuple[str, ...] = ()  # story ids of stored documents that are now *story_id*

    def fields(self) -> dict:
        return {"story_id": self.story_id, "duplicate_of": self.duplicate_of}


class StoryIndex:
    def __init__(
        self,
        store: SignatureStore | None = None,
        *,
        num_perm: int = 128,
        bands: int = 32,
        shingle: int = 3,
        duplicate_threshold: float = 0.8,
        story_threshold: float = 0.5,
        date_window: int = 1,
    ):
        if num_perm % bands:
            raise ValueError("num_perm must be a multiple of bands")
        self.store = store if store is not None else MemorySignatureStore()
        self.num_perm, self.bands, self.shingle = num_perm, bands, shingle
        self.duplicate_threshold, self.story_threshold = duplicate_threshold, story_threshold
        self.date_window = date_window
        self._permutations = permutations(num_perm)
        self.store.bind(
            {
                "num_perm": str(num_perm),
                "bands": str(bands),
                "shingle": str(shingle),
                "scheme": SCHEME,
            }
        )

    # -- signatures -------------------------------------------------------------------------

    def minhash(self, tokens: list[str]) -> np.ndarray:
        n = self.shingle
        shingles = {" ".join(tokens[i : i + n]) for i in range(max(len(tokens) - n + 1, 1))}
        return signature([s.encode("utf-8") for s in shingles if s], self._permutations).astype(
            "<u4"
        )

    def band_hashes(self, values: np.ndarray) -> tuple[int, ...]:
        rows = self.num_perm // self.bands
        out = []
        for b in range(self.bands):
            digest = hashlib.blake2b(
                values[b * rows : (b + 1) * rows].tobytes(),
                digest_size=8,
                person=b.to_bytes(2, "little"),
            ).digest()
            out.append(int.from_bytes(digest, "little", signed=True))
        return tuple(out)

    def event_keys(
        self, event: dict | None, window: int = 0, *, lookup: bool = False
    ) -> tuple[str, ...]:
        """ "<visitor name>|<date>" per visitor of a visit event (dates +-*window* days).

        Visitors are canonical names (the dictionary's, or a discovered name as
        written), so the keys of two outlets' articles on one meeting agree.

        A report whose date cannot be resolved (no publication date: "4일"
        only) still names the visitor, the place and the day of the month.
        Such partial keys join it to a report of the same visitor at the same
        place on that day: dated reports store ``p|`` keys, undated ones ``u|``
        keys; a lookup from a dated report asks for ``u|`` keys only, so two
        dated reports never meet through a partial key.
        """
        if not event or not event.get("is_visit"):
            return ()
        visitors = event.get("visitors", ())
        keys: list[str] = []
        if event.get("date"):
            day = date.fromisoformat(event["date"])
            days = [day + timedelta(days=d) for d in range(-window, window + 1)]
            keys += [f"{name}|{d.isoformat()}" for name in visitors for d in days]
        partial = (
            (f"{name}|{event['place']}|{event.get('day_of_month')}" for name in visitors)
            if event.get("place") and event.get("day_of_month")
            else ()
        )
        for key in partial:
            if lookup:
                keys += [f"u|{key}"] + ([] if event.get("date") else [f"p|{key}"])
            else:
                keys.append(f"{'p' if event.get('date') else 'u'}|{key}")
        return tuple(keys)

    # -- assignment -------------------------------------------------------------------------

    def add(self, doc: dict) -> StoryAssignment:
        """Assign *doc* (an enriched document with ``tokens`` and ``event``) and store it,
        atomically: two crawl workers adding reports of one story must not start two."""
        with self.store.atomic():
            assignment, values, bands, stored = self._assign(doc)
            for copy in assignment.duplicates:
                self.store.mark_duplicate(copy, assignment.doc_id)
            if assignment.renamed:
                self.store.relabel(assignment.renamed, assignment.story_id)
            self.store.add_many(
                [
                    StoredSignature(
                        assignment.doc_id,
                        assignment.story_id,
                        values.tobytes(),
                        bands,
                        self.event_keys(doc.get("event")),
                        bool(doc.get("portal")),
                        assignment.duplicate_of,
                        published_key(doc),
                    )
                ],
                new=not stored,
            )
        return assignment

    def assign(self, doc: dict) -> StoryAssignment:
        """The story *doc* would join, without storing it."""
        return self._assign(doc)[0]

    def _assign(self, doc: dict) -> tuple[StoryAssignment, np.ndarray, tuple[int, ...], bool]:
        """The assignment, the signature and its bands, and whether *doc* was stored before."""
        doc_id = document_id(doc)
        values = self.minhash(doc.get("tokens") or [])
        bands = self.band_hashes(values)
        own = self.store.candidates([doc_id])
        return self._decide(doc_id, doc, values, bands, own), values, bands, bool(own)

    def _decide(
        self,
        doc_id: str,
        doc: dict,
        values: np.ndarray,
        bands: tuple[int, ...],
        own: list[Candidate],
    ) -> StoryAssignment:
        """Links to every stored document that is similar or reports the same visit; the
        stories of all of them (and the document's own, *own* if stored before) become one."""
        portal = bool(doc.get("portal"))
        stored = self.store.text_candidates(bands, doc_id)
        visits = self.store.event_stories(
            self.event_keys(doc.get("event"), self.date_window, lookup=True), doc_id
        )
        scored = sorted(
            zip(self._similarities(values, stored), stored, strict=True),
            key=lambda x: (-x[0], x[1].portal, x[1].doc_id),
        )
        stories = (
            {s.story_id for j, s in scored if j >= self.story_threshold}
            | set(visits)
            | {o.story_id for o in own}
        )
        members = self.store.earliest_members(stories, doc_id) if stories else []
        story_id = min([*members, (doc_id, published_key(doc))], key=member_age)[0]
        renamed = tuple(sorted(stories - {story_id}))

        def assignment(
            reason: str,
            j: float = 0.0,
            matched: str | None = None,
            duplicate_of: str | None = None,
            duplicates: tuple[str, ...] = (),
        ):
            return StoryAssignment(
                doc_id, story_id, duplicate_of, matched, j, reason, duplicates, renamed
            )

        copies = [(j, s) for j, s in scored if j >= self.duplicate_threshold]
        if copies:
            originals = [(j, s) for j, s in copies if not s.portal]
            if portal or originals:  # a copy of what is stored
                j, s = (originals or copies)[0]
                return assignment("duplicate", j, s.doc_id, s.duplicate_of or s.doc_id)
            # An outlet's original arriving after its portal copies: they are its duplicates.
            j, s = copies[0]
            return assignment(
                "duplicate", j, s.doc_id, duplicates=tuple(c.doc_id for _, c in copies)
            )
        if scored and scored[0][0] >= self.story_threshold:
            j, s = scored[0]
            return assignment("similar text", j, s.doc_id)
        if visits:  # the closest text in a story of the visit, else one of its reports
            j, matched = next(
                ((j, s.doc_id) for j, s in scored if s.story_id in visits),
                (0.0, visits[min(visits)]),
            )
            return assignment("same visit", j, matched)
        return assignment("new story")

    @staticmethod
    def _similarities(values: np.ndarray, stored: list[Candidate]) -> list[float]:
        """Estimated Jaccard similarity of *values* to each stored signature, in one numpy
        comparison (a big story has hundreds of members to compare with)."""
        if not stored:
            return []
        others = np.frombuffer(b"".join(s.minhash for s in stored), dtype="<u4")
        equal = np.count_nonzero(others.reshape(len(stored), -1) == values, axis=1)
        return [n / len(values) for n in equal.tolist()]
