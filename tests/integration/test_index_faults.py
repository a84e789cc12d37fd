"""The index after faults, against the real node: a first crawl that ran while Elasticsearch
was down (its spool replayed before `newsmon index setup` ever ran), and a concrete index
sitting where the alias belongs -- detected with a clear message, repaired without loss."""

from __future__ import annotations

import uuid

import pytest
from configcopy import copy_config

from crawler.cli import main
from crawler.config import load_settings
from crawler.elastic.index_setup import IndexNames
from crawler.elastic.sink import BulkSink, document_id
from crawler.elastic.spool import Spool

pytestmark = pytest.mark.es


def doc(n: int, **fields) -> dict:
    return {
        "url": f"https://www.newspim.com/news/view/2025020400{n:04d}",
        "title": f"기사 {n}",
        "body": "올트먼 CEO가 방한했다.",
        "tokens": ["올트먼", "ceo", "방한"],
        "story_id": f"story-{n % 2}",
        "content_hash": f"h{n}",
        "crawled_at": "2025-02-04T17:00:00+09:00",
        **fields,
    }


@pytest.fixture
def cli(tmp_path, monkeypatch, es, es_url):
    """`newsmon` with an alias of its own, a fresh data directory and the suite's cluster."""
    alias = f"nm-fault-{uuid.uuid4().hex[:8]}"
    config = copy_config(tmp_path / "config", {"alias: newsmon-articles": f"alias: {alias}"})
    monkeypatch.setenv("NEWSMON_CONFIG_DIR", str(config))
    monkeypatch.setenv("NEWSMON_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ES_URL", es_url)
    names = IndexNames.from_settings(load_settings().elasticsearch)
    yield names
    for index in es.indices.get(index=f"{alias}*"):  # by name: destructive_requires_name
        es.indices.delete(index=index)
    es.options(ignore_status=404).indices.delete_index_template(name=names.template)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def keyword(es, index: str, field: str) -> str:
    mapping = es.indices.get_mapping(index=index)[index]["mappings"]
    return mapping["properties"][field]["type"]


def test_replay_before_any_setup_creates_the_real_index(cli, es, tmp_path, capsys):
    """The first crawl ran with Elasticsearch down: only the spool exists.  Replaying it
    must set up template, versioned index and alias first -- not let Elasticsearch create a
    plain index named like the alias with guessed mappings."""
    Spool(tmp_path / "data" / "spool").put([doc(n) for n in range(4)])

    code, out, err = run(capsys, "index", "replay")
    assert code == 0, out + err
    assert "created: 4" in out or "'created': 4" in out
    assert list(es.indices.get_alias(name=cli.alias)) == [cli.index]
    assert keyword(es, cli.index, "story_id") == "keyword"
    es.indices.refresh(index=cli.alias)
    assert es.count(index=cli.alias, query={"term": {"story_id": "story-1"}})["count"] == 2

    code, out, _ = run(capsys, "index", "setup")  # and setup is happy with it afterwards
    assert code == 0 and f"alias {cli.alias} -> {cli.index}: unchanged" in out


def test_index_in_the_alias_place_is_detected_and_repaired(cli, es, tmp_path, capsys):
    # What an older newsmon left behind: a plain index named like the alias, dynamic mappings.
    for n in range(5):
        es.index(index=cli.alias, id=document_id(doc(n)), document=doc(n), refresh=True)
    assert keyword(es, cli.alias, "story_id") == "text"

    code, out, err = run(capsys, "index", "setup")
    assert code == 2 and "Traceback" not in err
    assert f"{cli.alias} is an index, not an alias" in err and "newsmon index repair" in err

    # A crawl meanwhile must not write into the wrong index: its documents wait in the spool.
    settings = load_settings().elasticsearch
    sink = BulkSink.from_settings(es, settings, tmp_path / "data", backoff=0.01, max_retries=0)
    sink.add(doc(7, content_hash="h7-new"))
    assert [o.status for o in sink.flush()] == ["spooled"]
    assert es.count(index=cli.alias)["count"] == 5

    code, out, err = run(capsys, "index", "repair")
    assert code == 0, out + err
    assert f"copied 5 documents {cli.alias} -> {cli.index}" in out
    assert list(es.indices.get_alias(name=cli.alias)) == [cli.index]
    assert keyword(es, cli.index, "story_id") == "keyword"
    es.indices.refresh(index=cli.alias)
    assert es.count(index=cli.alias)["count"] == 5
    assert es.count(index=cli.alias, query={"term": {"story_id": "story-0"}})["count"] == 3

    code, out, _ = run(capsys, "index", "replay")  # the spooled document goes in now
    assert code == 0 and sink.spool.count() == 0
    es.indices.refresh(index=cli.alias)
    assert es.count(index=cli.alias)["count"] == 6

    code, out, _ = run(capsys, "index", "repair")  # nothing left to repair
    assert code == 0 and "nothing to repair" in out
