"""Analyze stage: Kiwi NLP, entities, the visit event and the story id, via ``enrich.analyze``.

Analysis is CPU work (Kiwi, entities, events), so it runs in the crawl's
worker processes (:mod:`crawler.enrich_pool`), each with a Kiwi of its own:
downloads, extraction and other articles' analyses go on meanwhile.  An
analysis error is logged and the document goes on without NLP fields rather
than being lost.

Story ids come from a :class:`enrich.stories.StoryIndex` whose signatures
persist in the state database (:mod:`crawler.state.stories`: ``<data
dir>/stories.sqlite``, ``NEWSMON_STORIES_PATH``, or ``NEWSMON_DATABASE_URL``),
so an article joins the story of one crawled days earlier, by any worker.  The
index lives on a thread of this process, the only one that uses it, and
takes the analysed documents one at a time in the order they come.  An
article that links two stories merges them: ``item["story_merged"]`` names
the story ids it replaced, for the alert outbox; the index stage relabels the
indexed copies (:meth:`enrich.story_store.SignatureStore.pending_relabels`).
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler import enrich_pool
from crawler.items import ArticleItem
from crawler.state.stories import DatabaseSignatureStore
from enrich.stories import StoryIndex

logger = logging.getLogger(__name__)


class AnalyzePipeline:
    def __init__(self, pool: enrich_pool.EnrichPool, stories_location: str | None):
        self.pool, self.stories_location = pool, stories_location
        self.stories: StoryIndex | None = None  # made on the story thread
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stories")

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("NEWSMON_ANALYZE", True):
            raise NotConfigured("NEWSMON_ANALYZE is off")
        stage = cls(
            enrich_pool.for_crawler(crawler), crawler.settings.get("NEWSMON_STORIES_PATH") or None
        )
        crawler.signals.connect(stage.spider_closed, signal=signals.spider_closed)
        return stage

    def spider_closed(self, **_):
        self.worker.submit(self._close_stories)
        self.worker.shutdown(wait=True)

    def _story(self, enriched: dict) -> tuple[dict, tuple[str, ...]]:
        if self.stories is None:
            self.stories = StoryIndex(DatabaseSignatureStore(self.stories_location))
        assignment = self.stories.add(enriched)
        enriched.update(assignment.fields())
        return enriched, assignment.renamed

    def _close_stories(self):
        if self.stories is not None:
            self.stories.store.close()

    async def process_item(self, item):
        if not isinstance(item, ArticleItem) or not item.get("doc"):
            return item
        try:
            kind, enriched = await self.pool.run(enrich_pool.analyze_document, item["doc"])
        except enrich_pool.WorkerDied as exc:
            kind, enriched = "crash", str(exc)
        if kind != "ok":
            logger.error(
                "analysis failed on %s; indexing it without NLP fields:\n%s", item["url"], enriched
            )
            return item
        try:
            item["doc"], item["story_merged"] = await asyncio.wrap_future(
                self.worker.submit(self._story, enriched)
            )
        except Exception:
            logger.exception(
                "story assignment failed on %s; indexing it without NLP fields", item["url"]
            )
        return item
