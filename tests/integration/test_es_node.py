"""The real Elasticsearch node: health, explicit mappings, Korean documents."""

from __future__ import annotations

import os

import pytest
from elasticsearch import helpers

pytestmark = pytest.mark.es

DOCS = [
    {
        "_id": "a",
        "title": "사티아 나델라 MS CEO, 이재용 회장과 회동",
        "tokens": "사티아 나델라 MS CEO 이재용 회장 회동",
        "source": "newdaily",
        "published_at": "2018-11-07T16:12:56+09:00",
    },
    {
        "_id": "b",
        "title": "이재용 회장, 샘 올트먼·손정의와 'AI 동맹' 강화",
        "tokens": "이재용 회장 샘 올트먼 손정의 AI 동맹 강화",
        "source": "newspim",
        "published_at": "2025-02-04T16:20:00+09:00",
    },
    {
        "_id": "c",
        "title": "따릉이 앱 450만건 개인정보 유출",
        "tokens": "따릉이 앱 450만 건 개인 정보 유출",
        "source": "newscms",
        "published_at": "2026-02-09T09:00:00+09:00",
    },
]

MAPPING = {
    "dynamic": "strict",
    "properties": {
        "title": {"type": "text", "analyzer": "standard"},
        "tokens": {"type": "text", "analyzer": "whitespace"},
        "source": {"type": "keyword"},
        "published_at": {"type": "date"},
    },
}


def test_cluster_is_healthy(es):
    health = es.cluster.health(wait_for_status="yellow", timeout="30s")
    assert health["status"] in ("green", "yellow")
    assert health["number_of_nodes"] >= 1


def test_cluster_version_is_supported(es):
    version = es.info()["version"]["number"]
    if os.environ.get("ES_URL"):  # a user's cluster: the 8.19 client speaks to 8.x and 9.x
        assert version.split(".")[0] in ("8", "9"), version
    else:
        assert version.startswith("8.19."), version


def test_korean_documents_round_trip(es, es_index):
    es.indices.create(index=es_index, mappings=MAPPING)
    assert es.indices.get_mapping(index=es_index)[es_index]["mappings"] == MAPPING

    actions = [{"_index": es_index, **doc} for doc in DOCS]
    indexed, errors = helpers.bulk(es, actions, refresh="wait_for")
    assert (indexed, errors) == (3, [])

    stored = es.get(index=es_index, id="b")["_source"]
    assert stored["title"] == DOCS[1]["title"]  # UTF-8 Hangul and full-width quotes intact

    # Morphemes in `tokens` (whitespace analyzer) find inflected forms' stems.
    hits = es.search(index=es_index, query={"match": {"tokens": "나델라"}})["hits"]["hits"]
    assert [h["_id"] for h in hits] == ["a"]

    newest_first = es.search(
        index=es_index, query={"match": {"tokens": "회장"}}, sort=[{"published_at": "desc"}]
    )["hits"]["hits"]
    assert [h["_id"] for h in newest_first] == ["b", "a"]

    by_source = es.search(index=es_index, size=0, aggs={"s": {"terms": {"field": "source"}}})[
        "aggregations"
    ]["s"]
    assert {b["key"] for b in by_source["buckets"]} == {"newdaily", "newspim", "newscms"}


def test_strict_mapping_rejects_one_document_not_the_batch(es, es_index):
    es.indices.create(index=es_index, mappings=MAPPING)
    actions = [
        {"_index": es_index, **DOCS[0]},
        {"_index": es_index, "_id": "bad", "title": "x", "unknown_field": 1},
    ]
    indexed, errors = helpers.bulk(es, actions, refresh="wait_for", raise_on_error=False)
    assert indexed == 1
    assert len(errors) == 1 and errors[0]["index"]["_id"] == "bad"
    assert "strict_dynamic_mapping_exception" in errors[0]["index"]["error"]["type"]
    assert es.count(index=es_index)["count"] == 1


def test_deleting_the_test_index(es, es_index):
    es.indices.create(index=es_index, mappings=MAPPING)
    assert es.indices.exists(index=es_index)
    es.indices.delete(index=es_index)
    assert not es.indices.exists(index=es_index)
