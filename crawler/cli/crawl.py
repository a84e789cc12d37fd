"""`newsmon crawl`: one crawl of the configured sources, in one Scrapy process.

The same crawl runs as ``scrapy crawl news [-a source=ID,ID]``; this command
adds up-front validation (exit status 2 naming the file and key of a
configuration mistake), ``--mirror`` to crawl saved pages offline and the
per-source summary at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

from crawler import enrich_pool
from crawler.alerts import config as alerts
from crawler.cli.config import validate_all
from crawler.cli.options import add_settings_option, setting_overrides
from crawler.config import ConfigError, config_file, load_settings
from crawler.elastic.client import NoCluster, resolve
from crawler.frontier import check_reachable, redis_url
from crawler.sources import load_sources
from crawler.state.articles import StateStore
from crawler.state.database import DatabaseError
from crawler.stats import PREFIX, SPOOLED, format_summary, spooled_note, summary


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "crawl",
        help="crawl the sources for new articles",
        description="Read every discovery page (feeds, sitemaps, listings, watchlist searches) "
        "of the "
        "sources, fetch the new or changed articles that match the watchlist, and run them "
        "through the pipeline (extract, analyze, relevance, index). "
        "Ends with a summary per source.",
    )
    parser.add_argument(
        "--source",
        action="append",
        metavar="ID",
        help="crawl only this source (repeatable; default: every enabled source)",
    )
    parser.add_argument(
        "--mirror",
        metavar="DIR|URL",
        help="crawl a saved mirror instead of the web: a directory laid out as "
        "DIR/<host>/<path> (served on loopback with the real hosts mapped onto it), "
        "or the URL of a running mirror server",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE.jsonl",
        help="also write the finished documents to this JSON-lines file",
    )
    parser.add_argument("--summary-json", metavar="FILE", help="write the summary to FILE as JSON")
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="crawl with N processes sharing the work through Redis (needs crawl.frontier: "
        "redis and REDIS_URL; default: crawl.workers in config/newsmon.yaml)",
    )
    # A worker of `newsmon crawl --workers N` (--ready): the command has checked everything but
    # the alert rules' words; the first worker analyses them and then creates the --ready file,
    # the others (--validated) wait for it before they crawl.
    parser.add_argument("--validated", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--ready", metavar="FILE", help=argparse.SUPPRESS)
    add_settings_option(parser)
    parser.set_defaults(func=run)


def _check(args: argparse.Namespace, overrides: dict[str, str], indexing: bool) -> None:
    """What the crawl is asked to do and whom it talks to (the configuration files are checked
    by ``validate_all``, with the crawl's worker processes)."""
    sources = load_sources()
    sources.check_ids(args.source)
    if (
        args.mirror
        and not args.mirror.startswith(("http://", "https://"))
        and not Path(args.mirror).is_dir()
    ):
        raise ConfigError(args.mirror, "mirror directory not found", key="--mirror")
    frontier = overrides.get("NEWSMON_FRONTIER") or load_settings().crawl.frontier
    if args.workers < 1:
        raise ConfigError("command line", "--workers must be at least 1", key="--workers")
    if args.workers > 1 and frontier != "redis":
        raise ConfigError(
            config_file("newsmon.yaml"),
            f"{args.workers} workers need a shared "
            "frontier: set crawl.frontier to redis (and REDIS_URL)",
            key="crawl.frontier",
        )
    if frontier == "redis":
        check_reachable(redis_url())
    if indexing:  # ES_URL and its companions are well formed (a cluster down is for the spool)
        with contextlib.suppress(NoCluster):
            resolve(load_settings().elasticsearch)
    # The state database answers (DatabaseError names it, without its password) and is migrated.
    StateStore(overrides.get("NEWSMON_STATE_PATH") or None).close()


def run(args: argparse.Namespace) -> int:
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    try:
        overrides = setting_overrides(args.set)
        settings.setdict(overrides, priority="cmdline")
        args.workers = args.workers or load_settings().crawl.workers
        if args.workers == 1:
            # The crawl's worker processes start loading now, while this one checks the rest;
            # the first one also analyses the alert rules' words (this process loads no Kiwi).
            pool = enrich_pool.for_settings(settings)
            pool.start()
        if not args.ready:  # else the command that started this worker checked it all
            _check(args, overrides, settings.getbool("NEWSMON_INDEX"))
        if args.workers > 1:
            return _run_workers(args, overrides)
        if not args.ready:
            validate_all(pool.morphemes)
        else:
            if not args.validated:
                alerts.check(pool.morphemes)
            _ready(Path(args.ready), first=not args.validated)
    except (ConfigError, DatabaseError) as exc:
        enrich_pool.shutdown_shared()
        print(f"newsmon crawl: {exc}", file=sys.stderr)
        return 2

    from scrapy.crawler import CrawlerProcess

    if args.mirror:
        settings.set("NEWSMON_MIRROR", args.mirror, priority="cmdline")
    if args.summary_json:
        settings.set("NEWSMON_SUMMARY_FILE", args.summary_json, priority="cmdline")
    if args.output:
        settings.set(
            "FEEDS",
            {
                args.output: {
                    "format": "jsonlines",
                    "encoding": "utf8",
                    "fields": ["key", "source", "change", "relevant", "stored", "doc"],
                }
            },
            priority="cmdline",
        )
    # Scrapy's log handler replaces newsmon's for the crawl: progress at INFO, -v for debug.
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    if getattr(args, "verbose", 0) and not any(s.startswith("LOG_LEVEL=") for s in args.set):
        settings.set("LOG_LEVEL", "DEBUG", priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler("news")
    process.crawl(crawler, source=",".join(args.source) if args.source else None)
    process.start()

    stats = crawler.stats.get_stats()
    print(format_summary(summary(stats)))
    if note := spooled_note(stats.get(SPOOLED, 0)):
        print(note)
    _report_failing_discovery(args, settings.get("NEWSMON_STATE_PATH"))
    reason = stats.get("finish_reason")
    if reason != "finished":
        print(
            f"newsmon crawl: the crawl ended early ({reason or 'it did not start'}); see the log",
            file=sys.stderr,
        )
        return 1
    return 0


RESOURCES = ("seconds", "cpu_seconds", "peak_rss_bytes", "pool_cpu_seconds", "pool_peak_rss_bytes")


def _run_workers(args: argparse.Namespace, overrides: dict[str, str]) -> int:
    """This command N times over, as forked child processes joining one crawl run
    (crawler.frontier); one summary for them all.  Forked, not started anew: each worker begins
    with what this process has imported and loaded, a second or more of start-up per worker
    that a machine the workers fill would otherwise take from the crawl.  The configuration is
    validated here before they start, the alert rules' words aside: they need a Kiwi, which this
    process does not load.  The first worker analyses them; a mistake it finds there stops the
    others, and is reported once, by it."""
    validate_all(resolve=False)
    processes = overrides.get("NEWSMON_PROCESSES") or str(
        max(enrich_pool.usable_cores() // args.workers, 1)  # the machine's cores, shared out
    )
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="newsmon-workers-") as tmp:
        outputs = [Path(tmp) / f"worker{k}" for k in range(args.workers)]
        ready = Path(tmp) / "validated"
        fork = multiprocessing.get_context("fork")
        children = []
        for k, out in enumerate(outputs):
            worker = argparse.Namespace(
                **{
                    **vars(args),
                    "workers": 1,
                    "validated": k > 0,
                    "ready": str(ready),
                    "summary_json": f"{out}.json",
                    "output": f"{out}.jsonl" if args.output else None,
                    "set": [*args.set, f"NEWSMON_PROCESSES={processes}"],
                }
            )
            children.append(fork.Process(target=_worker, args=(worker,), name=f"crawl-worker-{k}"))
            children[-1].start()
        try:
            codes = _wait(children, ready)
            if not ready.exists():  # the configuration is wrong: the first worker said where
                return codes[0] or 2
        finally:
            for child in children:
                if child.is_alive():
                    child.terminate()
                    child.join()
        parts = [Path(f"{out}.json") for out in outputs]
        parts = [json.loads(p.read_text(encoding="utf-8")) if p.exists() else {} for p in parts]
        if args.output:
            with open(args.output, "wb") as merged:
                for out in outputs:
                    if Path(f"{out}.jsonl").exists():
                        merged.write(Path(f"{out}.jsonl").read_bytes())
    reasons = [part.get("reason") for part in parts]
    table = _added_up(parts)
    print(format_summary(table))
    spooled = sum(part.get("spooled", 0) for part in parts)
    if note := spooled_note(spooled):
        print(note)
    if args.summary_json:
        Path(args.summary_json).write_text(
            json.dumps(
                {
                    "reason": "finished" if not any(codes) else "failed",
                    "workers": args.workers,
                    "worker_reasons": reasons,
                    "seconds": round(time.monotonic() - started, 3),
                    "sources": table,
                    "spooled": spooled,
                    # each worker's time, CPU and memory, and its extraction/analysis processes'
                    "worker_resources": [{k: part.get(k) for k in RESOURCES} for part in parts],
                },
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    _report_failing_discovery(args, overrides.get("NEWSMON_STATE_PATH"))
    if any(codes):
        print(
            f"newsmon crawl: {sum(1 for c in codes if c)} of {args.workers} workers failed "
            f"(exit status {max(codes)}); see the log",
            file=sys.stderr,
        )
    return max(codes)


def _ready(flag: Path, first: bool) -> None:
    """The workers of one command join its crawl run together, once the first one has
    validated: the others would otherwise start the run, and might end it, without it."""
    if first:
        flag.touch()
    command = os.getppid()
    while not flag.exists():
        if os.getppid() != command:  # killed before the first worker was done validating
            raise SystemExit("newsmon crawl: the command that started this worker is gone")
        time.sleep(0.05)


def _worker(args: argparse.Namespace) -> None:
    """One worker: this command's crawl in a forked child, which starts with everything the
    command has imported and loaded."""
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)  # each prints its own part; the sum is printed below
    sys.exit(run(args))


def _wait(children: list[multiprocessing.process.BaseProcess], ready: Path) -> list[int]:
    """The workers' exit statuses; when the first one ends before it has validated (a
    configuration mistake), the others, still waiting for it, are stopped."""
    while children[0].is_alive() and any(c.is_alive() for c in children[1:]):
        time.sleep(0.1)
    if not ready.exists():
        for child in children[1:]:
            if child.is_alive():
                child.terminate()
    for child in children:
        child.join()
    return [child.exitcode for child in children]


def _report_failing_discovery(args: argparse.Namespace, state_path: str | None) -> None:
    """After the summary: the discovery pages of the crawled sources that failed crawl after
    crawl (newsmon sources status), also in the JSON summary as ``discovery_failing``."""
    from crawler.cli.sources import failing_discovery, format_failing

    failing = failing_discovery(args.source or [s.id for s in load_sources().enabled()], state_path)
    if failing:
        print(format_failing(failing))
    if args.summary_json and Path(args.summary_json).exists():
        path = Path(args.summary_json)
        data = json.loads(path.read_text(encoding="utf-8"))
        data["discovery_failing"] = [
            {
                "source": p.source,
                "url": p.url,
                "error": p.error,
                "failures": p.failures,
                "last_ok": p.last_ok,
            }
            for p in failing
        ]
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _added_up(parts: list[dict]) -> dict[str, dict[str, int]]:
    """The workers' summaries as one: every source's counters summed."""
    counters: dict[str, int] = {}
    for part in parts:
        for source, row in part.get("sources", {}).items():
            for name, n in row.items() if source != "total" else ():
                key = f"{PREFIX}{source}/{name}"
                counters[key] = counters.get(key, 0) + n
    return summary(counters)
