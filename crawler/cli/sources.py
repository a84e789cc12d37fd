"""`newsmon sources`: do the sources' discovery entry points work?

- ``check``: a live check, run once on a connected machine (or against a
  mirror): every discovery URL fetched the way a crawl fetches it (robots.txt
  obeyed, honest User-Agent, redirects followed) and, per source, the HTTP
  status, final URL, robots.txt verdict and article links of each, and one
  sample article extracted (title, date, body length).  Exit status 1 when a
  source yields no article link.
- ``status``: how discovery went in the crawls so far (the state store): a
  discovery page that failed -- HTTP error, refused, redirected to the home
  page, no article links -- in ``DISCOVERY_FAILING_AFTER`` crawls in a row is
  failing.  Exit status 1 when one is.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from dataclasses import asdict

from crawler.cli.options import add_settings_option, setting_overrides
from crawler.config import ConfigError
from crawler.sources import load_sources
from crawler.state.articles import DISCOVERY_FAILING_AFTER, DiscoveryPage, StateStore
from crawler.state.database import DatabaseError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sources",
        help="do the sources' discovery pages work: live check, status across crawls",
        description="Check the discovery entry points of seeds/sources.yaml (feeds, sitemaps, "
        "listings, searches) on the live sites, and show how they went in past crawls.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="fetch every discovery URL now: status, final URL, robots.txt, links, a sample",
        description="Fetches each discovery URL of the sources the way a crawl does (robots.txt "
        "obeyed, honest User-Agent, redirects followed), counts the article links it gives "
        "and extracts one sample article per source. Nothing is indexed or recorded. Exit "
        "status 1 when a source yields no article link.",
    )
    check.add_argument(
        "--source",
        action="append",
        metavar="ID",
        help="check only this source (repeatable; default: every enabled source)",
    )
    check.add_argument(
        "--mirror",
        metavar="DIR|URL",
        help="check a saved mirror instead of the live sites (as newsmon crawl)",
    )
    check.add_argument("--json", action="store_true", help="print the results as JSON")
    add_settings_option(check)
    status = actions.add_parser(
        "status",
        help="how each discovery page went in the last crawls; failing ones first",
        description=f"A discovery page that failed in {DISCOVERY_FAILING_AFTER} crawls in a row "
        "(HTTP error, refused, redirected to the home page, no article links) is failing. "
        "Exit status 1 when one is.",
    )
    status.add_argument("--source", action="append", metavar="ID", help="only this source")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        load_sources().check_ids(args.source)
        return check(args) if args.action == "check" else status(args)
    except (ConfigError, DatabaseError) as exc:
        print(f"newsmon sources: {exc}", file=sys.stderr)
        return 2


# --- check -----------------------------------------------------------------------------------


def check(args: argparse.Namespace) -> int:
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    overrides = setting_overrides(args.set)
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    # Fetch and look, nothing else: no pipelines, no summary, no shared frontier.
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    settings.set("EXTENSIONS", {"crawler.stats.CrawlSummary": None}, priority="cmdline")
    settings.set("NEWSMON_FRONTIER", "local", priority="cmdline")
    settings.set(
        "LOG_LEVEL", "INFO" if getattr(args, "verbose", 0) else "WARNING", priority="cmdline"
    )
    if args.mirror:
        settings.set("NEWSMON_MIRROR", args.mirror, priority="cmdline")
    settings.setdict(overrides, priority="cmdline")
    root = logging.getLogger()
    for handler in list(root.handlers):  # Scrapy's log handler takes over, as in newsmon crawl
        root.removeHandler(handler)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler("sources_check")
    process.crawl(crawler, source=",".join(args.source) if args.source else None)
    process.start()
    reports = list(crawler.spider.report.values()) if crawler.spider else []
    if args.json:
        print(
            json.dumps([{**asdict(r), "ok": r.ok} for r in reports], ensure_ascii=False, indent=1)
        )  # every page, each search query too
    else:
        print(format_check(reports))
    return 0 if reports and all(r.ok for r in reports) else 1


def format_check(reports) -> str:
    lines = []
    for report in reports:
        links = sum(p.links for p in report.discovery)
        verdict = (
            (report.note or "not checked")
            if not report.checked
            else (f"ok, {links} article links" if report.ok else "FAILED: no article links")
        )
        lines.append(f"{report.source} ({report.name}): {verdict}")
        searches = [p for p in report.pages if p.kind == "search"]
        if searches:  # one line for the watchlist's many queries
            statuses = Counter(f"HTTP {p.status}" if p.status else "no response" for p in searches)
            failed = [p for p in searches if p.error]
            lines.append(f"  search   {len(searches)} queries, e.g. {searches[0].url}")
            lines.append(
                "           "
                + ", ".join(f"{s} x{n}" for s, n in statuses.items())
                + f", {sum(p.links for p in searches)} article links"
                + (f", problem: {failed[0].error} ({len(failed)} queries)" if failed else "")
            )
        for page in report.pages:
            if page.kind != "search":
                lines.append(f"  {page.kind:<8} {page.url}")
                lines.append(f"           {_describe_page(page)}")
    failed = [r.source for r in reports if not r.ok]
    unchecked = [r.source for r in reports if not r.checked]
    lines.append(
        f"{len(reports)} sources: {len(reports) - len(failed) - len(unchecked)} ok"
        + (f", {len(failed)} yield nothing ({', '.join(failed)})" if failed else "")
        + (f", {len(unchecked)} not checked ({', '.join(unchecked)})" if unchecked else "")
    )
    return "\n".join(lines)


def _describe_page(page) -> str:
    parts = [f"HTTP {page.status}" if page.status else "no response"]
    if page.final_url and page.final_url != page.url:
        parts.append(f"ended at {page.final_url}")
    parts.append(f"robots.txt: {page.robots}")
    if page.kind == "sample":
        if page.title is not None:
            parts.append(
                f"title {page.title!r}, date {page.published or 'none found'}, "
                f"body {page.body_chars} chars"
            )
    else:
        parts.append(f"{page.links} article links")
    if page.error:
        parts.append(f"problem: {page.error}")
    return ", ".join(parts)


# --- status ----------------------------------------------------------------------------------


def status(args: argparse.Namespace) -> int:
    store = StateStore()
    try:
        pages = store.discovery_pages(args.source)
    finally:
        store.close()
    if not pages:
        print("no discovery page has been read yet (run newsmon crawl)")
        return 0
    pages.sort(key=lambda p: (not p.failing, p.source, p.url))
    for page in pages:
        print(_status_line(page))
    failing = [p for p in pages if p.failing]
    print(
        f"{len(pages)} discovery pages, {len(failing)} failing "
        f"({DISCOVERY_FAILING_AFTER}+ crawls in a row)"
    )
    return 1 if failing else 0


def _status_line(page: DiscoveryPage) -> str:
    state = "FAILING" if page.failing else ("failed" if page.error else "ok")
    how = page.error or f"{page.links} article links"
    return (
        f"{state:<8} {page.source:<14} {page.url}\n"
        f"         HTTP {page.status or '-'}, {how}; failed {page.failures} crawl(s) in a "
        f"row; last worked {page.last_ok or 'never'}; last read {page.checked_at}"
    )


def failing_discovery(
    sources: list[str] | None, state_path: str | None = None
) -> list[DiscoveryPage]:
    """The discovery pages (of *sources*) that failed crawl after crawl."""
    store = StateStore(state_path or None)
    try:
        return [p for p in store.discovery_pages(sources) if p.failing]
    finally:
        store.close()


def format_failing(pages: list[DiscoveryPage]) -> str:
    """The lines that end a crawl's summary when discovery keeps failing."""
    heading = (
        f"discovery failing ({DISCOVERY_FAILING_AFTER}+ crawls in a row; "
        "see newsmon sources status):"
    )
    return "\n".join(
        [heading]
        + [
            f"  {p.source}: {p.url}: {p.error} ({p.failures} crawls in a row, last worked "
            f"{p.last_ok or 'never'})"
            for p in pages
        ]
    )
