"""The alert outbox: tables in the state store (``<data>/state.sqlite``) that make delivery
exactly-once-per-(rule, story) survive restarts, crashes and receiver outages.

::

    alert_docs      every document the alert stage saw: its story, outlet, title, URL
                    (the "other outlets covering the same story" of a message)
    alert_matches   (rule, document) pairs; ``first = 1`` marks the story's alert.  A unique
                    index on (rule, story) WHERE first = 1 makes "once per rule and story"
                    a database constraint, not a hope.
    alert_items     (channel, rule, document): what each channel owes; ``message_id`` NULL
                    while it waits for a digest or an update message.  The primary key
                    means a match is carried by at most one message per channel.
    alert_story_aliases  story ids that a later article merged into another story
                    (:mod:`enrich.stories`): a document still carrying the old id counts
                    for the story it is now part of.
    alert_messages  the outbox proper: pending -> sent, or failed after the last attempt;
                    ``key`` (a UUID) goes out with the message so a receiver can drop the
                    one duplicate a crash between "receiver said OK" and "marked sent"
                    could cause.

:meth:`Outbox.record` decides and queues in one transaction; a process killed
at any point leaves either everything or nothing of a document.  Senders
*claim* one message at a time with a lease (``claimed_until``), so the crawl's
pipeline and the scheduler never send the same message twice; a sender that
dies mid-send leaves a lease that expires, and the message is tried again.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crawler.alerts.config import Delivery, RuleConfig
from crawler.sink import document_id
from crawler.state import StateStore

SCHEMA = [
    (1, [
        """CREATE TABLE alert_docs (
            doc_id TEXT PRIMARY KEY,        -- crawler.sink.document_id: the Elasticsearch _id
            story_id TEXT NOT NULL,         -- enrich's story id (the document itself without one)
            source TEXT, outlet TEXT, url TEXT NOT NULL, title TEXT, published_at TEXT,
            seen_at TEXT NOT NULL
        )""",
        "CREATE INDEX alert_docs_story ON alert_docs(story_id)",
        """CREATE TABLE alert_matches (
            rule_id TEXT NOT NULL,
            doc_id TEXT NOT NULL,
            story_id TEXT NOT NULL,
            first INTEGER NOT NULL,         -- 1: the story's alert for the rule; 0: a later copy
            snippet TEXT,
            matched_at TEXT NOT NULL,
            PRIMARY KEY (rule_id, doc_id)
        )""",
        "CREATE UNIQUE INDEX alert_matches_once ON alert_matches(rule_id, story_id) WHERE first = 1",
        """CREATE TABLE alert_messages (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,       -- idempotency key sent with the message
            rule_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            kind TEXT NOT NULL,             -- alert | update | digest
            status TEXT NOT NULL,           -- pending | sent | failed
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            claimed_until TEXT,             -- a sender is on it until then
            created_at TEXT NOT NULL,
            sent_at TEXT,
            last_error TEXT
        )""",
        "CREATE INDEX alert_messages_due ON alert_messages(status, next_attempt_at)",
        """CREATE TABLE alert_items (
            channel TEXT NOT NULL,
            rule_id TEXT NOT NULL,
            doc_id TEXT NOT NULL,
            message_id INTEGER,             -- NULL: waiting for the next digest or update
            PRIMARY KEY (channel, rule_id, doc_id)
        )""",
        "CREATE INDEX alert_items_message ON alert_items(message_id)",
    ]),
    (2, [
        """CREATE TABLE alert_story_aliases (
            story_id TEXT PRIMARY KEY,      -- a story id that was merged away
            merged_into TEXT NOT NULL
        )""",
    ]),
]


def stamp(when: datetime) -> str:
    """A fixed-width UTC ISO string: sorts like the time it stands for."""
    return when.astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Message:
    id: int
    key: str
    rule_id: str
    channel: str
    kind: str
    status: str
    attempts: int
    next_attempt_at: str
    claimed_until: str | None
    created_at: str
    sent_at: str | None
    last_error: str | None


@dataclass(frozen=True)
class Item:
    """One matched document a message carries."""

    doc_id: str
    story_id: str
    first: bool
    snippet: str | None
    matched_at: str
    source: str | None
    outlet: str | None
    url: str
    title: str | None
    published_at: str | None


@dataclass(frozen=True)
class StoryDoc:
    doc_id: str
    story_id: str
    source: str | None
    outlet: str | None
    url: str
    title: str | None
    published_at: str | None


class Outbox:
    """The alert tables of one state database, on a connection of their own."""

    def __init__(self, path: Path | str | None = None):
        self.store = StateStore(path)
        self.store.migrate("alerts", SCHEMA)
        self.db = self.store.db

    def close(self) -> None:
        self.store.close()

    # --- recording ---------------------------------------------------------------------------

    def record(self, doc: dict, matches: Sequence[tuple[str, str | None]],
               rules: Mapping[str, RuleConfig], now: datetime) -> list[int]:
        """Remember *doc* and its *matches* ((rule id, snippet) pairs) and queue what they owe;
        returns the ids of new messages.  All or nothing, in one transaction."""
        doc_id = document_id(doc)
        at = stamp(now)
        created: list[int] = []
        with self.store.transaction() as db:
            story_id = self._current_story(db, doc.get("story_id") or doc_id)
            db.execute(
                "INSERT INTO alert_docs VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(doc_id) DO UPDATE "
                "SET story_id = excluded.story_id, source = excluded.source, outlet = excluded.outlet, "
                "url = excluded.url, title = excluded.title, published_at = excluded.published_at",
                (doc_id, story_id, doc.get("source"), doc.get("outlet"),
                 doc.get("canonical_url") or doc.get("url") or "", doc.get("title"),
                 doc.get("published_at"), at))
            for rule_id, snippet in matches:
                rule = rules[rule_id]
                if db.execute("SELECT 1 FROM alert_matches WHERE rule_id = ? AND doc_id = ?",
                              (rule_id, doc_id)).fetchone():
                    continue  # matched before: a re-crawl or an edit of the same article
                first = not db.execute("SELECT 1 FROM alert_matches WHERE rule_id = ? AND story_id = ? "
                                       "AND first = 1", (rule_id, story_id)).fetchone()
                db.execute("INSERT INTO alert_matches VALUES (?, ?, ?, ?, ?, ?)",
                           (rule_id, doc_id, story_id, int(first), snippet, at))
                for channel in rule.channels:
                    message_id = None
                    if rule.mode == "instant" and first:
                        message_id = self._new_message(db, rule_id, channel, "alert", at)
                        created.append(message_id)
                    elif rule.mode == "instant":  # a copy joins its story's alert while unsent
                        row = db.execute(
                            "SELECT s.id FROM alert_messages s JOIN alert_items i ON i.message_id = s.id "
                            "JOIN alert_matches m ON m.rule_id = i.rule_id AND m.doc_id = i.doc_id "
                            "WHERE s.channel = ? AND s.rule_id = ? AND s.kind = 'alert' "
                            "AND s.status = 'pending' AND m.story_id = ? AND m.first = 1",
                            (channel, rule_id, story_id)).fetchone()
                        message_id = row[0] if row else None
                    db.execute("INSERT INTO alert_items VALUES (?, ?, ?, ?)",
                               (channel, rule_id, doc_id, message_id))
        return created

    def merge_stories(self, merged: Sequence[str], story_id: str) -> None:
        """Stories *merged* are now part of *story_id* (a later article linked them): their
        documents and matches move to it, and where two of them had each had their alert
        for a rule, the earlier stays the story's alert (both were sent: nothing is undone).
        """
        merged = [m for m in merged if m != story_id]
        if not merged:
            return
        marks = ",".join("?" * len(merged))
        with self.store.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO alert_story_aliases VALUES (?, ?)",
                           [(m, story_id) for m in merged])
            db.execute(f"UPDATE alert_story_aliases SET merged_into = ? "
                       f"WHERE merged_into IN ({marks})", [story_id, *merged])
            db.execute(f"UPDATE alert_docs SET story_id = ? WHERE story_id IN ({marks})",
                       [story_id, *merged])
            group = [story_id, *merged]
            firsts = db.execute(
                f"SELECT rule_id, doc_id FROM alert_matches WHERE first = 1 AND story_id IN "
                f"({','.join('?' * len(group))}) ORDER BY rule_id, matched_at, doc_id",
                group).fetchall()
            kept: set[str] = set()
            for rule_id, doc_id in firsts:
                if rule_id in kept:
                    db.execute("UPDATE alert_matches SET first = 0 WHERE rule_id = ? "
                               "AND doc_id = ?", (rule_id, doc_id))
                kept.add(rule_id)
            db.execute(f"UPDATE alert_matches SET story_id = ? WHERE story_id IN ({marks})",
                       [story_id, *merged])

    @staticmethod
    def _current_story(db, story_id: str) -> str:
        row = db.execute("SELECT merged_into FROM alert_story_aliases WHERE story_id = ?",
                         (story_id,)).fetchone()
        return row[0] if row else story_id

    @staticmethod
    def _new_message(db, rule_id: str, channel: str, kind: str, at: str) -> int:
        cursor = db.execute(
            "INSERT INTO alert_messages (key, rule_id, channel, kind, status, next_attempt_at, "
            "created_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
            (str(uuid.uuid4()), rule_id, channel, kind, at, at))
        return cursor.lastrowid

    def plan(self, rules: Mapping[str, RuleConfig], now: datetime) -> list[int]:
        """Turn waiting items into digest/update messages once their oldest has waited the
        rule's window (``digest_minutes``, or ``update_minutes`` for an instant rule's later
        copies); returns the new message ids."""
        created = []
        with self.store.transaction() as db:
            waiting = db.execute(
                "SELECT i.rule_id, i.channel, MIN(m.matched_at) FROM alert_items i JOIN alert_matches m "
                "ON m.rule_id = i.rule_id AND m.doc_id = i.doc_id WHERE i.message_id IS NULL "
                "GROUP BY i.rule_id, i.channel").fetchall()
            for rule_id, channel, oldest in waiting:
                rule = rules.get(rule_id)
                if rule is None or channel not in rule.channels:
                    continue  # no longer configured: stays queued, shown by `alerts status`
                minutes = rule.digest_minutes if rule.mode == "digest" else rule.update_minutes
                if datetime.fromisoformat(oldest) + timedelta(minutes=minutes) > now:
                    continue
                kind = "digest" if rule.mode == "digest" else "update"
                message_id = self._new_message(db, rule_id, channel, kind, stamp(now))
                db.execute("UPDATE alert_items SET message_id = ? WHERE rule_id = ? AND channel = ? "
                           "AND message_id IS NULL", (message_id, rule_id, channel))
                created.append(message_id)
        return created

    # --- sending ----------------------------------------------------------------------------

    def claim(self, now: datetime, lease: float, due_by: datetime | None = None) -> Message | None:
        """The oldest message due by *due_by* (default: *now*), now ours for *lease* seconds
        (None: nothing is due)."""
        at = stamp(now)
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT * FROM alert_messages WHERE status = 'pending' AND next_attempt_at <= ? "
                "AND (claimed_until IS NULL OR claimed_until <= ?) ORDER BY id LIMIT 1",
                (stamp(due_by or now), at)).fetchone()
            if row is None:
                return None
            until = stamp(now + timedelta(seconds=lease))
            db.execute("UPDATE alert_messages SET claimed_until = ? WHERE id = ?", (until, row["id"]))
        return Message(**{**dict(row), "claimed_until": until})

    def items(self, message_id: int) -> list[Item]:
        rows = self.db.execute(
            "SELECT m.doc_id, m.story_id, m.first, m.snippet, m.matched_at, d.source, d.outlet, "
            "d.url, d.title, d.published_at FROM alert_items i JOIN alert_matches m "
            "ON m.rule_id = i.rule_id AND m.doc_id = i.doc_id JOIN alert_docs d ON d.doc_id = i.doc_id "
            "WHERE i.message_id = ? ORDER BY m.matched_at, m.rowid", (message_id,))  # as recorded
        return [Item(**{**dict(r), "first": bool(r["first"])}) for r in rows]

    def story_docs(self, story_ids: Sequence[str]) -> list[StoryDoc]:
        if not story_ids:
            return []
        marks = ",".join("?" * len(story_ids))
        rows = self.db.execute(f"SELECT doc_id, story_id, source, outlet, url, title, published_at "
                               f"FROM alert_docs WHERE story_id IN ({marks}) ORDER BY seen_at, rowid",
                               list(story_ids))
        return [StoryDoc(**dict(r)) for r in rows]

    def mark_sent(self, message: Message, carried: Sequence[str], now: datetime) -> None:
        """Delivered.  Items linked to it after its content was built go back to the queue
        (they become the next update), so nothing is lost to a race."""
        with self.store.transaction() as db:
            db.execute("UPDATE alert_messages SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
                       "claimed_until = NULL, last_error = NULL WHERE id = ?", (stamp(now), message.id))
            marks = ",".join("?" * len(carried))
            db.execute(f"UPDATE alert_items SET message_id = NULL WHERE message_id = ? "
                       f"AND doc_id NOT IN ({marks})", (message.id, *carried))

    def mark_failed_attempt(self, message: Message, error: str, delivery: Delivery,
                            now: datetime) -> str:
        """One more failed attempt: retry later with backoff, or ``failed`` after the last one.
        Returns the new status."""
        attempts = message.attempts + 1
        if attempts >= delivery.max_attempts:
            status, next_at = "failed", message.next_attempt_at
        else:
            wait = min(delivery.backoff * 2 ** (attempts - 1), delivery.backoff_max)
            status, next_at = "pending", stamp(now + timedelta(seconds=wait))
        with self.store.transaction() as db:
            db.execute("UPDATE alert_messages SET status = ?, attempts = ?, next_attempt_at = ?, "
                       "claimed_until = NULL, last_error = ? WHERE id = ?",
                       (status, attempts, next_at, error[:500], message.id))
        return status

    def retry(self, now: datetime, ids: Sequence[int] = ()) -> int:
        """Failed messages (all, or those of *ids*) back to pending, attempts reset."""
        query = ("UPDATE alert_messages SET status = 'pending', attempts = 0, next_attempt_at = ?, "
                 "claimed_until = NULL WHERE status = 'failed'")
        args: list = [stamp(now)]
        if ids:
            query += f" AND id IN ({','.join('?' * len(ids))})"
            args += list(ids)
        with self.store.transaction() as db:
            return db.execute(query, args).rowcount

    # --- reading ----------------------------------------------------------------------------

    def messages(self, status: str | None = None) -> list[Message]:
        query, args = "SELECT * FROM alert_messages", ()
        if status:
            query, args = query + " WHERE status = ?", (status,)
        return [Message(**dict(r)) for r in self.db.execute(query + " ORDER BY id", args)]

    def counts(self) -> dict[tuple[str, str], dict[str, int]]:
        """{(rule, channel): {"sent"|"pending"|"failed"|"queued": n}} -- queued: matches
        waiting for a digest or an update message."""
        out: dict[tuple[str, str], dict[str, int]] = {}
        for rule_id, channel, status, n in self.db.execute(
                "SELECT rule_id, channel, status, COUNT(*) FROM alert_messages "
                "GROUP BY rule_id, channel, status"):
            out.setdefault((rule_id, channel), {})[status] = n
        for rule_id, channel, n in self.db.execute(
                "SELECT rule_id, channel, COUNT(*) FROM alert_items WHERE message_id IS NULL "
                "GROUP BY rule_id, channel"):
            out.setdefault((rule_id, channel), {})["queued"] = n
        return out
