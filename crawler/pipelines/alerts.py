"""Alert stages: match the rules (750), then record in the outbox and deliver (850).

Matching runs before the index sink so that the document is indexed with the
ids of the rules it matched (``alerts``, searchable in Kibana); recording runs
after it, so that an alert only ever points to a document that is stored
(indexed, or safely spooled when Elasticsearch is down).  Matching is
:mod:`enrich.alertquery` on the enriched document (microseconds); recording
is one transaction in the state database (:mod:`crawler.alerts.outbox`)
that also decides "first of its story for this rule, or a later copy".
Sending happens on a worker thread of its own, kicked after new alerts and
once more when the spider closes, so a slow receiver never holds up the
crawl; what cannot be sent now is retried by ``newsmon schedule``.

Off when ``NEWSMON_ALERTS`` is false, when ``config/alerts.yaml`` does not
exist or has no enabled rule.  An invalid alerts file stops the crawl with
its file/line/key error: a typo must not silently switch alerts off.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from scrapy.exceptions import NotConfigured

from crawler import enrich_pool
from crawler.alerts.config import (
    AlertsFile,
    RuleConfig,
    compile_config,
    default_path,
    default_resolver,
    load_alerts,
)
from crawler.alerts.content import snippet
from crawler.alerts.dispatch import Dispatcher, utcnow
from crawler.alerts.outbox import Outbox
from crawler.items import ArticleItem
from enrich.alertquery import RuleSet

logger = logging.getLogger(__name__)

STORED = (None, "indexed", "spooled")  # None: no index stage in this crawl


def record(
    outbox: Outbox,
    rules: RuleSet,
    by_id: Mapping[str, RuleConfig],
    doc: dict,
    now: datetime,
    matches: list | None = None,
) -> tuple[list[str], list[int]]:
    """Match *doc* (unless *matches* are given) and record it in the outbox: (ids of the rules
    it matched, new message ids)."""
    matches = rules.match(doc) if matches is None else matches
    created = outbox.record(doc, [(m.rule_id, snippet(doc, m.words)) for m in matches], by_id, now)
    return [m.rule_id for m in matches], created


_loaded: dict[int, tuple[AlertsFile, RuleSet]] = {}


def _rules(crawler) -> tuple[AlertsFile, RuleSet]:
    """The crawl's alert rules, loaded and compiled once for both stages."""
    if id(crawler) not in _loaded:
        settings = crawler.settings
        if not settings.getbool("NEWSMON_ALERTS", True):
            raise NotConfigured("NEWSMON_ALERTS is off")
        path = Path(settings.get("NEWSMON_ALERTS_FILE") or default_path())
        if not path.is_file():
            raise NotConfigured(f"no alert rules ({path} does not exist)")
        # The query words are analysed by a worker's Kiwi: this process loads none.
        resolver = default_resolver(enrich_pool.for_crawler(crawler, items=False).morphemes)
        config = load_alerts(path, resolver=resolver)
        if not config.enabled():
            raise NotConfigured(f"no enabled alert rule in {path}")
        rules = compile_config(config, resolver)
        logger.info("alerts: %d rule(s) from %s", len(rules), path)
        _loaded[id(crawler)] = (config, rules)
    return _loaded[id(crawler)]


class AlertMatchPipeline:
    """750: the ids of the matching rules into the document, before it is indexed."""

    def __init__(self, rules: RuleSet):
        self.rules = rules

    @classmethod
    def from_crawler(cls, crawler):
        return cls(_rules(crawler)[1])

    def process_item(self, item):
        if isinstance(item, ArticleItem) and item.get("doc"):
            item["alert_matches"] = self.rules.match(item["doc"])
            item["doc"]["alerts"] = [m.rule_id for m in item["alert_matches"]]
        return item


class AlertsPipeline:
    def __init__(self, config: AlertsFile, rules: RuleSet, state_path: str | None):
        self.config, self.rules = config, rules
        self.by_id = {r.id: r for r in config.enabled()}
        self.outbox = Outbox(state_path)
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="alerts")
        self._dispatcher: Dispatcher | None = None  # made and used on the worker thread only
        self._kicked = False

    @classmethod
    def from_crawler(cls, crawler):
        config, rules = _rules(crawler)
        return cls(config, rules, crawler.settings.get("NEWSMON_STATE_PATH") or None)

    def process_item(self, item):
        if not isinstance(item, ArticleItem) or not item.get("doc"):
            return item
        if item.get("story_merged"):  # before anything else: the merged stories' alerts count
            self.outbox.merge_stories(item["story_merged"], item["doc"]["story_id"])
        if item.get("stored") not in STORED:
            return item
        doc = item["doc"]
        doc["alerts"], created = record(
            self.outbox, self.rules, self.by_id, doc, utcnow(), item.get("alert_matches")
        )
        if created:
            logger.info("%s: new alert(s) for rule(s) %s", item["url"], ", ".join(doc["alerts"]))
            self._kick()
        return item

    def _kick(self) -> None:
        """Deliver soon; at most one run waiting behind the one in progress."""
        if not self._kicked:
            self._kicked = True
            self.worker.submit(self._deliver)

    def _deliver(self) -> None:
        self._kicked = False
        if self._dispatcher is None:  # made on the worker thread, which alone uses it
            self._dispatcher = Dispatcher(self.outbox, self.config)
        try:
            report = self._dispatcher.run()
            if report.sent or report.retrying or report.failed:
                logger.info("alerts: %s", report)
        except Exception:  # the outbox keeps everything; the next run or the scheduler retries
            logger.exception("alert delivery run failed")

    async def close_spider(self) -> None:
        """Last delivery of this crawl, then close (what fails now stays in the outbox)."""
        await asyncio.wrap_future(self.worker.submit(self._deliver))
        self.worker.shutdown()
        self.outbox.close()
