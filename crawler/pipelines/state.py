"""State stage: is the page new, updated or unchanged -- and, at the end, what became of it.

``process_item`` (after extraction) settles the article's key -- a portal
copy's key is its outlet original's, a redirected or rel=canonical page's is
its canonical URL -- and compares the content hash with the stored one:
unchanged pages stop here, the rest go on marked ``new`` or ``updated``.  The
outlet's original always wins over a portal copy: one that arrives after the
copy was indexed replaces it (``updated``), whatever the order the pages came in.

The outcome is recorded from Scrapy's item signals, i.e. only once every
stage is finished with the article:

- ``item_scraped`` (it passed every stage, including the index sink, which
  returns an item only after Elasticsearch acknowledged it or it is safely
  spooled): status ``done`` (``irrelevant`` when kept with
  ``NEWSMON_INDEX_IRRELEVANT``), ``indexed_at`` when the sink set
  ``item["stored"] = "indexed"``;
- ``item_dropped``: ``Unchanged`` refreshes the change time and validators,
  ``Irrelevant`` records the article so it is not fetched again, failures
  schedule a retry with backoff (``NEWSMON_REFETCH_FAILED_AFTER`` seconds,
  doubling, at most ``NEWSMON_REFETCH_FAILED_MAX``; never sooner than a
  server's Retry-After); a page without article text (``no_article``) is
  tried again the same way, in case the article appears later;
- ``item_error`` (a stage raised): a failure, as above.

Each outcome is also counted for the crawl summary (:mod:`crawler.stats`).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from urllib.parse import urlsplit

from scrapy import signals

from crawler import stats
from crawler.items import ArticleItem
from crawler.pipelines import ArticleFailed, Duplicate, Irrelevant, Unchanged
from crawler.state.articles import DONE, for_crawler, now, utc, worker_name

logger = logging.getLogger(__name__)

ORIGINAL_WAITS_FOR_COPY = 120.0  # seconds at most; then the original is a duplicate after all


def _newest(*values) -> str | None:
    stamps = [s for s in map(utc, values) if s]
    return max(stamps) if stamps else None


class StatePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.store = for_crawler(crawler)
        settings = crawler.settings
        self.retry_after = settings.getfloat("NEWSMON_REFETCH_FAILED_AFTER", 3600)
        self.retry_max = settings.getfloat("NEWSMON_REFETCH_FAILED_MAX", 86400)
        # Claims on the article keys in the later stages, shared with the other workers of a
        # crawl (crawler.frontier) through the state store: one page per article at a time.
        self.owner = worker_name()
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.item_error, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    # --- classification (a pipeline stage) ------------------------------------------------------

    async def process_item(self, item):
        if not isinstance(item, ArticleItem):
            return item
        if item["status"] == 304:
            raise Unchanged(f"{item['url']}: not modified since the last crawl")
        catalog = self.crawler.spider.catalog
        source = catalog.by_id[item["source"]]
        doc = item.get("doc")
        if doc is None:  # a raw crawl (no extract stage): the page bytes are the content
            doc = item["doc"] = {
                "url": item["response_url"],
                "content_hash": hashlib.sha256(item["body"] or b"").hexdigest(),
            }
        key = self._key(item, catalog, source)
        if key != item["key"]:
            item["aliases"] = [item["key"]]
            item["key"] = key
        doc["canonical_url"] = key
        holder = await self._claim(key, item, catalog, source)
        if holder:
            raise Duplicate(f"{item['url']}: same article as {holder}, already in this crawl")
        known = self.store.get(key)  # after the claim: another worker may have just finished it
        if known and known.status in DONE:
            held_by = catalog.by_id.get(known.source)
            replaces_copy = not source.is_portal and bool(held_by and held_by.is_portal)
            if known.content_hash == doc.get("content_hash") and not replaces_copy:
                raise Unchanged(f"{item['url']}: same text as the copy already seen")
            if source.is_portal and known.source != source.id:
                raise Unchanged(
                    f"{item['url']}: portal copy of a {known.source} article already indexed"
                )
        item["change"] = "updated" if known and known.status == "done" else "new"
        return item

    async def _claim(self, key: str, item, catalog, source) -> str | None:
        """Claim the article for this page; None, or the URL of the page holding it.

        An outlet's original found holding back behind a portal copy of it (another crawl
        worker, or this one, took the copy first) waits for the copy to be done and then
        replaces it: the index keeps the original.
        """
        deadline = time.monotonic() + ORIGINAL_WAITS_FOR_COPY
        while True:
            holder = self.store.claim(key, item["url"], self.owner)
            if not holder or source.is_portal or time.monotonic() > deadline:
                return holder
            holder_source = catalog.for_host(urlsplit(holder).hostname or "")
            if not (holder_source and holder_source.is_portal):
                return holder
            await asyncio.sleep(0.25)

    def _key(self, item, catalog, source) -> str:
        doc = item["doc"]
        original = doc.get("original_url") if source.is_portal or item.get("original_url") else None
        if original:
            return self.store.resolve(catalog.canonical_url(original))
        for candidate in (doc.get("canonical_url"), item["response_url"]):
            if candidate and source.is_article(candidate):
                return self.store.resolve(source.canonical_url(candidate))
        return item["key"]

    def close_spider(self):
        self.store.release_all(self.owner)  # items that never reached an outcome

    # --- outcomes (signals) ---------------------------------------------------------------------

    def _common(self, item) -> dict:
        doc = item.get("doc") or {}
        headers = item.get("headers") or {}
        fields = {
            "fetched_url": item.get("response_url") or item["url"],
            "fetched_at": now(),
            "lastmod": _newest(item.get("lastmod"), doc.get("updated_at"), doc.get("published_at")),
            "attempts": 0,
            "retry_at": None,
            "error": None,
        }
        if headers.get("etag") or headers.get("last_modified"):
            fields.update(etag=headers.get("etag"), last_modified=headers.get("last_modified"))
        if doc.get("content_hash"):
            fields["content_hash"] = doc["content_hash"]
        return fields

    def _aliases(self, item) -> list[str]:
        """The other URLs of the item's article, canonical."""
        urls = [*(item.get("aliases") or []), item.get("portal_url"), item["url"]]
        return [self.crawler.spider.catalog.canonical_url(url) for url in urls if url]

    def item_scraped(self, item, **_):
        if not isinstance(item, ArticleItem):
            return
        relevant = item.get("relevant", True)
        indexed = now() if item.get("stored") == "indexed" else None
        self.store.record(  # the claim released with the record: a later copy sees it
            item["key"],
            source=item["source"],
            status="done" if relevant else "irrelevant",
            indexed_at=indexed,
            aliases=self._aliases(item),
            release=item["url"],
            **self._common(item),
        )
        stats.count(
            self.crawler.stats, item["source"], item["change"] if relevant else "irrelevant"
        )

    def item_dropped(self, item, exception, **_):
        if not isinstance(item, ArticleItem):
            return
        source = item["source"]
        if isinstance(exception, ArticleFailed) and exception.kind == "blocked":
            stats.count(self.crawler.stats, source, "blocked")
        elif isinstance(exception, Duplicate):
            for alias in self._aliases(item):  # its row is written when the other page is done
                self.store.alias(alias, item["key"])
            stats.count(self.crawler.stats, source, "unchanged")
            return  # the claim is the other page's
        elif isinstance(exception, Unchanged):
            known = self.store.get(item["key"])
            fields = self._common(item)
            if (
                known and known.source != source
            ):  # a portal copy: the outlet's row stays the outlet's
                fields = {"lastmod": fields["lastmod"]}
                source = known.source
            self.store.record(
                item["key"],
                source=source,
                status=known.status if known else "done",
                aliases=self._aliases(item),
                release=item["url"],
                **fields,
            )
            stats.count(self.crawler.stats, source, "unchanged")
            return
        elif isinstance(exception, Irrelevant):
            self.store.record(
                item["key"],
                source=source,
                status="irrelevant",
                indexed_at=None,
                aliases=self._aliases(item),
                release=item["url"],
                **self._common(item),
            )
            stats.count(self.crawler.stats, source, "irrelevant")
            return
        elif isinstance(exception, ArticleFailed) and exception.kind == "no_article":
            self._failed(item, str(exception), "no_article")  # tried again later, with backoff
        else:
            self._failed(item, str(exception))
        self.store.release(item["key"], item["url"])  # after the record: a later copy sees it

    def item_error(self, item, failure, **_):
        if isinstance(item, ArticleItem):
            self._failed(item, f"{failure.type.__name__}: {failure.getErrorMessage()}")
            self.store.release(item["key"], item["url"])

    def _failed(self, item, error: str, outcome: str = "failed") -> None:
        known = self.store.record_failure(
            item["key"],
            source=item["source"],
            error=error,
            retry_after=self.retry_after,
            max_retry_after=self.retry_max,
            min_wait=item.get("retry_after") or 0,
            lastmod=item.get("lastmod"),
            fetched_url=item.get("response_url") or item["url"],
        )
        stats.count(self.crawler.stats, item["source"], outcome)
        logger.info(
            "%s: %s (%s); next attempt not before %s",
            item["url"],
            outcome.replace("_", " "),
            error,
            known.retry_at,
        )
