"""Item pipeline stages: thin glue from a fetched page to an indexed document.

Order (``ITEM_PIPELINES`` in :mod:`crawler.settings`)::

    100 extract    enrich.pipeline.process_page: text, title, dates, bylines, content hash
    200 state      new / updated / unchanged, against the state store
    300 analyze    enrich.analyze: Kiwi tokens, keywords, entities, visit event, story
    400 relevance  irrelevant articles counted, not indexed (NEWSMON_INDEX_IRRELEVANT)
    750 match      alert rules matched: their ids go into the document (``alerts``)
    800 index      Elasticsearch sink (crawler.pipelines.index)
    850 alerts     matches recorded in the outbox (once per rule and story), delivered

Every stage takes the :class:`~crawler.items.ArticleItem` and returns it, or
raises one of the ``DropItem`` subclasses below; the state stage turns each
outcome into a row of the state store and a count of the crawl summary.
"""

from __future__ import annotations

from scrapy.exceptions import DropItem


class ArticleFailed(DropItem):
    """The article could not be fetched or made sense of; it is retried in a later crawl."""

    def __init__(self, message: str, kind: str = "failed"):
        super().__init__(message, log_level="WARNING" if kind == "failed" else "INFO")
        self.kind = kind  # failed | blocked | no_article


class Unchanged(DropItem):
    """Same content as the copy already indexed (or 304 Not Modified)."""

    def __init__(self, message: str):
        super().__init__(message, log_level="DEBUG")


class Duplicate(Unchanged):
    """Another page of the same article (a portal copy, say) is already in the pipeline."""


class Irrelevant(DropItem):
    """Not about a tech-CEO visit after all; counted, not indexed."""

    def __init__(self, message: str):
        super().__init__(message, log_level="INFO")
