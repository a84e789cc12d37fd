"""The shared frontier's parts against a real Redis server: runs, the seen-set, the wire format."""

from __future__ import annotations

import socket
import threading
import time
import uuid
import warnings

import pytest
import redis
import scrapy
from scrapy.settings import Settings
from scrapy.utils.request import request_from_dict

from crawler import frontier
from crawler.config import ConfigError
from crawler.frontier import FrontierAddon, Run, SeenSet


class Spider(scrapy.Spider):
    name = "news"

    def parse_feed(self, response, source, kind):
        pass


@pytest.fixture
def server(redis_url):
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


@pytest.fixture
def prefix(server):
    """A key prefix of the test's own; checks the test left no key behind."""
    name = f"test-{uuid.uuid4().hex[:8]}"
    yield name
    assert server.keys(f"{name}:*") == []


def worker(server, prefix, timeout=60.0) -> Run:
    return Run(server, prefix, "news", timeout)


def test_requests_cross_the_frontier_as_json_and_come_back_whole():
    spider = Spider()
    request = scrapy.Request(
        "https://www.newspim.com/news/view/20250204000858",
        callback=spider.parse_feed,
        headers={"If-None-Match": '"abc"'},
        priority=10,
        cb_kwargs={"source": "newspim", "kind": "feed"},
        meta={
            "article": {
                "key": "https://www.newspim.com/news/view/1",
                "link_title": "나델라 방한",
                "watch": {"people": ["사티아 나델라"]},
            },
            "retry_after": 1.5,
        },
    )
    data = frontier.dumps(request.to_dict(spider=spider))
    assert b"pickle" not in data and data.startswith(b"{")
    back = request_from_dict(frontier.loads(data), spider=spider)
    assert back.url == request.url and back.priority == 10
    assert back.headers.getlist("If-None-Match") == [b'"abc"']
    assert back.meta == request.meta and back.cb_kwargs == request.cb_kwargs
    assert back.callback == spider.parse_feed


def test_what_cannot_cross_the_frontier_is_named():
    spider = Spider()
    request = scrapy.Request("https://example.com/", meta={"source": object()})
    with pytest.raises(TypeError, match="cannot put object into the shared frontier"):
        frontier.dumps(request.to_dict(spider=spider))


def test_articles_are_seen_by_their_key_pages_by_their_url(server, prefix):
    seen = SeenSet(server, key=f"{prefix}:seen")
    article = {"key": "https://www.fnnews.com/news/1"}
    outlet = scrapy.Request("https://www.fnnews.com/news/1", meta={"article": article})
    portal = scrapy.Request("https://v.daum.net/v/1", meta={"article": article})
    redirected = outlet.replace(
        url="https://www.fnnews.com/news/1?m=1",
        meta={"article": article, "redirect_urls": [outlet.url]},
    )
    listing = scrapy.Request("https://www.fnnews.com/list")
    assert not seen.request_seen(outlet)
    assert seen.request_seen(portal)  # another worker found the same article elsewhere
    assert not seen.request_seen(redirected)  # a redirect goes on to its target
    assert not seen.request_seen(listing) and seen.request_seen(listing.replace())
    seen.clear()


def test_workers_started_together_join_one_run(server, prefix):
    workers = [worker(server, prefix) for _ in range(6)]
    barrier = threading.Barrier(len(workers))

    def start(run):
        barrier.wait()
        run.join()

    threads = [threading.Thread(target=start, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({w.id for w in workers}) == 1
    assert sum(w.started for w in workers) == 1
    assert workers[0].workers() == 6
    assert [w.leave() for w in workers] == [False] * 5 + [True]  # the last one out cleans up


def test_a_run_ends_when_its_last_worker_leaves(server, prefix):
    first, second = worker(server, prefix), worker(server, prefix)
    first.join()
    server.sadd(first.key("seen"), "a page")
    assert first.leave()  # nobody else: the run is over, its keys deleted
    assert server.keys(f"{prefix}:*") == []
    second.join()
    assert second.started and second.id != first.id  # a later crawl is a new run
    assert second.leave()


def test_a_dead_worker_neither_keeps_a_run_alive_nor_holds_up_the_others(server, prefix):
    dead, alive = worker(server, prefix, timeout=30), worker(server, prefix, timeout=30)
    dead.join()
    dead.set_busy(True)
    server.zadd(dead.key("workers"), {dead.worker: time.time() - 60})  # its last heartbeat
    alive.join()
    assert alive.started and alive.id != dead.id  # the dead run is not joined
    assert alive.others_busy() == []
    helper = worker(server, prefix, timeout=30)
    helper.join()
    helper.set_busy(True)
    assert alive.others_busy() == [helper.worker]  # a live busy worker: wait for it
    helper.set_busy(False)
    assert alive.others_busy() == []
    assert not helper.leave() and alive.leave()
    # the dead run's keys expire on their own (a day after its last heartbeat)
    assert 0 < server.ttl(dead.key("busy")) <= frontier.KEYS_TTL
    server.delete(*server.keys(f"{prefix}:*"))


def test_the_config_switch_installs_the_redis_scheduler(monkeypatch, redis_url):
    monkeypatch.setenv("REDIS_URL", redis_url)
    settings = Settings({"NEWSMON_FRONTIER": "redis"})
    FrontierAddon().update_settings(settings)
    assert settings.get("SCHEDULER") == "crawler.frontier.RunScheduler"
    assert redis_url not in repr(dict(settings))  # Scrapy logs its settings: no URL in them
    local = Settings({"NEWSMON_FRONTIER": "local"})
    FrontierAddon().update_settings(local)
    assert "crawler" not in str(local.get("SCHEDULER"))
    with pytest.raises(ConfigError, match="expected local or redis"):
        FrontierAddon().update_settings(Settings({"NEWSMON_FRONTIER": "kafka"}))


def test_redis_mistakes_are_named_without_the_password(monkeypatch, redis_url):
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(ConfigError, match="REDIS_URL is not set"):
        frontier.redis_url()
    password = redis.connection.parse_url(redis_url)["password"]
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ConfigError, match="not reachable") as error:
        frontier.check_reachable(f"redis://:{password}@127.0.0.1:{port}/0")
    assert password not in str(error.value) and f"127.0.0.1:{port}" in str(error.value)


def test_a_worker_joining_a_run_with_queued_requests_resumes_it_quietly(server, prefix):
    """scrapy-redis logs "Resuming crawl" through the deprecated Spider.log: a worker that joins
    a run under way takes its queued requests without a ScrapyDeprecationWarning in its log."""
    from scrapy.exceptions import ScrapyDeprecationWarning
    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy.utils.test import get_crawler

    crawler = get_crawler(Spider)
    spider = Spider.from_crawler(crawler)

    def scheduler():  # as from_crawler makes it, before the crawl has an engine
        made = frontier.RunScheduler(
            server, prefix=prefix, timeout=60.0, serializer=frontier, in_flight=16
        )
        made.stats = MemoryStatsCollector(crawler)
        return made

    first, second = scheduler(), scheduler()
    first.open(spider)
    try:
        assert first.enqueue_request(scrapy.Request("https://www.newspim.com/news/view/1"))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            second.open(spider)
        assert second.run.id == first.run.id and len(second.queue) == 1
        assert not [w for w in caught if issubclass(w.category, ScrapyDeprecationWarning)]
    finally:
        for scheduler in (second, first):
            scheduler.close("finished")
