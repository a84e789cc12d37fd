"""`newsmon search QUERY`: the newest matching articles, with highlighted snippets."""

from __future__ import annotations

import argparse
import sys

from elasticsearch import ApiError, TransportError

from crawler.config import ConfigError, load_settings
from crawler.elastic.client import NoCluster, resolve, short_reason
from crawler.elastic.search import SearchRequest, search, since_expression

MAX_LIMIT = 10_000  # Elasticsearch's default index.max_result_window


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "search",
        help="search indexed articles (Korean words in any inflection)",
        description="Search the article index, newest first. The query is analysed with Kiwi, "
        "so `나델라가 방한` finds articles with 나델라 and 방한 in any form.",
    )
    parser.add_argument("query", nargs="*", help="words to look for (all must match)")
    parser.add_argument("--since", type=_since, help="a date (2025-02-01) or an age (7d, 12h)")
    parser.add_argument("--source", help="source id, e.g. newspim")
    parser.add_argument("--person", help="person in any alias, e.g. 나델라 or 'Satya Nadella'")
    parser.add_argument("--story", help="story id")
    parser.add_argument(
        "--limit",
        type=_limit,
        default=10,
        help=f"how many articles to show, 1 to {MAX_LIMIT} (default 10)",
    )
    parser.set_defaults(func=run)


def _since(value: str) -> str:
    try:
        since_expression(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def _limit(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 1 to {MAX_LIMIT}, got {value!r}"
        )
    return int(value)


def run(args: argparse.Namespace) -> int:
    request = SearchRequest(
        " ".join(args.query),
        since=args.since,
        source=args.source,
        person=args.person,
        story=args.story,
        limit=args.limit,
    )
    try:
        settings = load_settings().elasticsearch
        connection = resolve(settings)
        total, hits = search(connection.client(), settings.alias, request)
    except (ConfigError, NoCluster) as exc:
        print(f"newsmon search: {exc}", file=sys.stderr)
        return 2
    except (TransportError, ApiError) as exc:
        print(
            f"newsmon search: Elasticsearch at {connection.describe()}: {short_reason(exc)}",
            file=sys.stderr,
        )
        return 1
    print(format_hits(total, hits))
    return 0


def format_hits(total: int, hits) -> str:
    lines = [f"{total} article(s)" + (f", newest {len(hits)}:" if hits else "")]
    for hit in hits:
        when = (hit.published_at or "")[:16].replace("T", " ")
        story = f"  story {hit.story_id}" if hit.story_id else ""
        lines.append(f"\n{when}  {hit.outlet}{story}\n  {hit.title}")
        if hit.snippet:
            lines.append(f"  …{' '.join(hit.snippet.split())}…")
        lines.append(f"  {hit.url}")
    return "\n".join(lines)
