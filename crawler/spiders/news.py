"""The news spider: finds new articles about tech-CEO visits and yields their pages.

It reads every discovery entry point of the chosen sources -- RSS/Atom feeds,
(news) sitemaps, listing pages, watchlist searches -- which are cheap, and
follows an article link only when

- its title or summary matches the watchlist (``enrich.watchlist``), or it
  came from a watchlist search, or the source follows every article;
- the state store says it is new, changed since the last crawl (the feed,
  sitemap or listing shows a newer change time), or due for a retry.

It yields one :class:`~crawler.items.ArticleItem` per article request, with
the page or with the error, and nothing else; what becomes of the page is
the item pipelines' business (``crawler.pipelines``).

Every discovery page's outcome -- its article links, or why it gave none
(HTTP error, refused, redirected to the home page) -- goes to the state store
(:meth:`discovered`), which reports discovery that keeps failing.

Run it as ``newsmon crawl [--source ID ...]`` or ``scrapy crawl news
[-a source=ID,ID]``.
"""

from __future__ import annotations

import email.utils
import functools
import json
import logging
import os
from datetime import UTC, datetime
from html import unescape
from urllib.parse import quote, urlsplit

import feedparser
import scrapy
from lxml import etree
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip, gzip_magic_number
from w3lib.html import remove_tags

from crawler import stats
from crawler.config import ConfigError, seeds_file
from crawler.items import ArticleItem
from crawler.middlewares import UnsafeRequest
from crawler.sources import CompiledSource, Search, is_xpath, load_sources
from crawler.state.articles import for_crawler, utc
from enrich.dates import labelled_datetimes, parse_datetime

logger = logging.getLogger(__name__)

# Articles before more discovery pages; outlets before portals, so that an outlet's original
# usually gets into the pipeline before a portal copy of it.
PRIORITY = {"article": 10, "portal_article": 5, "discovery": 0, "portal_discovery": -5}
SUMMARY_CHARS = 400


def load_watchlist():
    """The watchlist of :mod:`enrich.watchlist` (people, companies, visit words; config/)."""
    from enrich.watchlist import Watchlist

    for factory in ("load", "from_config", "default"):
        if hasattr(Watchlist, factory):
            return getattr(Watchlist, factory)()
    return Watchlist()


def _iso(struct) -> str | None:
    return datetime(*struct[:6], tzinfo=UTC).isoformat() if struct else None


def _newest(*values: str | None) -> str | None:
    stamps = [s for s in (utc(v) for v in values) if s]
    return max(stamps) if stamps else None


def _rfc822(value: str | None) -> str | None:
    try:
        return email.utils.parsedate_to_datetime(value).isoformat() if value else None
    except (TypeError, ValueError):
        return None


def _child(node, *path: str) -> str | None:
    """The stripped text of the element at *path* below *node*, by local names, one level
    per name (namespaces vary from site to site)."""
    xpath = "/".join(f"*[local-name()='{name}']" for name in path)
    found = node.xpath(f"{xpath}/text()")
    return found[0].strip() if found else None


def sitemap_entries(root):
    """The article links of a sitemap's ``<url>`` elements (``url``, ``title``, ``summary``,
    ``lastmod``, as :meth:`NewsSpider.follow_link` takes them).

    Only the ``<url>``'s own ``<loc>`` and ``<lastmod>`` and its Google News block
    (``<news:news>``: title, keywords, publication date) describe the article: an
    ``<image:image>`` or ``<video:video>`` block beside them has a ``<loc>``, a
    ``<title>`` or a caption of its own, often first.
    """
    for node in root.xpath("*[local-name()='url']"):
        loc = _child(node, "loc")
        if loc:
            yield {
                "url": loc,
                "title": _child(node, "news", "title") or "",
                "summary": _child(node, "news", "keywords") or "",
                "lastmod": _newest(
                    parse_datetime(_child(node, "lastmod")),
                    parse_datetime(_child(node, "news", "publication_date")),
                ),
            }


def _text(html: str | None) -> str:
    return " ".join(unescape(remove_tags(html or "")).split())


def requested_url(page) -> str:
    """A request's or response's URL as first requested, before any redirect."""
    return (page.meta.get("redirect_urls") or [page.url])[0]


def discovery_problem(kind: str, links: int, error: str | None = None) -> str | None:
    """Why a discovery page read is a failure, or None: an error, or no article link (a
    search may rightly find nothing; a feed, sitemap or listing without links is broken)."""
    return error or (None if links or kind == "search" else "no article links")


def redirected_home(response) -> str | None:
    """Why a discovery page that ended on its site's home page is no discovery page (sites
    retire section lists by redirecting them there), or None."""
    first = requested_url(response)
    home = urlsplit(response.url).path in ("", "/") and not urlsplit(response.url).query
    if first != response.url and home and urlsplit(first).path not in ("", "/"):
        return f"redirected to the home page ({response.url})"
    return None


def discovery_page(parse):
    """A discovery callback that reads nothing from a page that moved to the home page (its
    links are not the section's): the page is recorded as failing instead."""

    @functools.wraps(parse)
    def read(self, response, source: str, kind: str):
        moved = redirected_home(response)
        if moved:
            self.discovered(response, self.catalog.by_id[source], kind, 0, error=moved)
            return
        yield from parse(self, response, source, kind)

    return read


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(self, source: str | None = None, **kwargs):
        super().__init__(**kwargs)
        wanted = [s.strip() for s in source.split(",") if s.strip()] if source else None
        sources = load_sources()
        unknown = sorted(set(wanted or []) - {s.id for s in sources.sources})
        if unknown:
            raise ConfigError(
                seeds_file("sources.yaml"),
                f"no such source: {', '.join(unknown)} "
                f"(known: {', '.join(s.id for s in sources.sources)})",
                key="sources",
            )
        self.catalog = sources.catalog(wanted)
        self.allowed_domains = self.catalog.domains
        self._keys: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.state = for_crawler(crawler)
        spider.watchlist = load_watchlist()
        return spider

    def count(self, source: str, what: str, n: int = 1) -> None:
        stats.count(self.crawler.stats, source, what, n)

    # --- discovery ------------------------------------------------------------------------------

    async def start(self):
        for source in self.catalog:
            d = source.discovery
            if d.is_empty():
                logger.info(
                    "%s: no discovery entry points (its articles come from other sources)",
                    source.id,
                )
            for url in d.feeds:
                yield self._discovery(url, source, "feed", self.parse_feed)
            for url in d.sitemaps:
                yield self._discovery(url, source, "sitemap", self.parse_sitemap)
            for listing in d.listings:
                for page in range(1, listing.pages + 1):
                    yield self._discovery(
                        listing.url.replace("{page}", str(page)),
                        source,
                        "listing",
                        self.parse_listing,
                    )
            for search in d.search:
                for request in self._searches(source, search):
                    yield request

    def _discovery(self, url: str, source: CompiledSource, kind: str, callback, **kwargs):
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.discovery_failed,
            priority=PRIORITY["portal_discovery" if source.is_portal else "discovery"],
            # The source by id: requests may be serialized into a shared frontier (crawler.frontier).
            cb_kwargs={"source": source.id, "kind": kind},
            meta={"source": source.id, **kwargs.pop("meta", {})},
            **kwargs,
        )

    def _searches(self, source: CompiledSource, search: Search):
        headers = {}
        if search.kind == "naver_news_api":
            client_id, secret = (
                os.environ.get(search.client_id_env),
                os.environ.get(search.client_secret_env),
            )
            if not (client_id and secret) and self.settings.get("NEWSMON_MIRROR"):
                # A mirror answers from saved files: no request leaves the machine, no key needed.
                client_id = secret = "offline-mirror"
            if not (client_id and secret):
                logger.warning(
                    "%s: %s and %s are not set; skipping Naver news search",
                    source.id,
                    search.client_id_env,
                    search.client_secret_env,
                )
                self.count(source.id, "discovery_skipped")
                return
            headers = {"X-Naver-Client-Id": client_id, "X-Naver-Client-Secret": secret}
        for query in self.watchlist.search_queries():
            url = search.url.replace("{query}", quote(query)).replace(
                "{per_query}", str(search.per_query)
            )
            if search.kind == "naver_news_api":
                # The API is the sanctioned way to search Naver (search pages: robots-disallowed).
                yield self._discovery(
                    url,
                    source,
                    "search",
                    self.parse_search_api,
                    headers=headers,
                    meta={"dont_obey_robotstxt": True, "query": query},
                )
            else:
                yield self._discovery(
                    url, source, "search", self.parse_listing, meta={"query": query}
                )

    def discovery_failed(self, failure):
        request = failure.request
        self.count(request.meta["source"], "discovery_failed")
        message = describe_failure(failure)[1]
        logger.warning("discovery page failed: %s: %s", request.url, message)
        response = getattr(failure.value, "response", None)
        self.state.record_discovery(
            requested_url(request),
            source=request.meta["source"],
            status=response.status if response is not None else None,
            final_url=request.url,
            links=0,
            error=message,
        )

    def discovered(
        self, response, source: CompiledSource, kind: str, links: int, error: str | None = None
    ) -> None:
        """A discovery page was read: record whether it gave article links."""
        problem = discovery_problem(kind, links, error)
        if problem:
            logger.warning("%s: discovery page %s: %s", source.id, requested_url(response), problem)
        self.state.record_discovery(
            requested_url(response),
            source=source.id,
            status=response.status,
            final_url=response.url,
            links=0 if problem else links,
            error=problem,
        )

    def is_article_link(self, found_by: CompiledSource, url: str) -> bool:
        """Whether a discovered link is one of *found_by*'s articles (a search's are all)."""
        return found_by.config.type == "search" or found_by.is_article(url)

    @discovery_page
    def parse_feed(self, response, source: str, kind: str):
        source = self.catalog.by_id[source]
        parsed = feedparser.parse(
            response.body,
            response_headers={
                "content-type": response.headers.get("Content-Type", b"").decode("latin-1"),
                "content-location": response.url,
            },
        )
        if not parsed.entries and parsed.get("bozo"):
            self.count(source.id, "discovery_failed")
            logger.warning(
                "%s: not a readable feed: %s", response.url, parsed.get("bozo_exception")
            )
            self.discovered(response, source, kind, 0, error="not a readable feed")
            return
        links = 0
        for entry in parsed.entries:
            link = entry.get("link")
            if not link:
                continue
            lastmod = _newest(
                _iso(entry.get("updated_parsed")), _iso(entry.get("published_parsed"))
            )
            links += self.is_article_link(source, response.urljoin(link))
            yield from self.follow_link(
                source,
                response.urljoin(link),
                kind,
                title=_text(entry.get("title")),
                summary=_text(entry.get("summary"))[:SUMMARY_CHARS],
                lastmod=lastmod,
            )
        self.discovered(response, source, kind, links)

    @discovery_page
    def parse_sitemap(self, response, source: str, kind: str):
        source = self.catalog.by_id[source]
        body = response.body
        if gzip_magic_number(response):
            body = gunzip(body, max_size=self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        try:
            root = etree.fromstring(
                body, etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
            )
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            self.count(source.id, "discovery_failed")
            logger.warning("%s: not a readable sitemap", response.url)
            self.discovered(response, source, kind, 0, error="not a readable sitemap")
            return

        if etree.QName(root).localname == "sitemapindex":
            children = sorted(
                (
                    (_child(s, "lastmod") or "", _child(s, "loc"))
                    for s in root.xpath("*[local-name()='sitemap']")
                ),
                reverse=True,
            )
            chosen = [loc for _, loc in children[: source.discovery.sitemap_children] if loc]
            for loc in chosen:
                yield self._discovery(response.urljoin(loc), source, kind, self.parse_sitemap)
            self.discovered(response, source, kind, len(chosen))  # its links: child sitemaps
            return
        links = 0
        for entry in sitemap_entries(root):
            links += self.is_article_link(source, entry["url"])
            yield from self.follow_link(source, kind=kind, **entry)
        self.discovered(response, source, kind, links)

    @discovery_page
    def parse_listing(self, response, source: str, kind: str):
        source = self.catalog.by_id[source]
        query = response.meta.get("query")
        links = 0
        for url, title, summary, lastmod in self._listing_entries(response, source):
            links += 1  # entries are article links already
            yield from self.follow_link(
                source, url, kind, title=title, summary=summary, lastmod=lastmod, query=query
            )
        self.discovered(response, source, kind, links)

    def _listing_entries(self, response, source: CompiledSource):
        layout = source.listing

        def pick(node, selector):
            return node.xpath(selector) if is_xpath(selector) else node.css(selector)

        def text(nodes) -> str:
            return " ".join(" ".join(nodes.xpath("string()").getall()).split())

        entries: dict[str, list[str]] = {}
        if layout.item:
            for node in pick(response, layout.item):
                links = [response.urljoin(h) for h in node.xpath(".//a/@href").getall()]
                url = next((u for u in links if source.is_article(u)), None)
                if not url:
                    continue
                title = text(pick(node, layout.title)) if layout.title else text(node.xpath(".//a"))
                summary = text(pick(node, layout.summary)) if layout.summary else text(node)
                stamp = text(pick(node, layout.date)) if layout.date else summary
                entries.setdefault(url, [title, summary, stamp])
        else:
            for a in response.xpath("//a[@href]"):
                url = response.urljoin(a.attrib["href"])
                if not source.is_article(url):
                    continue
                title = text(a) or a.attrib.get("title", "")
                around = a.xpath(
                    "ancestor::*[self::li or self::article or self::dd or self::tr][1]"
                )
                summary = text(around) if around else title
                entry = entries.setdefault(url, [title, summary, summary])
                if len(title) > len(entry[0]):
                    entry[0] = title
        for url, (title, summary, stamp) in entries.items():
            published, updated = labelled_datetimes(stamp)
            yield (
                url,
                title,
                summary[:SUMMARY_CHARS],
                _newest(updated, published, parse_datetime(stamp)),
            )

    @discovery_page
    def parse_search_api(self, response, source: str, kind: str):
        """Naver news search API: items carry the outlet's ``originallink`` and Naver's ``link``.

        The original is what is fetched: Naver's copies are disallowed by its robots.txt
        (``User-agent: * / Disallow: /`` on n.news.naver.com); the Naver URL is kept as the
        document's ``portal_url``.  An item without an original has only the Naver copy,
        which robots.txt then refuses (counted as blocked).
        """
        source = self.catalog.by_id[source]
        try:
            items = json.loads(response.text).get("items", [])
        except (ValueError, AttributeError):
            self.count(source.id, "discovery_failed")
            logger.warning("%s: not a news search API answer", response.url)
            self.discovered(response, source, kind, 0, error="not a news search API answer")
            return
        self.discovered(response, source, kind, len(items))
        for entry in items:
            link, original = entry.get("link") or "", entry.get("originallink") or ""
            pub = entry.get("pubDate")
            yield from self.follow_link(
                source,
                original or link,
                kind,
                title=_text(entry.get("title")),
                summary=_text(entry.get("description")),
                query=response.meta["query"],
                lastmod=_newest(_rfc822(pub)),
                portal_url=link if link and link != original else None,
            )

    # --- following an article link --------------------------------------------------------------

    def follow_link(
        self,
        found_by: CompiledSource,
        url: str,
        kind: str,
        *,
        title: str,
        summary: str = "",
        lastmod: str | None = None,
        query: str | None = None,
        portal_url: str | None = None,
    ):
        """Yield the article request for a discovered link, or nothing (counted)."""
        offsite = False
        owner = self.catalog.owner(url)
        if found_by.config.type == "search":
            if owner is None:
                # An outlet without a profile: its page is read as it is, off the sources' domains.
                owner, offsite = found_by, True
        elif not found_by.is_article(url):
            return  # a section page, an ad, another site: not an article of this source

        if query is None and found_by.config.follow == "watchlist":
            match = self.watchlist.matches(title, summary)
            if not match:
                self.count(found_by.id, "skipped")
                return
        else:
            match = None

        key = self.state.resolve(self.catalog.canonical_url(url))
        if key in self._keys:
            return
        self._keys.add(key)
        decision = self.state.decide(key, lastmod)
        if not decision.fetch:
            self.count(owner.id, "unchanged" if decision.reason == "unchanged" else "deferred")
            return
        headers = {}
        if decision.reason == "changed" and decision.known:
            if decision.known.etag:
                headers["If-None-Match"] = decision.known.etag
            if decision.known.last_modified:
                headers["If-Modified-Since"] = decision.known.last_modified
        article = {
            "source": owner.id,
            "discovered_by": f"{found_by.id}:{kind}",
            "url": url,
            "key": key,
            "link_title": title,
            "lastmod": lastmod,
            "watch": _plain(match),
            "query": query,
            "portal_url": portal_url,
            "refetch": decision.reason,
        }
        yield scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            headers=headers,
            priority=PRIORITY["portal_article" if owner.is_portal else "article"],
            meta={
                "source": owner.id,
                "article": article,
                "allow_offsite": offsite,
                "handle_httpstatus_list": [304],
            },
        )

    def parse_article(self, response):
        yield ArticleItem(
            **response.meta["article"],
            response_url=response.url,
            status=response.status,
            headers=_validators(response),
            body=response.body,
        )

    def article_failed(self, failure):
        kind, message = describe_failure(failure)
        meta = failure.request.meta
        response = getattr(failure.value, "response", None)
        yield ArticleItem(
            **meta["article"],
            error=message,
            status=response.status if response else None,
            retry_after=meta.get("retry_after"),
            error_kind=kind,
        )


def _plain(match):
    """A watchlist match as plain data (it travels in request meta and items)."""
    if match is None or isinstance(match, (str, int, float, bool, list, dict)):
        return match
    if hasattr(match, "_asdict"):
        return match._asdict()
    if hasattr(match, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(match)
    return str(match)


def _validators(response) -> dict:
    h = response.headers

    def get(name: str) -> str | None:
        return (h.get(name) or b"").decode("latin-1") or None

    return {
        "content_type": get("Content-Type"),
        "etag": get("ETag"),
        "last_modified": get("Last-Modified"),
    }


def describe_failure(failure) -> tuple[str, str]:
    """(kind, message) for a failed request: blocked (robots, safety, offsite) or failed."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return "failed", f"HTTP {exc.response.status}"
    if isinstance(exc, UnsafeRequest):
        return "blocked", str(exc)
    if isinstance(exc, IgnoreRequest):
        text = str(exc) or type(exc).__name__
        if "robots" in text.lower():
            return "blocked", "disallowed by robots.txt"
        if "offsite" in text.lower():
            return "blocked", text
        return "failed", text
    return "failed", f"{type(exc).__name__}: {exc}"[:300]
