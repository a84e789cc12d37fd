"""Scaling out: two `newsmon crawl` workers share one crawl through a real Redis server.

Both start at once against the replay site (answering slowly, as a real site
does, so that the work is really shared), with ``crawl.frontier: redis`` in
their configuration and one data directory.  Together they must fetch exactly
what one process fetches alone -- every page once, no article missed, no
article processed twice -- and each must have done part of the work.

Then as two machines: two workers with data directories of their own that
share Redis, a real PostgreSQL server (``NEWSMON_DATABASE_URL``) and
Elasticsearch: every article indexed once, the same stories, each alert
delivered once.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
import redis
from configcopy import copy_config
from crawlrunner import CrawlRunner, make_seeds, one_per_article
from replaysite import RELEVANT

from crawler.alerts.outbox import Outbox
from crawler.mirror import MirrorServer
from crawler.state.stories import DatabaseSignatureStore
from enrich.stories import document_id

pytestmark = pytest.mark.es

ALIAS = "newsmon-workers"


@pytest.fixture(scope="module")
def redis_config(tmp_path_factory):
    """The shipped configuration, switched to the Redis frontier, indexing into its own alias."""
    return copy_config(
        tmp_path_factory.mktemp("workers") / "config",
        {"frontier: local": "frontier: redis", "alias: newsmon-articles": f"alias: {ALIAS}"},
    )


def hit_counts(crawl) -> Counter:
    """How often each page was requested, robots.txt aside (every worker reads it)."""
    return Counter((h.host, h.target, h.status) for h in crawl.hits if h.target != "/robots.txt")


@pytest.fixture(scope="module")
def crawls(tmp_path_factory, replay_site, redis_config, redis_url, es_url):
    with MirrorServer(replay_site, latency=0.3) as server:
        alone_dir = tmp_path_factory.mktemp("alone")
        alone = CrawlRunner(alone_dir, make_seeds(alone_dir / "seeds"), server)
        baseline = alone()  # one process, local frontier: what must be fetched

        shared = tmp_path_factory.mktemp("shared")
        runner = CrawlRunner(shared, make_seeds(shared / "seeds"), server, es_url)
        env = {"NEWSMON_CONFIG_DIR": str(redis_config), "REDIS_URL": redis_url}
        server.reset()
        started = [runner.start(env=env), runner.start(env=env)]
        workers = [runner.finish(w) for w in started]
    baseline.data = alone_dir / "data"  # its story store: the grouping to compare with
    return baseline, workers, shared / "data"


def test_two_workers_fetch_every_page_exactly_once(crawls):
    baseline, workers, _ = crawls
    assert baseline.returncode == 0, baseline.stderr[-3000:]
    for worker in workers:
        assert worker.returncode == 0, worker.stderr[-3000:]
    assert baseline.keys == RELEVANT
    expected, fetched = hit_counts(baseline), hit_counts(workers[-1])  # finished last: all hits
    assert fetched == expected, {"extra": fetched - expected, "missed": expected - fetched}


def test_every_article_is_processed_by_exactly_one_worker(crawls):
    _, (first, second), _ = crawls
    assert first.keys | second.keys == RELEVANT
    one_per_article(first.docs + second.docs)  # never by both (a copy and its original aside)


def test_both_workers_did_part_of_the_work(crawls):
    _, workers, _ = crawls
    pages = [w.row("total")["pages"] for w in workers]  # robots.txt included: each reads its own
    assert all(pages), pages
    assert sum(w.row("total")["new"] for w in workers) == len(RELEVANT)


def test_workers_join_one_run_and_the_last_one_cleans_up(crawls, redis_url):
    _, workers, _ = crawls
    runs = [re.search(r"(started|joined) crawl run (\S+)", w.stderr).groups() for w in workers]
    assert sorted(how for how, _ in runs) == ["joined", "started"]
    assert runs[0][1] == runs[1][1]
    assert sum("the last worker: keys deleted" in w.stderr for w in workers) == 1
    assert redis.Redis.from_url(redis_url).keys("newsmon:*") == []


def current_stories(data: Path | str, docs) -> dict[str, str]:
    """doc id -> story id, as the story store (a data directory's, or a database's) groups
    the crawl's articles now: after any merge a later article made (the crawl output shows
    the ids at analysis time)."""
    store = DatabaseSignatureStore(data / "stories.sqlite" if isinstance(data, Path) else data)
    try:
        return store.current_stories(
            [document_id(d["doc"]) for d in docs if d["doc"].get("story_id")]
        )
    finally:
        store.close()


def test_stories_and_index_are_shared_without_duplicates(crawls, es):
    baseline, (first, second), data = crawls
    docs = one_per_article(first.docs + second.docs).values()
    es.indices.refresh(index=ALIAS)
    assert es.count(index=ALIAS)["count"] == len(RELEVANT)
    # one story per visit, whichever worker analysed its reports: the same grouping as alone
    stories = current_stories(data, docs)
    alone = current_stories(baseline.data, one_per_article(baseline.docs).values())
    assert sorted(Counter(stories.values()).values()) == sorted(Counter(alone.values()).values())
    # ... and Elasticsearch shows that grouping
    hits = es.search(index=ALIAS, size=100, source_includes=["story_id"])["hits"]["hits"]
    assert {h["_id"]: h["_source"].get("story_id") for h in hits if h["_id"] in stories} == stories


def test_alerts_are_sent_once_per_rule_and_story(crawls):
    """The workers share the alert outbox: a story whose reports two workers analysed
    still makes one alert per rule and channel."""
    *_, data = crawls
    db = sqlite3.connect(data / "state.sqlite")
    alerts = db.execute(
        "SELECT m.rule_id, m.story_id, s.channel, COUNT(DISTINCT s.id) FROM alert_messages s "
        "JOIN alert_items i ON i.message_id = s.id JOIN alert_matches m "
        "ON m.rule_id = i.rule_id AND m.doc_id = i.doc_id WHERE s.kind = 'alert' "
        "GROUP BY m.rule_id, m.story_id, s.channel"
    ).fetchall()
    assert alerts and all(n == 1 for *_, n in alerts), alerts


def test_redis_password_is_never_logged(crawls, redis_url):
    password = redis.connection.parse_url(redis_url)["password"]
    _, workers, _ = crawls
    for worker in workers:
        assert password not in worker.stderr + worker.stdout


def test_one_command_runs_several_workers(tmp_path, replay_server, redis_config, redis_url):
    """`newsmon crawl --workers 2`: two child processes, one run, one summary added up."""
    runner = CrawlRunner(tmp_path, make_seeds(tmp_path / "seeds"), replay_server)
    crawl = runner(
        "--workers",
        "2",
        settings=["NEWSMON_ALERTS=0"],
        env={"NEWSMON_CONFIG_DIR": str(redis_config), "REDIS_URL": redis_url},
    )
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert crawl.keys == RELEVANT
    one_per_article(crawl.docs)
    assert crawl.summary["workers"] == 2 and crawl.summary["worker_reasons"] == ["finished"] * 2
    assert crawl.row("total")["new"] == len(RELEVANT)
    assert crawl.stdout.splitlines()[0].split()[:3] == ["source", "pages", "new"]
    runs = re.findall(r"(started|joined) crawl run (\S+)", crawl.stderr)
    assert (
        sorted(how for how, _ in runs) == ["joined", "started"] and len({r for _, r in runs}) == 1
    )


@pytest.mark.parametrize(
    "file, mistake, named",
    [
        # found by the command itself, before any worker starts
        (
            "nlp.yaml",
            ("\nkeyword_stopwords:", "\nkeyword_stopword:"),
            "keyword_stopword: unknown key",
        ),
        # found by the first worker: the rules' words need its Kiwi
        ("alerts.yaml", ("NOT topic:모바일", "NOT topic:모바일폰"), "unknown topic '모바일폰'"),
    ],
)
def test_a_configuration_mistake_stops_every_worker_and_is_reported_once(
    tmp_path, replay_server, redis_config, redis_url, file, mistake, named
):
    config = tmp_path / "config"
    shutil.copytree(redis_config, config)
    text = (config / file).read_text(encoding="utf-8")
    assert mistake[0] in text
    (config / file).write_text(text.replace(mistake[0], mistake[1], 1), encoding="utf-8")
    runner = CrawlRunner(tmp_path, make_seeds(tmp_path / "seeds"), replay_server)
    crawl = runner(
        "--workers",
        "2",
        env={"NEWSMON_CONFIG_DIR": str(config), "REDIS_URL": redis_url},
    )
    assert crawl.returncode == 2, crawl.stderr[-3000:]
    assert crawl.stderr.count(named) == 1, crawl.stderr[-3000:]
    assert "Traceback" not in crawl.stderr and "workers failed" not in crawl.stderr
    assert not crawl.stdout  # no summary: the crawl did not run


@pytest.fixture(scope="module")
def machines(tmp_path_factory, replay_site, redis_url, postgres, es_url):
    """Two workers as on two machines: each its own data directory (and alert archive), one
    Redis, one PostgreSQL database, one Elasticsearch alias."""
    database = postgres.create_database()
    config = copy_config(
        tmp_path_factory.mktemp("machines") / "config",
        {
            "frontier: local": "frontier: redis",
            "alias: newsmon-articles": f"alias: {MACHINES_ALIAS}",
        },
    )
    with MirrorServer(replay_site, latency=0.3) as server:
        work = tmp_path_factory.mktemp("machines")
        runner = CrawlRunner(work, make_seeds(work / "seeds"), server, es_url)
        started = [
            runner.start(
                env={
                    "NEWSMON_CONFIG_DIR": str(config),
                    "REDIS_URL": redis_url,
                    "NEWSMON_DATABASE_URL": database,
                    "NEWSMON_DATA_DIR": str(work / f"data-{host}"),
                }
            )
            for host in ("a", "b")
        ]
        workers = [runner.finish(w) for w in started]
    return workers, [work / "data-a", work / "data-b"], database


MACHINES_ALIAS = "newsmon-machines"


@pytest.mark.postgres
def test_two_machines_share_state_stories_and_alerts_through_postgresql(machines, crawls, es):
    (first, second), data_dirs, database = machines
    for worker in (first, second):
        assert worker.returncode == 0, worker.stderr[-3000:]
        assert "pg-password-never-logged" not in worker.stderr + worker.stdout
    assert first.keys | second.keys == RELEVANT
    assert all(w.row("total")["pages"] for w in (first, second))  # both did part of the work
    docs = one_per_article(first.docs + second.docs)  # no article processed by both
    es.indices.refresh(index=MACHINES_ALIAS)
    assert es.count(index=MACHINES_ALIAS)["count"] == len(RELEVANT)  # every article once

    # One story per visit, whichever machine analysed its reports: the grouping of one process,
    # and Elasticsearch shows it.
    stories = current_stories(database, docs.values())
    alone = current_stories(crawls[0].data, one_per_article(crawls[0].docs).values())
    assert sorted(Counter(stories.values()).values()) == sorted(Counter(alone.values()).values())
    indexed = {
        h["_id"]: h["_source"]["story_id"]
        for h in es.search(index=MACHINES_ALIAS, size=100, source=["story_id"])["hits"]["hits"]
    }
    assert indexed == stories

    # Each alert delivered once, into one machine's archive or the other's.
    delivered = [
        json.loads(line)
        for data in data_dirs
        if (data / "alerts.jsonl").exists()
        for line in (data / "alerts.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    outbox = Outbox(database)
    merged = dict(outbox.database.rows("SELECT story_id, merged_into FROM alert_story_aliases"))
    alerts = [
        (a["rule"]["id"], merged.get(s, s))
        for a in delivered
        if a["kind"] == "alert"
        for s in [a["articles"][0]["story_id"]]
    ]
    assert alerts and len(alerts) == len(set(alerts)), alerts
    assert len({a["id"] for a in delivered}) == len(delivered)
    assert not any((data / "state.sqlite").exists() for data in data_dirs)  # all in PostgreSQL
    assert {m.status for m in outbox.messages()} == {"sent"}
    outbox.close()
