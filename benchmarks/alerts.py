"""Benchmark of keyword alerts; prints its figures.

    .venv/bin/python benchmarks/alerts.py [--rules 1000] [--docs 10000] [--trials 3] [--no-latency]

* **matching**: --rules generated rules (dictionary names, visit words, topics, sources,
  phrases, AND/OR/NOT, fields) compiled once (one Kiwi batch), then matched against --docs
  documents -- variants of the seed articles enriched by Kiwi, with their entities, topics,
  sources and words reshuffled -- in documents/s, with the number of candidate rules the
  inverted index leaves per document;
* **latency**: `newsmon schedule` (a real child crawl every minute) against a replay site
  served on 127.0.0.1, with the alert stage on and a webhook receiver: a new article is
  published on the site at a random moment of the minute; the time until its alert arrives
  at the webhook, for each of --trials articles.  No Elasticsearch here: documents go to the
  spool, which is what the index stage does when the cluster is down.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "alerts"))  # the webhook receiver of the tests
sys.path.insert(0, str(ROOT / "tests" / "crawl"))  # the replay-site builders of the tests
SEEDS = ("seed_000", "seed_001", "seed_002", "seed_003", "seed_004", "ddareungi_003")


# --- matching throughput -------------------------------------------------------------------------


def base_documents() -> list[dict]:
    from enrich.analyze import analyze_many

    fixtures = ROOT / "tests" / "fixtures" / "enrich"
    return analyze_many(
        [json.loads((fixtures / f"{n}.json").read_text(encoding="utf-8")) for n in SEEDS]
    )


def variants(base: list[dict], n: int, rng: random.Random) -> list[dict]:
    """*n* documents like the enriched seeds: their words, with other people, companies,
    topics and sources drawn from the dictionary and the configuration."""
    from crawler.sources import load_sources
    from enrich.dictionary import load_dictionary
    from enrich.watchlist import load_watch_config

    d = load_dictionary()
    people, orgs = list(d.persons.values()), list(d.organizations.values())
    topics = list(load_watch_config().topics)
    sources = [(s.id, s.name) for s in load_sources().sources]
    docs = []
    for i in range(n):
        doc = rng.choice(base)
        tokens = list(doc["tokens"])
        rng.shuffle(tokens)
        chosen_people, chosen_orgs = rng.sample(people, 3), rng.sample(orgs, 4)
        source, outlet = rng.choice(sources)
        docs.append(
            {
                "url": f"https://bench.example/{i}",
                "source": source,
                "outlet": outlet,
                "title": doc["title"],
                "body": doc["body"],
                "tokens": tokens[: rng.randint(len(tokens) // 2, len(tokens))]
                + [p.name for p in chosen_people],
                "entities": {
                    "persons": [
                        {"id": p.id, "name": p.name, "aliases": [p.name]} for p in chosen_people
                    ],
                    "organizations": [
                        {"id": o.id, "name": o.name, "aliases": [o.name, *o.aliases[:1]]}
                        for o in chosen_orgs
                    ],
                    "locations": doc["entities"]["locations"],
                },
                "event": {"relevance": round(rng.random(), 2), "topics": rng.sample(topics, 3)},
            }
        )
    return docs


def rules(n: int, rng: random.Random) -> list:
    from crawler.sources import load_sources
    from enrich.alertquery import Rule
    from enrich.dictionary import load_dictionary
    from enrich.watchlist import load_watch_config

    d = load_dictionary()
    people = [p.name for p in d.persons.values()]
    orgs = [o.name for o in d.organizations.values()]
    topics = list(load_watch_config().topics)
    sources = [s.id for s in load_sources().sources]
    words = [
        "방한",
        "회동",
        "만났다",
        "협력",
        "투자",
        "데이터센터",
        "반도체",
        "AI",
        "클라우드",
        "파트너십",
    ]

    def quoted(name: str) -> str:
        return f'"{name}"' if " " in name else name

    templates = [
        lambda: f"{quoted(rng.choice(people))} AND ({rng.choice(words)} OR {rng.choice(words)})",
        lambda: f"org:{quoted(rng.choice(orgs))} NOT topic:{quoted(rng.choice(topics))}",
        lambda: f"person:{quoted(rng.choice(people))} org:{quoted(rng.choice(orgs))}",
        lambda: (
            f"({quoted(rng.choice(people))} OR {quoted(rng.choice(people))}) {rng.choice(words)}"
        ),
        lambda: f"topic:{quoted(rng.choice(topics))} AND source:{rng.choice(sources)}",
        lambda: f'"{rng.choice(words)} {rng.choice(words)}" OR {quoted(rng.choice(orgs))}',
    ]
    return [
        Rule(f"r{i}", rng.choice(templates)(), min_relevance=rng.choice([0, 0, 0.3, 0.6]))
        for i in range(n)
    ]


def bench_matching(n_rules: int, n_docs: int) -> None:
    from crawler.alerts.config import default_resolver
    from enrich.alertquery import DocTerms, compile_rules

    rng = random.Random(11)
    print(f"matching: {n_rules} rules x {n_docs} documents")
    started = time.perf_counter()
    base = base_documents()
    print(f"  Kiwi and {len(base)} seed articles enriched in {time.perf_counter() - started:.1f} s")
    docs = variants(base, n_docs, rng)
    resolver = default_resolver()
    started = time.perf_counter()
    ruleset = compile_rules(rules(n_rules, rng), resolver)
    print(
        f"  {len(ruleset)} rules compiled in {time.perf_counter() - started:.2f} s "
        f"({len(ruleset.always)} without a trigger, tested on every document)"
    )
    started = time.perf_counter()
    matches = sum(len(ruleset.match(doc)) for doc in docs)
    took = time.perf_counter() - started
    candidates = statistics.mean(len(ruleset.candidates(DocTerms(doc))) for doc in docs[:1000])
    print(
        f"  {n_docs / took:,.0f} documents/s ({took:.2f} s; {matches:,} matches, "
        f"{matches / n_docs:.1f} per document; {candidates:.0f} candidate rules per document)"
    )


# --- latency on a 1-minute schedule --------------------------------------------------------------

SITE = "https://www.benchtimes.co.kr"
SOURCE = (
    f"  - {{id: benchtimes, name: 벤치타임스, type: outlet, profile: newscms, site: '{SITE}'}}\n"
)
RULE = "(나델라 OR 올트먼 OR 손정의 OR 저커버그) AND (방한 OR 회동)"
ARTICLES = [9101, 9003, 9004, 9005, 9012]  # the visit texts of the replay site, one per article


def publish(root: Path, numbers: list[int]) -> None:
    """The site's feed lists the articles *numbers* (written before the feed points to them)."""
    import replaysite

    items = []
    for i, n in enumerate(numbers):
        url = f"{SITE}/news/articleView.html?idxno={n}"
        title, paragraphs = replaysite.VISIT_TEXT[n]
        replaysite.write(
            root, url, replaysite.derive("newscms", url=url, title=title, paragraphs=paragraphs)
        )
        items.append(
            {"title": title, "link": url, "published": replaysite.t("2025-03-01", f"09:{i:02d}")}
        )
    replaysite.write(root, f"{SITE}/rss/allArticle.xml", replaysite.rss("벤치타임스", SITE, items))


def bench_latency(trials: int) -> None:
    from receivers import WebhookReceiver

    from crawler import settings as crawl_settings
    from crawler.mirror import MirrorServer

    trials = min(trials, len(ARTICLES) - 1)
    rng = random.Random()
    work = Path(tempfile.mkdtemp(prefix="newsmon-alerts-bench-"))
    webhook = WebhookReceiver()
    service = None
    try:
        root = work / "mirror"
        publish(root, ARTICLES[:1])
        config, seeds = work / "config", work / "seeds"
        shutil.copytree(ROOT / "config", config)
        seeds.mkdir()
        (seeds / "sources.yaml").write_text(
            (ROOT / "seeds" / "sources.yaml").read_text(encoding="utf-8").rstrip("\n")
            + "\n"
            + SOURCE,
            encoding="utf-8",
        )
        (config / "alerts.yaml").write_text(
            f"channels:\n  hook: {{type: webhook, url: '{webhook.url}'}}\n"
            f"rules:\n  - {{id: visits, name: 방한, query: '{RULE}', channels: [hook]}}\n",
            encoding="utf-8",
        )
        with MirrorServer(root) as server:
            pipelines = {
                **crawl_settings.ITEM_PIPELINES,
                "crawler.pipelines.alerts.AlertsPipeline": 850,
            }
            (config / "schedule.yaml").write_text(
                "jobs:\n  - id: bench\n    sources: [benchtimes]\n    interval: {minutes: 1}\n"
                f"    mirror: {server.url}\n    settings: ['ITEM_PIPELINES={json.dumps(pipelines)}']\n",
                encoding="utf-8",
            )
            env = {
                **os.environ,
                "NEWSMON_CONFIG_DIR": str(config),
                "NEWSMON_SEEDS_DIR": str(seeds),
                "NEWSMON_DATA_DIR": str(work / "data"),
            }
            with (work / "schedule.log").open("w") as log:
                service = subprocess.Popen(
                    [sys.executable, "-m", "crawler.cli", "schedule"],
                    env=env,
                    cwd=work,
                    stdout=log,
                    stderr=log,
                )
            print(
                "latency: new article on the replay site -> its alert at the webhook "
                "(`newsmon schedule`, crawl every 1 minute, polite default crawl settings)"
            )
            wait_alerts(webhook, 1, 300)  # the first crawl: the site's existing article
            latencies = []
            for trial in range(1, trials + 1):
                time.sleep(rng.uniform(0, 60))  # a random moment of the schedule's minute
                published = time.monotonic()
                publish(root, ARTICLES[: trial + 1])
                wait_alerts(webhook, trial + 1, 300)
                latencies.append(time.monotonic() - published)
                print(f"  article {trial}: alert after {latencies[-1]:.1f} s")
            print(
                f"  mean {statistics.mean(latencies):.1f} s, max {max(latencies):.1f} s over {trials} "
                "article(s): waiting for the next tick (0-60 s), then the crawl and the delivery"
            )
            crawls = [
                float(line.split(" finished in ")[1].split(" s")[0])
                for line in (work / "schedule.log").read_text(encoding="utf-8").splitlines()
                if " crawl finished in " in line
            ]
            print(
                f"  a crawl of the site took {statistics.mean(crawls):.1f} s on average over {len(crawls)} "
                "crawls (process start, polite fetches, Kiwi, the index batch wait, delivery)"
            )
    finally:
        if service is not None:
            service.send_signal(signal.SIGTERM)
            service.wait(timeout=120)
        webhook.down()
        shutil.rmtree(work, ignore_errors=True)


def wait_alerts(webhook, n: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while len(webhook.requests) < n:
        if time.monotonic() > deadline:
            raise SystemExit(
                f"no alert within {timeout} s; see the crawl log in the data directory"
            )
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", type=int, default=1000)
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument(
        "--trials", type=int, default=3, help="articles for the latency figure (at most 4)"
    )
    parser.add_argument("--no-latency", action="store_true", help="matching throughput only")
    args = parser.parse_args()
    bench_matching(args.rules, args.docs)
    if not args.no_latency:
        bench_latency(args.trials)


if __name__ == "__main__":
    main()
