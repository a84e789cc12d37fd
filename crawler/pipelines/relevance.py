"""Relevance stage: articles that turn out not to be about a CEO visit are counted, not indexed.

A link is followed on its title alone; after extraction and analysis the
whole article is judged.  With the analyze stage on, the judge is the visit
event of ``enrich.analyze`` (``event.is_visit``, or ``event.relevance.score`` at
least ``NEWSMON_RELEVANCE_MIN`` when that is set); without it, the
watchlist's cheap match on the title and text.  ``NEWSMON_INDEX_IRRELEVANT``
keeps irrelevant articles in the index too (``item["relevant"] = False``);
either way they are counted and remembered, so they are not fetched again.
"""

from __future__ import annotations

from crawler.items import ArticleItem
from crawler.pipelines import Irrelevant


class RelevancePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.keep = crawler.settings.getbool("NEWSMON_INDEX_IRRELEVANT", False)
        minimum = crawler.settings.get("NEWSMON_RELEVANCE_MIN")
        self.minimum = float(minimum) if minimum not in (None, "") else None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def judge(self, doc: dict) -> tuple[bool, str]:
        if "event" in doc:
            event = doc["event"] or {}
            score = event.get("relevance")
            if isinstance(score, dict):
                score = score.get("score")
            if self.minimum is not None and score is not None:
                return score >= self.minimum, f"visit relevance {score} (minimum {self.minimum})"
            return bool(event.get("is_visit")), f"no visit event (relevance {score})"
        match = self.crawler.spider.watchlist.matches(doc.get("title") or "", doc.get("body") or "")
        return bool(match), "no watchlist match in the text"

    def process_item(self, item):
        if not isinstance(item, ArticleItem) or not item.get("doc"):
            return item
        relevant, why = self.judge(item["doc"])
        item["relevant"] = relevant
        if not relevant and not self.keep:
            raise Irrelevant(f"{item['url']}: {why}")
        return item
