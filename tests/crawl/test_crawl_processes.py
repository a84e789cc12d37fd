"""`newsmon crawl` with its extraction and analysis in worker processes, or in its own.

The worker processes (crawler.enrich_pool, the default) must change nothing but where the CPU
work runs: the same articles, the same documents -- text, tokens, entities, events, stories --
as a crawl that does everything itself (``NEWSMON_PROCESSES=0``); and the crawl process loads
no Kiwi of its own.
"""

from __future__ import annotations

import pytest
import replaysite
from crawlrunner import CrawlRunner, make_seeds, one_per_article

from crawler.elastic.sink import document_id
from crawler.state.stories import DatabaseSignatureStore

# When a document is emitted its story may still merge with a later one (the index stage
# relabels it then): stories are compared as the store holds them at the end.
VOLATILE = ("crawled_at", "story_id", "duplicate_of")


@pytest.fixture(scope="module")
def crawls(tmp_path_factory, replay_server):
    out = {}
    for name, processes in (("pool", "2"), ("in-process", "0")):
        work = tmp_path_factory.mktemp(name)
        runner = CrawlRunner(work, make_seeds(work / "seeds"), replay_server)
        out[name] = runner(settings=[f"NEWSMON_PROCESSES={processes}", "NEWSMON_ALERTS=0"])
        store = DatabaseSignatureStore(work / "data" / "stories.sqlite")
        out[name].stories = store.current_stories(document_id(d["doc"]) for d in out[name].docs)
        store.close()
    return out


def documents(crawl) -> dict[str, dict]:
    return {
        key: {k: v for k, v in entry["doc"].items() if k not in VOLATILE}
        for key, entry in one_per_article(crawl.docs).items()
    }


def test_worker_processes_make_the_documents_the_crawl_process_makes(crawls):
    pool, alone = crawls["pool"], crawls["in-process"]
    for crawl in (pool, alone):
        assert crawl.returncode == 0, crawl.stderr[-3000:]
        assert crawl.keys == replaysite.RELEVANT
    # (which of a portal copy and its original counts as the duplicate depends on timing)
    assert pool.summary["sources"]["total"] == alone.summary["sources"]["total"]
    theirs = documents(alone)
    differ = {
        (key, field)
        for key, doc in documents(pool).items()
        for field in doc.keys() | theirs[key].keys()
        if doc.get(field) != theirs[key].get(field)
    }
    assert not differ, sorted(differ)
    assert pool.stories == alone.stories and len(set(pool.stories.values())) > 1
    assert all(doc.get("tokens") and doc.get("entities") for doc in documents(pool).values())


def test_the_crawl_process_loads_no_kiwi_its_workers_do(crawls):
    pool, alone = crawls["pool"].summary, crawls["in-process"].summary
    # The largest worker holds Kiwi; the crawl process, which sends it every page, does not.
    assert pool["pool_peak_rss_bytes"] > pool["peak_rss_bytes"]
    assert pool["pool_cpu_seconds"] > 0
    assert alone["pool_peak_rss_bytes"] == 0 and alone["pool_cpu_seconds"] == 0
