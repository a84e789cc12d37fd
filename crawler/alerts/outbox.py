"""The alert outbox: tables in the state database (``<data>/state.sqlite``, or the PostgreSQL
database of ``NEWSMON_DATABASE_URL``) that make delivery exactly-once-per-(rule, story)
survive restarts, crashes, receiver outages and several crawl workers and schedulers.

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
at any point leaves either everything or nothing of a document.  Two workers
recording the same story at once cannot both make its alert: the unique index
refuses the second one, whose transaction is then run again and finds the
first.  Senders *claim* one message at a time with a lease (``claimed_until``;
on PostgreSQL ``FOR UPDATE SKIP LOCKED``), so the crawl's pipeline and the
schedulers, on any machine, never send the same message twice; a sender that
dies mid-send leaves a lease that expires, and the message is tried again.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from crawler.alerts.config import Delivery, RuleConfig
from crawler.backoff import backoff
from crawler.elastic.sink import document_id
from crawler.state.database import Database, expanding

# The recording order of documents and matches, for messages that list them as recorded.
# (Two workers recording at the same moment may draw the same number: their order is then
# either, which is true.)
NEXT_SEQ = "(SELECT COALESCE(MAX(seq), 0) + 1 FROM {})"


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
    """The alert tables of the state database, on connections of their own."""

    def __init__(self, location: Path | str | None = None):
        """*location*: the state database's SQLite file or URL (default: as the state store)."""
        self.database = Database("state", location)
        self.database.migrate("alerts")

    def close(self) -> None:
        self.database.close()

    # --- recording ---------------------------------------------------------------------------

    def record(
        self,
        doc: dict,
        matches: Sequence[tuple[str, str | None]],
        rules: Mapping[str, RuleConfig],
        now: datetime,
    ) -> list[int]:
        """Remember *doc* and its *matches* ((rule id, snippet) pairs) and queue what they owe;
        returns the ids of new messages.  All or nothing, in one transaction."""
        return self.database.retry(lambda db: self._record(db, doc, matches, rules, now))

    def _record(
        self,
        db,
        doc: dict,
        matches: Sequence[tuple[str, str | None]],
        rules: Mapping[str, RuleConfig],
        now: datetime,
    ) -> list[int]:
        doc_id = document_id(doc)
        story_id = self._current_story(db, doc.get("story_id") or doc_id)
        at = stamp(now)
        created: list[int] = []
        db.execute(
            text(
                "INSERT INTO alert_docs (doc_id, story_id, source, outlet, url, title, published_at, "
                "seen_at, seq) VALUES (:doc_id, :story_id, :source, :outlet, :url, :title, "
                f":published_at, :at, {NEXT_SEQ.format('alert_docs')}) ON CONFLICT (doc_id) "
                "DO UPDATE SET story_id = excluded.story_id, source = excluded.source, outlet = excluded.outlet, url = excluded.url, "
                "title = excluded.title, published_at = excluded.published_at"
            ),
            {
                "doc_id": doc_id,
                "story_id": story_id,
                "source": doc.get("source"),
                "outlet": doc.get("outlet"),
                "url": doc.get("canonical_url") or doc.get("url") or "",
                "title": doc.get("title"),
                "published_at": doc.get("published_at"),
                "at": at,
            },
        )
        for rule_id, snippet in matches:
            rule = rules[rule_id]
            key = {"rule_id": rule_id, "doc_id": doc_id, "story_id": story_id}
            if db.execute(
                text("SELECT 1 FROM alert_matches WHERE rule_id = :rule_id AND doc_id = :doc_id"),
                key,
            ).first():
                continue  # matched before: a re-crawl or an edit of the same article
            first = not db.execute(
                text(
                    "SELECT 1 FROM alert_matches WHERE rule_id = :rule_id "
                    "AND story_id = :story_id AND first = 1"
                ),
                key,
            ).first()
            # Another worker making this story's alert at the same time: the unique index
            # refuses one of the two, and Database.retry runs that one again as a copy.
            db.execute(
                text(
                    "INSERT INTO alert_matches (rule_id, doc_id, story_id, first, snippet, "
                    "matched_at, seq) VALUES (:rule_id, :doc_id, :story_id, :first, "
                    f":snippet, :at, {NEXT_SEQ.format('alert_matches')})"
                ),
                {**key, "first": int(first), "snippet": snippet, "at": at},
            )
            for channel in rule.channels:
                message_id = None
                if rule.mode == "instant" and first:
                    message_id = self._new_message(db, rule_id, channel, "alert", at)
                    created.append(message_id)
                elif rule.mode == "instant":  # a copy joins its story's alert while unsent
                    # (locked: a sender marking it sent meanwhile makes this an update instead)
                    row = db.execute(
                        text(
                            "SELECT s.id FROM alert_messages s JOIN alert_items i ON i.message_id = s.id "
                            "JOIN alert_matches m ON m.rule_id = i.rule_id AND m.doc_id = i.doc_id "
                            "WHERE s.channel = :channel AND s.rule_id = :rule_id AND s.kind = 'alert' "
                            "AND s.status = 'pending' AND m.story_id = :story_id AND m.first = 1"
                            + self.database.locking("FOR UPDATE OF s")
                        ),
                        {**key, "channel": channel},
                    ).first()
                    message_id = row[0] if row else None
                db.execute(
                    text(
                        "INSERT INTO alert_items VALUES (:channel, :rule_id, :doc_id, :message_id)"
                    ),
                    {**key, "channel": channel, "message_id": message_id},
                )
        return created

    def merge_stories(self, merged: Sequence[str], story_id: str) -> None:
        """Stories *merged* are now part of *story_id* (a later article linked them): their
        documents and matches move to it, and where two of them had each had their alert
        for a rule, the earlier stays the story's alert (both were sent: nothing is undone).
        """
        merged = [m for m in merged if m != story_id]
        if merged:
            self.database.retry(lambda db: self._merge(db, merged, story_id))

    @staticmethod
    def _merge(db, merged: list[str], story_id: str) -> None:
        group = [story_id, *merged]
        db.execute(
            expanding("DELETE FROM alert_story_aliases WHERE story_id IN :merged", "merged"),
            {"merged": merged},
        )
        db.execute(
            text("INSERT INTO alert_story_aliases (story_id, merged_into) VALUES (:old, :new)"),
            [{"old": m, "new": story_id} for m in merged],
        )
        db.execute(
            expanding(
                "UPDATE alert_story_aliases SET merged_into = :new WHERE merged_into IN :merged",
                "merged",
            ),
            {"new": story_id, "merged": merged},
        )
        db.execute(
            expanding("UPDATE alert_docs SET story_id = :new WHERE story_id IN :merged", "merged"),
            {"new": story_id, "merged": merged},
        )
        firsts = db.execute(
            expanding(
                "SELECT rule_id, doc_id FROM alert_matches WHERE first = 1 AND story_id IN :group "
                "ORDER BY rule_id, matched_at, doc_id",
                "group",
            ),
            {"group": group},
        ).all()
        kept: set[str] = set()
        for rule_id, doc_id in firsts:
            if rule_id in kept:
                db.execute(
                    text(
                        "UPDATE alert_matches SET first = 0 WHERE rule_id = :rule_id "
                        "AND doc_id = :doc_id"
                    ),
                    {"rule_id": rule_id, "doc_id": doc_id},
                )
            kept.add(rule_id)
        db.execute(
            expanding(
                "UPDATE alert_matches SET story_id = :new WHERE story_id IN :merged", "merged"
            ),
            {"new": story_id, "merged": merged},
        )

    @staticmethod
    def _current_story(db, story_id: str) -> str:
        row = db.execute(
            text("SELECT merged_into FROM alert_story_aliases WHERE story_id = :story"),
            {"story": story_id},
        ).first()
        return row[0] if row else story_id

    @staticmethod
    def _new_message(db, rule_id: str, channel: str, kind: str, at: str) -> int:
        return db.execute(
            text(
                "INSERT INTO alert_messages (key, rule_id, channel, kind, status, next_attempt_at, "
                "created_at) VALUES (:key, :rule_id, :channel, :kind, 'pending', :at, :at) "
                "RETURNING id"
            ),
            {
                "key": str(uuid.uuid4()),
                "rule_id": rule_id,
                "channel": channel,
                "kind": kind,
                "at": at,
            },
        ).scalar_one()

    def plan(self, rules: Mapping[str, RuleConfig], now: datetime) -> list[int]:
        """Turn waiting items into digest/update messages once their oldest has waited the
        rule's window (``digest_minutes``, or ``update_minutes`` for an instant rule's later
        copies); returns the new message ids."""
        created = []
        with self.database.transaction() as db:
            waiting = db.execute(
                text(
                    "SELECT i.rule_id, i.channel, MIN(m.matched_at) FROM alert_items i JOIN alert_matches m "
                    "ON m.rule_id = i.rule_id AND m.doc_id = i.doc_id WHERE i.message_id IS NULL "
                    "GROUP BY i.rule_id, i.channel"
                )
            ).all()
            for rule_id, channel, oldest in waiting:
                rule = rules.get(rule_id)
                if rule is None or channel not in rule.channels:
                    continue  # no longer configured: stays queued, shown by `alerts status`
                minutes = rule.digest_minutes if rule.mode == "digest" else rule.update_minutes
                if datetime.fromisoformat(oldest) + timedelta(minutes=minutes) > now:
                    continue
                kind = "digest" if rule.mode == "digest" else "update"
                message_id = self._new_message(db, rule_id, channel, kind, stamp(now))
                taken = db.execute(
                    text(
                        "UPDATE alert_items SET message_id = :id WHERE rule_id = :rule_id "
                        "AND channel = :channel AND message_id IS NULL"
                    ),
                    {"id": message_id, "rule_id": rule_id, "channel": channel},
                ).rowcount
                if not taken:  # another scheduler planned them first (PostgreSQL)
                    db.execute(
                        text("DELETE FROM alert_messages WHERE id = :id"), {"id": message_id}
                    )
                    continue
                created.append(message_id)
        return created

    # --- sending ----------------------------------------------------------------------------

    def claim(self, now: datetime, lease: float, due_by: datetime | None = None) -> Message | None:
        """The oldest message due by *due_by* (default: *now*), now ours for *lease* seconds
        (None: nothing is due)."""
        at = stamp(now)
        with self.database.transaction() as db:
            row = db.execute(
                text(
                    "SELECT * FROM alert_messages WHERE status = 'pending' AND next_attempt_at <= :due "
                    "AND (claimed_until IS NULL OR claimed_until <= :at) ORDER BY id LIMIT 1"
                    + self.database.locking("FOR UPDATE SKIP LOCKED")
                ),
                {"due": stamp(due_by or now), "at": at},
            ).first()
            if row is None:
                return None
            until = stamp(now + timedelta(seconds=lease))
            db.execute(
                text("UPDATE alert_messages SET claimed_until = :until WHERE id = :id"),
                {"until": until, "id": row.id},
            )
        return Message(**{**row._mapping, "claimed_until": until})

    def items(self, message_id: int) -> list[Item]:
        rows = self.database.rows(
            "SELECT m.doc_id, m.story_id, m.first, m.snippet, m.matched_at, d.source, d.outlet, "
            "d.url, d.title, d.published_at FROM alert_items i JOIN alert_matches m "
            "ON m.rule_id = i.rule_id AND m.doc_id = i.doc_id JOIN alert_docs d ON d.doc_id = i.doc_id "
            "WHERE i.message_id = :id ORDER BY m.matched_at, m.seq",  # as recorded
            id=message_id,
        )
        return [Item(**{**r._mapping, "first": bool(r.first)}) for r in rows]

    def story_docs(self, story_ids: Sequence[str]) -> list[StoryDoc]:
        if not story_ids:
            return []
        rows = self.database.rows(
            expanding(
                "SELECT doc_id, story_id, source, outlet, url, title, published_at FROM alert_docs "
                "WHERE story_id IN :ids ORDER BY seen_at, seq",
                "ids",
            ),
            ids=list(story_ids),
        )
        return [StoryDoc(**r._mapping) for r in rows]

    def mark_sent(self, message: Message, carried: Sequence[str], now: datetime) -> None:
        """Delivered.  Items linked to it after its content was built go back to the queue
        (they become the next update), so nothing is lost to a race."""
        with self.database.transaction() as db:
            db.execute(
                text(
                    "UPDATE alert_messages SET status = 'sent', sent_at = :at, attempts = attempts + 1, "
                    "claimed_until = NULL, last_error = NULL WHERE id = :id"
                ),
                {"at": stamp(now), "id": message.id},
            )
            db.execute(
                expanding(
                    "UPDATE alert_items SET message_id = NULL WHERE message_id = :id "
                    "AND doc_id NOT IN :carried",
                    "carried",
                ),
                {"id": message.id, "carried": list(carried)},
            )

    def mark_failed_attempt(
        self, message: Message, error: str, delivery: Delivery, now: datetime
    ) -> str:
        """One more failed attempt: retry later with backoff, or ``failed`` after the last one.
        Returns the new status."""
        attempts = message.attempts + 1
        if attempts >= delivery.max_attempts:
            status, next_at = "failed", message.next_attempt_at
        else:
            wait = backoff(attempts, delivery.backoff, delivery.backoff_max)
            status, next_at = "pending", stamp(now + timedelta(seconds=wait))
        with self.database.transaction() as db:
            db.execute(
                text(
                    "UPDATE alert_messages SET status = :status, attempts = :attempts, "
                    "next_attempt_at = :next_at, claimed_until = NULL, last_error = :error "
                    "WHERE id = :id"
                ),
                {
                    "status": status,
                    "attempts": attempts,
                    "next_at": next_at,
                    "error": error[:500],
                    "id": message.id,
                },
            )
        return status

    def retry(self, now: datetime, ids: Sequence[int] = ()) -> int:
        """Failed messages (all, or those of *ids*) back to pending, attempts reset."""
        query = (
            "UPDATE alert_messages SET status = 'pending', attempts = 0, next_attempt_at = :at, "
            "claimed_until = NULL WHERE status = 'failed'"
        )
        if ids:
            query += " AND id IN :ids"
        with self.database.transaction() as db:
            return db.execute(
                expanding(query, *(["ids"] if ids else [])), {"at": stamp(now), "ids": list(ids)}
            ).rowcount

    # --- reading ----------------------------------------------------------------------------

    def messages(self, status: str | None = None) -> list[Message]:
        query = "SELECT * FROM alert_messages" + (" WHERE status = :status" if status else "")
        return [
            Message(**r._mapping) for r in self.database.rows(query + " ORDER BY id", status=status)
        ]

    def counts(self) -> dict[tuple[str, str], dict[str, int]]:
        """{(rule, channel): {"sent"|"pending"|"failed"|"queued": n}} -- queued: matches
        waiting for a digest or an update message."""
        out: dict[tuple[str, str], dict[str, int]] = {}
        for rule_id, channel, status, n in self.database.rows(
            "SELECT rule_id, channel, status, COUNT(*) FROM alert_messages "
            "GROUP BY rule_id, channel, status"
        ):
            out.setdefault((rule_id, channel), {})[status] = n
        for rule_id, channel, n in self.database.rows(
            "SELECT rule_id, channel, COUNT(*) FROM alert_items WHERE message_id IS NULL "
            "GROUP BY rule_id, channel"
        ):
            out.setdefault((rule_id, channel), {})["queued"] = n
        return out
