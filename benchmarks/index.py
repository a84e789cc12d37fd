"""Benchmark of the Elasticsearch side; prints its figures.

    .venv/bin/python benchmarks/index.py [--docs 20000] [--es-url URL]

* bulk indexing docs/s through the project's sink (crawler.elastic.sink.BulkSink:
  mget of stored copies + conditional bulk writes, batches of 500) into the
  local node (started in a temporary directory) or ES_URL / --es-url;
* search latency p50/p95 of ten typical queries (crawler.elastic.search, Kiwi-analysed
  query text), 30 runs each, after a warm-up;
* RSS of the local node after indexing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.config import ElasticsearchSettings, LocalNodeSettings  # noqa: E402
from crawler.elastic.client import Connection  # noqa: E402
from crawler.elastic.index_setup import setup  # noqa: E402
from crawler.elastic.node import LocalNode  # noqa: E402
from crawler.elastic.search import SearchRequest, build_query  # noqa: E402
from crawler.elastic.sink import BulkSink  # noqa: E402
from crawler.elastic.spool import DeadLetters, Spool  # noqa: E402

QUERIES = [
    SearchRequest("나델라"),
    SearchRequest("나델라가 방한"),
    SearchRequest("올트먼 회동"),
    SearchRequest("젠슨 황 엔비디아"),
    SearchRequest("삼성전자 HBM 협력"),
    SearchRequest("", person="Sam Altman"),
    SearchRequest("AI 데이터센터", since="2025-01-01"),
    SearchRequest("손정의 스타게이트", source="newspim"),
    SearchRequest("", story="story-7"),
    SearchRequest("마이크로소프트 클라우드 KT", limit=20),
]
PEOPLE = [
    ("satya_nadella", "사티아 나델라"),
    ("sam_altman", "샘 올트먼"),
    ("jensen_huang", "젠슨 황"),
    ("masayoshi_son", "손정의"),
]
SOURCES = ["fnnews", "newspim", "ddaily", "newdaily", "aitimes", "daum", "naver"]


def corpus(n: int) -> list[dict]:
    texts = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "tests/fixtures/enrich").glob("*.json"))
    ]
    rng = random.Random(7)
    docs = []
    for i in range(n):
        base = texts[i % len(texts)]
        body = base.get("body") or ""
        pid, name = PEOPLE[i % len(PEOPLE)]
        day = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"
        words = body.split()
        rng.shuffle(words)
        docs.append(
            {
                "url": f"https://www.example.co.kr/news/articleView.html?idxno={i}",
                "canonical_url": f"https://www.example.co.kr/news/articleView.html?idxno={i}",
                "source": SOURCES[i % len(SOURCES)],
                "outlet": "예시뉴스",
                "portal": None,
                "title": f"{name} CEO 방한 {i}",
                "subtitle": [],
                "body": body,
                "published_at": f"{day}T10:00:00+09:00",
                "crawled_at": f"{day}T10:05:00+09:00",
                "authors": ["김기자"],
                "author_emails": [],
                "section": "산업",
                "lang": "ko",
                "tokens": [name, "방한", "회동", *words[:300]],
                "keywords": [{"term": name, "weight": 1.0}],
                "entities": {
                    "persons": [
                        {
                            "id": pid,
                            "name": name,
                            "aliases": [name],
                            "titles": ["CEO"],
                            "mentions": 3,
                            "known": True,
                        }
                    ],
                    "organizations": [],
                    "locations": [],
                },
                "event": {
                    "type": "ceo_visit",
                    "is_visit": True,
                    "visitors": [name],
                    "hosts": [],
                    "companies": [],
                    "date": day,
                    "day_of_month": 1 + i % 28,
                    "place": "서울",
                    "topics": ["AI"],
                    "relevance": 0.9,
                    "relevance_parts": {},
                },
                "story_id": f"story-{i % 2000}",
                "duplicate_of": None,
                "content_hash": f"h{i}",
                "boilerplate_removed": {"lines": 10, "chars": 500, "by_rule": {}},
                "alerts": [],
            }
        )
    return docs


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--es-url", default=os.environ.get("ES_URL"))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsmon-bench-"))
    node = None
    url = args.es_url
    if not url:
        node = LocalNode(work / "data", LocalNodeSettings(heap="1g", start_timeout=300))
        started = time.perf_counter()
        url = node.start()
        print(f"local node started in {time.perf_counter() - started:.1f} s at {url}")
    try:
        client = Connection([url]).client(request_timeout=120)
        settings = ElasticsearchSettings(alias="newsmon-bench")
        setup(client, settings)
        docs = corpus(args.docs)
        sink = BulkSink(
            client,
            settings.alias,
            Spool(work / "spool"),
            DeadLetters(work / "dead"),
            batch_size=500,
        )
        started = time.perf_counter()
        outcomes = []
        for doc in docs:
            if sink.add(doc):
                outcomes += sink.flush()
        outcomes += sink.flush()
        client.indices.refresh(index=settings.alias)
        elapsed = time.perf_counter() - started
        created = sum(o.status == "created" for o in outcomes)
        print(
            f"bulk indexing: {created} of {len(docs)} documents in {elapsed:.1f} s = "
            f"{len(docs) / elapsed:,.0f} docs/s (target >= 1,000)"
        )
        assert client.count(index=settings.alias)["count"] == len(docs)

        for request in QUERIES:  # warm-up: Kiwi and the index caches
            client.search(index=settings.alias, **build_query(request))
        print("search latency (30 runs each, client round trip incl. Kiwi query analysis):")
        all_times = []
        for request in QUERIES:
            times = []
            for _ in range(30):
                t = time.perf_counter()
                client.search(index=settings.alias, **build_query(request))
                times.append((time.perf_counter() - t) * 1000)
            all_times += times
            q = statistics.quantiles(times, n=20)
            label = (
                request.text or f"person={request.person}"
                if not request.story
                else f"story={request.story}"
            )
            print(f"  {label[:32]:32s} p50 {statistics.median(times):6.1f} ms  p95 {q[18]:6.1f} ms")
        q = statistics.quantiles(all_times, n=20)
        print(
            f"  all ten queries                  p50 {statistics.median(all_times):6.1f} ms  "
            f"p95 {q[18]:6.1f} ms"
        )
        if node:
            print(f"local node RSS after indexing: {rss_mb(node.pid()):.0f} MB")
    finally:
        if node:
            node.stop()


if __name__ == "__main__":
    main()
