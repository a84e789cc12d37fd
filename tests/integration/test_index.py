"""Index setup and the bulk sink against the real node: idempotent setup,
versioned updates, no duplicates, dead letters, and nothing lost in an outage."""

from __future__ import annotations

import uuid

import pytest

from crawler.config import ElasticsearchSettings, LocalNodeSettings
from crawler.elastic.client import Connection
from crawler.elastic.index_setup import IndexNames, setup
from crawler.elastic.node import LocalNode
from crawler.elastic.sink import BulkSink, count, document_id
from crawler.elastic.spool import DeadLetters, Spool

pytestmark = pytest.mark.es

FULL_DOC = {
    "url": "https://v.daum.net/v/20250226180117012",
    "canonical_url": "https://www.fnnews.com/news/202502261801170123",
    "original_url": "https://www.fnnews.com/news/202502261801170123",
    "source": "daum",
    "outlet": "파이낸셜뉴스",
    "portal": "daum",
    "title": "나델라 MS CEO, LG·KT와 연쇄 회동",
    "subtitle": ["‘한국형 동맹’ 강화"],
    "body": "사티아 나델라 CEO가 방한했다.\n나델라 CEO는 조주완 LG전자 사장과 만났다.",
    "published_at": "2025-02-26T18:01:00+09:00",
    "updated_at": "2025-02-26T19:00:00+09:00",
    "crawled_at": "2025-02-26T19:05:00+09:00",
    "authors": ["조윤주", "임수빈"],
    "author_emails": ["yjjoe@fnnews.com"],
    "section": "산업",
    "lang": "ko",
    "tokens": "사티아 나델라 MS CEO 방한 조주완 LG전자 사장 만나",
    "keywords": [{"term": "나델라", "weight": 0.31}, {"term": "회동", "weight": 0.12}],
    "entities": {
        "persons": [
            {
                "id": "satya-nadella",
                "name": "사티아 나델라",
                "aliases": ["나델라"],
                "titles": ["CEO"],
                "mentions": 2,
                "known": True,
            }
        ],
        "organizations": [
            {
                "id": "microsoft",
                "name": "마이크로소프트",
                "aliases": ["MS"],
                "mentions": 1,
                "known": True,
            }
        ],
        "locations": [{"id": "seoul", "name": "서울", "aliases": [], "mentions": 1, "known": True}],
    },
    "event": {
        "type": "ceo_visit",
        "is_visit": True,
        "visitors": ["satya-nadella"],
        "hosts": ["lg-electronics"],
        "companies": ["microsoft", "lg-electronics"],
        "date": "2025-02-26",
        "day_of_month": 26,
        "place": "서울",
        "topics": ["AI"],
        "relevance": 0.92,
        "relevance_parts": {"visitor": 0.4},
    },
    "story_id": "s-1",
    "duplicate_of": None,
    "content_hash": "h1",
    "boilerplate_removed": {
        "lines": 12,
        "chars": 800,
        "by_rule": {"weather": 3},
        "kept_by_guard": {"lines": 1, "chars": 900, "by_rule": {"structure.after-body": 1}},
    },
    "truncated": {"html_bytes": 20971520, "parsed_bytes": 2097152, "flattened_depth": 180},
    "alerts": ["nadella-visits"],
}


@pytest.fixture
def es_settings(es):
    settings = ElasticsearchSettings(alias=f"nm-test-{uuid.uuid4().hex[:8]}")
    yield settings
    for index in es.indices.get(index=f"{settings.alias}-v*"):
        es.indices.delete(index=index)
    es.options(ignore_status=404).indices.delete_index_template(name=settings.alias)


def make_sink(es, settings, tmp_path, **options) -> BulkSink:
    return BulkSink(
        es,
        settings.alias,
        Spool(tmp_path / "spool"),
        DeadLetters(tmp_path / "dead.jsonl"),
        refresh="wait_for",
        backoff=0.01,
        **options,
    )


def doc(n: int, **fields) -> dict:
    return {
        "url": f"https://www.newspim.com/news/view/2025020400{n:04d}",
        "title": f"기사 {n}",
        "body": "올트먼 CEO가 방한했다.",
        "tokens": "올트먼 CEO 방한",
        "content_hash": f"h{n}",
        "crawled_at": "2025-02-04T17:00:00+09:00",
        **fields,
    }


def test_setup_is_idempotent(es, es_settings):
    names = IndexNames.from_settings(es_settings)
    first = setup(es, es_settings)
    assert first == [
        f"template {names.template}: created",
        f"index {names.index}: created",
        f"alias {names.alias} -> {names.index}: created",
    ]
    assert setup(es, es_settings) == [
        f"template {names.template}: unchanged",
        f"index {names.index}: unchanged",
        f"alias {names.alias} -> {names.index}: unchanged",
    ]
    assert list(es.indices.get_alias(name=names.alias)) == [names.index]


def test_every_field_round_trips(es, es_settings, tmp_path):
    setup(es, es_settings)
    sink = make_sink(es, es_settings, tmp_path)
    sink.add(FULL_DOC)
    assert [o.status for o in sink.flush()] == ["created"]
    stored = es.get(index=es_settings.alias, id=document_id(FULL_DOC))["_source"]
    assert stored == {**FULL_DOC, "version": 1, "first_seen": FULL_DOC["crawled_at"]}


def test_same_article_twice_is_one_document_changed_content_is_version_2(es, es_settings, tmp_path):
    setup(es, es_settings)
    sink = make_sink(es, es_settings, tmp_path)
    sink.add(doc(1))
    sink.add(doc(1))  # twice in one batch
    assert count(sink.flush()) == {"created": 1}
    sink.add(doc(1, crawled_at="2025-02-04T18:00:00+09:00"))  # crawled again, same content
    assert count(sink.flush()) == {"unchanged": 1}
    assert es.count(index=es_settings.alias)["count"] == 1
    assert es.get(index=es_settings.alias, id=document_id(doc(1)))["_source"]["version"] == 1

    sink.add(
        doc(
            1,
            body="올트먼 CEO가 이재용 회장을 만났다.",
            content_hash="h1-v2",
            crawled_at="2025-02-04T19:00:00+09:00",
        )
    )
    [outcome] = sink.flush()
    assert (outcome.status, outcome.version) == ("updated", 2)
    stored = es.get(index=es_settings.alias, id=document_id(doc(1)))["_source"]
    assert stored["version"] == 2 and stored["first_seen"] == "2025-02-04T17:00:00+09:00"
    assert stored["body"] == "올트먼 CEO가 이재용 회장을 만났다."
    assert es.count(index=es_settings.alias)["count"] == 1


def test_concurrent_update_is_retried_not_lost(es, es_settings, tmp_path):
    setup(es, es_settings)
    first, second = make_sink(es, es_settings, tmp_path), make_sink(es, es_settings, tmp_path / "b")
    first.add(doc(7))
    first.flush()

    read_copy = first._stored

    def read_then_lose_the_race(todo):
        stored = read_copy(todo)  # `first` reads version 1 ...
        second.add(doc(7, content_hash="by-second", crawled_at="2025-02-04T18:00:00+09:00"))
        assert [o.version for o in second.flush()] == [2]  # ... `second` writes version 2
        first._stored = read_copy
        return stored

    first._stored = read_then_lose_the_race
    first.add(doc(7, content_hash="by-first", crawled_at="2025-02-04T19:00:00+09:00"))
    [outcome] = first.flush()
    assert (outcome.status, outcome.version) == ("updated", 3)
    stored = es.get(index=es_settings.alias, id=document_id(doc(7)))["_source"]
    assert (stored["content_hash"], stored["version"]) == ("by-first", 3)


def test_bad_field_goes_to_dead_letter_rest_of_batch_indexed(es, es_settings, tmp_path):
    setup(es, es_settings)
    sink = make_sink(es, es_settings, tmp_path)
    for n in range(5):
        sink.add(doc(n))
    sink.add(doc(99, published_at="지난주 어느 날"))  # not a date
    outcomes = sink.flush()
    assert count(outcomes) == {"created": 5, "dead_letter": 1}
    assert es.count(index=es_settings.alias)["count"] == 5
    [dead] = list(DeadLetters(tmp_path / "dead.jsonl"))
    assert dead["doc"]["url"] == doc(99)["url"]
    assert "published_at" in dead["reason"]


def test_unknown_field_is_refused_not_silently_dropped(es, es_settings, tmp_path):
    setup(es, es_settings)
    sink = make_sink(es, es_settings, tmp_path)
    sink.add(doc(1, surprise="x"))
    [outcome] = sink.flush()
    assert outcome.status == "dead_letter" and "strict_dynamic_mapping" in outcome.reason


def test_new_index_version_copies_documents_and_switches_alias(es, es_settings, tmp_path):
    setup(es, es_settings)
    sink = make_sink(es, es_settings, tmp_path)
    for n in range(3):
        sink.add(doc(n))
    sink.flush()
    v2 = es_settings.model_copy(update={"index_version": 2})
    report = setup(es, v2)
    assert f"copied 3 documents {es_settings.alias}-v1 -> {es_settings.alias}-v2" in report
    assert list(es.indices.get_alias(name=es_settings.alias)) == [f"{es_settings.alias}-v2"]
    es.indices.refresh(index=es_settings.alias)
    assert es.count(index=es_settings.alias)["count"] == 3


def test_outage_spools_and_replay_loses_and_duplicates_nothing(tmp_path):
    """A node of its own, stopped in the middle of a run and started again."""
    node = LocalNode(tmp_path / "data", LocalNodeSettings(start_timeout=300))
    settings = ElasticsearchSettings(alias="nm-outage")
    client = Connection([node.start()]).client(request_timeout=5)
    try:
        setup(client, settings)
        sink = make_sink(client, settings, tmp_path, max_retries=2)
        for n in range(10):
            sink.add(doc(n))
        assert count(sink.flush()) == {"created": 10}

        node.stop()
        for n in range(10, 25):  # 5 of them re-crawls of documents already indexed
            sink.add(doc(n - 10 if n < 15 else n, crawled_at="2025-02-04T18:00:00+09:00"))
        assert count(sink.flush()) == {"spooled": 15}
        assert sink.spool.count() == 15
        assert sink.replay() == [] and sink.spool.count() == 15  # still down: kept

        client = Connection([node.start()]).client(request_timeout=5)
        sink.client = client
        replayed = sink.replay()
        assert count(replayed) == {"created": 10, "unchanged": 5}
        assert sink.spool.segments() == []
        assert sink.replay() == []  # replaying again sends nothing
        client.indices.refresh(index=settings.alias)
        assert client.count(index=settings.alias)["count"] == 20
    finally:
        node.stop()


def test_stale_copy_is_judged_by_instant_not_by_text(es, es_settings, tmp_path):
    """Workers in other time zones write other offsets: 01:30+00:00 is later than 09:00+09:00
    (00:00 UTC) although it sorts first as text; the older copy must not replace it."""
    setup(es, es_settings)
    sink = make_sink(es, es_settings, tmp_path)
    sink.add(doc(1, content_hash="newer", crawled_at="2025-03-30T01:30:00+00:00"))
    sink.flush()
    sink.add(doc(1, content_hash="older", crawled_at="2025-03-30T09:00:00+09:00"))
    [outcome] = sink.flush()
    assert outcome.status == "stale"
    stored = es.get(index=es_settings.alias, id=document_id(doc(1)))["_source"]
    assert stored["content_hash"] == "newer"

    sink.add(doc(1, content_hash="newest", crawled_at="2025-03-30T10:45:00+09:00"))  # 01:45 UTC
    assert [o.status for o in sink.flush()] == ["updated"]


def test_new_index_version_lower_cases_the_tokens_of_older_documents(es, es_settings, tmp_path):
    """Documents indexed before tokens were lower-cased: raising index_version re-tokenises
    them on the way (README, "What newsmon keeps"), so "deepseek" finds them too."""
    setup(es, es_settings)
    sink = make_sink(es, es_settings, tmp_path)
    sink.add(doc(1, tokens="딥시크 DeepSeek AI 동맹"))
    sink.add(doc(2, tokens=["딥시크", "DeepSeek", "사티아 나델라", "MS"]))
    sink.flush()
    find = {"match": {"tokens": {"query": "deepseek", "operator": "and"}}}
    assert es.count(index=es_settings.alias, query=find)["count"] == 0

    setup(es, es_settings.model_copy(update={"index_version": 2}))
    es.indices.refresh(index=es_settings.alias)
    assert es.count(index=es_settings.alias, query=find)["count"] == 2
    stored = es.get(index=es_settings.alias, id=document_id(doc(2)))["_source"]
    assert stored["tokens"] == ["딥시크", "deepseek", "사티아 나델라", "ms"]
