"""Delivery: turn due digests and updates into messages, send what is due, retry with backoff.

One :meth:`Dispatcher.run` plans, then claims and sends due messages one at a
time until none is due.  A failed send is retried after ``backoff`` seconds,
doubling up to ``backoff_max``; after ``max_attempts`` the message is kept as
``failed`` -- shown by ``newsmon alerts status``, sent again by ``newsmon
alerts retry`` -- and logged as an error, never dropped.  The crawl's alert
stage runs it after new matches; the scheduler runs it every minute or so,
which is what brings retries and digests between crawls.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from crawler.alerts import content as contents
from crawler.alerts.channels import DeliveryError, Sender, senders
from crawler.alerts.config import AlertsFile
from crawler.alerts.outbox import Message, Outbox

logger = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Report:
    planned: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return (
            f"{self.sent} sent, {self.retrying} to retry, {self.failed} failed "
            f"({self.planned} digest/update message(s) made)"
        )


class Dispatcher:
    def __init__(
        self,
        outbox: Outbox,
        config: AlertsFile,
        *,
        data_dir: Path | None = None,
        clock: Callable[[], datetime] = utcnow,
        channel_senders: dict[str, Sender] | None = None,
    ):
        self.outbox, self.config, self.clock = outbox, config, clock
        self.senders = channel_senders if channel_senders is not None else senders(config, data_dir)
        self.rules = {r.id: r for r in config.rules}
        # A sender that dies mid-send holds a message this long; then another sender retries it.
        self.lease = max(300.0, 20 * config.delivery.timeout)

    def run(self, now: datetime | None = None) -> Report:
        """Plan and send everything due at *now* (default: the clock, read per message)."""
        start = now or self.clock()
        report = Report(planned=len(self.outbox.plan(self.rules, start)))
        # Only what is due at the start: a quick retry waits for the next run, not this loop.
        while message := self.outbox.claim(now or self.clock(), self.lease, due_by=start):
            status = self.deliver(message, now)
            if status == "sent":
                report.sent += 1
            elif status == "failed":
                report.failed += 1
            else:
                report.retrying += 1
        return report

    def deliver(self, message: Message, now: datetime | None = None) -> str:
        """Send one claimed message; returns its new status."""
        label = f"alert #{message.id} ({message.kind}, rule {message.rule_id} -> {message.channel})"
        sender = self.senders.get(message.channel)
        rule = self.rules.get(message.rule_id)
        try:
            if sender is None:
                raise DeliveryError(f"channel {message.channel!r} is not configured")
            items = self.outbox.items(message.id)
            stories = self.outbox.story_docs(list(dict.fromkeys(i.story_id for i in items)))
            content = contents.build(
                message, items, stories, rule.name if rule else message.rule_id
            )
            sender.send(content)
        except Exception as exc:  # a bug in a sender must not lose the message either
            error = str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}"
            if not isinstance(exc, DeliveryError):
                logger.exception("%s: unexpected error while sending", label)
            status = self.outbox.mark_failed_attempt(
                message, error, self.config.delivery, now or self.clock()
            )
            if status == "failed":
                logger.error(
                    "%s failed after %d attempts: %s; kept as failed (newsmon alerts status)",
                    label,
                    message.attempts + 1,
                    error,
                )
            else:
                logger.warning(
                    "%s: attempt %d of %d failed: %s; will retry",
                    label,
                    message.attempts + 1,
                    self.config.delivery.max_attempts,
                    error,
                )
            return status
        self.outbox.mark_sent(message, content.carried, now or self.clock())
        logger.info("%s sent: %d article(s)", label, len(content.articles))
        return "sent"
