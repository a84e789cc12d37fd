"""Index stage: the enriched document into Elasticsearch through the bulk sink.

Thin glue over :class:`crawler.elastic.sink.BulkSink`.  Each article waits for its
batch (full, or ``bulk.max_wait`` seconds old) and leaves this stage only once
its fate is known: ``item["stored"] = "indexed"`` when Elasticsearch
acknowledged it (or already had the same content), ``"spooled"`` when it is
safe on disk for a later replay.  A document Elasticsearch refuses goes to the
dead-letter file and is dropped here as a failure, so the state store retries
it in a later crawl.  Sending runs on a worker thread: a slow or unreachable
cluster never stalls downloads.

At start the stage sets up template/index/alias (idempotent) and replays what
earlier runs spooled; at close it flushes the last batch.  Documents spooled
during the crawl are counted (:data:`crawler.stats.SPOOLED`) for the summary.

Story ids: a later article can merge two stories (:mod:`enrich.stories`), so
each batch takes its documents' story ids from the story store as it goes
out, and after each flush the indexed copies of merged stories' members are
relabelled (partial updates, no script).  A merge stays pending in the story
store until that succeeds, so an outage delays it and loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from elasticsearch import ApiError, TransportError
from scrapy.exceptions import NotConfigured

from crawler import paths
from crawler.config import ElasticsearchSettings, load_settings
from crawler.elastic import story_labels
from crawler.elastic.client import NoCluster, resolve
from crawler.elastic.index_setup import SetupError
from crawler.elastic.sink import BulkSink, Outcome, document_id
from crawler.items import ArticleItem
from crawler.pipelines import ArticleFailed
from crawler.state.articles import for_crawler
from crawler.state.stories import DatabaseSignatureStore
from crawler.stats import SPOOLED

logger = logging.getLogger(__name__)

TICK = 1.0  # seconds between checks for a batch that has waited long enough


class IndexPipeline:
    def __init__(
        self,
        crawler,
        sink: BulkSink,
        es_settings: ElasticsearchSettings,
        stories: str | None = None,
        analyzed: bool = True,
    ):
        self.crawler, self.sink, self.es_settings = crawler, sink, es_settings
        self.stories_location, self.analyzed = stories, analyzed  # the analyze stage's store
        self._stories: DatabaseSignatureStore | None = None  # opened on the worker thread
        self.sink.prepare = self._current_stories
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="es-sink")
        self.waiting: dict[str, list[asyncio.Future]] = {}
        self.ticker: asyncio.Task | None = None
        self.flushes: set[asyncio.Task] = set()  # referenced until done (asyncio keeps none)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("NEWSMON_INDEX", True):
            raise NotConfigured("NEWSMON_INDEX is off")
        settings = load_settings().elasticsearch
        try:
            client = resolve(settings).client()
        except NoCluster as exc:  # no cluster configured: keep everything in the spool
            logger.error("%s; documents will be spooled until one is available", exc)
            client = None
        return cls(
            crawler,
            BulkSink.from_settings(client, settings, paths.data_dir()),
            settings,
            crawler.settings.get("NEWSMON_STORIES_PATH") or None,
            crawler.settings.getbool("NEWSMON_ANALYZE", True),
        )

    # --- lifecycle -------------------------------------------------------------------------------

    async def open_spider(self):
        if self.sink.client is not None:
            try:
                await self._in_worker(self.sink.ensure_index)
                replayed = await self._in_worker(self.sink.replay)
                await self._in_worker(self._relabel_stories)
            except SetupError as exc:
                logger.error("%s; new documents will be spooled until then", exc)
            except (TransportError, ApiError) as exc:
                logger.warning(
                    "Elasticsearch not reachable at start (%s); new documents will be "
                    "spooled and replayed at the next run",
                    exc,
                )
            else:
                self._record_replayed(replayed)
        self.ticker = asyncio.ensure_future(self._tick())

    async def _tick(self):
        while True:
            await asyncio.sleep(TICK)
            if self.sink.due():
                await self._flush()

    async def close_spider(self):
        if self.ticker:
            self.ticker.cancel()
        await self._flush()
        await self._in_worker(self._close_stories)
        self.worker.shutdown(wait=True)

    # --- items -----------------------------------------------------------------------------------

    async def process_item(self, item):
        if not isinstance(item, ArticleItem) or not item.get("doc"):
            return item
        doc = item["doc"]
        waiter = asyncio.get_running_loop().create_future()
        self.waiting.setdefault(document_id(doc), []).append(waiter)
        if self.sink.add(doc):
            flush = asyncio.ensure_future(self._flush())
            self.flushes.add(flush)
            flush.add_done_callback(self.flushes.discard)
        outcome: Outcome = await waiter
        if outcome.status == "dead_letter":
            raise ArticleFailed(f"{item['url']}: refused by Elasticsearch: {outcome.reason}")
        item["stored"] = "spooled" if outcome.status == "spooled" else "indexed"
        return item

    async def _flush(self):
        outcomes = await self._in_worker(self._flush_batch)
        spooled = sum(1 for outcome in outcomes if outcome.status == "spooled")
        if spooled:
            self.crawler.stats.inc_value(SPOOLED, spooled)
        for outcome in outcomes:
            for waiter in self.waiting.pop(outcome.doc_id, []):
                if not waiter.done():
                    waiter.set_result(outcome)

    # --- story ids (worker thread) ---------------------------------------------------------------

    def _flush_batch(self) -> list[Outcome]:
        outcomes = self.sink.flush()
        self._relabel_stories()
        return outcomes

    def _story_store(self) -> DatabaseSignatureStore | None:
        if self._stories is None and self.analyzed:
            self._stories = DatabaseSignatureStore(self.stories_location)
        return self._stories

    def _current_stories(self, docs: dict[str, dict]) -> None:
        if (store := self._story_store()) is not None:
            story_labels.current_stories(store, docs)

    def _relabel_stories(self) -> None:
        if (store := self._story_store()) is not None and self.sink.client is not None:
            story_labels.relabel_stories(self.sink.client, self.sink.index, store)

    def _close_stories(self) -> None:
        if self._stories is not None:
            self._stories.close()
            self._stories = None

    def _record_replayed(self, outcomes: list[Outcome]):
        if not outcomes:
            return
        store = for_crawler(self.crawler)
        for outcome in outcomes:
            if outcome.status in ("created", "updated", "unchanged"):
                store.mark_indexed(outcome.key)
        logger.info("replayed %d spooled document(s) into Elasticsearch", len(outcomes))

    def _in_worker(self, function, *args):
        return asyncio.wrap_future(self.worker.submit(function, *args))
