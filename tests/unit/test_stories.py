"""Story ids across outlets and portals, incrementally, in memory and in the state database
(SQLite and PostgreSQL)."""

from __future__ import annotations

import random
import threading

import pytest
from enrich_fixtures import load_enrich_fixture

from crawler.state.stories import DatabaseSignatureStore
from enrich.analyze import analyze_many
from enrich.stories import StoryIndex, document_id
from enrich.story_store import MemorySignatureStore, StoredSignature


def with_id(doc: dict, doc_id: str, **changes) -> dict:
    return {**doc, "_id": doc_id, **changes}


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def index(request, tmp_path):
    if request.param == "memory":
        return StoryIndex(MemorySignatureStore())
    location = (
        tmp_path / "stories.sqlite"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    return StoryIndex(DatabaseSignatureStore(location))


def portal_copy(doc: dict) -> dict:
    """Daum/Naver's copy: the same article, a portal footer line added."""
    return with_id(
        doc,
        f"portal-{doc['_id']}",
        portal="naver",
        url="https://n.news.naver.com/x",
        original_url=doc["url"],
        tokens=doc["tokens"] + ["네이버", "뉴스", "구독"],
    )


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
    assert late.duplicate_of is None and late.duplicates == ("portal-ddaily",)
    copy = index.store.get_many(["portal-ddaily"])[0]
    assert copy.duplicate_of == "ddaily"
    # Published together: the smaller id names the story, and the copy's story follows it.
    assert late.story_id == copy.story_id == "ddaily" and first.story_id == "portal-ddaily"
    assert late.renamed == ("portal-ddaily",)


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


def test_an_article_written_again_is_no_longer_found_by_its_old_text(index, enriched):
    """Only a document new to the store is written without looking for its old rows."""
    bands = {
        name: set(index.band_hashes(index.minhash(enriched[name]["tokens"])))
        for name in ("seed_002", "seed_001")
    }
    index.add(with_id(enriched["seed_002"], "x"))
    index.add(with_id(enriched["seed_001"], "x"))  # rewritten with another text
    old_only = sorted(bands["seed_002"] - bands["seed_001"])
    assert old_only
    assert [c.doc_id for c in index.store.text_candidates(old_only, "")] == []
    assert [c.doc_id for c in index.store.text_candidates(sorted(bands["seed_001"]), "")] == ["x"]


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
    docs = analyze_many(
        [load_enrich_fixture("seed_002"), load_enrich_fixture("seed_003")], clusterer=index
    )
    assert docs[0]["story_id"] == docs[1]["story_id"] == document_id(docs[0])
    assert docs[0]["duplicate_of"] is None and docs[1]["duplicate_of"] is None


def test_document_id_prefers_the_given_id_then_the_canonical_url():
    assert document_id({"_id": "abc", "canonical_url": "https://x"}) == "abc"
    assert document_id({"canonical_url": "https://x"}) == document_id({"url": "https://x"})
    assert document_id({"canonical_url": "https://x"}) != document_id({"url": "https://y"})


def _visit(url: str, tokens: list[str], date: str | None, day: int) -> dict:
    return {
        "url": url,
        "tokens": tokens,
        "event": {
            "is_visit": True,
            "visitors": ["샘 올트먼"],
            "place": "삼성전자 서초사옥",
            "date": date,
            "day_of_month": day,
        },
    }


def test_undated_report_joins_the_visit_by_place_and_day_of_month():
    index = StoryIndex()
    dated = index.add(
        _visit("https://a.kr/1", ["올트먼", "서초", "회동", "스타게이트"] * 3, "2025-02-04", 4)
    )
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

    def add_then_die():
        with store.atomic():
            index.add(with_id(enriched["seed_002"], "newspim"))
            raise RuntimeError("the worker died here")

    with pytest.raises(RuntimeError, match="the worker died here"):
        add_then_die()
    assert len(store) == 0


def _report(doc_id: str, tokens: list[str], published: str, visitors=(), day=None) -> dict:
    event = (
        {
            "is_visit": True,
            "visitors": list(visitors),
            "date": day,
            "place": None,
            "day_of_month": None,
        }
        if visitors
        else None
    )
    return {
        "_id": doc_id,
        "tokens": tokens,
        "event": event,
        "published_at": f"2025-02-{published}+09:00",
    }


def _linked_reports() -> list[dict]:
    """Three visit reports no two of which link directly but through a fourth (the bridge),
    a rewrite of one (similar text), a portal copy of another, and two unrelated ones."""
    rng = random.Random(11)
    words = [f"단어{i}" for i in range(5000)]
    text = {name: rng.sample(words, 200) for name in ("a", "b", "c", "bridge", "x", "y")}
    rewrite = text["c"][:150] + rng.sample(words, 50)
    return [
        _report("altman-a", text["a"], "04T09:00:00", ["샘 올트먼"], "2025-02-04"),
        _report("altman-b", text["b"], "05T10:00:00", ["샘 올트먼"], "2025-02-05"),
        _report("son-c", text["c"], "04T08:00:00", ["손정의"], "2025-02-04"),
        _report("bridge", text["bridge"], "04T20:00:00", ["샘 올트먼", "손정의"], "2025-02-04"),
        _report("rewrite-of-c", rewrite, "03T23:00:00"),
        {**_report("copy-of-a", text["a"] + ["네이버", "구독"], "04T09:00:00"), "portal": "naver"},
        _report("unrelated-x", text["x"], "04T07:00:00"),
        _report("unrelated-y", text["y"], "06T07:00:00"),
    ]


@pytest.mark.parametrize("store", ["memory", "sqlite"])
def test_story_grouping_does_not_depend_on_arrival_order(tmp_path, store):
    docs = _linked_reports()
    outcomes = set()
    for seed in range(16):
        order = docs[:]
        random.Random(seed).shuffle(order)
        index = StoryIndex(
            MemorySignatureStore()
            if store == "memory"
            else DatabaseSignatureStore(tmp_path / f"{seed}.sqlite")
        )
        for doc in order:
            index.add(doc)
        stored = index.store.get_many([d["_id"] for d in docs])
        outcomes.add(frozenset((s.doc_id, s.story_id) for s in stored))
    assert len(outcomes) == 1
    stories = dict(outcomes.pop())
    # One story of six, named by its earliest published member; the unrelated ones alone.
    group = {"altman-a", "altman-b", "son-c", "bridge", "rewrite-of-c", "copy-of-a"}
    assert {stories[d] for d in group} == {"rewrite-of-c"}
    assert stories["unrelated-x"] == "unrelated-x" and stories["unrelated-y"] == "unrelated-y"


@pytest.mark.parametrize("store", ["memory", "sqlite"])
def test_a_visit_key_reads_the_stories_of_its_reports_not_every_report(tmp_path, store):
    """A visit every outlet covers has hundreds of reports with its key: a decision needs
    their stories (one report each to name as the match), not the reports one by one."""
    s = (
        MemorySignatureStore()
        if store == "memory"
        else DatabaseSignatureStore(tmp_path / "s.sqlite")
    )
    key = "젠슨 황|2025-10-31"

    def signature(doc_id: str, story: str, keys=(key,)) -> StoredSignature:
        return StoredSignature(doc_id, story, bytes(512), (hash(doc_id),), keys)

    s.add_many(
        [signature(f"r{n:03d}", "s1" if n < 150 else "s2") for n in range(300)]
        + [signature("other", "s3", ("손정의|2025-10-31",))]
    )
    assert s.event_stories([key], excluding="r000") == {"s1": "r001", "s2": "r150"}
    assert s.event_stories([key, "손정의|2025-10-31"], excluding="") == {
        "s1": "r000",
        "s2": "r150",
        "s3": "other",
    }
    assert s.event_stories([], excluding="") == {}


def test_a_late_bridge_merges_two_stories_and_says_which_it_renamed():
    docs = {d["_id"]: d for d in _linked_reports()}
    index = StoryIndex()
    assert index.add(docs["altman-a"]).story_id == "altman-a"
    assert index.add(docs["son-c"]).story_id == "son-c"  # no link to altman-a (yet)
    bridge = index.add(docs["bridge"])
    assert bridge.story_id == "son-c" and bridge.renamed == ("altman-a",)  # son-c: earlier
    assert {s.story_id for s in index.store.get_many(["altman-a", "son-c"])} == {"son-c"}


def test_a_story_file_from_before_publication_times_is_upgraded(tmp_path, enriched):
    import sqlite3

    path = tmp_path / "stories.sqlite"
    old = sqlite3.connect(path)
    old.executescript("""
        CREATE TABLE story_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE story_docs (doc_id TEXT PRIMARY KEY, story_id TEXT NOT NULL,
            minhash BLOB NOT NULL, bands BLOB NOT NULL, event_keys TEXT NOT NULL,
            portal INTEGER NOT NULL, duplicate_of TEXT);
        CREATE TABLE story_bands (band INTEGER NOT NULL, doc_id TEXT NOT NULL,
            PRIMARY KEY (band, doc_id)) WITHOUT ROWID;
        CREATE TABLE story_events (key TEXT NOT NULL, doc_id TEXT NOT NULL,
            PRIMARY KEY (key, doc_id)) WITHOUT ROWID;""")
    old.close()
    index = StoryIndex(DatabaseSignatureStore(path))
    index.add(with_id(enriched["seed_002"], "newspim"))
    assert index.store.get_many(["newspim"])[0].published == "2025-02-04T07:20:00+00:00"


def test_a_merge_stays_pending_until_copies_elsewhere_are_relabelled(index):
    docs = {d["_id"]: d for d in _linked_reports()}
    for name in ("altman-a", "son-c", "bridge"):
        index.add(docs[name])
    [pending] = index.store.pending_relabels()
    assert pending.story_id == "son-c" and set(pending.members) == {"altman-a", "son-c", "bridge"}
    assert index.store.current_stories(["altman-a", "bridge"]) == {
        "altman-a": "son-c",
        "bridge": "son-c",
    }
    index.add(docs["rewrite-of-c"])  # earlier still: renames the story again while pending
    index.store.relabels_done([pending])  # what was seen is done; the newer merge is not
    [newer] = index.store.pending_relabels()
    assert newer.story_id == "rewrite-of-c" and len(newer.members) == 4
    index.store.relabels_done([newer])
    assert index.store.pending_relabels() == []


def test_a_story_is_named_after_its_earliest_member_without_reading_it_whole(index, enriched):
    """The id of a story is its earliest published member's, whichever member is asked about
    and whether or not the document being added is itself that member."""
    seed = enriched["seed_002"]
    index.add(with_id(seed, "b", published_at="2025-02-04T12:00:00+09:00"))
    index.add(
        with_id(seed, "c", published_at="2025-02-04T15:00:00+09:00", tokens=seed["tokens"][1:])
    )
    assert index.store.earliest_members(["b"], excluding="x") == [
        ("b", "2025-02-04T03:00:00+00:00")
    ]
    assert index.store.earliest_members(["b"], excluding="b") == [
        ("c", "2025-02-04T06:00:00+00:00")
    ]
    # a report of the story published before both: the story is renamed after it
    earlier = index.add(with_id(seed, "a", published_at="2025-02-04T09:00:00+09:00"))
    assert earlier.story_id == "a" and earlier.renamed == ("b",)
    # "b" written again, now dated after "c": "a" is still the earliest
    again = index.add(with_id(seed, "b", published_at="2025-02-05T09:00:00+09:00"))
    assert again.story_id == "a"


def test_an_article_written_again_is_compared_with_its_new_text(db_location, enriched):
    """The database store remembers the signatures it has read; one this process writes again
    is remembered anew, and a new reader agrees with it."""
    index = StoryIndex(DatabaseSignatureStore(db_location))
    index.add(with_id(enriched["seed_002"], "x"))
    old = index.store.candidates(["x"])[0].minhash  # read, and remembered
    index.add(with_id(enriched["seed_001"], "x"))  # the article rewritten with another text
    new = index.store.candidates(["x"])[0].minhash
    assert new != old
    assert DatabaseSignatureStore(db_location).candidates(["x"])[0].minhash == new
    assert index.add(with_id(enriched["seed_001"], "copy")).duplicate_of == "x"


def test_signatures_forgotten_mid_lookup_are_still_compared(db_location, enriched, monkeypatch):
    """A lookup that fills the bounded signature memory past its size drops the older half,
    which may hold signatures the same lookup needs: it still returns every candidate."""
    import crawler.state.stories as stories

    monkeypatch.setattr(stories, "MINHASH_CACHE", 2)
    store = stories.DatabaseSignatureStore(db_location)
    index = StoryIndex(store)
    for n in range(4):
        index.add(with_id(enriched["seed_002"], f"d{n}"))
    signature = store.get_many(["d0"])[0].minhash
    store._minhashes = {"d0": signature, "d1": signature, "x": b""}  # full: d2, d3 evict d0, d1
    found = store.candidates(["d0", "d1", "d2", "d3"])
    assert sorted(c.doc_id for c in found) == ["d0", "d1", "d2", "d3"]
    assert len({c.minhash for c in found}) == 1  # the same text: the same signature
