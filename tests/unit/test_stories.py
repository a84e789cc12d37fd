"""Story ids across outlets and portals, incrementally, in memory and in the state database
(SQLite and PostgreSQL)."""

from __future__ import annotations

import random
import threading

import pytest
from enrich_fixtures import load_enrich_fixture

from crawler.story_store import DatabaseSignatureStore
from enrich.analyze import analyze_many
from enrich.stories import StoryIndex, document_id
from enrich.story_store import MemorySignatureStore


def with_id(doc: dict, doc_id: str, **changes) -> dict:
    return {**doc, "_id": doc_id, **changes}


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def index(request, tmp_path):
    if request.param == "memory":
        return StoryIndex(MemorySignatureStore())
    location = tmp_path / "stories.sqlite" if request.param == "sqlite" else \
        request.getfixturevalue("pg_url")
    return StoryIndex(DatabaseSignatureStore(location))


def portal_copy(doc: dict) -> dict:
    """Daum/Naver's copy: the same article, a portal footer line added."""
    return with_id(doc, f"portal-{doc['_id']}", portal="naver", url="https://n.news.naver.com/x",
                   original_url=doc["url"], tokens=doc["tokens"] + ["네이버", "뉴스", "구독"])


def test_two_outlets_on_one_meeting_share_a_story(index, enriched):
    a = index.add(with_id(enriched["seed_002"], "newspim"))
    b = index.add(with_id(enriched["seed_003"], "other"))
    assert a.story_id == "newspim" and a.reason == "new story"
    assert b.story_id == "newspim" and b.reason == "same visit" and b.duplicate_of is None
    assert b.similarity < 0.5  # their texts are different: the event decides


def test_same_visitor_years_apart_is_another_story(index, enriched):
    a = index.add(with_id(enriched["seed_000"], "nadella-2025"))
    b = index.add(with_id(enriched["seed_001"], "nadella-2018"))
    assert a.story_id != b.story_id and b.reason == "new story"


def test_a_portal_copy_is_a_duplicate_of_the_outlet_article(index, enriched):
    original = with_id(enriched["seed_004"], "ddaily")
    index.add(original)
    copy = index.add(portal_copy(original))
    assert copy.duplicate_of == "ddaily" and copy.story_id == "ddaily"
    assert copy.reason == "duplicate" and copy.similarity >= 0.8


def test_an_original_arriving_after_its_portal_copy_is_not_its_duplicate(index, enriched):
    original = with_id(enriched["seed_004"], "ddaily")
    first = index.add(portal_copy(original))
    late = index.add(original)
    assert late.duplicate_of is None and late.story_id == first.story_id
    assert late.duplicates == ("portal-ddaily",)
    assert index.store.get_many(["portal-ddaily"])[0].duplicate_of == "ddaily"


def test_an_unrelated_article_starts_its_own_story(index, enriched):
    index.add(with_id(enriched["seed_002"], "newspim"))
    other = index.add(with_id(enriched["ddareungi_003"], "teaser"))
    assert other.story_id == "teaser" and other.duplicate_of is None


def test_incremental_among_many_stored_documents(index, enriched):
    rng = random.Random(5)
    vocabulary = [f"단어{i}" for i in range(3000)]
    for i in range(300):
        index.add({"_id": f"noise-{i}", "tokens": rng.choices(vocabulary, k=300), "event": None})
    index.add(with_id(enriched["seed_002"], "newspim"))
    assert len(index.store) == 301
    copy = index.add(portal_copy(with_id(enriched["seed_002"], "newspim")))
    assert copy.duplicate_of == "newspim"
    assert index.add(with_id(enriched["seed_003"], "other")).story_id == "newspim"


def test_adding_a_document_again_keeps_its_story(index, enriched):
    first = index.add(with_id(enriched["seed_002"], "newspim"))
    again = index.add(with_id(enriched["seed_002"], "newspim"))
    assert again.story_id == first.story_id and again.duplicate_of is None
    assert len(index.store) == 1


def test_database_store_persists_and_checks_its_parameters(db_location, enriched):
    path = db_location
    index = StoryIndex(DatabaseSignatureStore(path))
    index.add(with_id(enriched["seed_002"], "newspim"))
    index.store.close()
    reopened = StoryIndex(DatabaseSignatureStore(path))
    assert reopened.add(with_id(enriched["seed_003"], "other")).story_id == "newspim"
    with pytest.raises(ValueError, match="story signatures were made with"):
        StoryIndex(DatabaseSignatureStore(path), num_perm=64, bands=16)


def test_analyze_fills_story_fields_with_a_clusterer(kiwi):
    index = StoryIndex()
    docs = analyze_many([load_enrich_fixture("seed_002"), load_enrich_fixture("seed_003")],
                        clusterer=index)
    assert docs[0]["story_id"] == docs[1]["story_id"] == document_id(docs[0])
    assert docs[0]["duplicate_of"] is None and docs[1]["duplicate_of"] is None


def test_document_id_prefers_the_given_id_then_the_canonical_url():
    assert document_id({"_id": "abc", "canonical_url": "https://x"}) == "abc"
    assert document_id({"canonical_url": "https://x"}) == document_id({"url": "https://x"})
    assert document_id({"canonical_url": "https://x"}) != document_id({"url": "https://y"})


def _visit(url: str, tokens: list[str], date: str | None, day: int) -> dict:
    return {"url": url, "tokens": tokens, "event": {
        "is_visit": True, "visitors": ["샘 올트먼"], "place": "삼성전자 서초사옥",
        "date": date, "day_of_month": day}}


def test_undated_report_joins_the_visit_by_place_and_day_of_month():
    index = StoryIndex()
    dated = index.add(_visit("https://a.kr/1", ["올트먼", "서초", "회동", "스타게이트"] * 3,
                             "2025-02-04", 4))
    undated = index.add(_visit("https://b.kr/1", ["이재용", "손정의", "삼성", "AI"] * 3, None, 4))
    assert (undated.story_id, undated.reason) == (dated.story_id, "same visit")
    other_day = index.add(_visit("https://c.kr/1", ["카카오", "기자", "간담회"] * 3, None, 5))
    assert other_day.story_id != dated.story_id


def test_two_dated_reports_never_meet_through_the_day_of_month():
    index = StoryIndex()
    february = index.add(_visit("https://a.kr/1", ["올트먼", "서초", "회동"] * 3, "2025-02-04", 4))
    june = index.add(_visit("https://b.kr/1", ["이재용", "손정의", "AI"] * 3, "2025-06-04", 4))
    assert june.story_id != february.story_id


def test_two_workers_cannot_split_a_story(db_location, enriched):
    """A worker's lookup and add are one transaction: another worker adding a report of the
    same visit meanwhile waits for it, then joins its story instead of starting a second."""
    path = db_location
    first = StoryIndex(DatabaseSignatureStore(path))
    joined = []

    def second_worker():
        second = StoryIndex(DatabaseSignatureStore(path))
        joined.append(second.add(with_id(enriched["seed_003"], "other")))
        second.store.close()

    with first.store.atomic():
        worker = threading.Thread(target=second_worker)
        worker.start()
        worker.join(0.5)
        assert worker.is_alive() and not joined  # waiting for the first worker's transaction
        first.add(with_id(enriched["seed_002"], "newspim"))  # joins the outer transaction
    worker.join()
    assert joined[0].story_id == "newspim"


def test_a_failed_add_leaves_nothing_behind(db_location, enriched):
    store = DatabaseSignatureStore(db_location)
    index = StoryIndex(store)
    with pytest.raises(RuntimeError), store.atomic():
        index.add(with_id(enriched["seed_002"], "newspim"))
        raise RuntimeError("the worker died here")
    assert len(store) == 0
