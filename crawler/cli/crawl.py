"""`newsmon crawl`: one crawl of the configured sources, in one Scrapy process.

The same crawl runs as ``scrapy crawl news [-a source=ID,ID]``; this command
adds up-front validation (exit status 2 naming the file and key of a
configuration mistake), ``--mirror`` to crawl saved pages offline and the
per-source summary at the end.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from crawler.cli.config import validate_all
from crawler.config import ConfigError, load_settings, seeds_file
from crawler.frontier import check_reachable, redis_url
from crawler.sources import load_sources
from crawler.stats import format_summary, summary


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
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a Scrapy or NEWSMON_* setting (repeatable)",
    )
    parser.set_defaults(func=run)


def _check(args: argparse.Namespace) -> None:
    """Validate everything the crawl reads, before it starts."""
    sources = load_sources()
    known = {s.id for s in sources.sources}
    unknown = [s for s in args.source or [] if s not in known]
    if unknown:
        raise ConfigError(
            seeds_file("sources.yaml"),
            f"no such source: {', '.join(unknown)} (known: {', '.join(sorted(known))})",
            key="sources",
        )
    validate_all()  # every file the stages read: settings, rules, dictionary, alerts, ...
    if (
        args.mirror
        and not args.mirror.startswith(("http://", "https://"))
        and not Path(args.mirror).is_dir()
    ):
        raise ConfigError(args.mirror, "mirror directory not found", key="--mirror")
    for item in args.set:
        if "=" not in item:
            raise ConfigError("command line", f"expected NAME=VALUE, got {item!r}", key="--set")
    overrides = dict(item.partition("=")[::2] for item in args.set)
    if (overrides.get("NEWSMON_FRONTIER") or load_settings().crawl.frontier) == "redis":
        check_reachable(redis_url())


def run(args: argparse.Namespace) -> int:
    try:
        _check(args)
    except ConfigError as exc:
        print(f"newsmon crawl: {exc}", file=sys.stderr)
        return 2

    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
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
    for item in args.set:
        name, _, value = item.partition("=")
        settings.set(name.strip(), value, priority="cmdline")

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
    reason = stats.get("finish_reason")
    if reason != "finished":
        print(
            f"newsmon crawl: the crawl ended early ({reason or 'it did not start'}); see the log",
            file=sys.stderr,
        )
        return 1
    return 0
