"""Scrapy settings for newsmon (``scrapy.cfg`` points here).

Polite by default: robots.txt obeyed, AutoThrottle on, few requests per
domain, an honest User-Agent with a contact (``NEWSMON_CONTACT``), retries
that back off and honour ``Retry-After``.  Safe by default: http(s) only,
no private/loopback/link-local addresses, a size limit per response, no
links off the sources' domains.  newsmon's own configuration (config/,
seeds/) is validated separately at start-up; these are the Scrapy knobs and
the ``NEWSMON_*`` settings of the crawl components.
"""

import os

BOT_NAME = "newsmon"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Who to contact about the crawler: a URL or an e-mail address, sent in every request.
NEWSMON_CONTACT = os.environ.get("NEWSMON_CONTACT") or "https://github.com/newsmon/newsmon"
USER_AGENT = f"newsmon/0.1 (news monitoring; +{NEWSMON_CONTACT})"
ROBOTSTXT_OBEY = True

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Items processed at once per response.  Scrapy starts this many asyncio tasks for every
# response's output; ours yields one item per article page (discovery pages only requests),
# and the default 100 cost the crawl process a fifth of its CPU time.
CONCURRENT_ITEMS = 8
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
NEWSMON_RETRY_BACKOFF = 1.0  # seconds before the first retry, doubled per retry ...
NEWSMON_RETRY_BACKOFF_MAX = 60.0  # ... up to this
NEWSMON_RETRY_AFTER_MAX = 120.0  # a longer Retry-After fails the page now; a later crawl retries it

DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
REDIRECT_MAX_TIMES = 10

# http and https only: no file:, ftp:, s3: or data: URLs, whatever a page links to.
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}
TWISTED_DNS_RESOLVER = "crawler.safety.SafeResolver"

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.SafetyMiddleware": 40,  # before robots.txt and the offsite filter
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.OffsiteMiddleware": 50,  # Scrapy's, redirects elsewhere reported
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.RobotsTxtMiddleware": 100,  # Scrapy's, every waiting request checked
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "crawler.middlewares.RefusedAddressMiddleware": 560,  # its exceptions before the retries'
    "crawler.middlewares.KoreanEncodingMiddleware": 585,  # after decompression (590)
}

ITEM_PIPELINES = {
    "crawler.pipelines.extract.ExtractPipeline": 100,
    "crawler.pipelines.state.StatePipeline": 200,
    "crawler.pipelines.analyze.AnalyzePipeline": 300,
    "crawler.pipelines.relevance.RelevancePipeline": 400,
    "crawler.pipelines.alerts.AlertMatchPipeline": 750,
    "crawler.pipelines.index.IndexPipeline": 800,
    "crawler.pipelines.alerts.AlertsPipeline": 850,
}

EXTENSIONS = {"crawler.enrich_pool.PoolExtension": 400, "crawler.stats.CrawlSummary": 500}
ADDONS = {"crawler.mirror.MirrorAddon": 0, "crawler.frontier.FrontierAddon": 0}

# Replay a mirror instead of the web: a directory laid out by host and path, or
# the URL of a running mirror server (see crawler.mirror).
NEWSMON_MIRROR = ""
# The frontier: "local" (in the process) or "redis" (shared by several workers through
# REDIS_URL, see crawler.frontier); default: crawl.frontier in config/newsmon.yaml.
NEWSMON_FRONTIER = ""
# The state database: an SQLite file or a database URL; default NEWSMON_DATABASE_URL, else
# <data dir>/state.sqlite and <data dir>/stories.sqlite (story signatures).
NEWSMON_STATE_PATH = ""
NEWSMON_STORIES_PATH = ""
NEWSMON_SUMMARY_FILE = ""  # write the crawl summary here as JSON
NEWSMON_ANALYZE = True  # run enrich.analyze (Kiwi) on every article
# Worker processes that extract and analyse the pages (crawler.enrich_pool): empty = one per core
# this process may use (`newsmon crawl --workers N` shares them out); 0 = in the crawl process.
NEWSMON_PROCESSES = ""
NEWSMON_INDEX = True  # send documents to Elasticsearch (ES_URL, or the local node)
NEWSMON_ALERTS = True  # match alert rules and deliver (config/alerts.yaml)
NEWSMON_ALERTS_FILE = ""  # default: <config dir>/alerts.yaml
NEWSMON_INDEX_IRRELEVANT = False  # index articles judged irrelevant (marked relevant: false)
NEWSMON_RELEVANCE_MIN = None  # minimum event relevance; default: the event's own is_visit
# Extraction caps (enrich.bounds): markup parsed per page (bytes) and text analysed (characters);
# a page over them is indexed with what was cut in `truncated` and counted in the summary.
NEWSMON_MAX_MARKUP_BYTES = 1536 * 1024
NEWSMON_MAX_TEXT_CHARS = 200_000
NEWSMON_REFETCH_FAILED_AFTER = 3600  # seconds before a failed article is tried again, doubling
NEWSMON_REFETCH_FAILED_MAX = 86400

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
