"""Enrichment never raises on odd text: the labelled sentences, cut, swapped and sprinkled with
the words the readers of names and titles turn on (a fixed seed: the same variants each run).

A document whose analysis raises is reported and left unenriched by the crawl; two such bugs
(a former mark before a country, a colleague's company known only from the dictionary) were
found this way."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from eval_events import SET_NAMES, load_set

from enrich.analyze import analyze_many

WORDS = [
    "前",
    "전",
    "미국",
    "日",
    "中",
    "·",
    "(CEO)",
    "대표",
    "회장",
    "등",
    "및",
    "겸",
    "의",
    "그룹",
    "응우옌",  # a Vietnamese name's first word
    "(VNPT)",  # a company's other name
    "사업부",  # a division before a name
    "본사의",
]


def variants(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    sentences = [
        s
        for name in SET_NAMES
        for a in load_set(name)
        for line in (a["title"] + "\n" + a["body"]).split("\n")
        for s in line.split(". ")
        if s.strip()
    ]
    docs = []
    for _ in range(n):
        words = rng.choice(sentences).split()
        op, i = rng.random(), rng.randrange(len(words))
        if op < 0.3 and len(words) > 3:
            del words[i]
        elif op < 0.7:
            words.insert(i, rng.choice(WORDS))
        elif len(words) > 2:
            i = min(i, len(words) - 2)
            words[i], words[i + 1] = words[i + 1], words[i]
        title = " ".join(rng.choice(sentences).split()[:8])
        docs.append({"title": title, "body": " ".join(words), "published_at": "2024-05-05"})
    return docs


def test_enrichment_raises_on_no_variant_of_the_labelled_sentences(kiwi):
    docs = variants(600)
    failed = []
    for doc in docs:
        try:
            analyze_many([doc])
        except Exception as exc:  # every kind of failure is the finding
            failed.append((type(exc).__name__, doc["body"]))
    assert not failed, failed[:5]
