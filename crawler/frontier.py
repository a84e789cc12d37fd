"""Several crawl workers, one crawl: a shared frontier and seen-set in Redis.

With ``crawl.frontier: redis`` (config/newsmon.yaml) every ``newsmon crawl``
keeps its requests in Redis through scrapy-redis, the de-facto standard for
distributed Scrapy, instead of in its own memory.  What scrapy-redis leaves to
the user is when a crawl *starts* and *ends*: its spiders normally idle
forever waiting for URLs.  newsmon's crawls are runs -- every scheduled crawl
reads the discovery pages again -- so this module adds runs on top:

- a worker that starts while a run has live workers joins that run; otherwise
  it starts a new one (fresh request queue and seen-set).  The first worker's
  discovery requests go into the shared queue; the others' are the same
  requests and the seen-set drops them, so every page is fetched once;
- article requests are "seen" by their article key (canonical URL), not by
  their URL, so a portal copy found by one worker and the outlet's original
  found by another are still one article;
- a worker whose own work is done stays while another worker of the run is
  busy (that worker may still discover articles for everyone), and leaves
  when the queue is empty and nobody is busy; the last one out deletes the
  run's keys.  A worker that dies stops sending heartbeats and stops counting
  after ``worker_timeout``; the run's keys expire a day after the last
  heartbeat.

Requests travel as JSON, never pickle: anybody who can write to the Redis
server could otherwise run code in every worker.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import sys
import time
import uuid
import warnings
from datetime import UTC, datetime

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, ScrapyDeprecationWarning
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from crawler.config import ConfigError, config_file, load_settings
from crawler.state.articles import worker_name

logger = logging.getLogger(__name__)

KEYS_TTL = 86400  # seconds a run's keys outlive its last heartbeat
IDLE_POLL = 0.2  # seconds between two looks at the queue of a worker waiting for the others


def redis_url() -> str:
    """The frontier's Redis server: ``REDIS_URL`` (it may hold a password, so never a file)."""
    url = os.environ.get("REDIS_URL")
    if not url:
        raise ConfigError(
            config_file("newsmon.yaml"),
            "crawl.frontier is redis but REDIS_URL is not set (e.g. redis://127.0.0.1:6379/0)",
            key="crawl.frontier",
        )
    try:
        redis.connection.parse_url(url)
    except ValueError as exc:  # the message names the problem, never the URL (its password)
        raise ConfigError("environment", f"not a Redis URL: {exc}", key="REDIS_URL") from None
    return url


def redacted(url: str) -> str:
    """*url* without its password, for logs and error messages."""
    parts = redis.connection.parse_url(url)
    host = parts.get("path") or f"{parts.get('host', '')}:{parts.get('port', 6379)}"
    return f"redis://{host}/{parts.get('db', 0)}"


def check_reachable(url: str) -> None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except redis.RedisError as exc:
        raise ConfigError(
            "REDIS_URL",
            f"the frontier's Redis at {redacted(url)} is not reachable: {exc}",
            key="crawl.frontier",
        ) from None


class FrontierAddon:
    """Scrapy add-on: with the redis frontier configured, the scheduler and seen-set are Redis's.

    ``NEWSMON_FRONTIER`` (``-s NEWSMON_FRONTIER=redis``) overrides the configuration file.
    """

    def update_settings(self, settings) -> None:
        frontier = settings.get("NEWSMON_FRONTIER") or load_settings().crawl.frontier
        if frontier == "local":
            return
        if frontier != "redis":
            raise ConfigError("NEWSMON_FRONTIER", f"expected local or redis, got {frontier!r}")
        settings.set("SCHEDULER", "crawler.frontier.RunScheduler", priority="cmdline")


# --- the request serializer (scrapy-redis calls the module's dumps/loads) ----------------------


def _encode(value):
    if isinstance(value, bytes):
        return {"__bytes__": base64.b64encode(value).decode("ascii")}
    raise TypeError(f"cannot put {type(value).__name__} into the shared frontier: {value!r:.80}")


def _decode(obj: dict):
    return base64.b64decode(obj["__bytes__"]) if obj.keys() == {"__bytes__"} else obj


def dumps(request: dict) -> bytes:
    """*request* (``Request.to_dict()``) as JSON; headers as pairs, their names being bytes."""
    request = {**request, "headers": list(request.get("headers", {}).items())}
    return json.dumps(request, default=_encode, ensure_ascii=False).encode("utf-8")


def loads(data: bytes) -> dict:
    return json.loads(data, object_hook=_decode)


# --- the seen-set ----------------------------------------------------------------------------


class SeenSet(RFPDupeFilter):
    """scrapy-redis's seen-set, with article requests seen by their article key."""

    def request_fingerprint(self, request) -> str:
        article = request.meta.get("article")
        if article and "redirect_urls" not in request.meta:  # a redirect goes on to its target
            return "article:" + article["key"]
        return super().request_fingerprint(request)


# --- runs ------------------------------------------------------------------------------------


class Run:
    """One crawl run's keys in Redis and this worker's place in it."""

    def __init__(self, server: redis.Redis, prefix: str, spider: str, timeout: float):
        self.server, self.timeout = server, timeout
        self.base = f"{prefix}:{spider}"
        self.worker = worker_name()
        self.id: str | None = None
        self.started = False  # this worker started the run (rather than joined it)

    def key(self, name: str) -> str:
        return f"{self.base}:{self.id}:{name}"

    def _live(self, pipe, run: str) -> int:
        return pipe.zcount(f"{self.base}:{run}:workers", time.time() - self.timeout, "+inf")

    def join(self) -> None:
        """Join the run that has live workers, or start a new one."""
        pointer = f"{self.base}:run"
        with self.server.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(pointer)
                    current = pipe.get(pointer)
                    current = current.decode() if current else None
                    self.started = not (current and self._live(pipe, current))
                    if self.started:
                        current = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
                    pipe.multi()
                    if self.started:
                        pipe.set(pointer, current)
                    pipe.zadd(f"{self.base}:{current}:workers", {self.worker: time.time()})
                    pipe.execute()
                    self.id = current
                    break
                except redis.WatchError:
                    continue
        self.heartbeat()

    def heartbeat(self) -> None:
        with self.server.pipeline() as pipe:
            pipe.zadd(self.key("workers"), {self.worker: time.time()})
            for name in ("workers", "busy", "requests", "seen"):
                pipe.expire(self.key(name), KEYS_TTL)
            pipe.expire(f"{self.base}:run", KEYS_TTL)
            pipe.execute()

    def set_busy(self, busy: bool) -> None:
        if busy:
            with self.server.pipeline() as pipe:
                pipe.sadd(self.key("busy"), self.worker)
                pipe.expire(self.key("busy"), KEYS_TTL)
                pipe.execute()
        else:
            self.server.srem(self.key("busy"), self.worker)

    def others_busy(self) -> list[str]:
        busy = {b.decode() for b in self.server.smembers(self.key("busy"))} - {self.worker}
        alive = {
            w.decode()
            for w in self.server.zrangebyscore(
                self.key("workers"), time.time() - self.timeout, "+inf"
            )
        }
        return sorted(busy & alive)

    def workers(self) -> int:
        return self._live(self.server, self.id)

    def leave(self) -> bool:
        """Leave the run; the last live worker out deletes its keys.  True if it was the last."""
        pointer, workers = f"{self.base}:run", self.key("workers")
        self.server.zrem(workers, self.worker)
        self.server.srem(self.key("busy"), self.worker)
        with self.server.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(pointer, workers)  # a worker joining now makes this one retry
                    last = self._live(pipe, self.id) == 0
                    ours = (pipe.get(pointer) or b"").decode() == self.id
                    pipe.multi()
                    if last:
                        pipe.delete(*(self.key(n) for n in ("workers", "busy", "requests", "seen")))
                        if ours:
                            pipe.delete(pointer)
                    pipe.execute()
                    return last
                except redis.WatchError:
                    continue


class RunScheduler(Scheduler):
    """scrapy-redis's scheduler with newsmon's crawl runs (see the module docstring)."""

    def __init__(self, server, *, prefix: str, timeout: float, in_flight: int = 16, **kwargs):
        super().__init__(server, **kwargs)
        self.prefix, self.timeout, self.in_flight = prefix, timeout, in_flight
        self.run: Run | None = None
        self.busy = False
        self.heartbeats: LoopingCall | None = None
        self.engine = None

    @classmethod
    def from_crawler(cls, crawler):
        # The server from the environment, not a Scrapy setting: Scrapy logs its settings.
        server = redis.Redis.from_url(redis_url())
        server.ping()
        options = load_settings().crawl.redis
        scheduler = cls(
            server,
            prefix=options.key_prefix,
            timeout=options.worker_timeout,
            in_flight=crawler.settings.getint("CONCURRENT_REQUESTS"),
            serializer=sys.modules[__name__],
        )
        scheduler.stats = crawler.stats
        scheduler.engine = crawler.engine
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider):
        self.run = Run(self.server, self.prefix, spider.name, self.timeout)
        self.run.join()
        self.queue_key = self.run.key("requests")
        self.df = SeenSet(
            self.server, key=self.run.key("seen"), debug=spider.settings.getbool("DUPEFILTER_DEBUG")
        )
        with warnings.catch_warnings():  # scrapy-redis 0.9.1 says "Resuming crawl" with the
            warnings.simplefilter("ignore", ScrapyDeprecationWarning)  # deprecated Spider.log
            super().open(spider)
        self.stats.set_value("frontier/run", self.run.id)
        logger.info(
            "%s crawl run %s as worker %s (%d live worker(s))",
            "started" if self.run.started else "joined",
            self.run.id,
            self.run.worker,
            self.run.workers(),
        )
        self.heartbeats = LoopingCall(self._heartbeat)
        self.heartbeats.start(min(5.0, self.timeout / 3), now=False)

    def _heartbeat(self) -> None:
        try:
            self.run.heartbeat()
        except redis.RedisError as exc:  # a blip must not end the heartbeats for good
            logger.warning("crawl run %s: heartbeat failed: %s", self.run.id, exc)

    def enqueue_request(self, request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.queue.push(request)
        if not self.stats.get_value("scheduler/enqueued/redis"):
            self.run.heartbeat()  # the keys just made expire even if this worker dies now
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self):
        if self._backlog() >= self.in_flight:
            return None  # asked again as each of this worker's requests finishes
        request = self.queue.pop()
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
            if not self.busy:
                self.busy = True
                self.run.set_busy(True)
        return request

    def _backlog(self) -> int:
        """This worker's requests downloading or in its pipeline.  A worker takes no more from
        the shared queue than it can work on soon: the rest stays there for the others, instead
        of waiting in one worker's pipeline while another one has nothing left to do."""
        if self.engine is None:
            return 0
        scraping = self.engine.scraper.slot
        return len(self.engine.downloader.active) + (len(scraping.active) if scraping else 0)

    def spider_idle(self, **_):
        """Stay while another worker may still put requests into the queue."""
        if self.busy:
            self.busy = False
            self.run.set_busy(False)
        others = self.run.others_busy()
        if len(self.queue) or others:
            logger.debug("idle; waiting for %s", ", ".join(others) or "queued requests")
            self._look_again()
            raise DontCloseSpider

    def _look_again(self) -> None:
        """Come back to the queue in :data:`IDLE_POLL` seconds, not at Scrapy's next heartbeat
        (5 s): a waiting worker takes the requests another one discovers as they come, and
        leaves as soon as the last busy one is done -- a run's wall clock ends with its
        last worker."""
        slot = getattr(self.engine, "_slot", None)  # Scrapy's own engine.nextcall (private)
        if slot is not None:
            slot.nextcall.schedule(IDLE_POLL)

    def close(self, reason):
        if self.heartbeats and self.heartbeats.running:
            self.heartbeats.stop()
        if self.run and self.run.id:
            last = self.run.leave()
            logger.info(
                "left crawl run %s%s",
                self.run.id,
                " (the last worker: keys deleted)" if last else "",
            )
