"""Crawl throughput on a generated replay site.

Generates a mirror of synthetic outlets on the common CMS (default 2 x 400 =
800 article pages, the labelled articles of the visit-event tuning sets; feeds and paginated
listings), serves it with the mirror server on loopback, and runs
``newsmon crawl --mirror`` against it, extraction and analysis in the crawl's
worker processes (one per core, ``NEWSMON_PROCESSES``):

- raw pipeline: the spider and the state stage only (no extraction, no NLP);
- full pipeline: extract, state, analyze (Kiwi), relevance -- everything up to
  the Elasticsearch sink;
- indexed: the crawl's own pipeline (crawler.settings.ITEM_PIPELINES: the
  above plus alert matching, the Elasticsearch sink and alert recording) into
  the local node, started in a temporary directory (or ES_URL);
- the full pipeline again on the same state: article pages re-fetched (target 0);
- scale-out: the full pipeline as ``newsmon crawl --workers N`` sharing a Redis
  frontier (a local ``redis-server``), against the same pipeline in one
  process held to one core (the unit of the speed-up: what each core adds) and
  in one process on every core, all timed from the command's start to its end
  (start-up included), and from the opening of their spiders to their end;
  the workers once with the SQLite state files of one data directory, once
  with the state in PostgreSQL (a local server, ``NEWSMON_DATABASE_URL``), as
  workers on several machines would keep it.  Each of these runs --rounds times, taking
  turns, and the fastest run of each counts: on a small machine one run varies by 10-20%.

Prints pages/s and articles/s (articles fetched per second of crawl), the
peak RSS and CPU seconds of each crawl process and of the largest of its worker
processes, and the second run's re-fetch count, then the scale-out wall-clock
times and speed-up.

    .venv/bin/python benchmarks/crawl_replay.py [--outlets 2] [--per-outlet 400] [--workers 2]
        [--rounds 2] [--scale-out-only]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests" / "crawl"), str(REPO / "tests")]

import replaysite  # noqa: E402
from configcopy import copy_config  # noqa: E402
from crawlrunner import CrawlRunner, make_seeds  # noqa: E402
from pgserver import PostgresServer  # noqa: E402
from redisserver import RedisServer  # noqa: E402

from crawler import settings as crawl_settings  # noqa: E402
from crawler.config import LocalNodeSettings  # noqa: E402
from crawler.elastic.node import LocalNode  # noqa: E402
from crawler.mirror import MirrorServer  # noqa: E402
from crawler.sources import load_sources  # noqa: E402

RAW = json.dumps({"crawler.pipelines.state.StatePipeline": 200})
FULL = json.dumps(
    {
        "crawler.pipelines.extract.ExtractPipeline": 100,
        "crawler.pipelines.state.StatePipeline": 200,
        "crawler.pipelines.analyze.AnalyzePipeline": 300,
        "crawler.pipelines.relevance.RelevancePipeline": 400,
    }
)
INDEXED = json.dumps(crawl_settings.ITEM_PIPELINES)
SETTINGS = ["CONCURRENT_REQUESTS=32", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "ROBOTSTXT_OBEY=0"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--outlets", type=int, default=2)
    parser.add_argument("--per-outlet", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2, help="scale-out workers (1: skip)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="scale-out runs of each configuration, taking turns (the fastest one counts)",
    )
    parser.add_argument(
        "--scale-out-only",
        action="store_true",
        help="only the scale-out runs (no raw/full/indexed runs)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsmon-bench-") as tmp:
        work = Path(tmp)
        root = work / "mirror"
        extra = replaysite.build_synthetic(root, args.outlets, args.per_outlet)
        total = args.outlets * args.per_outlet
        print(f"replay site: {args.outlets} outlets, {total} article pages", flush=True)
        ids = [arg for i in range(args.outlets) for arg in ("--source", f"bench{i + 1}")]
        node = (
            None
            if os.environ.get("ES_URL") or args.scale_out_only
            else LocalNode(work / "es", LocalNodeSettings(heap="1g", start_timeout=300))
        )
        es_url = os.environ.get("ES_URL") or (node.start() if node else None)
        with MirrorServer(root) as server:
            results = {}
            runs = (
                ()
                if args.scale_out_only
                else (("raw", RAW, None), ("full", FULL, None), ("indexed", INDEXED, es_url))
            )
            for name, pipelines, url in runs:
                run_dir = work / name
                run_dir.mkdir()
                seeds = make_seeds(run_dir / "seeds", extra=extra)
                runner = CrawlRunner(run_dir, seeds, server, url)
                catalog = load_sources(seeds / "sources.yaml").catalog()
                first = runner(*ids, settings=[*SETTINGS, f"ITEM_PIPELINES={pipelines}"])
                if first.returncode != 0:
                    print(first.stderr[-3000:])
                    return 1
                second = runner(*ids, settings=[*SETTINGS, f"ITEM_PIPELINES={pipelines}"])
                refetched = sum(1 for h in second.hits if catalog.owner(h.url))
                results[name] = (first, refetched)
            if args.workers > 1:
                scale = scale_out(work, server, extra, ids, args.workers, args.rounds, total)
        if node:
            node.stop()
        if results:
            print(
                f"{'pipeline':8s} {'pages':>6s} {'articles':>8s} {'seconds':>8s} {'pages/s':>8s} "
                f"{'articles/s':>10s} {'new':>5s} {'irrelevant':>10s} {'peak RSS':>9s} "
                f"{'CPU s':>6s} {'worker RSS':>10s} {'CPU s':>6s} {'2nd-run re-fetch':>16s}"
            )
        for name, (run, refetched) in results.items():
            total_row = run.summary["sources"]["total"]
            articles = articles_of(run.summary)
            seconds = run.summary["seconds"]
            print(
                f"{name:8s} {total_row['pages']:6d} {articles:8d} {seconds:8.1f} "
                f"{total_row['pages'] / seconds:8.1f} {articles / seconds:10.1f} "
                f"{total_row['new']:5d} "
                f"{total_row['irrelevant']:10d} {run.summary['peak_rss_bytes'] / 2**20:7.0f}MB "
                f"{run.summary['cpu_seconds']:6.1f} "
                f"{run.summary['pool_peak_rss_bytes'] / 2**20:8.0f}MB "
                f"{run.summary['pool_cpu_seconds']:6.1f} {refetched:16d}"
            )
    if args.workers > 1:
        total = args.outlets * args.per_outlet
        print(
            f"scale-out, full pipeline, {total} articles, wall clock of `newsmon crawl` "
            f"(start-up included), {os.cpu_count()} cores, fastest of {args.rounds} runs each:"
        )
        one, one_crawling = scale[0][1:3]
        for label, seconds, crawling, rss, pool_rss in scale:
            print(
                f"  {label:28s} {seconds:6.1f} s  {total / seconds:6.1f} articles/s  "
                f"speed-up {one / seconds:.2f}x;  after start-up {total / crawling:6.1f} "
                f"articles/s, {one_crawling / crawling:.2f}x  (peak RSS {rss / 2**20:.0f} MB per "
                f"crawl process, {pool_rss / 2**20:.0f} MB per worker process)"
            )
    return 0


def articles_of(summary: dict) -> int:
    """Articles a crawl fetched, by its summary."""
    total_row = summary["sources"]["total"]
    return sum(total_row[k] for k in ("new", "updated", "unchanged", "irrelevant", "failed"))


def scale_out(
    work: Path,
    server: MirrorServer,
    extra: str,
    ids: list[str],
    workers: int,
    rounds: int,
    expected: int,
):
    """(label, seconds, seconds of the longest crawl once started, peak RSS of a crawl process
    and of a worker process) of the full pipeline in one crawl process held to one core (a
    one-core machine: the speed-up's unit), in one crawl process on every core, in *workers*
    over Redis with the SQLite state files, and in *workers* with the state in PostgreSQL; each
    with the machine's cores shared out among its crawl processes' extraction/analysis
    workers.  Each configuration runs *rounds* times, the configurations taking turns (a busy
    moment of the machine slows them alike); the fastest run of each counts."""
    config = copy_config(work / "config", {"frontier: local": "frontier: redis"})
    (work / "redis").mkdir()
    best: dict[str, tuple] = {}  # label -> the fastest run's figures
    with RedisServer(work / "redis", "bench") as redis_server, PostgresServer("bench") as pg:
        env = {"NEWSMON_CONFIG_DIR": str(config), "REDIS_URL": redis_server.url}
        cores = sorted(os.sched_getaffinity(0))
        configurations = (  # label, crawl processes, state (a fresh one per run), cores
            ("1 process, 1 core", 1, dict, {cores[0]}),
            (f"1 process, {len(cores)} cores", 1, dict, None),
            (f"{workers} workers, SQLite", workers, dict, None),
            (
                f"{workers} workers, PostgreSQL",
                workers,
                lambda: {"NEWSMON_DATABASE_URL": pg.create_database()},
                None,
            ),
        )
        for run_number in range(rounds * len(configurations)):
            label, n, state, cpus = configurations[run_number % len(configurations)]
            run_dir = work / f"scale-{run_number}"
            run_dir.mkdir()
            runner = CrawlRunner(run_dir, make_seeds(run_dir / "seeds", extra=extra), server)
            started = time.monotonic()
            frontier = "NEWSMON_FRONTIER=" + ("local" if n == 1 else "redis")
            run = runner(
                *ids,
                "--workers",
                str(n),
                env={**env, **state()},
                settings=[*SETTINGS, f"ITEM_PIPELINES={FULL}", frontier],
                cpus=cpus,
            )
            seconds = time.monotonic() - started
            if run.returncode != 0:
                raise SystemExit(run.stderr[-3000:])
            if articles_of(run.summary) != expected:
                raise SystemExit(f"{label}: {articles_of(run.summary)} articles, not {expected}")
            parts = run.summary.get("worker_resources") or [run.summary]
            figures = (
                label,
                seconds,
                max(p["seconds"] for p in parts),  # from the spider's opening to its end
                max(p["peak_rss_bytes"] for p in parts),
                max(p["pool_peak_rss_bytes"] for p in parts),
            )
            if label not in best or seconds < best[label][1]:
                best[label] = figures
    return list(best.values())


if __name__ == "__main__":
    sys.exit(main())
