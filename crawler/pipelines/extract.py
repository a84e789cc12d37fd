"""Extract stage: page bytes -> the document's text fields, via ``enrich.pipeline.process_page``.

Extraction is CPU work (lxml, trafilatura), so it runs in the crawl's worker
processes (:mod:`crawler.enrich_pool`) and downloads go on meanwhile.  A page
that cannot be made into text -- binary, empty, undecodable, or one that trips
a bug -- fails this article only, with the reason logged and counted; the crawl
goes on.  A page without article text (widgets, menus, lists only) is counted
as ``no_article``, never indexed as an article; a page over the size caps
(:mod:`enrich.bounds`) is indexed with what was cut in ``truncated`` and
counted as ``truncated``.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from crawler import enrich_pool, stats
from crawler.items import ArticleItem
from crawler.pipelines import ArticleFailed
from enrich.bounds import Limits

logger = logging.getLogger(__name__)
KST = timezone(timedelta(hours=9))


def _is_html(content_type: str | None, body: bytes) -> bool:
    if content_type:
        return "html" in content_type.lower()
    return body.lstrip()[:1] == b"<"


class ExtractPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.pool = enrich_pool.for_crawler(crawler)
        self.limits = Limits(
            markup_bytes=crawler.settings.getint("NEWSMON_MAX_MARKUP_BYTES"),
            text_chars=crawler.settings.getint("NEWSMON_MAX_TEXT_CHARS"),
        )

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_item(self, item):
        if not isinstance(item, ArticleItem):
            return item
        if item.get("error"):
            raise ArticleFailed(
                f"{item['url']}: {item['error']}", item.get("error_kind") or "failed"
            )
        if item["status"] == 304:
            return item
        source = self.crawler.spider.catalog.by_id[item["source"]]
        body, headers = item["body"], item["headers"]
        item["body"] = None  # the bytes are not needed past this stage
        content_type = headers.get("content_type")
        charset = content_type.partition("charset=")[2].strip("\"' ;") if content_type else ""
        options = {
            "url": item["response_url"],
            "is_html": _is_html(content_type, body),
            "encoding": charset or None,
            "hints": source.hints,
            "limits": self.limits,
        }
        try:
            kind, result = await self.pool.run(enrich_pool.extract_page, body, options)
        except enrich_pool.WorkerDied as exc:
            raise ArticleFailed(f"{item['url']}: extraction failed: {exc}") from None
        if kind == "no_article":
            raise ArticleFailed(f"{item['url']}: no article text: {result}", "no_article")
        if kind == "error":  # the message names the page already
            raise ArticleFailed(
                result if item["response_url"] in result else f"{item['url']}: {result}"
            )
        if kind == "crash":  # a bug on one odd page must not end the crawl
            logger.error("extraction crashed on %s:\n%s", item["url"], result)
            raise ArticleFailed(
                f"{item['url']}: extraction crashed: {result.strip().splitlines()[-1]}"
            )
        doc = result
        doc.update(
            source=source.id,
            portal=doc.get("portal") or (source.id if source.is_portal else None),
            original_url=doc.get("original_url") or item.get("original_url"),
            # A portal's page of the same article (Naver's, from its search API), never fetched.
            portal_url=item.get("portal_url"),
            crawled_at=datetime.now(KST).replace(microsecond=0).isoformat(),
        )
        if doc.get("truncated"):
            stats.count(self.crawler.stats, source.id, "truncated")
        item["doc"] = doc
        return item
