"""Story merges reach Elasticsearch: batches go out with current story ids, indexed members of
merged stories are relabelled, and an outage leaves the merge pending (real node)."""

from __future__ import annotations

import uuid

import pytest

from crawler.config import ElasticsearchSettings
from crawler.elastic.index_setup import setup
from crawler.elastic.sink import BulkSink, document_id
from crawler.elastic.spool import DeadLetters, Spool
from crawler.elastic.story_labels import current_stories, relabel_stories
from crawler.state.stories import DatabaseSignatureStore
from enrich.stories import StoryIndex

pytestmark = pytest.mark.es


def _report(url: str, visitors: list[str], words: list[str], published: str) -> dict:
    return {
        "url": url,
        "canonical_url": url,
        "title": url,
        "body": " ".join(words),
        "tokens": words,
        "published_at": published,
        "content_hash": url,
        "event": {
            "is_visit": True,
            "visitors": visitors,
            "date": "2025-02-04",
            "place": None,
            "day_of_month": 4,
        },
    }


@pytest.fixture
def alias(es):
    settings = ElasticsearchSettings(alias=f"nm-test-{uuid.uuid4().hex[:8]}")
    setup(es, settings)
    yield settings.alias
    for index in es.indices.get(index=f"{settings.alias}-v*"):
        es.indices.delete(index=index)
    es.options(ignore_status=404).indices.delete_index_template(name=settings.alias)


def test_a_merge_relabels_what_was_indexed_before_it(es, alias, tmp_path):
    store = DatabaseSignatureStore(tmp_path / "stories.sqlite")
    stories = StoryIndex(store)
    sink = BulkSink(
        es,
        alias,
        Spool(tmp_path / "spool"),
        DeadLetters(tmp_path / "dead.jsonl"),
        refresh="wait_for",
        prepare=lambda docs: current_stories(store, docs),
    )
    altman = _report(
        "https://a.kr/1", ["샘 올트먼"], [f"가{i}" for i in range(60)], "2025-02-04T10:00:00+09:00"
    )
    son = _report(
        "https://b.kr/1", ["손정의"], [f"나{i}" for i in range(60)], "2025-02-04T09:00:00+09:00"
    )
    altman2 = _report(
        "https://d.kr/1", ["샘 올트먼"], [f"라{i}" for i in range(60)], "2025-02-04T11:00:00+09:00"
    )
    bridge = _report(
        "https://c.kr/1",
        ["샘 올트먼", "손정의"],
        [f"다{i}" for i in range(60)],
        "2025-02-04T12:00:00+09:00",
    )
    for doc in (altman, altman2, son):
        doc.update(stories.add(doc).fields())
        sink.add(doc)
    sink.flush()
    in_flight = dict(altman, content_hash="edited")  # analysed before the merge, sent after
    merge = stories.add(bridge)
    bridge.update(merge.fields())
    assert merge.renamed == (document_id(altman),) and merge.story_id == document_id(son)

    # Elasticsearch down: nothing is relabelled, the merge stays pending.
    down = type(es)("http://127.0.0.1:9", request_timeout=1, max_retries=0)
    assert relabel_stories(down, alias, store) == 0 and len(store.pending_relabels()) == 1

    sink.add(in_flight)
    sink.add(bridge)
    sink.flush()

    def story_ids() -> dict[str, str]:
        es.indices.refresh(index=alias)
        hits = es.search(index=alias, query={"match_all": {}}, source_includes=["story_id"])
        return {h["_id"]: h["_source"]["story_id"] for h in hits["hits"]["hits"]}

    before = story_ids()  # the batch went out with current ids; altman2 was indexed earlier
    assert before[document_id(altman)] == before[document_id(bridge)] == document_id(son)
    assert before[document_id(altman2)] == document_id(altman)
    assert relabel_stories(es, alias, store) == 1 and store.pending_relabels() == []
    assert set(story_ids().values()) == {document_id(son)} and len(story_ids()) == 4
    store.close()
