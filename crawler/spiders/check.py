"""The sources-check spider: does each source's discovery work on the live sites?

``newsmon sources check`` runs it once on a connected machine (or against a
mirror).  It reads every discovery entry point of the chosen sources exactly as
a crawl does -- the same parsing, robots.txt, redirects, User-Agent, safety
rules -- but follows no link: it notes, per discovery page, the HTTP status,
the final URL, the robots.txt verdict and the article links found, and
extracts one sample article per source (title, date, body length; when a
sample fails, the next link is tried, up to ``SAMPLE_TRIES``).  Nothing is
written: no state store, no index, no alert.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import scrapy

from crawler.sources import CompiledSource
from crawler.spiders.news import (
    NewsSpider,
    describe_failure,
    discovery_problem,
    load_watchlist,
    requested_url,
)
from enrich.errors import EnrichError
from enrich.pipeline import process_page

SAMPLE_TRIES = 3


@dataclass
class PageCheck:
    """One discovery page, or the sample article."""

    kind: str  # feed | sitemap | listing | search | sample
    url: str
    status: int | None = None
    final_url: str | None = None
    robots: str = "allowed"  # allowed | disallowed
    links: int = 0
    error: str | None = None
    title: str | None = None  # the sample's
    published: str | None = None
    body_chars: int | None = None


@dataclass
class SourceCheck:
    source: str
    name: str
    pages: list[PageCheck] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # article links found, in order
    note: str | None = None  # why nothing was checked (no discovery, no API key)
    sampling: bool = False  # a sample request is under way

    @property
    def discovery(self) -> list[PageCheck]:
        return [p for p in self.pages if p.kind != "sample"]

    @property
    def samples(self) -> list[PageCheck]:
        return [p for p in self.pages if p.kind == "sample"]

    def next_sample(self) -> str | None:
        """The link to try as a sample now: none while one is under way or one worked."""
        tried = self.samples
        if self.sampling or any(not p.error for p in tried) or len(tried) >= SAMPLE_TRIES:
            return None
        return self.links[len(tried)] if len(self.links) > len(tried) else None

    @property
    def checked(self) -> bool:
        return bool(self.discovery)

    @property
    def ok(self) -> bool:
        """Its discovery gave at least one article link (the exit status of the check)."""
        return not self.checked or sum(p.links for p in self.discovery) > 0


class SourcesCheckSpider(NewsSpider):
    name = "sources_check"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super(NewsSpider, cls).from_crawler(crawler, *args, **kwargs)
        spider.watchlist = load_watchlist()  # the search queries
        spider.report = {s.id: SourceCheck(s.id, s.config.name) for s in spider.catalog}
        return spider

    async def start(self):
        for source in self.catalog:
            if source.discovery.is_empty():
                self.report[
                    source.id
                ].note = "no discovery entry points (its articles come from other sources)"
        async for request in super().start():
            yield request

    def count(self, source: str, what: str, n: int = 1) -> None:
        if what == "discovery_skipped":
            self.report[source].note = "search skipped: no API credentials in the environment"

    def discovered(
        self, response, source: CompiledSource, kind: str, links: int, error: str | None = None
    ) -> None:
        problem = discovery_problem(kind, links, error)
        self.report[source.id].pages.append(
            PageCheck(
                kind,
                requested_url(response),
                response.status,
                response.url,
                links=0 if problem else links,
                error=problem,
            )
        )

    def discovery_failed(self, failure):
        request = failure.request
        self.report[request.meta["source"]].pages.append(
            _failed(failure, request.cb_kwargs.get("kind", "discovery"))
        )

    def follow_link(self, found_by: CompiledSource, url: str, kind: str, **_):
        """Note the link; the first one of each source is fetched as its sample."""
        if not self.is_article_link(found_by, url):
            return
        report = self.report[found_by.id]
        if url not in report.links:
            report.links.append(url)
            yield from self._sample(report)

    def _sample(self, report: SourceCheck):
        url = report.next_sample()
        if url is None:
            return
        report.sampling = True
        owner = self.catalog.owner(url)
        yield scrapy.Request(
            url,
            callback=self.parse_sample,
            errback=self.sample_failed,
            meta={
                "source": report.source,
                "owner": owner.id if owner else report.source,
                "allow_offsite": owner is None,
            },
            dont_filter=True,
        )

    def parse_sample(self, response):
        sample = PageCheck("sample", requested_url(response), response.status, response.url)
        owner = self.catalog.by_id[response.meta["owner"]]
        try:
            doc = process_page(response.body, url=response.url, is_html=True, hints=owner.hints)
        except EnrichError as exc:
            sample.error = str(exc)
        else:
            sample.title = doc.get("title")
            sample.published = doc.get("published_at")
            sample.body_chars = len(doc.get("body") or "")
            if not sample.body_chars:
                sample.error = "no article text found"
        yield from self._sampled(response.meta["source"], sample)

    def _sampled(self, source: str, sample: PageCheck):
        report = self.report[source]
        report.pages.append(sample)
        report.sampling = False
        yield from self._sample(report)  # another link, if this one failed

    def sample_failed(self, failure):
        yield from self._sampled(failure.request.meta["source"], _failed(failure, "sample"))


def _failed(failure, kind: str) -> PageCheck:
    """The page of a failed request: refused (robots.txt, safety) or failed (HTTP, network)."""
    request, message = failure.request, describe_failure(failure)[1]
    response = getattr(failure.value, "response", None)
    return PageCheck(
        kind,
        requested_url(request),
        response.status if response is not None else None,
        request.url,
        robots="disallowed" if message == "disallowed by robots.txt" else "allowed",
        error=message,
    )
