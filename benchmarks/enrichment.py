"""Benchmark of the enrich stage (Kiwi, entities, events, story clustering); prints its figures.

    .venv/bin/python benchmarks/enrichment.py [--docs 300] [--stored 100000] [--stories-only]
        [--against REV]

* Kiwi load time: a fresh analyser with the entity dictionary's user words;
* documents/s of full enrichment (enrich.analyze.analyze_many, batches of 32)
  on the clean seed fixtures, pinned to one core, and on two cores -- once
  with Kiwi's two worker threads in one process, once as two processes;
* peak RSS of each of those processes;
* story clustering with --stored signatures already stored (synthetic
  documents; a fifth of them visit events): time to look one document up
  (StoryIndex.assign) and to add one (StoryIndex.add), in memory, in SQLite
  and in PostgreSQL (a local server started for the run, as
  ``NEWSMON_DATABASE_URL`` would name a shared one).  ``--stories-only``
  skips the enrichment figures.

``--against REV`` (a git revision, e.g. ``HEAD~1`` or ``main``) runs the enrichment figures of
that commit too, in the same run and taking turns with this tree's, so that a shared or busy
machine slows both alike; docs/s are also given per CPU second (the process's CPU time, which
other load on the machine does not inflate).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
FIXTURES = ROOT / "tests" / "fixtures" / "enrich"
BATCH = 32


def fixtures() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.json"))]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def pin(cpus: set[int]) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, cpus & os.sched_getaffinity(0) or os.sched_getaffinity(0))


def enrich_worker(
    root: str, cpus: set[int], threads: int, docs: list[dict], barrier, results
) -> None:
    """Load Kiwi, wait for the others, enrich *docs*; report (load s, run s, CPU s, peak MB).
    *root*: the source tree whose ``enrich`` runs."""
    sys.path.insert(0, root)
    os.environ["NEWSMON_CONFIG_DIR"] = str(Path(root) / "config")  # the files that tree reads
    pin(cpus)
    from enrich.analyze import analyze_many, default_resources
    from enrich.nlp import build_kiwi, set_kiwi

    started = time.perf_counter()
    set_kiwi(build_kiwi(num_workers=threads))
    default_resources()
    loaded = time.perf_counter() - started
    analyze_many(docs[:BATCH])  # warm-up
    if barrier is not None:
        barrier.wait()
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(docs), BATCH):
        analyze_many(docs[i : i + BATCH])
    results.put((loaded, time.perf_counter() - started, time.process_time() - cpu, peak_rss_mb()))


def run_enrichment(
    label: str, plan: list[tuple[set[int], int, list[dict]]], root: Path = ROOT
) -> float:
    """Print one line of figures; return docs/s."""
    ctx = mp.get_context("spawn")  # a fresh interpreter: honest load time and RSS
    results = ctx.Queue()
    barrier = ctx.Barrier(len(plan)) if len(plan) > 1 else None
    workers = [
        ctx.Process(target=enrich_worker, args=(str(root), cpus, threads, docs, barrier, results))
        for cpus, threads, docs in plan
    ]
    for w in workers:
        w.start()
    figures = [results.get(timeout=1800) for _ in workers]  # a crashed worker: queue.Empty
    for w in workers:
        w.join()
    total = sum(len(docs) for _, _, docs in plan)
    wall = max(run for _, run, _, _ in figures)
    cpu = sum(cpu for _, _, cpu, _ in figures)
    rss = ", ".join(f"{mb:.0f}" for *_, mb in figures)
    print(
        f"  {label:40s} {total / wall:7.1f} docs/s  {total / cpu:6.1f} per CPU s   "
        f"Kiwi load {figures[0][0]:.2f} s   peak RSS {rss} MB",
        flush=True,
    )
    return total / wall


def checkout(rev: str, into: Path) -> Path:
    """The tree of git revision *rev*, extracted into *into*."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "enrich", "config"],
        check=True,
        capture_output=True,
    ).stdout
    into.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def synthetic_store(index, n: int, seed: int = 7) -> None:
    """*n* synthetic signatures: Zipf-distributed tokens, a fifth with visit keys."""
    from enrich.story_store import StoredSignature

    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(20000)]
    weights = [1 / (i + 1) for i in range(len(vocabulary))]
    visitors = [f"방문자{i}" for i in range(300)]
    batch = []
    for i in range(n):
        tokens = rng.choices(vocabulary, weights, k=rng.randint(150, 600))
        values = index.minhash(tokens)
        keys = ()
        if i % 5 == 0:
            day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            keys = (f"{rng.choice(visitors)}|{day}",)
        batch.append(
            StoredSignature(
                f"doc-{i}", f"doc-{i}", values.tobytes(), index.band_hashes(values), keys
            )
        )
        if len(batch) == 5000:
            index.store.add_many(batch, new=True)
            batch = []
    index.store.add_many(batch, new=True)


def time_stories(label: str, index, docs: list[dict], stored: int) -> None:
    started = time.perf_counter()
    synthetic_store(index, stored)
    filled = time.perf_counter() - started
    lookups = []
    for _ in range(5):
        for doc in docs:
            t = time.perf_counter()
            index.assign(doc)
            lookups.append(time.perf_counter() - t)
    adds = []
    for i, doc in enumerate(docs * 5):
        t = time.perf_counter()
        index.add({**doc, "_id": f"bench-{i}"})
        adds.append(time.perf_counter() - t)
    q = statistics.quantiles(lookups, n=20)
    print(
        f"  {label:10s} {len(index.store):,} stored (filled in {filled:.0f} s): lookup median "
        f"{statistics.median(lookups) * 1000:.2f} ms, p95 {q[18] * 1000:.2f} ms; "
        f"add median {statistics.median(adds) * 1000:.2f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=300, help="documents to enrich per run")
    parser.add_argument("--stored", type=int, default=100_000, help="stored story signatures")
    parser.add_argument("--stories-only", action="store_true", help="only story clustering")
    parser.add_argument(
        "--against",
        metavar="REV",
        help="also the enrichment figures of this git revision, taking turns",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="one-core runs of each tree (the best one counts)"
    )
    args = parser.parse_args(argv)

    base = fixtures()
    docs = [dict(base[i % len(base)]) for i in range(args.docs)]
    chars = sum(len(d.get("body") or "") for d in docs) / len(docs)
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else [0, 1]
    print(
        f"enrich benchmark: {len(docs)} documents ({len(base)} clean seed fixtures, "
        f"{chars:.0f} body chars on average), {len(cpus)} CPUs available, Python "
        f"{sys.version.split()[0]}"
    )

    if not args.stories_only:
        print("full enrichment (tokens, keywords, entities, event):")
        one, two = {cpus[0]}, set(cpus[:2])
        with tempfile.TemporaryDirectory() as tmp:
            trees = [("", ROOT)]
            if args.against:
                trees.append((f" [{args.against}]", checkout(args.against, Path(tmp) / "old")))
            rates: dict[str, list[float]] = {}
            for _ in range(args.rounds):
                for tag, root in trees:  # taking turns: both see the same machine
                    rates.setdefault(tag, []).append(
                        run_enrichment("1 core, 1 Kiwi thread" + tag, [(one, 1, docs)], root)
                    )
            if args.against:
                best = {tag: max(r) for tag, r in rates.items()}
                print(
                    f"  1 core: {best[''] / best[trees[1][0]]:.2f}x {args.against}'s docs/s "
                    f"(best of {args.rounds} each)"
                )
            if len(cpus) >= 2:
                half = len(docs) // 2
                for tag, root in trees:
                    run_enrichment(
                        "2 cores, 1 process x 2 Kiwi threads" + tag, [(two, 2, docs)], root
                    )
                    run_enrichment(
                        "2 cores, 2 processes x 1 thread" + tag,
                        [({cpus[0]}, 1, docs[:half]), ({cpus[1]}, 1, docs[half:])],
                        root,
                    )

    print(f"story clustering with {args.stored:,} stored signatures:")
    from pgserver import PostgresServer

    from crawler.state.stories import DatabaseSignatureStore
    from enrich.analyze import analyze_many
    from enrich.stories import StoryIndex
    from enrich.story_store import MemorySignatureStore

    enriched = analyze_many(base)
    time_stories("memory", StoryIndex(MemorySignatureStore()), enriched, args.stored)
    with tempfile.TemporaryDirectory() as tmp:
        store = DatabaseSignatureStore(Path(tmp) / "stories.sqlite")
        time_stories("SQLite", StoryIndex(store), enriched, args.stored)
        size = (Path(tmp) / "stories.sqlite").stat().st_size / 2**20
        store.close()
    with PostgresServer("bench") as server:
        store = DatabaseSignatureStore(server.create_database())
        time_stories("PostgreSQL", StoryIndex(store), enriched, args.stored)
        store.close()
    print(f"  SQLite file: {size:.0f} MB;  this process's peak RSS {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
