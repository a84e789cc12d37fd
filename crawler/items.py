"""The item that carries one article through the pipeline.

The spider yields exactly one :class:`ArticleItem` per article request it
makes -- with the page, or with the error that prevented it -- so every
article the crawl attempts is accounted for once by the state stage: new,
updated, unchanged, irrelevant or failed.  Nothing is lost silently and
nothing is counted twice.

``doc`` is the document of DESIGN.md being built: the extract stage fills it
from ``enrich.pipeline.process_page``, the analyze stage adds NLP fields, the
index sink writes it to Elasticsearch.  ``doc["canonical_url"]`` is set to the
state stage's ``key``, and the document ``_id`` derives from it
(``crawler.elastic.sink.document_id``), so every page of one article -- portal copy,
redirect source, original -- lands on the same document.
"""

from __future__ import annotations

import scrapy


class ArticleItem(scrapy.Item):
    # What was asked for, and why.
    source = scrapy.Field()  # id of the source whose profile handles the page
    discovered_by = scrapy.Field()  # "<source id>:<feed|sitemap|listing|search>"
    url = scrapy.Field()  # the article URL as discovered (original host, even on a mirror)
    key = scrapy.Field()  # canonical URL: state-store key; the document id derives from it
    link_title = scrapy.Field()  # title shown on the discovery page
    lastmod = scrapy.Field()  # change time shown on the discovery page (ISO 8601), if any
    watch = scrapy.Field()  # the watchlist match that made the link worth following
    query = scrapy.Field()  # the watchlist search query that found it, if any
    portal_url = scrapy.Field()  # a portal copy of the same article, when known
    original_url = scrapy.Field()  # the outlet's original, when this is a portal copy
    aliases = scrapy.Field()  # other URLs of the article (portal copy, redirect source)
    refetch = scrapy.Field()  # why it was fetched: new | changed | retry | pending

    # What came back.
    response_url = scrapy.Field()  # after redirects
    status = scrapy.Field()  # HTTP status (304: not modified since the last crawl)
    headers = scrapy.Field()  # {"content_type", "charset", "etag", "last_modified"}
    body = scrapy.Field()  # page bytes; released after extraction
    error = scrapy.Field()  # why there is no page (HTTP error, robots.txt, timeout, ...)
    error_kind = scrapy.Field()  # failed | blocked (robots.txt, unsafe address, off-domain)
    retry_after = scrapy.Field()  # seconds the server asked to wait (429/503), if it did

    # What the stages make of it.
    doc = scrapy.Field()  # the document (DESIGN.md fields), built up stage by stage
    change = scrapy.Field()  # new | updated (set by the state stage)
    relevant = scrapy.Field()  # False: counted, and indexed only if NEWSMON_INDEX_IRRELEVANT
    story_merged = scrapy.Field()  # story ids this article merged into its own (analyze stage)
    alert_matches = scrapy.Field()  # alert rules matched (set at 750, recorded at 850)
    stored = scrapy.Field()  # set by the index sink: "indexed" (ES acknowledged) | "spooled"

    def __repr__(self) -> str:  # logs show which article, not its bytes
        what = self.get("error") or self.get("change") or self.get("status")
        return f"<ArticleItem {self.get('source')} {self.get('key')} {what}>"
