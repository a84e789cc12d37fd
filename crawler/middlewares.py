"""Downloader middlewares: safety, polite retries, Korean encodings.

Each is a small Scrapy component configured through settings and switched on
in ``DOWNLOADER_MIDDLEWARES`` (see :mod:`crawler.settings`).  Off-domain links
are left to Scrapy's own ``OffsiteMiddleware`` (the spider's
``allowed_domains`` are its sources' domains; a portal's original-article
link carries ``allow_offsite``; one fix, :class:`OffsiteMiddleware`),
robots.txt to Scrapy's ``RobotsTxtMiddleware`` (with one fix,
:class:`RobotsTxtMiddleware`) and response size to ``DOWNLOAD_MAXSIZE``.
"""

from __future__ import annotations

import email.utils
import logging
from datetime import UTC, datetime

from scrapy import signals
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware as ScrapyOffsite
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxt
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.utils.asyncio import sleep
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError
from w3lib.encoding import http_content_type_encoding

from crawler import safety
from crawler.backoff import backoff
from enrich.decode import decode
from enrich.errors import ExtractionError

logger = logging.getLogger(__name__)


class UnsafeRequest(IgnoreRequest):
    """A request the crawler must not send (scheme, non-public address)."""


class SafetyMiddleware:
    """Refuse non-http(s) URLs and literal non-public hosts before they are sent.

    Runs first (before robots.txt and the offsite filter), so not even a
    robots.txt is requested from a refused host; a redirect comes through here
    again, so it cannot lead anywhere a link could not.  Host names that
    resolve to non-public addresses are refused by
    :class:`crawler.safety.SafeResolver` (see :class:`RefusedAddressMiddleware`).
    """

    def __init__(self, crawler):
        self.stats = crawler.stats
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        catalog = getattr(spider, "catalog", None)
        if catalog is not None:
            safety.allow_origins(catalog.private_origins)

    def process_request(self, request):
        reason = safety.refuse_url(request.url)
        if reason:
            self.stats.inc_value("newsmon/unsafe_refused")
            logger.warning("refused %s: %s", request.url, reason)
            raise UnsafeRequest(f"refused: {reason}")


LOOKUP_ERRORS = (CannotResolveHostError, DNSLookupError)


class RefusedAddressMiddleware:
    """Report a host the resolver refused as a refusal, not as a DNS failure to retry.

    Twisted turns any resolver error into "no results for hostname lookup"
    (``DNSLookupError``, which Scrapy raises as ``CannotResolveHostError``);
    Scrapy's retry middleware retries that and the summary calls it a failure.
    Placed after the retry middleware (so its ``process_exception`` runs
    first), this one turns the failure of a host that
    :class:`crawler.safety.SafeResolver` refused into :class:`UnsafeRequest`:
    counted as blocked, never retried.
    """

    def __init__(self, crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_exception(self, request, exception):
        reason = isinstance(exception, LOOKUP_ERRORS) and safety.refusal_for(
            urlparse_cached(request).hostname
        )
        if reason:
            self.stats.inc_value("newsmon/unsafe_refused")
            logger.warning("refused %s: %s", request.url, reason)
            raise UnsafeRequest(f"refused: {reason}")


class OffsiteMiddleware(ScrapyOffsite):
    """Scrapy's offsite filter, with redirects off the sources' domains reported.

    Scrapy filters a request when it is scheduled, silently and without
    calling its errback, so an article that redirected to another site
    vanished from the crawl summary.  A redirect is filtered when it is about
    to be downloaded instead, where the errback hears of it: the article is
    counted as blocked and the log names both addresses.
    """

    def request_scheduled(self, request, spider):
        if not request.meta.get("redirect_urls"):
            super().request_scheduled(request, spider)

    def process_request(self, request, spider=None):
        try:
            super().process_request(request)
        except IgnoreRequest:
            if request.meta.get("redirect_urls"):
                logger.warning(
                    "%s redirected off the sources' domains to %s: not followed",
                    request.meta["redirect_urls"][0],
                    request.url,
                )
            raise


class RobotsTxtMiddleware(ScrapyRobotsTxt):
    """Scrapy's robots.txt middleware, with every waiting request given the rules.

    The first requests to a host (a feed and two listing pages of an outlet, or
    a burst of articles a crawl worker takes from the shared frontier) wait
    together for its robots.txt.  Scrapy 2.19 awaits the one Deferred with
    ``Deferred.asFuture``, which hands the parser to the first waiter and None
    -- "no robots.txt, all allowed" -- to the others, so they went out
    unchecked.  Here each waiter gets a Deferred of its own, fired with the
    parser.
    """

    async def robot_parser(self, request):
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)
        own: Deferred = Deferred()

        def relay(parser):
            own.callback(parser)
            return parser  # for the next waiter

        pending.addCallback(relay)
        return await maybe_deferred_to_future(own)


def retry_after_seconds(response, now: datetime | None = None) -> float | None:
    """The response's ``Retry-After`` in seconds (delta or HTTP date), or None."""
    value = response.headers.get(b"Retry-After")
    if not value:
        return None
    value = value.decode("latin-1").strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, waiting before each retry.

    The wait is the server's ``Retry-After`` when it sends one (429, 503), else
    an exponential backoff: ``NEWSMON_RETRY_BACKOFF`` seconds doubled per
    attempt, at most ``NEWSMON_RETRY_BACKOFF_MAX``.  A ``Retry-After`` longer
    than ``NEWSMON_RETRY_AFTER_MAX`` is not waited out inside the crawl: the
    page fails now and the state store schedules it no earlier than the server
    asked (``retry_after`` in the request's meta).
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff = settings.getfloat("NEWSMON_RETRY_BACKOFF", 1.0)
        self.backoff_max = settings.getfloat("NEWSMON_RETRY_BACKOFF_MAX", 60.0)
        self.after_max = settings.getfloat("NEWSMON_RETRY_AFTER_MAX", 120.0)

    async def process_response(self, request, response):
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        wait = retry_after_seconds(response)
        if wait is not None:
            request.meta["retry_after"] = wait
            if wait > self.after_max:
                logger.warning(
                    "%s: HTTP %s, Retry-After %.0fs exceeds NEWSMON_RETRY_AFTER_MAX; "
                    "not retrying in this crawl",
                    request.url,
                    response.status,
                    wait,
                )
                return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        if wait is None:
            wait = backoff(retry.meta["retry_times"], self.backoff, self.backoff_max)
        if wait > 0:
            self.crawler.stats.inc_value("newsmon/retry_wait_seconds", wait)
            logger.info("%s: HTTP %s, retrying in %.1fs", request.url, response.status, wait)
            await sleep(wait)
        return retry

    async def process_exception(self, request, exception):
        retry = super().process_exception(request, exception)
        if retry is not None and self.backoff > 0:
            await sleep(backoff(retry.meta["retry_times"], self.backoff, self.backoff_max))
        return retry


class KoreanEncodingMiddleware:
    """Give HTML responses the encoding their bytes really have.

    Korean sites often serve EUC-KR without a charset header, or with a wrong
    one.  The decision is :func:`enrich.decode.decode`'s (BOM, header, meta
    charset, strict UTF-8, CP949 for every EUC-KR alias, detection), the same
    one the extractor makes, so listing titles and article text agree and
    neither shows mojibake.  Responses that are not text are left alone;
    extraction reports them.
    """

    @classmethod
    def from_crawler(cls, crawler):
        return cls()

    def process_response(self, request, response):
        if not isinstance(response, HtmlResponse) or not response.body:
            return response
        declared = http_content_type_encoding(
            response.headers.get(b"Content-Type", b"").decode("latin-1")
        )
        try:
            _, codec = decode(response.body, declared, what=response.url)
        except ExtractionError:
            return response
        if codec == declared or codec == "utf-16":
            return response
        logger.debug("%s: decoding as %s (declared: %s)", response.url, codec, declared)
        return response.replace(encoding=codec)
