"""Crawl -> Elasticsearch end to end, through an outage: with the cluster down
every article is spooled, none lost; the next crawl replays the spool into the
index before it starts, exactly once, and fetches no article page again."""

from __future__ import annotations

import socket

import pytest
from configcopy import copy_config
from crawlrunner import CrawlRunner, make_seeds

from crawler.config import LocalNodeSettings
from crawler.elastic.client import Connection
from crawler.elastic.node import LocalNode

pytestmark = pytest.mark.es


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def quick_retry_config(tmp_path):
    """The shipped configuration with short retries, so the outage is detected fast."""
    return copy_config(
        tmp_path / "config",
        {
            "max_retries: 5": "max_retries: 1",
            "backoff: 0.5": "backoff: 0.1",
            "max_wait: 5": "max_wait: 1",
        },
    )


def test_outage_spools_everything_and_the_next_crawl_replays_it(
    tmp_path, replay_server, quick_retry_config, monkeypatch
):
    port = free_port()
    node = LocalNode(tmp_path / "es-data", LocalNodeSettings(port=port, start_timeout=300))
    monkeypatch.setenv("NEWSMON_CONFIG_DIR", str(quick_retry_config))
    crawl = CrawlRunner(
        tmp_path, make_seeds(tmp_path / "seeds"), replay_server, es_url=f"http://127.0.0.1:{port}"
    )

    down = crawl()  # nothing listens on the port
    assert down.returncode == 0, down.stderr[-3000:]
    new = down.row("total")["new"]
    assert new >= 10
    spool = sorted((tmp_path / "data" / "spool").glob("*.jsonl"))
    assert sum(len(p.read_text().splitlines()) for p in spool) == new
    assert "spooled" in down.stderr
    # ... and the crawl says so at the end, not only in the log
    assert f"Elasticsearch did not take {new} document(s)" in down.stdout
    assert "newsmon index replay" in down.stdout and down.summary["spooled"] == new

    node.start()
    try:
        up = crawl()
        assert up.returncode == 0, up.stderr[-3000:]
        assert up.row("total")["new"] == 0  # the articles were recorded, not lost
        assert "did not take" not in up.stdout and up.summary["spooled"] == 0
        assert not any(
            h.target.startswith("/news/articleView") for h in up.hits if "troubled" not in h.target
        )
        assert list((tmp_path / "data" / "spool").glob("*.jsonl")) == []
        es = Connection([f"http://127.0.0.1:{port}"]).client()
        es.indices.refresh(index="newsmon-articles")
        assert es.count(index="newsmon-articles")["count"] == new  # none lost, none twice
        hits = es.search(index="newsmon-articles", size=100, source_includes=["version", "alerts"])[
            "hits"
        ]["hits"]
        assert {h["_source"]["version"] for h in hits} == {1}
        # the alert rules each article matched are indexed with it (config/alerts.yaml)
        assert (
            es.count(index="newsmon-articles", query={"term": {"alerts": "ceo-visits"}})["count"]
            >= 3
        )
    finally:
        node.stop()
